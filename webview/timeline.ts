// A leaf's .grad over the run: each backward call's contribution (before → after, the delta)
// and every zeroing, in the order they happened. Pure data; the panel draws it.
import type { GraphModel, GraphNode } from '../engine/protocol/trace';

export type TimelineEvent =
  | { kind: 'backward'; callIndex: number; line: number; before: string | null; after: string; delta?: string; origin?: string }
  | { kind: 'zero'; line: number; how: 'set_to_none' | 'zero_' | 'assign'; origin?: string };

/** The leaf a node stands for: a leaf node itself, or the leaf behind an AccumulateGrad. */
export function leafFor(model: GraphModel, node: GraphNode): GraphNode | null {
  if (node.kind === 'leaf') return node;
  if (node.kind === 'accumulate_grad') {
    // Edges run in forward direction: leaf → AccumulateGrad.
    const e = model.edges.find((x) => x.to === node.id && x.kind === 'flow');
    const leaf = e ? model.nodes.find((n) => n.id === e.from) : undefined;
    if (leaf && leaf.kind === 'leaf') return leaf;
  }
  return node.flags.retainsGrad ? node : null;
}

/** Events touching this node's .grad, ordered as they happened (backward calls by index, zeroings by line between them). */
export function timelineOf(model: GraphModel, node: GraphNode): TimelineEvent[] {
  const leaf = leafFor(model, node) ?? node;
  const accIds = new Set(model.edges.filter((e) => e.from === leaf.id && e.kind === 'flow').map((e) => e.to));
  const matches = (g: { nodeId?: string; tensorId?: string; name: string }): boolean =>
    g.nodeId === leaf.id || (g.nodeId !== undefined && accIds.has(g.nodeId)) || (leaf.tensorId !== undefined && g.tensorId === leaf.tensorId) ||
    (g.nodeId === undefined && g.tensorId === undefined && leaf.name !== undefined && g.name === leaf.name);
  const calls: TimelineEvent[] = [];
  for (const c of model.backwardCalls) {
    const g = c.leafGrads.find(matches);
    if (g) calls.push({ kind: 'backward', callIndex: c.index, line: c.line, before: g.before, after: g.after, ...(g.delta !== undefined ? { delta: g.delta } : {}), ...(c.origin ? { origin: c.origin } : {}) });
  }
  const zeros: TimelineEvent[] = [];
  for (const z of model.zeroings) {
    if ((leaf.tensorId !== undefined && z.tensorIds.includes(leaf.tensorId)) || (leaf.name !== undefined && z.names.includes(leaf.name))) {
      zeros.push({ kind: 'zero', line: z.line, how: z.kind, ...(z.origin ? { origin: z.origin } : {}) });
    }
  }
  if (zeros.length === 0) return calls;
  // Zeroings carry no call index: place each before the first backward call that starts after its line
  // (a zero_grad() at the top of a loop body precedes that iteration's backward), keeping their order.
  const out: TimelineEvent[] = [];
  let zi = 0;
  const callsByOrder = calls;
  for (let ci = 0; ci < callsByOrder.length; ci++) {
    const c = callsByOrder[ci] as Extract<TimelineEvent, { kind: 'backward' }>;
    // A zeroing belongs before this call when it came after the previous call's (before) contribution.
    while (zi < zeros.length && zeros[zi].line < c.line && zeroBelongsBefore(zeros, zi, callsByOrder, ci)) out.push(zeros[zi++]);
    out.push(c);
  }
  while (zi < zeros.length) out.push(zeros[zi++]);
  return out;
}

/** With loops, lines repeat: the k-th zeroing on a line goes before the k-th call that follows it. */
function zeroBelongsBefore(zeros: TimelineEvent[], zi: number, calls: TimelineEvent[], ci: number): boolean {
  const z = zeros[zi];
  const zerosOnLineSoFar = zeros.slice(0, zi).filter((x) => x.line === z.line).length;
  const callsAfterLineSoFar = calls.slice(0, ci).filter((x) => x.line > z.line).length;
  return zerosOnLineSoFar <= callsAfterLineSoFar;
}

/** Number of backward contributions a node's leaf received (the badge under a leaf). */
export function contributionCount(model: GraphModel, node: GraphNode): number {
  return timelineOf(model, node).filter((e) => e.kind === 'backward').length;
}
