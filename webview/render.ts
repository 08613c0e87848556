// Standalone graph images (`gradscope graph --format svg|html`, "Export Graph…"): the panel's
// own drawing (webview/draw.ts: ELK layered layout, model order kept, SVG as an escaped string)
// made self-contained — an embedded stylesheet whose colours are CSS variables with fallbacks
// (VS Code theme variables when present, plain colours elsewhere), a title and a legend.
// DOM-free and Node-safe: the CLI runs it without a browser.
import type { ELK } from 'elkjs/lib/elk-api';
import type { GraphModel } from '../engine/protocol/trace';
import { elkGraph, escapeXml, renderSvg } from './draw';
import type { Direction } from './draw';

export interface StandaloneOptions {
  direction?: Direction;
  /** Shown above the graph (e.g. the script's file name). */
  title?: string;
  /** Draw the legend (default true). */
  legend?: boolean;
  /** Above this many nodes only the first ones are drawn, with a note (default 1500). */
  maxNodes?: number;
}

export interface StandaloneSvg {
  svg: string;
  width: number;
  height: number;
}

/*
 * The graph stylesheet for exported images. Class names are those of webview/draw.ts; every
 * colour goes through a `--gs-*` variable that falls back to a VS Code theme variable, then
 * to a fixed colour, so the image is themeable and still complete on its own. No color-mix():
 * renderers outside browsers (rsvg) do not know it.
 */
const FG = 'var(--gs-fg, var(--vscode-foreground, #222))';
const BG = 'var(--gs-bg, var(--vscode-editor-background, #fff))';
const MUTED = 'var(--gs-muted, var(--vscode-descriptionForeground, #777))';
const CUT = 'var(--gs-cut, var(--vscode-charts-red, #e51400))';
const LINE = 'var(--gs-tensor, var(--vscode-charts-foreground, #888))';
const EXPORT_CSS_THEMED = `
.gs-graph { font-family: var(--gs-font, system-ui, 'DejaVu Sans', sans-serif); }
.gs-graph text { fill: ${FG}; }
.gs-graph .gs-bg { fill: ${BG}; }
.gs-graph .gs-title { font-size: 13px; font-weight: 600; }
.gs-graph .gs-note { font-size: 11px; fill: ${MUTED}; }
.gs-graph .gs-node-shape { stroke-width: 1.5; }
.gs-graph .gs-node text.gs-sub { fill: ${MUTED}; }
.gs-graph .gs-kind-leaf .gs-node-shape { fill: var(--gs-leaf-fill, #d4e8fb); stroke: var(--gs-leaf, var(--vscode-charts-blue, #1a85ff)); }
.gs-graph .gs-kind-tensor .gs-node-shape { fill: ${BG}; stroke: ${LINE}; }
.gs-graph .gs-kind-grad_fn .gs-node-shape { fill: var(--gs-gradfn-fill, #e4e4e4); stroke: var(--gs-gradfn-line, #8a8a8a); }
.gs-graph .gs-kind-accumulate_grad .gs-node-shape { fill: var(--gs-acc-fill, #ece3f9); stroke: var(--gs-acc, var(--vscode-charts-purple, #8f5fd6)); }
.gs-graph .gs-kind-output .gs-node-shape { fill: var(--gs-output-fill, #d9f2c2); stroke: var(--gs-output, var(--vscode-charts-green, #388a34)); stroke-width: 2.5; }
.gs-graph .gs-retains .gs-node-shape { stroke-width: 3; }
.gs-graph .gs-freed .gs-node-shape { fill: var(--gs-freed-fill, #f4f4f4); stroke: ${MUTED}; stroke-dasharray: 2 2; }
.gs-graph .gs-freed text { fill: ${MUTED}; }
.gs-graph .gs-cut-target .gs-node-shape { fill: ${BG}; stroke: ${CUT}; stroke-dasharray: 4 2; }
.gs-graph .gs-badge-hook circle { fill: var(--gs-hook, var(--vscode-charts-yellow, #bf8803)); }
.gs-graph .gs-badge-hook text { fill: #fff; font-size: 9px; font-weight: 700; }
.gs-graph .gs-badge-retain rect { fill: var(--gs-leaf, var(--vscode-charts-blue, #1a85ff)); }
.gs-graph .gs-badge-retain text { fill: #fff; font-size: 9px; font-weight: 700; }
.gs-graph .gs-edge path { fill: none; stroke: ${LINE}; stroke-width: 1.3; }
.gs-graph .gs-edge-flow path { marker-end: url(#gs-arrow); }
.gs-graph .gs-edge-saved path { stroke-dasharray: 1 3; stroke: ${MUTED}; }
.gs-graph .gs-edge-cut path { stroke: ${CUT}; stroke-dasharray: 6 4; }
.gs-graph .gs-cut-mark line { stroke: ${CUT}; stroke-width: 2.5; }
.gs-graph .gs-cut-mark text, .gs-graph .gs-cut-label { fill: ${CUT}; font-size: 10px; }
.gs-graph #gs-arrow path { fill: ${LINE}; stroke: none; }
.gs-graph .gs-legend-box { fill: ${BG}; stroke: ${MUTED}; stroke-width: 0.8; }
.gs-graph .gs-legend text { font-size: 11px; }
`;

/** `var(--a, var(--b, #123))` → `#123`: the colour a renderer without custom properties should use. */
function plainValue(value: string): string {
  let v = value;
  for (let guard = 0; guard < 10 && v.includes('var('); guard++) v = v.replace(/var\(--[\w-]+,\s*([^()]*)\)/g, '$1');
  return v;
}

/**
 * Each themed declaration preceded by its plain value: browsers take the later (themed) one;
 * renderers that drop var() declarations (rsvg) keep the plain one.
 */
export function withPlainFallbacks(css: string): string {
  return css.replace(/([a-z-]+):\s*([^;{}]*var\([^;{}]*);/g, (_m, prop: string, value: string) => `${prop}: ${plainValue(value)}; ${prop}: ${value};`);
}

export const EXPORT_CSS = withPlainFallbacks(EXPORT_CSS_THEMED);

/** Legend rows: what each mark means. Drawn with the same classes as the graph itself. */
const LEGEND: { cls: string; text: string; shape: 'pill' | 'box' | 'hex' | 'rect' | 'cut' | 'hook' | 'retain' | 'freed' }[] = [
  { cls: 'gs-kind-leaf', text: 'leaf tensor (requires grad)', shape: 'pill' },
  { cls: 'gs-kind-accumulate_grad', text: 'AccumulateGrad (writes leaf .grad)', shape: 'hex' },
  { cls: 'gs-kind-grad_fn', text: 'grad_fn (backward node)', shape: 'box' },
  { cls: 'gs-kind-tensor', text: 'named intermediate tensor', shape: 'rect' },
  { cls: 'gs-kind-output', text: 'output (backward root)', shape: 'pill' },
  { cls: 'gs-kind-grad_fn gs-freed', text: 'saved tensors freed by backward', shape: 'freed' },
  { cls: 'gs-edge-cut', text: 'cut: detach / .data / no_grad (line)', shape: 'cut' },
  { cls: 'gs-badge-hook', text: 'hooks registered (count)', shape: 'hook' },
  { cls: 'gs-badge-retain', text: 'retain_grad(): keeps .grad', shape: 'retain' },
];

const CUT_TEXT: Record<string, string> = {
  detach: 'detach()', data: '.data', no_grad: 'no_grad', inference_mode: 'inference_mode', requires_grad_false: 'requires_grad_(False)',
};

const LEGEND_ROW = 18;
const LEGEND_W = 250;

function legendSvg(x: number, y: number): string {
  const out: string[] = [`<g class="gs-legend" transform="translate(${x},${y})">`];
  out.push(`<rect class="gs-legend-box" width="${LEGEND_W}" height="${LEGEND.length * LEGEND_ROW + 12}" rx="4"/>`);
  LEGEND.forEach((row, i) => {
    const ry = 6 + i * LEGEND_ROW;
    out.push(`<g transform="translate(8,${ry})">`);
    switch (row.shape) {
      case 'pill':
        out.push(`<g class="gs-node ${row.cls}"><rect class="gs-node-shape" width="34" height="13" rx="6.5"/></g>`);
        break;
      case 'box':
        out.push(`<g class="gs-node ${row.cls}"><rect class="gs-node-shape" width="34" height="13" rx="4"/></g>`);
        break;
      case 'freed':
        out.push(`<g class="gs-node ${row.cls}"><rect class="gs-node-shape" width="34" height="13" rx="4"/></g>`);
        break;
      case 'rect':
        out.push(`<g class="gs-node ${row.cls}"><rect class="gs-node-shape" width="34" height="13" rx="1"/></g>`);
        break;
      case 'hex':
        out.push(`<g class="gs-node ${row.cls}"><polygon class="gs-node-shape" points="5,0 29,0 34,6.5 29,13 5,13 0,6.5"/></g>`);
        break;
      case 'cut':
        out.push('<g class="gs-edge gs-edge-cut"><path d="M0,6.5 L34,6.5"/></g><g class="gs-cut-mark"><line x1="15" y1="1" x2="15" y2="12"/><line x1="19" y1="1" x2="19" y2="12"/></g>');
        break;
      case 'hook':
        out.push('<g class="gs-badge-hook" transform="translate(17,6.5)"><circle r="7"/><text text-anchor="middle" y="3">1</text></g>');
        break;
      case 'retain':
        out.push('<g class="gs-badge-retain" transform="translate(9,1)"><rect width="16" height="11" rx="2"/><text x="8" y="8.5" text-anchor="middle">R</text></g>');
        break;
    }
    out.push(`<text x="44" y="10.5">${escapeXml(row.text)}</text></g>`);
  });
  out.push('</g>');
  return out.join('');
}

/** Nodes beyond the cap are left out (with their edges), and the image says so. */
function capped(model: GraphModel, maxNodes: number): { model: GraphModel; dropped: number } {
  if (model.nodes.length <= maxNodes) return { model, dropped: 0 };
  const nodes = model.nodes.slice(0, maxNodes);
  const keep = new Set(nodes.map((n) => n.id));
  return { model: { ...model, nodes, edges: model.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) }, dropped: model.nodes.length - maxNodes };
}

/** Lays out and draws a GraphModel as one self-contained SVG document. */
export async function renderStandaloneSvg(model: GraphModel, elk: Pick<ELK, 'layout'>, options: StandaloneOptions = {}): Promise<StandaloneSvg> {
  const { model: shown, dropped } = capped(model, options.maxNodes ?? 1500);
  const cutTargets = new Set(shown.edges.filter((e) => e.kind === 'cut').map((e) => e.to));
  const graph = elkGraph(shown, options.direction ?? 'DOWN');
  // Cut edges carry a text (reason · line): give it room in the layout, so neighbouring cuts
  // are spread apart instead of printing over each other.
  const edgeById = new Map(shown.edges.map((e) => [e.id, e]));
  for (const e of graph.edges ?? []) {
    const ge = edgeById.get(e.id);
    if (ge?.kind !== 'cut') continue;
    const reason = ge.reason ? CUT_TEXT[ge.reason] ?? ge.reason : 'cut';
    const text = `${reason} · line ${ge.line ?? '?'}`;
    e.labels = [{ text, width: text.length * 6.2 + 18, height: 14 }];
  }
  const laid = await elk.layout(graph);
  const drawing = renderSvg(shown, laid, {
    nodeClasses: (n) => (cutTargets.has(n.id) && !n.flags.requiresGrad ? ['gs-cut-target'] : []),
  });
  const margin = 16;
  const titleH = options.title ? 24 : 0;
  const notes: string[] = [];
  if (dropped > 0) notes.push(`${dropped} more nodes not drawn (graph capped at ${shown.nodes.length}).`);
  if (model.nodes.length === 0) notes.push('No autograd graph: nothing in this script required grad.');
  const notesH = notes.length * 16;
  const legend = options.legend ?? true;
  const legendH = legend ? LEGEND.length * LEGEND_ROW + 12 : 0;
  const graphW = drawing.width;
  const graphH = drawing.height;
  const width = Math.ceil(margin * 2 + graphW + (legend ? LEGEND_W + margin : 0));
  const height = Math.ceil(margin * 2 + titleH + notesH + Math.max(graphH, legendH));
  // The panel's drawing without its outer <svg> element, placed under the title; the cut texts
  // move from the edge's middle to the room ELK made for them.
  const cutLabels: string[] = [];
  for (const e of laid.edges ?? []) {
    const l = e.labels?.[0];
    if (l?.text === undefined || l.x === undefined || l.y === undefined) continue;
    cutLabels.push(`<text class="gs-cut-label" x="${(l.x + 16).toFixed(1)}" y="${(l.y + 11).toFixed(1)}">${escapeXml(l.text)}</text>`);
  }
  let inner = drawing.svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '');
  if (cutLabels.length > 0) {
    inner = inner.replace(/(<g class="gs-cut-mark"[^>]*>(?:<line[^>]*\/>)*)<text[^>]*>[^<]*<\/text>/g, '$1') + `<g class="gs-cut-labels">${cutLabels.join('')}</g>`;
  }
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="gs-graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`);
  out.push(`<style>${EXPORT_CSS}</style>`);
  out.push(`<rect class="gs-bg" width="${width}" height="${height}" fill="#fff"/>`);
  if (options.title) out.push(`<text class="gs-title" x="${margin}" y="${margin + 12}">${escapeXml(options.title)}</text>`);
  notes.forEach((n, i) => out.push(`<text class="gs-note" x="${margin}" y="${margin + titleH + 12 + i * 16}">${escapeXml(n)}</text>`));
  out.push(`<g transform="translate(${margin},${margin + titleH + notesH})">${inner}</g>`);
  if (legend) out.push(legendSvg(margin * 2 + graphW, margin + titleH + notesH));
  out.push('</svg>');
  return { svg: out.join(''), width, height };
}

/** The SVG in a minimal HTML page (no script; dark theme follows the system). */
export function standaloneHtml(svg: StandaloneSvg, title: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeXml(title)}</title>
<style>
body { margin: 0; padding: 12px; background: #fff; }
@media (prefers-color-scheme: dark) {
  body { background: #1e1e1e; }
  .gs-graph { --gs-fg: #ddd; --gs-bg: #1e1e1e; --gs-muted: #999; --gs-leaf-fill: #1f3a55; --gs-gradfn-fill: #3a3a3a;
    --gs-acc-fill: #3a2f4f; --gs-output-fill: #2c4220; --gs-freed-fill: #2a2a2a; --gs-gradfn-line: #aaa; }
}
</style></head>
<body>
${svg.svg}
</body></html>
`;
}
