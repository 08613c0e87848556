// Value texts for the trace: one-line shortened reprs for inline decorations, and frozen
// copies of small tensors so a value shows what it was when the line ran (later in-place
// writes and accumulations must not rewrite history).
import { Tensor } from '../tensor/tensor';
import { tensorRepr } from '../tensor/format';
import { repr as pyRepr } from '../script/ops';
import { typeName } from '../script/objects';
import type { PyValue } from '../script/objects';

/** Tensors up to this many elements are copied when recorded; larger ones are kept by reference. */
export const FREEZE_MAX_ELEMENTS = 4096;

/** A copy of `t`'s values and display state (grad_fn name, requires_grad) at this moment. */
export function freeze(t: Tensor): Tensor {
  if (t.numel > FREEZE_MAX_ELEMENTS) return t;
  const copy = new Tensor(t.dataCopy(), t.shape.slice(), t.dtype);
  copy.gradFn = t.gradFn;
  copy.outputNr = t.outputNr;
  copy.leafRequiresGrad = t.leafRequiresGrad;
  copy.isParameter = t.isParameter;
  copy.isInference = t.isInference;
  return copy;
}

/** A recorded value: a frozen tensor or the Python value itself (formatted when the snapshot is built). */
export type Recorded = PyValue;

/** Collapses a multi-line repr onto one line (`tensor([[1., 1.],\n  [1., 1.]])` → `tensor([[1., 1.], [1., 1.]])`). */
export function oneLine(text: string): string {
  return text.indexOf('\n') < 0 ? text : text.replace(/\s*\n\s*/g, ' ');
}

/**
 * Shortens a one-line tensor repr to `max` characters, keeping its suffix
 * (`requires_grad=True`, `grad_fn=<…>`, `dtype=…`) and closing the brackets it cut:
 * `tensor([[1., 1.], [1., …]], requires_grad=True)`.
 */
export function shortenTensorText(s: string, max: number): string {
  if (s.length <= max) return s;
  const suffixAt = s.search(/, [a-z_]+=/);
  const suffix = suffixAt >= 0 ? s.slice(suffixAt, s.length - 1) : '';
  const data = suffixAt >= 0 ? s.slice(0, suffixAt) : s.slice(0, s.length - 1);
  const budget = Math.max(12, max - suffix.length - 4);
  let cut = data.slice(0, budget);
  const comma = cut.lastIndexOf(', ');
  if (comma > 8) cut = cut.slice(0, comma);
  let depth = 0;
  for (let i = 0; i < cut.length; i++) {
    const c = cut.charCodeAt(i);
    if (c === 91 /* [ */) depth++;
    else if (c === 93 /* ] */) depth--;
  }
  let out = cut + ', …';
  for (; depth > 0; depth--) out += ']';
  return out + suffix + ')';
}

export function shortenText(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(1, max - 1)) + '…';
}

/** repr() of a tensor exactly as PyTorch prints it, or a placeholder if printing fails. */
export function fullTensorRepr(t: Tensor): string {
  try {
    return tensorRepr(t);
  } catch (e) {
    return `<tensor of shape [${t.shape.join(', ')}]: ${e instanceof Error ? e.message : String(e)}>`;
  }
}

/** repr() of any Python value; never throws (a user __repr__ cannot run once the script has ended). */
export function fullRepr(v: PyValue): string {
  if (v instanceof Tensor) return fullTensorRepr(v);
  try {
    return pyRepr(v);
  } catch {
    return `<${safeTypeName(v)} object>`;
  }
}

export function safeTypeName(v: PyValue): string {
  if (v instanceof Tensor) return 'Tensor';
  try {
    return typeName(v);
  } catch {
    return 'object';
  }
}

/** One-line short text of a value. */
export function shortOf(v: PyValue, max: number): string {
  if (v instanceof Tensor) return shortenTensorText(oneLine(fullTensorRepr(v)), max);
  return shortenText(oneLine(fullRepr(v)), max);
}

/** Short text of a gradient-like tensor (null stays null). */
export function shortTensor(t: Tensor | null | undefined, max: number): string | null {
  return t == null ? null : shortenTensorText(oneLine(fullTensorRepr(t)), max);
}
