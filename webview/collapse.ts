// Large graphs collapse instead of shrinking to dust (pytorchviz#71, netron#68): nodes are
// grouped by loop iteration, by function, or by source line, and each group is drawn as one
// node that expands on demand. Pure data → data (no DOM), so the panel, the tests and the
// benchmark share it. Group ids are derived from the grouping key, so they are as stable
// across re-runs as the node ids themselves.
import type { GraphEdge, GraphModel, GraphNode } from '../engine/protocol/trace';

export const GROUP_PREFIX = 'group:';

/** Above this many nodes the panel collapses by default. */
export const COLLAPSE_THRESHOLD = 300;

/** At most about this many iteration groups: more iterations are grouped in runs (`iterations 11–20`). */
export const MAX_ITERATION_GROUPS = 60;

export type CollapseMode = 'auto' | 'none' | 'iteration' | 'scope' | 'line';

export interface CollapseOptions {
  mode: CollapseMode;
  /** Group ids the person expanded (their members are shown one by one). */
  expanded?: ReadonlySet<string>;
  threshold?: number;
}

export interface GroupInfo {
  id: string;
  /** Human title: `iteration 3`, `function forward`, `line 12`. */
  title: string;
  memberIds: string[];
  line?: number;
}

export interface CollapsedView {
  graph: GraphModel;
  /** Groups drawn as one node (by group id). */
  groups: Map<string, GroupInfo>;
  /** Member node id → its group id, for every node inside a collapsed group. */
  groupOf: Map<string, string>;
  /** The grouping actually used (`none` when the graph is shown whole). */
  mode: Exclude<CollapseMode, 'auto'>;
}

export const isGroupId = (id: string): boolean => id.startsWith(GROUP_PREFIX);

/** Nodes that stay visible on their own: the leaves people named and the outputs. */
function staysAlone(n: GraphNode): boolean {
  return (n.kind === 'leaf' && n.flags.iteration === undefined) || (n.kind === 'accumulate_grad' && n.flags.iteration === undefined);
}

function keyOf(n: GraphNode, mode: Exclude<CollapseMode, 'auto' | 'none'>, iterationsPerGroup: number): { key: string; title: string } | null {
  if (staysAlone(n)) return null;
  switch (mode) {
    case 'iteration': {
      if (n.flags.iteration === undefined) return n.line !== undefined ? { key: `line:${n.line}`, title: `line ${n.line}` } : null;
      if (iterationsPerGroup <= 1) return { key: `iter:${n.flags.iteration}`, title: `iteration ${n.flags.iteration + 1}` };
      const first = Math.floor(n.flags.iteration / iterationsPerGroup) * iterationsPerGroup;
      return { key: `iters:${first}+${iterationsPerGroup}`, title: `iterations ${first + 1}–${first + iterationsPerGroup}` };
    }
    case 'scope':
      if (!n.scope || n.scope === '<module>') return n.line !== undefined ? { key: `line:${n.line}`, title: `line ${n.line}` } : null;
      return { key: `fn:${n.scope}${n.flags.iteration !== undefined ? `#${n.flags.iteration}` : ''}`, title: `${n.scope}()${n.flags.iteration !== undefined ? ` · iteration ${n.flags.iteration + 1}` : ''}` };
    case 'line':
      return n.line !== undefined ? { key: `line:${n.line}`, title: `line ${n.line}` } : null;
  }
}

/** Which grouping `auto` picks: loop iterations if there are any, else functions, else lines. */
function autoMode(model: GraphModel): Exclude<CollapseMode, 'auto' | 'none'> {
  let iterations = 0, scoped = 0;
  for (const n of model.nodes) {
    if (n.flags.iteration !== undefined) iterations++;
    if (n.scope && n.scope !== '<module>') scoped++;
  }
  if (iterations > model.nodes.length / 4) return 'iteration';
  if (scoped > model.nodes.length / 4) return 'scope';
  return 'line';
}

const EDGE_RANK: Record<GraphEdge['kind'], number> = { cut: 3, flow: 2, saved: 1 };

export function collapse(model: GraphModel, options: CollapseOptions): CollapsedView {
  const threshold = options.threshold ?? COLLAPSE_THRESHOLD;
  const wanted = options.mode === 'auto' ? (model.nodes.length > threshold ? autoMode(model) : 'none') : options.mode;
  if (wanted === 'none') return { graph: model, groups: new Map(), groupOf: new Map(), mode: 'none' };
  const expanded = options.expanded ?? new Set<string>();

  let iterations = 0;
  for (const n of model.nodes) if (n.flags.iteration !== undefined && n.flags.iteration + 1 > iterations) iterations = n.flags.iteration + 1;
  const iterationsPerGroup = Math.max(1, Math.ceil(iterations / MAX_ITERATION_GROUPS));

  const groups = new Map<string, GroupInfo>();
  const groupOf = new Map<string, string>();
  for (const n of model.nodes) {
    const k = keyOf(n, wanted, iterationsPerGroup);
    if (!k) continue;
    const id = GROUP_PREFIX + k.key;
    let g = groups.get(id);
    if (!g) {
      g = { id, title: k.title, memberIds: [], ...(n.line !== undefined ? { line: n.line } : {}) };
      groups.set(id, g);
    }
    g.memberIds.push(n.id);
  }
  // A group of one, or one the person opened, shows its members as they are.
  for (const [id, g] of groups) {
    if (g.memberIds.length < 2 || expanded.has(id)) groups.delete(id);
    else for (const m of g.memberIds) groupOf.set(m, id);
  }

  const nodes: GraphNode[] = [];
  const emitted = new Set<string>();
  for (const n of model.nodes) {
    const gid = groupOf.get(n.id);
    if (gid === undefined) {
      nodes.push(n);
      continue;
    }
    if (emitted.has(gid)) continue;
    emitted.add(gid);
    const g = groups.get(gid)!;
    nodes.push(groupNode(g, model, n));
  }

  // Edges between groups: one per (from, to), the most telling kind wins (a cut stays visible).
  const edgeAt = new Map<string, GraphEdge>();
  const edges: GraphEdge[] = [];
  for (const e of model.edges) {
    const from = groupOf.get(e.from) ?? e.from;
    const to = groupOf.get(e.to) ?? e.to;
    if (from === to) continue;
    if (from === e.from && to === e.to) {
      edges.push(e);
      continue;
    }
    const key = `${from}\u0000${to}`;
    const prev = edgeAt.get(key);
    if (!prev) {
      const merged: GraphEdge = { ...e, id: `${GROUP_PREFIX}${e.id}`, from, to };
      delete merged.inputIndex;
      edgeAt.set(key, merged);
      edges.push(merged);
    } else if (EDGE_RANK[e.kind] > EDGE_RANK[prev.kind]) {
      prev.kind = e.kind;
      if (e.reason) prev.reason = e.reason;
      if (e.line !== undefined) prev.line = e.line;
    }
  }
  return { graph: { ...model, nodes, edges }, groups, groupOf, mode: wanted };
}

/** One node standing for a group: a grad_fn-shaped box whose label names the group and its size. */
function groupNode(g: GroupInfo, model: GraphModel, first: GraphNode): GraphNode {
  void model;
  return {
    id: g.id,
    kind: 'grad_fn',
    label: `${g.title} · ${g.memberIds.length} nodes`,
    ...(first.range ? { range: first.range } : {}),
    ...(g.line !== undefined ? { line: g.line } : {}),
    flags: {},
    ...(first.scope ? { scope: first.scope } : {}),
  };
}
