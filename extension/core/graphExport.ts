// GraphModel → DOT (Graphviz) and JSON, for `Gradscope: Export Graph…`. Pure.
import type { GraphModel, GraphNode } from '../../engine/protocol/trace';
import { TRACE_SCHEMA_VERSION } from '../../engine/protocol/trace';

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function nodeStyle(n: GraphNode): string {
  switch (n.kind) {
    case 'leaf': return 'shape=box, style=filled, fillcolor=lightblue';
    case 'output': return 'shape=box, style=filled, fillcolor=darkolivegreen1';
    case 'tensor': return 'shape=box, style=filled, fillcolor=lightyellow';
    case 'accumulate_grad': return 'shape=box, style="filled,rounded", fillcolor=lightgrey';
    case 'grad_fn': return n.flags.freed ? 'shape=box, style="dashed,rounded"' : 'shape=box, style=rounded';
  }
}

export function graphToDot(graph: GraphModel, title = 'gradscope'): string {
  const lines = [`digraph ${q(title)} {`, '  rankdir=BT;', '  node [fontname="monospace", fontsize=10];'];
  for (const n of graph.nodes) {
    const shape = n.shape ? `\n(${n.shape.join(', ')})` : '';
    const where = n.line !== undefined ? `\nline ${n.line}` : '';
    lines.push(`  ${q(n.id)} [label=${q(`${n.label}${shape}${where}`)}, ${nodeStyle(n)}];`);
  }
  for (const e of graph.edges) {
    const style = e.kind === 'cut' ? ' [style=dashed, color=red, label=' + q(`${e.reason ?? 'cut'}${e.line !== undefined ? ` @${e.line}` : ''}`) + ']'
      : e.kind === 'saved' ? ` [style=dotted, arrowhead=none${e.label ? `, label=${q(e.label)}` : ''}]` : '';
    lines.push(`  ${q(e.from)} -> ${q(e.to)}${style};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function graphToJson(graph: GraphModel): string {
  return JSON.stringify({ schema: TRACE_SCHEMA_VERSION, generator: 'gradscope', graph }, null, 2) + '\n';
}

export type ExportFormat = 'dot' | 'json' | 'svg' | 'png';

/** The format a file name asks for (DOT unless it ends in .json, .svg or .png). */
export function exportFormatOf(path: string): ExportFormat {
  const ext = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext === 'json' || ext === 'svg' || ext === 'png' ? ext : 'dot';
}
