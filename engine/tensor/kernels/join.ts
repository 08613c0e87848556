// Joining and splitting: cat, stack (with PyTorch's checks and dtype promotion), and the
// section sizes of split / chunk (the views themselves are made by the shape ops).
import { resultType } from '../dtype';
import { TorchError } from '../errors';
import { copyStrided, numelOf, Tensor } from '../tensor';
import { emptyLike, normalizeDim, readAs } from './util';

/** torch.cat(tensors, dim). 1-D empty tensors are skipped, as PyTorch's legacy rule allows. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TorchError('ValueError', 'torch.cat(): expected a non-empty list of Tensors');
  const dtype = resultType(tensors.map((t) => ({ dtype: t.dtype, ndim: 1 })));
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  if (parts.length === 0) return emptyLike([0], dtype);
  const ref = parts[0];
  if (ref.ndim === 0) throw new TorchError('RuntimeError', 'zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, ref.ndim);
  let total = 0;
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.ndim === 1 && t.shape[0] === 0) continue;
    if (t.ndim === 0) throw new TorchError('RuntimeError', `zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    if (t.ndim !== ref.ndim) {
      throw new TorchError('RuntimeError', `Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new TorchError('RuntimeError', `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list.`);
      }
    }
    total += t.shape[d];
  }
  const outShape = ref.shape.slice();
  outShape[d] = total;
  const out = emptyLike(outShape, dtype);
  const outer = numelOf(outShape.slice(0, d));
  const inner = numelOf(outShape.slice(d + 1));
  let at = 0;
  for (const t of parts) {
    const src = readAs(t, dtype).data();
    const block = t.shape[d] * inner;
    for (let a = 0; a < outer; a++) out.storage.set(src.subarray(a * block, (a + 1) * block), a * total * inner + at * inner);
    at += t.shape[d];
  }
  return out;
}

/** torch.stack(tensors, dim): all of one shape, joined along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TorchError('RuntimeError', 'stack expects a non-empty TensorList');
  const ref = tensors[0];
  const d = normalizeDim(dim, ref.ndim + 1);
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => s !== ref.shape[k])) {
      throw new TorchError('RuntimeError', `stack expects each tensor to be equal size, but got [${ref.shape.join(', ')}] at entry 0 and [${t.shape.join(', ')}] at entry ${i}`);
    }
  }
  const dtype = resultType(tensors.map((t) => ({ dtype: t.dtype, ndim: 1 })));
  const outShape = [...ref.shape.slice(0, d), tensors.length, ...ref.shape.slice(d)];
  const out = emptyLike(outShape, dtype);
  const outer = numelOf(ref.shape.slice(0, d));
  const inner = numelOf(ref.shape.slice(d));
  const n = tensors.length;
  for (let i = 0; i < n; i++) {
    const t = readAs(tensors[i], dtype);
    if (outer === 1) {
      copyStrided(t, out.storage, i * inner);
      continue;
    }
    const src = t.data();
    for (let a = 0; a < outer; a++) out.storage.set(src.subarray(a * inner, (a + 1) * inner), (a * n + i) * inner);
  }
  return out;
}

/** Section lengths of torch.split(x, split_size, dim) for a dim of `size`. */
export function splitSizes(size: number, splitSize: number): number[] {
  if (splitSize < 0) throw new TorchError('RuntimeError', `split expects split_size be non-negative, but got split_size=${splitSize}`);
  if (splitSize === 0) return size === 0 ? [0] : [];
  const out: number[] = [];
  for (let s = 0; s < size; s += splitSize) out.push(Math.min(splitSize, size - s));
  return out.length === 0 ? [0] : out;
}

/** Section lengths of torch.chunk(x, chunks, dim): ceil(size / chunks) each, fewer chunks when it divides so. */
export function chunkSizes(size: number, chunks: number): number[] {
  if (chunks <= 0) throw new TorchError('RuntimeError', 'chunk expects `chunks` to be greater than 0, got: ' + chunks);
  const each = Math.ceil(size / chunks);
  return splitSizes(size, each === 0 ? 1 : each);
}

/** Checks torch.split(x, [sizes], dim)'s list against the dim size. */
export function checkSplitWithSizes(size: number, sizes: readonly number[], dim: number): void {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum !== size) {
    throw new TorchError('RuntimeError', `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${dim}), but got split_sizes=[${sizes.join(', ')}]`);
  }
}
