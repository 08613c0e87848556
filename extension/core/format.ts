// Text shaping for inline values. Pure: no vscode import (unit-tested under vitest).

/**
 * Cut to `width` characters with an ellipsis, on one line: an indented continuation line (a
 * tensor's rows) joins with a space, any other line break shows as ` ⏎ `.
 */
export function oneLine(text: string, width: number): string {
  const flat = text.replace(/[ \t]*\n(?=[ \t])[ \t]*/g, ' ').replace(/[ \t]*\n[ \t]*/g, ' ⏎ ');
  if (flat.length <= width) return flat;
  return width <= 1 ? '…' : flat.slice(0, width - 1) + '…';
}

/**
 * `tensor([[4.5, 4.5], …], requires_grad=True)` → `[[4.5, 4.5], …]`: the values alone, for
 * `x.grad += …` where "tensor(" and autograd suffixes would only repeat what the line says.
 * A dtype suffix is kept, since it changes what the numbers mean.
 */
export function bareTensorValues(short: string): string {
  const m = /^tensor\(([\s\S]*)\)$/.exec(short.trim());
  if (!m) return short;
  let inner = m[1]!;
  inner = inner.replace(/,\s*(requires_grad=True|grad_fn=<\w+>)\s*$/, '');
  inner = inner.replace(/,\s*(requires_grad=True|grad_fn=<\w+>)\s*$/, '');
  return inner.trim();
}
