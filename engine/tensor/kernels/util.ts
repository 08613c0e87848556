// Shared helpers of the kernels: Python scalars, dim normalisation with PyTorch's error
// texts, dtype casts, and the dimension coalescing that lets the loops run long rows.
import { allocStorage, allocStorageForOverwrite, castScalar, DType, isFloating, roundStorage, ScalarKind, Storage } from '../dtype';
import { TorchError } from '../errors';
import { broadcastStrides, copyStrided, numelOf, Tensor } from '../tensor';

/** A Python number taking part in an op: its kind (bool/int/float) drives type promotion. */
export interface Scalar {
  readonly value: number;
  readonly kind: ScalarKind;
}
export const pyFloat = (value: number): Scalar => ({ value, kind: 'float' });
export const pyInt = (value: number): Scalar => ({ value, kind: 'int' });
export const pyBool = (value: boolean): Scalar => ({ value: value ? 1 : 0, kind: 'bool' });

/** A kernel operand: a tensor or a Python scalar. */
export type Operand = Tensor | Scalar;
export function isTensor(x: Operand): x is Tensor {
  return x instanceof Tensor;
}

/** Wraps a negative dim and checks its range; 0-d tensors accept dims -1 and 0, as PyTorch does. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = ndim === 0 ? 1 : ndim;
  if (dim < -n || dim >= n) {
    throw new TorchError('IndexError', `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/**
 * Which dims a reduction folds: `null` (or an empty list) means all of them. Returns one flag
 * per dim of the tensor (none for a 0-d tensor).
 */
export function reducedDimsMask(dims: number | readonly number[] | null | undefined, ndim: number): boolean[] {
  const mask = new Array<boolean>(ndim).fill(false);
  if (dims === null || dims === undefined || (typeof dims !== 'number' && dims.length === 0)) {
    mask.fill(true);
    return mask;
  }
  const list = typeof dims === 'number' ? [dims] : dims;
  for (const d of list) {
    const nd = normalizeDim(d, ndim);
    if (ndim === 0) continue;
    if (mask[nd]) throw new TorchError('RuntimeError', `dim ${nd} appears multiple times in the list of dims`);
    mask[nd] = true;
  }
  return mask;
}

/** Output shape of a reduction over the masked dims. */
export function reducedShape(shape: readonly number[], mask: readonly boolean[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!mask[i]) out.push(shape[i]);
    else if (keepdim) out.push(1);
  }
  return out;
}

/** Stores `v` into a storage slot of dtype `d` with C++ cast semantics (trunc for ints, != 0 for bool). */
export function castValue(v: number, d: DType): number {
  switch (d) {
    case 'int64': return Math.trunc(v);
    case 'bool': return v !== 0 ? 1 : 0;
    case 'float16': case 'bfloat16': return castScalar(v, d);
    default: return v; // the typed array rounds (float32) or wraps (int32, uint8) on store
  }
}

/** Casts a dense storage into a new one of dtype `to`. */
export function castStorage(src: Storage, from: DType, to: DType): Storage {
  const n = src.length;
  const out = allocStorage(to, n);
  if (to === 'int64' && isFloating(from)) {
    for (let i = 0; i < n; i++) out[i] = Math.trunc(src[i]);
  } else if (to === 'bool' && from !== 'bool') {
    for (let i = 0; i < n; i++) out[i] = src[i] !== 0 ? 1 : 0;
  } else {
    out.set(src);
  }
  roundStorage(out, to); // float16 / bfloat16 onto their grid
  return out;
}

/** `t` read as dtype `d`: `t` itself when it already is (callers must not write to it), else a contiguous cast copy. */
export function readAs(t: Tensor, d: DType): Tensor {
  if (t.dtype === d) return t;
  const data = t.data();
  return new Tensor(castStorage(data, t.dtype, d), t.shape.slice(), d);
}

/** A new contiguous tensor with `t`'s elements, cast to `d` (default: its own dtype). */
export function contiguousCopy(t: Tensor, d: DType = t.dtype): Tensor {
  if (d !== t.dtype) return readAs(t, d);
  const n = t.numel;
  // A contiguous tensor is one block of its storage: one memcpy instead of a strided walk.
  if (t.isContiguous()) {
    const copy = t.storage.slice(t.offset, t.offset + n);
    if (freshStorages !== null && n >= FRESH_MIN_NUMEL) freshStorages.add(copy);
    return new Tensor(copy, t.shape.slice(), d);
  }
  const out = allocStorage(d, n);
  copyStrided(t, out, 0);
  return new Tensor(out, t.shape.slice(), d);
}

/** Dense row-major elements of `t` without copying when possible (read-only). */
export function denseData(t: Tensor): Storage {
  return t.data();
}

/** PyTorch's broadcast of two shapes, with its error text. */
export function broadcastOrThrow(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const ia = i - (n - a.length);
    const ib = i - (n - b.length);
    const da = ia >= 0 ? a[ia] : 1;
    const db = ib >= 0 ? b[ib] : 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else throw new TorchError('RuntimeError', `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`);
  }
  return out;
}

/** Broadcast of several shapes (for where/clamp with tensor bounds). */
export function broadcastAll(shapes: readonly (readonly number[])[]): number[] {
  let out = shapes[0].slice();
  for (let i = 1; i < shapes.length; i++) out = broadcastOrThrow(out, shapes[i]);
  return out;
}

/** Strides that read `t` expanded to `shape` (0 on broadcast dims): the tensor core's rule. */
export { broadcastStrides as expandStrides };

/**
 * Drops size-1 dims and merges neighbouring dims that every operand walks as one
 * (stride[i] == stride[i+1] * size[i+1]), so that loops run over the longest possible rows.
 * Mutates nothing; returns the new shape and one stride list per operand.
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const ops = strides.length;
  const outShape: number[] = [];
  const outStrides: number[][] = [];
  for (let k = 0; k < ops; k++) outStrides.push([]);
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === 1) continue;
    const last = outShape.length - 1;
    let merge = last >= 0;
    if (merge) {
      for (let k = 0; k < ops; k++) {
        if (outStrides[k][last] !== strides[k][i] * s) { merge = false; break; }
      }
    }
    if (merge) {
      outShape[last] *= s;
      for (let k = 0; k < ops; k++) outStrides[k][last] = strides[k][i];
    } else {
      outShape.push(s);
      for (let k = 0; k < ops; k++) outStrides[k].push(strides[k][i]);
    }
  }
  return { shape: outShape, strides: outStrides };
}

export function emptyLike(shape: number[], d: DType): Tensor {
  return tensorOver(allocStorage(d, numelOf(shape)), shape, d);
}

/** A new contiguous tensor whose every element the caller writes before anything reads it (no zeroing pass). */
export function emptyForOverwrite(shape: number[], d: DType): Tensor {
  return tensorOver(allocStorageForOverwrite(d, numelOf(shape)), shape, d);
}

function tensorOver(storage: Storage, shape: number[], d: DType): Tensor {
  if (freshStorages !== null && storage.length >= FRESH_MIN_NUMEL) freshStorages.add(storage);
  return new Tensor(storage, shape, d);
}

// ---- storages made during a backward pass ----
// The backward engine may take over a gradient nobody else can see (PyTorch steals such
// gradients into .grad and accumulates into them in place). Only storages the kernels
// allocated during the pass qualify, so a gradient that shares memory with anything made
// before (a root gradient, a saved tensor, a user's tensor) is never taken over.

/** Below this size a copy costs less than the bookkeeping. */
export const FRESH_MIN_NUMEL = 256;
let freshStorages: WeakSet<Storage> | null = null;

/** Starts recording the storages the kernels allocate; returns the previous recorder (nested passes). */
export function beginFreshStorages(): WeakSet<Storage> | null {
  const prev = freshStorages;
  freshStorages = new WeakSet();
  return prev;
}
/** The current recorder, or null when none is running. */
export function currentFreshStorages(): WeakSet<Storage> | null {
  return freshStorages;
}
export function endFreshStorages(prev: WeakSet<Storage> | null): void {
  freshStorages = prev;
}

export function checkFloatingOrThrow(name: string, d: DType): void {
  if (d !== 'float32' && d !== 'float64') {
    throw new TorchError('RuntimeError', `${name}(): expected a floating point input`);
  }
}

/** Offsets of every element of a strided layout, row-major. */
export function stridedOffsets(shape: number[], strides: number[], offset: number): Float64Array {
  const n = numelOf(shape);
  const out = new Float64Array(n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let off = offset;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}
