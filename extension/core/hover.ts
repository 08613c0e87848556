// Snapshot + cursor → hover markdown. Pure (unit-tested without VS Code).
import type { GradNoneReason, SourceRange, TensorSummary, TraceSnapshot, ValueRef } from '../../engine/protocol/trace';

export interface HoverQuery {
  /** 1-based line, 0-based column (UTF-16), as in the snapshot. */
  line: number;
  col: number;
  /** The identifier or dotted name under the cursor (`x`, `x.grad`, `model.weight`). */
  word: string;
}

const contains = (r: SourceRange, line: number, col: number): boolean =>
  (line > r.line || (line === r.line && col >= r.col)) && (line < r.endLine || (line === r.endLine && col < r.endCol));

const escapeMd = (s: string): string => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => '\\' + c);
const fence = (s: string): string => '```\n' + s.replace(/```/g, '`​``') + '\n```';

export function gradNoneMarkdown(r: GradNoneReason): string {
  const lines = [`**\`${r.name}.grad\` is None** — ${escapeMd(r.message)}`];
  if (r.cutLine !== undefined) lines.push(`Cut at line ${r.cutLine}${r.cutReason ? ` (${r.cutReason})` : ''}.`);
  if (r.zeroLine !== undefined) lines.push(`Set to None at line ${r.zeroLine}.`);
  if (r.cause === 'not_leaf') lines.push('Call `.retain_grad()` on it before `backward()` to keep its gradient.');
  return lines.join('\n\n');
}

export function tensorMarkdown(t: TensorSummary, snapshot: TraceSnapshot, title?: string): string {
  const repr = (t.reprId && snapshot.reprs[t.reprId]) || t.short;
  const grad = t.grad === null ? 'None' : (t.gradReprId && snapshot.reprs[t.gradReprId]) || t.grad;
  const rows: [string, string][] = [
    ['shape', `torch.Size([${t.shape.join(', ')}])`],
    ['dtype', t.dtype],
    ['requires_grad', t.requiresGrad ? 'True' : 'False'],
    ['is_leaf', t.isLeaf ? 'True' : 'False'],
    ['grad_fn', t.gradFn ? `<${t.gradFn}>` : 'None'],
    ['_version', String(t.version)],
    ['hooks', String(t.hooks)],
  ];
  if (t.retainsGrad) rows.push(['retains_grad', 'True']);
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | \`${v.replace(/[|`]/g, ' ')}\` |`)].join('\n');
  const head = `**${escapeMd(title ?? t.name ?? 'tensor')}**`;
  const gradBlock = t.requiresGrad || t.grad !== null ? `\n\n**grad**\n\n${fence(grad)}` : '';
  return `${head}\n\n${fence(repr)}\n\n${table}${gradBlock}`;
}

/** The value a name had at `line`: its nearest binding at or before the line (or after, as a fallback). */
function valueOfName(snapshot: TraceSnapshot, name: string, line: number): ValueRef | undefined {
  let before: { line: number; value: ValueRef } | undefined;
  let after: { line: number; value: ValueRef } | undefined;
  for (const rec of snapshot.lines) {
    for (const b of rec.bindings) {
      if (b.name !== name) continue;
      if (rec.line <= line) {
        if (!before || rec.line >= before.line) before = { line: rec.line, value: b.value };
      } else if (!after || rec.line < after.line) {
        after = { line: rec.line, value: b.value };
      }
    }
  }
  return (before ?? after)?.value;
}

function tensorByName(snapshot: TraceSnapshot, name: string, line: number): TensorSummary | undefined {
  const v = valueOfName(snapshot, name, line);
  if (v?.tensorId) return snapshot.tensors[v.tensorId];
  return Object.values(snapshot.tensors).find((t) => t.name === name);
}

/** Hover markdown for the cursor position, or null when there is nothing to say. */
export function hoverMarkdown(snapshot: TraceSnapshot, q: HoverQuery): string | null {
  // 1. A `.grad` read that gave None: explain why.
  const none = snapshot.gradNone.find((r) => contains(r.range, q.line, q.col) || (r.line === q.line && q.word === `${r.name}.grad`));
  if (none) return gradNoneMarkdown(none);

  // 2. `x.grad` with a value: show the gradient of x.
  if (q.word.endsWith('.grad')) {
    const base = tensorByName(snapshot, q.word.slice(0, -'.grad'.length), q.line);
    if (base) {
      if (base.grad === null) {
        return `**\`${q.word}\` is None**${base.isLeaf ? '' : ` — \`${base.name ?? 'it'}\` is not a leaf (grad_fn=<${base.gradFn}>); call \`.retain_grad()\` before \`backward()\`.`}`;
      }
      return `**${escapeMd(q.word)}**\n\n${fence((base.gradReprId && snapshot.reprs[base.gradReprId]) || base.grad)}`;
    }
  }

  // 3. A name (or dotted name) bound somewhere.
  const value = valueOfName(snapshot, q.word, q.line);
  if (value) {
    const t = value.tensorId ? snapshot.tensors[value.tensorId] : undefined;
    if (t) return tensorMarkdown(t, snapshot, q.word);
    const full = (value.reprId && snapshot.reprs[value.reprId]) || value.short;
    return `**${escapeMd(q.word)}**: \`${value.type}\`\n\n${fence(full)}`;
  }

  // 4. An expression result whose range holds the cursor.
  const rec = snapshot.lines.find((r) => r.line === q.line);
  const expr = rec?.exprs.find((e) => contains(e.range, q.line, q.col));
  if (expr) {
    const t = expr.value.tensorId ? snapshot.tensors[expr.value.tensorId] : undefined;
    if (t) return tensorMarkdown(t, snapshot);
    return fence((expr.value.reprId && snapshot.reprs[expr.value.reprId]) || expr.value.short);
  }
  return null;
}
