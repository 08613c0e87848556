// GraphModel → laid-out SVG markup for the panel: the ELK graph (layered, model order kept),
// node sizes from their labels, then SVG as a string with escaped text. DOM-free: the panel
// parses the markup, the benchmark times it in Node.
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphEdge, GraphModel, GraphNode } from '../engine/protocol/trace';

export type Direction = 'RIGHT' | 'DOWN';

export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Drawing {
  svg: string;
  width: number;
  height: number;
  boxes: Map<string, NodeBox>;
  layoutMs: number;
  renderMs: number;
}

export interface DrawOptions {
  direction: Direction;
  /** Extra classes per node (e.g. `gs-group` for collapsed groups). */
  nodeClasses?: (n: GraphNode) => string[];
  now?: () => number;
  /** Reuse the last layout when the graph's structure and node sizes are unchanged (a re-run that only changed values). */
  reuseLayout?: boolean;
}

/** The last layout, keyed by everything ELK sees (ids, sizes, edges, direction). */
let lastLayout: { key: string; laid: ElkNode } | null = null;

function layoutKey(g: ElkNode): string {
  const parts: string[] = [String(g.layoutOptions?.['elk.direction'])];
  for (const c of g.children ?? []) parts.push(`${c.id}:${c.width}x${c.height}`);
  for (const e of (g.edges ?? []) as ElkExtendedEdge[]) parts.push(`${e.id}:${e.sources[0]}>${e.targets[0]}`);
  return parts.join('\n');
}

const CHAR_W = 7.2;
const LINE_H = 15;
const PAD_X = 12;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Second line under a node's label: shape for tensors, the variable for AccumulateGrad. */
export function subLabel(n: GraphNode): string {
  if (n.kind === 'grad_fn') return n.line !== undefined ? `line ${n.line}` : '';
  if (n.kind === 'accumulate_grad') return n.name ?? '';
  const shape = n.shape ? `(${n.shape.join(', ')})` : '';
  return shape;
}

/** Main label: a tensor's variable name when it has one, else the node's own label. */
export function mainLabel(n: GraphNode): string {
  if ((n.kind === 'leaf' || n.kind === 'tensor' || n.kind === 'output') && n.name) return n.name;
  return n.label;
}

const clip = (t: string, max: number): string => (t.length > max ? t.slice(0, max - 1) + '…' : t);

function nodeSize(n: GraphNode): { width: number; height: number } {
  const a = clip(mainLabel(n), 40), b = clip(subLabel(n), 40);
  const width = Math.max(60, Math.ceil(Math.max(a.length, b.length) * CHAR_W) + 2 * PAD_X + (n.flags.hooks ? 10 : 0));
  return { width, height: b ? 2 * LINE_H + 10 : LINE_H + 14 };
}

const CUT_TEXT: Record<string, string> = { detach: 'detach()', data: '.data', no_grad: 'no_grad', requires_grad_false: 'requires_grad_(False)', inference_mode: 'inference_mode' };
const CUT_CHAR_W = 6;

/** What a cut edge says: its reason and line (`detach() · line 18`). */
export function cutText(e: GraphEdge): string {
  const reason = e.reason ? CUT_TEXT[e.reason] ?? e.reason : 'cut';
  return `${reason}${e.line !== undefined ? ` · line ${e.line}` : ''}`;
}

export function elkGraph(model: GraphModel, direction: Direction): ElkNode {
  const known = new Set(model.nodes.map((n) => n.id));
  const big = model.nodes.length > 120;
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': direction,
      // Keep the model's order where it costs nothing: a re-run after an edit moves little.
      // (Past a few hundred nodes it costs seconds, and such graphs are shown collapsed anyway.)
      'elk.layered.considerModelOrder.strategy': model.nodes.length > 300 ? 'NONE' : 'NODES_AND_EDGES',
      // Big graphs: fewer crossing-minimisation sweeps, no greedy switch (its cost grows fast).
      ...(big ? { 'elk.layered.thoroughness': '1', 'elk.layered.crossingMinimization.greedySwitch.type': 'OFF' } : {}),
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.edgeNode': '12',
      'elk.edgeRouting': 'POLYLINE',
      'elk.layered.nodePlacement.strategy': model.nodes.length > 600 ? 'SIMPLE' : 'BRANDES_KOEPF',
      'elk.separateConnectedComponents': 'true',
    },
    children: model.nodes.map((n) => ({ id: n.id, ...nodeSize(n) })),
    // A cut's text is an edge label, so ELK makes room for it between the layers.
    edges: model.edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to).map((e) => ({
      id: e.id, sources: [e.from], targets: [e.to],
      ...(e.kind === 'cut' ? { labels: [{ id: `${e.id}:cut`, text: cutText(e), width: Math.ceil(cutText(e).length * CUT_CHAR_W), height: 12 }] } : {}),
    })),
  };
}

export async function layoutAndRender(model: GraphModel, elk: Pick<ELK, 'layout'>, options: DrawOptions): Promise<Drawing> {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const input = elkGraph(model, options.direction);
  const key = options.reuseLayout ? layoutKey(input) : '';
  let laid: ElkNode;
  if (options.reuseLayout && lastLayout && lastLayout.key === key) laid = lastLayout.laid;
  else {
    laid = await elk.layout(input);
    if (options.reuseLayout) lastLayout = { key, laid };
  }
  const t1 = now();
  const out = renderSvg(model, laid, options);
  return { ...out, layoutMs: t1 - t0, renderMs: now() - t1 };
}

function pathOf(e: ElkExtendedEdge): { d: string; mid: { x: number; y: number; angle: number } } | null {
  const sec = e.sections?.[0];
  if (!sec) return null;
  const pts = [sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint];
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  // Middle of the longest segment: where a cut mark reads best.
  let best = 0, bi = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const len = Math.hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
    if (len > best) { best = len; bi = i; }
  }
  const a = pts[bi], b = pts[bi + 1];
  return { d, mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, angle: Math.atan2(b.y - a.y, b.x - a.x) } };
}



function shapeOf(n: GraphNode, w: number, hgt: number): string {
  switch (n.kind) {
    case 'leaf':
    case 'output':
      return `<rect class="gs-node-shape" width="${w}" height="${hgt}" rx="${hgt / 2}"/>`;
    case 'accumulate_grad': {
      const c = 8;
      return `<polygon class="gs-node-shape" points="${c},0 ${w - c},0 ${w},${hgt / 2} ${w - c},${hgt} ${c},${hgt} 0,${hgt / 2}"/>`;
    }
    case 'tensor':
      return `<rect class="gs-node-shape" width="${w}" height="${hgt}" rx="2"/>`;
    default:
      return `<rect class="gs-node-shape" width="${w}" height="${hgt}" rx="7"/>`;
  }
}

export function renderSvg(model: GraphModel, laid: ElkNode, options: Pick<DrawOptions, 'nodeClasses'>): Omit<Drawing, 'layoutMs' | 'renderMs'> {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const edgeById = new Map<string, GraphEdge>(model.edges.map((e) => [e.id, e]));
  const boxes = new Map<string, NodeBox>();
  const out: string[] = [];
  const width = Math.ceil((laid.width ?? 0) + 2), height = Math.ceil((laid.height ?? 0) + 2);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="gs-graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`);
  out.push('<defs><marker id="gs-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>');
  out.push('<g class="gs-edges">');
  for (const e of (laid.edges ?? []) as ElkExtendedEdge[]) {
    const ge = edgeById.get(e.id);
    const p = pathOf(e);
    if (!ge || !p) continue;
    out.push(`<g class="gs-edge gs-edge-${ge.kind}" data-id="${escapeXml(ge.id)}" data-from="${escapeXml(ge.from)}" data-to="${escapeXml(ge.to)}"><path d="${p.d}"/>`);
    if (ge.kind === 'saved' && ge.label) out.push(`<title>saved as ${escapeXml(ge.label)}</title>`);
    if (ge.kind === 'cut') {
      // Two short strokes across the edge: the graph is broken here.
      const { x, y, angle } = p.mid;
      const nx = -Math.sin(angle) * 7, ny = Math.cos(angle) * 7, tx = Math.cos(angle) * 3, ty = Math.sin(angle) * 3;
      const text = cutText(ge);
      // ELK placed the label (room reserved between layers); without one, beside the mark.
      const lab = e.labels?.[0];
      const lx = lab?.x !== undefined ? lab.x : x + 9, ly = lab?.y !== undefined ? lab.y + 10 : y - 6;
      out.push(`<g class="gs-cut-mark" data-reason="${escapeXml(ge.reason ?? '')}"><line x1="${(x - tx + nx).toFixed(1)}" y1="${(y - ty + ny).toFixed(1)}" x2="${(x - tx - nx).toFixed(1)}" y2="${(y - ty - ny).toFixed(1)}"/><line x1="${(x + tx + nx).toFixed(1)}" y1="${(y + ty + ny).toFixed(1)}" x2="${(x + tx - nx).toFixed(1)}" y2="${(y + ty - ny).toFixed(1)}"/><text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}">${escapeXml(text)}</text></g>`);
    }
    out.push('</g>');
  }
  out.push('</g><g class="gs-nodes">');
  for (const c of laid.children ?? []) {
    const n = byId.get(c.id);
    if (!n) continue;
    const x = c.x ?? 0, y = c.y ?? 0, w = c.width ?? 60, hgt = c.height ?? 30;
    boxes.set(n.id, { x, y, width: w, height: hgt });
    const cls = ['gs-node', `gs-kind-${n.kind}`];
    if (n.flags.freed) cls.push('gs-freed');
    if (n.flags.retainsGrad) cls.push('gs-retains');
    if (n.flags.hooks) cls.push('gs-has-hooks');
    if (options.nodeClasses) cls.push(...options.nodeClasses(n));
    const sub = clip(subLabel(n), 40);
    const lineAttr = n.line !== undefined ? ` data-line="${n.line}"` : '';
    out.push(`<g class="${cls.join(' ')}" data-id="${escapeXml(n.id)}" data-kind="${n.kind}"${lineAttr} transform="translate(${x.toFixed(1)},${y.toFixed(1)})">`);
    out.push(shapeOf(n, w, hgt));
    const ty = sub ? LINE_H + 3 : hgt / 2 + 4.5;
    out.push(`<text class="gs-label" x="${w / 2}" y="${ty}" text-anchor="middle" font-size="12">${escapeXml(clip(mainLabel(n), 40))}</text>`);
    if (sub) out.push(`<text class="gs-sub" x="${w / 2}" y="${2 * LINE_H + 2}" text-anchor="middle" font-size="10.5">${escapeXml(sub)}</text>`);
    if (n.flags.hooks) out.push(`<g class="gs-badge-hook" transform="translate(${w - 2},2)"><title>${n.flags.hooks} hook(s)</title><circle r="7"/><text text-anchor="middle" y="3">${n.flags.hooks > 9 ? '9+' : n.flags.hooks}</text></g>`);
    if (n.flags.retainsGrad) out.push(`<g class="gs-badge-retain" transform="translate(-4,-5)"><title>retain_grad()</title><rect width="16" height="11" rx="2"/><text x="8" y="8.5" text-anchor="middle">R</text></g>`);
    out.push('</g>');
  }
  out.push('</g></svg>');
  return { svg: out.join(''), width, height, boxes };
}
