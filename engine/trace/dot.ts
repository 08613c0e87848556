// GraphModel → Graphviz DOT, following torchviz's make_dot conventions (szagoruyko/pytorchviz,
// torchviz/dot.py): boxes, filled, monospace 10pt; grad_fn nodes grey (Graphviz's default fill)
// labelled with their class name; leaf tensors that require grad light blue, labelled
// "name\n (shape)"; AccumulateGrad between a leaf and its consumers; the output dark olive
// green; saved tensors orange (show_saved) joined without arrowheads; edges run in forward
// direction (input → consumer). Intermediate tensors are not drawn (torchviz draws only the
// grad_fn chain), so a named intermediate collapses into the edge through it.
// Gradscope's extras, which torchviz does not have: cut edges (dashed red, with the reason and
// line) and the tensors they lead to, freed buffers (grey text, "freed" note), hook counts.
import type { GraphModel, GraphNode, TensorSummary } from '../protocol/trace';

export interface DotOptions {
  /** torchviz's show_saved: draw saved tensors (orange) of every grad_fn. */
  showSaved?: boolean;
  /** Draw Gradscope's extras (cuts, freed buffers, hooks). Default true. */
  extras?: boolean;
  /** Tensor summaries (snapshot.tensors), for the shapes of saved tensors. */
  tensors?: Record<string, TensorSummary>;
}

function quote(s: string): string {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') + '"';
}

/** torchviz's size_to_str: `(2, 2)`, `()` for a 0-d tensor. */
function sizeToStr(shape: number[] | undefined): string {
  return '(' + (shape ?? []).join(', ') + ')';
}

/** torchviz's get_var_name: `name\n (shape)`. */
function varLabel(name: string, shape: number[] | undefined): string {
  return `${name}\n ${sizeToStr(shape)}`;
}

const CUT_TEXT: Record<string, string> = {
  detach: 'detach()', data: '.data', no_grad: 'no_grad', inference_mode: 'inference_mode', requires_grad_false: 'requires_grad_(False)',
};

export function toDot(graph: GraphModel, options: DotOptions = {}): string {
  const extras = options.extras ?? true;
  const byId = new Map<string, GraphNode>();
  for (const n of graph.nodes) byId.set(n.id, n);

  // Named intermediate tensors are not torchviz nodes: route their edges through.
  const hidden = new Set<string>();
  for (const n of graph.nodes) if (n.kind === 'tensor') hidden.add(n.id);
  const producerOf = new Map<string, string>();
  for (const e of graph.edges) if (e.kind === 'flow' && hidden.has(e.to)) producerOf.set(e.to, e.from);
  const resolve = (id: string): string | undefined => {
    let cur: string | undefined = id;
    for (let guard = 0; cur !== undefined && hidden.has(cur) && guard < 1000; guard++) cur = producerOf.get(cur);
    return cur;
  };

  const body: string[] = [];
  const drawn = new Set<string>();
  const cutTargets = new Set<string>();
  for (const e of graph.edges) if (e.kind === 'cut') cutTargets.add(e.to);

  for (const n of graph.nodes) {
    if (hidden.has(n.id)) continue;
    const attrs: string[] = [];
    let label: string;
    switch (n.kind) {
      case 'grad_fn':
        label = n.label;
        break;
      case 'accumulate_grad':
        label = 'AccumulateGrad';
        break;
      case 'leaf':
        if (!n.flags.requiresGrad && !(extras && cutTargets.has(n.id))) continue;
        label = varLabel(n.name ?? '', n.shape);
        attrs.push(n.flags.requiresGrad ? 'fillcolor=lightblue' : 'fillcolor=white');
        break;
      case 'output':
        label = varLabel(n.name ?? '', n.shape);
        attrs.push('fillcolor=darkolivegreen1');
        break;
      default:
        continue;
    }
    if (extras) {
      if (n.flags.hooks) label += `\n[${n.flags.hooks} hook${n.flags.hooks > 1 ? 's' : ''}${n.flags.hooksRemoved ? `, ${n.flags.hooksRemoved} removed` : ''}]`;
      if (n.flags.retainsGrad && n.kind !== 'grad_fn') label += '\n[retain_grad]';
      if (n.flags.freed) {
        const line = n.saved?.find((s) => s.freedAtLine !== undefined)?.freedAtLine;
        label += `\n(saved freed${line !== undefined ? ` at line ${line}` : ''})`;
        attrs.push('fontcolor=gray45', 'color=gray60');
      }
      if (n.flags.cut) label += `\n(${CUT_TEXT[n.flags.cut.reason] ?? n.flags.cut.reason} at line ${n.flags.cut.line})`;
    }
    body.push(`\t${quote(n.id)} [label=${quote(label)}${attrs.length ? ' ' + attrs.join(' ') : ''}]`);
    drawn.add(n.id);
    if (options.showSaved && n.saved) {
      n.saved.forEach((s, i) => {
        const sid = `${n.id}/saved/${i}`;
        const shape = s.tensorId !== undefined ? options.tensors?.[s.tensorId]?.shape : undefined;
        body.push(`\t${quote(n.id)} -> ${quote(sid)} [dir=none]`);
        body.push(`\t${quote(sid)} [label=${quote(varLabel(s.name, shape))} fillcolor=orange${s.freed && extras ? ' fontcolor=gray45' : ''}]`);
      });
    }
  }

  const seenEdges = new Set<string>();
  for (const e of graph.edges) {
    if (e.kind === 'saved') continue;
    if (hidden.has(e.to) && e.kind === 'flow') continue; // producer → hidden tensor: drawn as producer → consumer
    const from = resolve(e.from);
    const to = e.to;
    if (from === undefined || !drawn.has(from) || !drawn.has(to)) continue;
    // One DOT edge per model edge, as torchviz draws one per next_functions entry (y * y: two).
    const key = e.id;
    if (seenEdges.has(key)) continue;
    seenEdges.add(key);
    if (e.kind === 'cut') {
      if (!extras) continue;
      const why = `${CUT_TEXT[e.reason ?? ''] ?? e.reason ?? 'cut'}${e.line !== undefined ? ` (line ${e.line})` : ''}`;
      body.push(`\t${quote(from)} -> ${quote(to)} [style=dashed color=red fontcolor=red fontsize=9 label=${quote(why)}]`);
    } else {
      body.push(`\t${quote(from)} -> ${quote(to)}`);
    }
  }

  // torchviz's resize_graph: 0.15 inch per statement, at least 12.
  const size = Math.max(12, body.length * 0.15);
  const sizeText = Number.isInteger(size) ? `${size}.0` : String(Math.round(size * 1000) / 1000);
  return [
    'digraph {',
    `\tgraph [size="${sizeText},${sizeText}"]`,
    '\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]',
    ...body,
    '}',
    '',
  ].join('\n');
}
