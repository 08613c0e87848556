// Indexing kernels: index_select, gather, scatter / scatter_add, index_add (index_put with
// accumulate), masked_fill / masked_select, where, one_hot, nonzero, tril / triu, flip,
// repeat, sort, topk. Each returns a new contiguous tensor (the *Into forms write in place).
import { DType, isFloating, promoteWithScalar, resultType, Storage } from '../dtype';
import { scalarTypeName, TorchError } from '../errors';
import { contiguousStrides, makeView, numelOf, Tensor } from '../tensor';
import { copyInto } from './elementwise';
import { broadcastAll, castValue, contiguousCopy, emptyLike, expandStrides, isTensor, normalizeDim, Operand, readAs } from './util';

function checkIndexDtype(index: Tensor, op: string): void {
  if (index.dtype !== 'int64' && index.dtype !== 'int32') {
    throw new TorchError('RuntimeError', `${op}(): Expected dtype int64 for index`);
  }
}

/** torch.index_select(x, dim, index) with a 1-D (or 0-d) int index. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.ndim);
  if (index.dtype !== 'int64' && index.dtype !== 'int32') {
    throw new TorchError('RuntimeError', 'index_select(): Expected dtype int32 or int64 for index');
  }
  if (index.ndim > 1) throw new TorchError('IndexError', 'index_select(): Index is supposed to be a vector');
  const idx = index.data();
  const size = x.ndim === 0 ? 1 : x.shape[d];
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= size) {
      throw new TorchError('RuntimeError', `INDICES element is out of DATA bounds, id=${idx[i]} axis_dim=${size}`);
    }
  }
  if (x.ndim === 0) return contiguousCopy(x);
  const outShape = x.shape.slice();
  outShape[d] = idx.length;
  const out = emptyLike(outShape, x.dtype);
  const outer = numelOf(x.shape.slice(0, d));
  const inner = numelOf(x.shape.slice(d + 1));
  const src = x.data(); // dense row-major
  const o = out.storage;
  for (let a = 0; a < outer; a++) {
    for (let j = 0; j < idx.length; j++) {
      const s = (a * size + idx[j]) * inner;
      o.set(src.subarray(s, s + inner), (a * idx.length + j) * inner);
    }
  }
  return out;
}

/** Row-major coordinates walk: calls back with the flat index of each element of `shape`. */
function checkGatherIndex(x: Tensor, index: Tensor, d: number, op: string): void {
  checkIndexDtype(index, op);
  if (index.ndim !== x.ndim && !(index.ndim <= 1 && x.ndim <= 1)) {
    throw new TorchError('RuntimeError', 'Index tensor must have the same number of dimensions as input tensor');
  }
  void d;
}

/** torch.gather(x, dim, index): out[i][j] = x[i][index[i][j]] (for dim 1). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.ndim);
  checkGatherIndex(x, index, d, 'gather');
  const out = emptyLike(index.shape.slice(), x.dtype);
  const idx = index.data();
  const n = idx.length;
  const shape = index.shape;
  const nd = shape.length;
  const coord = new Array<number>(nd).fill(0);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  for (let k = 0; k < n; k++) {
    const id = idx[k];
    if (id < 0 || id >= size) {
      throw new TorchError('RuntimeError', `index ${id} is out of bounds for dimension ${d} with size ${size}`);
    }
    let p = x.offset;
    for (let i = 0; i < nd; i++) p += (i === d ? id : coord[i]) * x.strides[i];
    out.storage[k] = x.storage[p];
    for (let i = nd - 1; i >= 0; i--) {
      if (++coord[i] < shape[i]) break;
      coord[i] = 0;
    }
  }
  return out;
}

/**
 * self.scatter_(dim, index, src) / scatter_add_ in place: writes (or adds) src's elements at
 * the positions index names along dim. `src` may be a Python scalar for scatter. Returns self.
 */
export function scatterInto(self: Tensor, dim: number, index: Tensor, src: Operand, accumulate: boolean): Tensor {
  const d = normalizeDim(dim, self.ndim);
  checkGatherIndex(self, index, d, accumulate ? 'scatter_add' : 'scatter');
  const idx = index.data();
  const shape = index.shape;
  const nd = shape.length;
  const coord = new Array<number>(nd).fill(0);
  const size = self.ndim === 0 ? 1 : self.shape[d];
  const srcT = isTensor(src) ? readAs(src, self.dtype) : null;
  const scalar = isTensor(src) ? 0 : castValue(src.value, self.dtype);
  for (let k = 0; k < idx.length; k++) {
    const id = idx[k];
    if (id < 0 || id >= size) {
      throw new TorchError('RuntimeError', `index ${id} is out of bounds for dimension ${d} with size ${size}`);
    }
    let p = self.offset, q = srcT ? srcT.offset : 0;
    for (let i = 0; i < nd; i++) {
      p += (i === d ? id : coord[i]) * self.strides[i];
      if (srcT) q += coord[i] * srcT.strides[i];
    }
    const v = srcT ? srcT.storage[q] : scalar;
    self.storage[p] = accumulate ? self.storage[p] + v : v;
    for (let i = nd - 1; i >= 0; i--) {
      if (++coord[i] < shape[i]) break;
      coord[i] = 0;
    }
  }
  return self;
}

/** Out-of-place scatter / scatter_add. */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Operand): Tensor {
  return scatterInto(contiguousCopy(x), dim, index, src, false);
}
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return scatterInto(contiguousCopy(x), dim, index, src, true);
}

/**
 * self.index_add_(dim, index, src): adds src's slices at index positions along dim
 * (repeated indices accumulate). The backward of index_select / x[idx]. Returns self.
 */
export function indexAddInto(self: Tensor, dim: number, index: Tensor, src: Tensor, alpha = 1): Tensor {
  const d = normalizeDim(dim, self.ndim);
  const idx = index.data();
  const size = self.ndim === 0 ? 1 : self.shape[d];
  const outer = numelOf(self.shape.slice(0, d));
  const inner = numelOf(self.shape.slice(d + 1));
  const s = readAs(src, self.dtype).data();
  // Work on a dense copy when self is a strided view, then write back.
  const dense = self.isContiguous() ? self : contiguousCopy(self);
  const o = dense.storage;
  const base = dense.offset;
  for (let j = 0; j < idx.length; j++) {
    let id = idx[j];
    if (id < 0) id += size;
    if (id < 0 || id >= size) throw new TorchError('IndexError', `index out of range in self`);
    for (let a = 0; a < outer; a++) {
      const dst = base + (a * size + id) * inner, from = (a * idx.length + j) * inner;
      for (let i = 0; i < inner; i++) o[dst + i] += alpha * s[from + i];
    }
  }
  if (dense !== self) copyInto(self, dense);
  return self;
}

function checkBoolMask(mask: Tensor, op: string): void {
  if (mask.dtype !== 'bool') {
    throw new TorchError('RuntimeError', `${op} only supports boolean masks, but got mask with dtype ${mask.dtype === 'int64' ? 'long int' : mask.dtype === 'uint8' ? 'unsigned char' : mask.dtype}`);
  }
}

/** x.masked_fill(mask, value): value is a Python scalar or a 0-d tensor; mask broadcasts to x. */
export function maskedFill(x: Tensor, mask: Tensor, value: Operand): Tensor {
  return maskedFillInto(contiguousCopy(x), mask, value);
}
export function maskedFillInto(self: Tensor, mask: Tensor, value: Operand): Tensor {
  checkBoolMask(mask, 'masked_fill_');
  if (isTensor(value) && value.ndim !== 0) {
    throw new TorchError('RuntimeError', `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
  }
  const shape = broadcastAll([self.shape, mask.shape]);
  if (shape.length !== self.ndim || shape.some((s, i) => s !== self.shape[i])) {
    throw new TorchError('RuntimeError', `output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
  }
  const v = castValue(isTensor(value) ? value.storage[value.offset] : value.value, self.dtype);
  const ms = expandStrides(mask, shape);
  const n = self.numel;
  const nd = shape.length;
  const coord = new Array<number>(nd).fill(0);
  for (let k = 0; k < n; k++) {
    let pm = mask.offset, ps = self.offset;
    for (let i = 0; i < nd; i++) { pm += coord[i] * ms[i]; ps += coord[i] * self.strides[i]; }
    if (mask.storage[pm] !== 0) self.storage[ps] = v;
    for (let i = nd - 1; i >= 0; i--) {
      if (++coord[i] < shape[i]) break;
      coord[i] = 0;
    }
  }
  return self;
}

/** Dense elements of t read as broadcast to `shape`. */
function expandedData(t: Tensor, shape: number[]): Tensor {
  return contiguousCopy(makeView(t, shape, expandStrides(t, shape), t.offset));
}

/** torch.masked_select(x, mask) → 1-D. */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkBoolMask(mask, 'masked_select:');
  const shape = broadcastAll([x.shape, mask.shape]);
  const xs = expandedData(x, shape).storage, ms = expandedData(mask, shape).storage;
  let count = 0;
  for (let i = 0; i < ms.length; i++) if (ms[i] !== 0) count++;
  const out = emptyLike([count], x.dtype);
  for (let i = 0, j = 0; i < ms.length; i++) if (ms[i] !== 0) out.storage[j++] = xs[i];
  return out;
}

/**
 * One operand of where(): a single value (a Python scalar or a one-element tensor, which is
 * what relu's backward passes for its zero) or dense data over the output shape, read without
 * a copy when the tensor already is dense and of that shape.
 */
function whereSource(x: Operand, d: DType, shape: number[], n: number): { data: Storage | null; value: number } {
  if (!isTensor(x)) return { data: null, value: castValue(d === 'float32' ? Math.fround(x.value) : x.value, d) };
  const t = readAs(x, d);
  if (t.numel === 1 && n > 1) return { data: null, value: t.at(0) };
  return { data: sameShapeArr(t.shape, shape) ? t.data() : expandedData(t, shape).storage, value: 0 };
}

function sameShapeArr(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** torch.where(cond, a, b) with broadcasting; a/b may be Python scalars (promotion as PyTorch). */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const tensors = [a, b].filter(isTensor);
  let d: DType = tensors.length > 0 ? resultType(tensors) : (a as { kind: string }).kind === 'float' || (b as { kind: string }).kind === 'float' ? 'float32' : (a as { kind: string }).kind === 'bool' && (b as { kind: string }).kind === 'bool' ? 'bool' : 'int64';
  if (tensors.length > 0) for (const s of [a, b]) if (!isTensor(s)) d = promoteWithScalar(d, s.kind);
  const shape = broadcastAll([cond.shape, ...tensors.map((t) => t.shape)]);
  const n = numelOf(shape);
  const condBool = cond.dtype === 'bool' ? cond : readAs(cond, 'bool');
  const c = sameShapeArr(condBool.shape, shape) ? condBool.data() : expandedData(condBool, shape).storage;
  const sa = whereSource(a, d, shape, n);
  const sb = whereSource(b, d, shape, n);
  const out = emptyLike(shape, d);
  whereLoop(out.storage, c, sa.data, sa.value, sb.data, sb.value);
  return out;
}

/** o[i] = c[i] ? a[i] : b[i], with a or b a single value when its data is null. */
function whereLoop(o: Storage, c: Storage, av: Storage | null, as: number, bv: Storage | null, bs: number): void {
  const n = o.length;
  if (av !== null && bv !== null) for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? av[i] : bv[i];
  else if (av !== null) for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? av[i] : bs;
  else if (bv !== null) for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? as : bv[i];
  else for (let i = 0; i < n; i++) o[i] = c[i] !== 0 ? as : bs;
}

/** F.one_hot(index, num_classes = -1) → int64 [..., C]. */
export function oneHot(index: Tensor, numClasses = -1): Tensor {
  if (index.dtype !== 'int64') throw new TorchError('RuntimeError', 'one_hot is only applicable to index tensor of type LongTensor.');
  const idx = index.data();
  let max = -1;
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0) throw new TorchError('RuntimeError', 'Class values must be non-negative.');
    if (idx[i] > max) max = idx[i];
  }
  let c = numClasses;
  if (c === -1) c = max + 1;
  else if (max >= c) throw new TorchError('RuntimeError', 'Class values must be smaller than num_classes.');
  const out = emptyLike([...index.shape, c], 'int64');
  for (let i = 0; i < idx.length; i++) out.storage[i * c + idx[i]] = 1;
  return out;
}

/** torch.nonzero(x) → int64 [count, ndim]. */
export function nonzero(x: Tensor): Tensor {
  const data = x.data();
  const nd = x.ndim;
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
  const out = emptyLike([count, nd], 'int64');
  const coord = new Array<number>(nd).fill(0);
  let r = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0) {
      for (let k = 0; k < nd; k++) out.storage[r * nd + k] = coord[k];
      r++;
    }
    for (let k = nd - 1; k >= 0; k--) {
      if (++coord[k] < x.shape[k]) break;
      coord[k] = 0;
    }
  }
  return out;
}

/** torch.tril / triu over the last two dims, with diagonal offset. */
export function tril(x: Tensor, diagonal = 0): Tensor { return triangle(x, diagonal, true); }
export function triu(x: Tensor, diagonal = 0): Tensor { return triangle(x, diagonal, false); }
function triangle(x: Tensor, diagonal: number, lower: boolean): Tensor {
  if (x.ndim < 2) throw new TorchError('RuntimeError', `${lower ? 'tril' : 'triu'}: input tensor must have at least 2 dimensions`);
  const out = contiguousCopy(x);
  const rows = x.shape[x.ndim - 2], cols = x.shape[x.ndim - 1];
  const mats = numelOf(x.shape.slice(0, -2));
  const o = out.storage;
  for (let m = 0; m < mats; m++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const keep = lower ? j - i <= diagonal : j - i >= diagonal;
        if (!keep) o[(m * rows + i) * cols + j] = 0;
      }
    }
  }
  return out;
}

/** torch.flip(x, dims). */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const strides = x.strides.slice();
  let offset = x.offset;
  const seen = new Set<number>();
  for (const dim of dims) {
    const d = normalizeDim(dim, x.ndim);
    if (seen.has(d)) throw new TorchError('RuntimeError', `dims has duplicates, original flip dims size=${dims.length}, but unique flip dims size=${seen.size}`);
    seen.add(d);
    if (x.shape[d] > 0) offset += (x.shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  return contiguousCopy(makeView(x, x.shape.slice(), strides, offset));
}

/** x.repeat(*sizes). */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) {
    throw new TorchError('RuntimeError', 'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  }
  const lead = sizes.length - x.ndim;
  const srcShape = [...new Array<number>(lead).fill(1), ...x.shape];
  const outShape = srcShape.map((s, i) => s * sizes[i]);
  // View the source as [r0, s0, r1, s1, ...] with 0 strides on the repeat dims, then copy.
  const srcStrides = [...new Array<number>(lead).fill(0), ...x.strides];
  const viewShape: number[] = [], viewStrides: number[] = [];
  for (let i = 0; i < srcShape.length; i++) {
    viewShape.push(sizes[i], srcShape[i]);
    viewStrides.push(0, srcStrides[i]);
  }
  const dense = contiguousCopy(makeView(x, viewShape, viewStrides, x.offset));
  return new Tensor(dense.storage, outShape, x.dtype, contiguousStrides(outShape));
}

/** Comparator for sort: NaN sorts as the largest value (PyTorch's order). */
function lessNaN(a: number, b: number): boolean {
  if (a !== a) return false;
  if (b !== b) return true;
  return a < b;
}

/** torch.sort(x, dim=-1, descending=False), stable (ties keep index order). */
export function sort(x: Tensor, dim = -1, descending = false): { values: Tensor; indices: Tensor } {
  const d = normalizeDim(dim, x.ndim);
  const values = contiguousCopy(x);
  const indices = emptyLike(x.shape.slice(), 'int64');
  if (x.ndim === 0) return { values, indices };
  const size = x.shape[d];
  const inner = numelOf(x.shape.slice(d + 1));
  const outer = numelOf(x.shape.slice(0, d));
  const v = values.storage;
  const order = new Array<number>(size);
  const buf = new Float64Array(size);
  for (let a = 0; a < outer; a++) {
    for (let i = 0; i < inner; i++) {
      const base = a * size * inner + i;
      for (let k = 0; k < size; k++) { order[k] = k; buf[k] = v[base + k * inner]; }
      order.sort((p, q) => {
        const x1 = buf[p], x2 = buf[q];
        const lt = descending ? lessNaN(x2, x1) : lessNaN(x1, x2);
        const gt = descending ? lessNaN(x1, x2) : lessNaN(x2, x1);
        return lt ? -1 : gt ? 1 : p - q;
      });
      for (let k = 0; k < size; k++) {
        v[base + k * inner] = buf[order[k]];
        indices.storage[base + k * inner] = order[k];
      }
    }
  }
  return { values, indices };
}

/** torch.topk(x, k, dim=-1, largest=True, sorted=True). */
export function topk(x: Tensor, k: number, dim = -1, largest = true): { values: Tensor; indices: Tensor } {
  const d = normalizeDim(dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (k < 0 || k > size) throw new TorchError('RuntimeError', 'selected index k out of range');
  const s = sort(x, d, largest);
  if (x.ndim === 0) return s;
  const starts = new Array<number>(x.ndim).fill(0);
  const shape = x.shape.slice();
  shape[d] = k;
  const slice = (t: Tensor): Tensor => contiguousCopy(makeView(t, shape, t.strides.slice(), t.offset));
  void starts;
  return { values: slice(s.values), indices: slice(s.indices) };
}

/** Whether a dtype is usable as an index. */
export function isIndexDtype(d: DType): boolean {
  return d === 'int64' || d === 'int32' || d === 'uint8' || d === 'bool';
}
void isFloating; void scalarTypeName;
