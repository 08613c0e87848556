// Value texts for the trace: one-line shortened reprs for inline decorations, and TensorCopy:
// a tensor's values and state as plain data, so a value shows what it was when the line ran
// (later in-place writes and accumulations must not rewrite history) without keeping the
// tensor, or its graph, alive.
import { Tensor } from '../tensor/tensor';
import { allocStorage } from '../tensor/dtype';
import type { DType, Storage } from '../tensor/dtype';
import { tensorRepr } from '../tensor/format';
import { repr as pyRepr } from '../script/ops';
import { typeName } from '../script/objects';
import type { PyValue } from '../script/objects';

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

/** Tensors above this many elements are formatted when recorded instead of copied (a copy would cost more memory than its text). */
export const COPY_MAX_ELEMENTS = 1 << 18;
/** Values kept per loop iteration are copied up to this size (each iteration keeps its own copy). */
export const ITERATION_COPY_MAX_ELEMENTS = 4096;

/** What a TensorCopy stands in for when formatted: only the name of the grad_fn, never the node itself. */
class GradFnName {
  constructor(private readonly label: string) {}
  name(): string {
    return this.label;
  }
}

/**
 * A tensor's values and state at one moment, as plain data: no reference to the tensor, its
 * storage or its graph, so recording a value keeps nothing of the run alive. A copy can be
 * overwritten in place (`assign`) with another tensor's state, reusing its buffers: the
 * recorder's per-line "last value" slots and its ring of backward-call details allocate nothing
 * once warm. Texts are made only when a snapshot includes the value (`toTensor` + format).
 */
export class TensorCopy {
  /** Tensor.id of the tensor copied (its `t<id>` in snapshot.tensors). */
  id = 0;
  dtype: DType = 'float32';
  shape: number[] = [];
  numel = 0;
  /** Values, row-major; may be longer than numel (a reused buffer). Null when `text` stands in. */
  data: Storage | null = null;
  /** Full repr made when the tensor was too large to copy. */
  text: string | null = null;
  gradFn: string | null = null;
  leafRequiresGrad = false;
  isParameter = false;
  isInference = false;
  version = 0;
  retainsGrad = false;
  /** Hooks registered and not removed / removed. */
  hooks = 0;
  hooksRemoved = 0;
  /** The texts, made once per recorded state (a copy is often shown in several places of a snapshot). */
  private reprText: string | null = null;
  private shortText: string | null = null;
  private shortMax = 0;

  /** A copy of `t` now; above `maxElements` its text is made now instead of copying its values. */
  static of(t: Tensor, maxElements = COPY_MAX_ELEMENTS): TensorCopy {
    return new TensorCopy().assign(t, maxElements);
  }

  /** Overwrites this copy with `t`'s state now (buffers reused when they fit). */
  assign(t: Tensor, maxElements = COPY_MAX_ELEMENTS): this {
    this.id = t.id;
    this.reprText = null;
    this.shortText = null;
    const sameDtype = this.dtype === t.dtype;
    this.dtype = t.dtype;
    const shape = t.shape;
    const mine = this.shape;
    // Setting an array's length is a slow builtin call even when it does not change.
    if (mine.length !== shape.length) mine.length = shape.length;
    let n = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i];
      mine[i] = d;
      n *= d;
    }
    this.numel = n;
    const fn = t.gradFn;
    this.gradFn = fn !== null ? fn.name() : null;
    this.leafRequiresGrad = t.leafRequiresGrad;
    this.isParameter = t.isParameter;
    this.isInference = t.isInference;
    this.version = t.version.value;
    this.retainsGrad = t.retainsGrad;
    let hooks = 0;
    let removed = 0;
    const list = t.hooks;
    if (list !== null) for (let i = 0; i < list.length; i++) if (list[i].removed) removed++; else hooks++;
    this.hooks = hooks;
    this.hooksRemoved = removed;
    if (n > maxElements) {
      this.text = fullTensorRepr(t);
      this.data = null;
      return this;
    }
    this.text = null;
    let buf = this.data;
    // The storage type follows the dtype (allocStorage): a buffer of the same dtype is reusable.
    if (buf === null || buf.length < n || !sameDtype) this.data = buf = allocStorage(t.dtype, n);
    const src = t.storage;
    const off = t.offset;
    if (n === 1) buf[0] = src[off]; // scalars (the common case in loops): no contiguity check
    else if (t.isContiguous()) {
      // Element by element for small tensors: subarray() would allocate a view object.
      if (n <= 64) for (let i = 0; i < n; i++) buf[i] = src[off + i];
      else buf.set(src.subarray(off, off + n));
    } else if (n <= 64) {
      for (let i = 0; i < n; i++) buf[i] = src[t.storageIndex(i)];
    } else buf.set(t.data());
    return this;
  }

  get requiresGrad(): boolean {
    return this.gradFn !== null || this.leafRequiresGrad;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** A detached tensor with these values and display state, for formatting. */
  toTensor(): Tensor {
    const data = this.data ?? allocStorage(this.dtype, 0);
    const t = new Tensor(data.length === this.numel ? data : data.subarray(0, this.numel), this.shape.slice(), this.dtype);
    if (this.gradFn !== null) t.gradFn = new GradFnName(this.gradFn);
    t.leafRequiresGrad = this.leafRequiresGrad;
    t.isParameter = this.isParameter;
    t.isInference = this.isInference;
    return t;
  }

  /** Full repr, exactly as PyTorch prints the tensor copied. */
  repr(): string {
    return this.text ?? (this.reprText ??= fullTensorRepr(this.toTensor()));
  }

  /** One-line short text. */
  short(max: number): string {
    if (this.shortText === null || this.shortMax !== max) {
      this.shortText = shortenTensorText(oneLine(this.repr()), max);
      this.shortMax = max;
    }
    return this.shortText;
  }
}

/** Copies `t` into `slot` (reusing it) or into a new copy; null stays null. */
export function copyInto(slot: TensorCopy | null | undefined, t: Tensor | null | undefined): TensorCopy | null {
  if (t == null) return null;
  return (slot ?? new TensorCopy()).assign(t);
}

/** Tensors up to this many elements share their texts by content within one snapshot. */
const TEXT_CACHE_MAX_ELEMENTS = 16;

/**
 * The texts of recorded copies, made once per distinct small value within one snapshot build:
 * a trace shows the same gradient in many places (a node's output is the next node's input,
 * `tensor(1.)` starts every backward call, a loop repeats its values), and formatting is the
 * build's main cost. The key is everything the text depends on (print options are fixed for
 * the build).
 */
export class TextCache {
  private readonly reprs = new Map<string, string>();
  private readonly shorts = new Map<string, string>();
  constructor(private readonly max: number) {}

  private key(c: TensorCopy): string | null {
    if (c.data === null || c.numel > TEXT_CACHE_MAX_ELEMENTS) return null;
    let k = `${c.dtype}|${c.shape.join(',')}|${c.gradFn ?? ''}|${c.leafRequiresGrad ? 1 : 0}${c.isParameter ? 1 : 0}|`;
    const d = c.data;
    for (let i = 0; i < c.numel; i++) {
      const v = d[i];
      k += v === 0 && 1 / v < 0 ? '-0,' : `${v},`; // -0 prints as `-0.`
    }
    return k;
  }

  repr(c: TensorCopy): string {
    const k = this.key(c);
    if (k === null) return c.repr();
    let text = this.reprs.get(k);
    if (text === undefined) this.reprs.set(k, (text = c.repr()));
    return text;
  }

  short(c: TensorCopy): string {
    const k = this.key(c);
    if (k === null) return c.short(this.max);
    let text = this.shorts.get(k);
    if (text === undefined) {
      let full = this.reprs.get(k);
      if (full === undefined) this.reprs.set(k, (full = c.repr()));
      this.shorts.set(k, (text = shortenTensorText(oneLine(full), this.max)));
    }
    return text;
  }
}
