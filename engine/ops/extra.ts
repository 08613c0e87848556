// Ops beyond the core families, built on the existing kernels: median / nanmedian, quantile,
// sort / argsort / topk, and the other tutorial-level ops the torch binding adds.
import { defineOp } from '../autograd';
import { DType, isFloating, resultType, Storage } from '../tensor/dtype';
import { scalarTypeName, TorchError } from '../tensor/errors';
import { Tensor, numelOf, makeView, contiguousStrides } from '../tensor/tensor';
import { broadcastAll, contiguousCopy, emptyLike, expandStrides, normalizeDim, reducedDimsMask } from '../tensor/kernels/util';
import * as KI from '../tensor/kernels/indexing';
import * as E from '../tensor/kernels/elementwise';
import * as KR from '../tensor/kernels/reduce';
import { unary } from '../tensor/kernels/unary';
import { add, div, mul, neg, sub } from './arithmetic';
import { gather, indexSelect, maskedFill, scatterInto } from './indexing';
import { contiguous, defineViewOp, expand, flatten, flip, narrow, permute, reshape, squeeze, transpose as transpose2, unsqueeze, view } from './shape';
import { bmm } from './linalg';
import { clone } from './convert';
import { cumsum, mean as meanReduce, selectedIndexGrad, sum as sumReduce } from './reduce';

/** PyTorch's value order for sorting: NaN is the largest value. */
function lessNaN(a: number, b: number): boolean {
  if (a !== a) return false;
  if (b !== b) return true;
  return a < b;
}

// ---------------------------------------------------------------------------------------
// nth_element as libstdc++ does it (introselect): with a comparator that leaves elements
// unordered (nanmedian of an all-NaN row), which one lands at `nth` depends on the algorithm.
// ---------------------------------------------------------------------------------------

/** std::nth_element(idx + first, idx + nth, idx + last, less) step by step (__introselect). */
export function nthElement(idx: Int32Array, first: number, nth: number, last: number, less: (i: number, j: number) => boolean): void {
  if (first === last || nth === last) return;
  let depth = 2 * Math.floor(Math.log2(last - first));
  while (last - first > 3) {
    if (depth === 0) {
      // __heap_select is only reached on adversarial inputs; a full sort selects the same value
      const sorted = Array.from(idx.subarray(first, last)).sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
      idx.set(sorted, first);
      return;
    }
    depth--;
    const lo = partitionPivot(idx, first, last, less);
    if (lo <= nth) first = lo;
    else last = lo;
  }
  insertionSort(idx, first, last, less);
}

// ---------------------------------------------------------------------------------------
// median / nanmedian
// ---------------------------------------------------------------------------------------

/** Ties share the gradient (PyTorch's evenly_distribute_backward). */
function evenlyDistribute(g: Tensor, x: Tensor, result: Tensor): Tensor {
  const isNanResult = result.at(0) !== result.at(0);
  const mask = isNanResult ? unary('isnan', x) : E.eq(x, result);
  const count = KR.sum(mask);
  return mul(mask, div(g, count));
}

const medianAllOp = defineOp<{ ignoreNan: boolean }>({
  gradFn: (_i, p) => (p.ignoreNan ? 'NanmedianBackward0' : 'MedianBackward0'),
  formula: ['grad_self = grad / count(self == result) at every median element'],
  forward([x], p) {
    const n = x.numel;
    const out = emptyLike([], x.dtype);
    if (n === 0) {
      out.storage[0] = NaN;
      return out;
    }
    const data = contiguousCopy(x).storage;
    const sorted = Float64Array.from(data).sort(); // NaN sorts last with typed-array sort
    let nanCount = 0;
    for (let i = n - 1; i >= 0 && sorted[i] !== sorted[i]; i--) nanCount++;
    if (!p.ignoreNan) out.storage[0] = nanCount > 0 ? NaN : sorted[(n - 1) >> 1];
    else out.storage[0] = sorted[Math.floor((n - 1 - nanCount) / 2)];
    return out;
  },
  save: ([x], [out]) => [x, out],
  backward([g], ctx) {
    const [x, result] = ctx.saved;
    return [evenlyDistribute(g, x, result)];
  },
});

const medianDimOp = defineOp<{ dim: number; keepdim: boolean; ignoreNan: boolean }>({
  gradFn: (_i, p) => (p.ignoreNan ? 'NanmedianBackward1' : 'MedianBackward1'),
  formula: ['grad_self = zeros.scatter(dim, indices, grad)'],
  differentiableOutputs: 1,
  forward([x], p) {
    const shape = x.shape;
    const size = x.ndim === 0 ? 1 : shape[p.dim];
    const outer = x.ndim === 0 ? 1 : numelOf(shape.slice(0, p.dim));
    const inner = x.ndim === 0 ? 1 : numelOf(shape.slice(p.dim + 1));
    const outShape = shape.slice();
    if (x.ndim > 0) {
      if (p.keepdim) outShape[p.dim] = 1;
      else outShape.splice(p.dim, 1);
    }
    const values = emptyLike(outShape, x.dtype);
    const indices = emptyLike(outShape.slice(), 'int64');
    const src = contiguousCopy(x).storage;
    const row = new Float64Array(size);
    const idx = new Int32Array(size);
    for (let a = 0; a < outer; a++) {
      for (let i = 0; i < inner; i++) {
        const base = a * size * inner + i;
        let nanCount = 0;
        let firstNan = -1;
        for (let k = 0; k < size; k++) {
          const v = src[base + k * inner];
          row[k] = v;
          idx[k] = k;
          if (v !== v) {
            nanCount++;
            if (firstNan < 0) firstNan = k;
          }
        }
        const o = a * inner + i;
        if (!p.ignoreNan && nanCount > 0) {
          values.storage[o] = NaN;
          indices.storage[o] = firstNan;
          continue;
        }
        const nth = p.ignoreNan ? Math.floor((size - nanCount - 1) / 2) : (size - 1) >> 1;
        // PyTorch's comparator: by value, ties by index, NaN after numbers (nanmedian)
        const k = Math.max(nth, 0);
        nthElement(idx, 0, k, size, (i, j) => row[i] < row[j] || (row[i] === row[j] && i < j) || (p.ignoreNan && row[j] !== row[j] && row[i] === row[i]));
        values.storage[o] = row[idx[k]];
        indices.storage[o] = idx[k];
      }
    }
    return [values, indices];
  },
  save: (_inputs, [, indices]) => [indices],
  backward([g], ctx) {
    return [selectedIndexGrad(g, ctx.saved[0], ctx.inputs[0].shape, ctx.params.dim, ctx.params.keepdim)];
  },
});

export interface ValuesIndicesPair {
  values: Tensor;
  indices: Tensor;
}

/** `x.median()` → lower median, NaN if any (MedianBackward0); `nanmedian` skips NaNs. */
export function median(x: Tensor, ignoreNan = false): Tensor {
  return medianAllOp([x], { ignoreNan })[0];
}

/** `x.median(dim, keepdim)` → (values, indices) (MedianBackward1). */
export function medianDim(x: Tensor, dim: number, keepdim = false, ignoreNan = false): ValuesIndicesPair {
  const d = normalizeDim(dim, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0) {
    throw new TorchError('IndexError', `median(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const [values, indices] = medianDimOp([x], { dim: d, keepdim, ignoreNan });
  return { values, indices };
}

void KI;

// ---------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------

/** `t`'s elements broadcast to `shape`, dense row-major, as JS numbers of dtype `d`. */
function denseAs(t: Tensor, shape: number[], d: DType): Storage {
  const v = makeView(t, shape.slice(), expandStrides(t, shape), t.offset);
  return contiguousCopy(v, d).storage;
}

/** Rounds to the dtype's precision after an arithmetic step (float32 arithmetic in doubles). */
function rounder(d: DType): (v: number) => number {
  return d === 'float32' ? Math.fround : (v: number) => v;
}

function checkFloatOp(name: string, d: DType): void {
  if (!isFloating(d)) throw new TorchError('RuntimeError', `"${name}" not implemented for '${scalarTypeName(d)}'`);
}

// ---------------------------------------------------------------------------------------
// sort / argsort / topk
// ---------------------------------------------------------------------------------------

const sortOp = defineOp<{ dim: number; descending: boolean; stable: boolean; k: number; topk: boolean; largest: boolean }>({
  gradFn: (_i, p) => (p.topk ? 'TopkBackward0' : p.stable ? 'SortBackward1' : 'SortBackward0'),
  formula: ['grad_self = zeros.scatter(dim, indices, grad)'],
  differentiableOutputs: 1,
  forward([x], p) {
    if (p.topk) {
      const r = topkSelect(x, p.k, p.dim, p.largest);
      return [r.values, r.indices];
    }
    const r = KI.sort(x, p.dim, p.descending);
    return [r.values, r.indices];
  },
  save: (_inputs, [, indices]) => [indices],
  backward([g], ctx) {
    const [indices] = ctx.saved;
    const shape = ctx.inputs[0].shape;
    if (shape.length === 0) return [g];
    return [scatterInto(shape, ctx.params.dim, indices, g)];
  },
});

/** `x.sort(dim=-1, descending=False, stable=…)`: SortBackward0 (SortBackward1 when `stable` is given). */
export function sort(x: Tensor, dim = -1, descending = false, stableGiven = false): ValuesIndicesPair {
  const d = normalizeDim(dim, x.ndim);
  const [values, indices] = sortOp([x], { dim: d, descending, stable: stableGiven, k: 0, topk: false, largest: false });
  return { values, indices };
}

/** `x.argsort(dim=-1, descending=False)`: the indices of sort (no graph). */
export function argsort(x: Tensor, dim = -1, descending = false): Tensor {
  return KI.sort(x, normalizeDim(dim, x.ndim), descending).indices;
}

/** `x.topk(k, dim=-1, largest=True, sorted=True)`: TopkBackward0. */
export function topk(x: Tensor, k: number, dim = -1, largest = true): ValuesIndicesPair {
  const d = normalizeDim(dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  if (k < 0 || k > size) throw new TorchError('RuntimeError', 'selected index k out of range');
  const [values, indices] = sortOp([x], { dim: d, descending: largest, stable: false, k, topk: true, largest });
  return { values, indices };
}

/**
 * PyTorch's CPU topk (TopKImpl.h): per row, (value, index) pairs ordered by value only (NaN
 * first for largest), std::partial_sort when k·64 <= n, else std::nth_element at k-1 and
 * std::sort of the first k-1. With ties, which index wins depends on those algorithms, so
 * they are followed step by step (libstdc++).
 */
function topkSelect(x: Tensor, k: number, d: number, largest: boolean): ValuesIndicesPair {
  const src = contiguousCopy(x).storage;
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const outer = x.ndim === 0 ? 1 : numelOf(x.shape.slice(0, d));
  const inner = x.ndim === 0 ? 1 : numelOf(x.shape.slice(d + 1));
  const outShape = x.shape.slice();
  if (x.ndim > 0) outShape[d] = k;
  const values = emptyLike(outShape, x.dtype);
  const indices = emptyLike(outShape.slice(), 'int64');
  const row = new Float64Array(size);
  const idx = new Int32Array(size);
  const before = largest
    ? (i: number, j: number): boolean => (row[i] !== row[i] && row[j] === row[j]) || row[i] > row[j]
    : (i: number, j: number): boolean => (row[i] === row[i] && row[j] !== row[j]) || row[i] < row[j];
  for (let a = 0; a < outer; a++) {
    for (let i = 0; i < inner; i++) {
      const base = a * size * inner + i;
      for (let j = 0; j < size; j++) {
        row[j] = src[base + j * inner];
        idx[j] = j;
      }
      if (k > 0) {
        if (k * 64 <= size) partialSort(idx, 0, k, size, before);
        else {
          nthElement(idx, 0, k - 1, size, before);
          introSort(idx, 0, k - 1, before);
        }
      }
      for (let j = 0; j < k; j++) {
        const o = (a * k + j) * inner + i;
        values.storage[o] = row[idx[j]];
        indices.storage[o] = idx[j];
      }
    }
  }
  return { values, indices };
}

/** libstdc++ std::sort: introsort loop (threshold 16) then insertion sort. */
export function introSort(idx: Int32Array, first: number, last: number, less: (i: number, j: number) => boolean): void {
  if (last - first < 2) return;
  introsortLoop(idx, first, last, 2 * Math.floor(Math.log2(last - first)), less);
  insertionSort(idx, first, last, less);
}

function introsortLoop(idx: Int32Array, first: number, last: number, depth: number, less: (i: number, j: number) => boolean): void {
  while (last - first > 16) {
    if (depth === 0) {
      partialSort(idx, first, last, last, less);
      return;
    }
    depth--;
    const cut = partitionPivot(idx, first, last, less);
    introsortLoop(idx, cut, last, depth, less);
    last = cut;
  }
}

function insertionSort(idx: Int32Array, first: number, last: number, less: (i: number, j: number) => boolean): void {
  for (let i = first + 1; i < last; i++) {
    const v = idx[i];
    let j = i;
    while (j > first && less(v, idx[j - 1])) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = v;
  }
}

/** libstdc++ __unguarded_partition_pivot: median of three to `first`, Hoare partition. */
function partitionPivot(idx: Int32Array, first: number, last: number, less: (i: number, j: number) => boolean): number {
  const swap = (i: number, j: number): void => {
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  };
  const lt = (i: number, j: number): boolean => less(idx[i], idx[j]);
  const mid = first + ((last - first) >> 1);
  const a = first + 1, b = mid, c = last - 1;
  if (lt(a, b)) {
    if (lt(b, c)) swap(first, b);
    else if (lt(a, c)) swap(first, c);
    else swap(first, a);
  } else if (lt(a, c)) swap(first, a);
  else if (lt(b, c)) swap(first, c);
  else swap(first, b);
  let lo = first + 1, hi = last;
  for (;;) {
    while (lt(lo, first)) lo++;
    hi--;
    while (lt(first, hi)) hi--;
    if (!(lo < hi)) return lo;
    swap(lo, hi);
    lo++;
  }
}

/** libstdc++ std::partial_sort: __heap_select then __sort_heap over [first, middle). */
function partialSort(idx: Int32Array, first: number, middle: number, last: number, less: (i: number, j: number) => boolean): void {
  const len = middle - first;
  // __adjust_heap(first, hole, len, value) then __push_heap
  const adjust = (hole: number, n: number, value: number): void => {
    const top = hole;
    let child = hole;
    while (child < ((n - 1) >> 1)) {
      child = 2 * (child + 1);
      if (less(idx[first + child], idx[first + child - 1])) child--;
      idx[first + hole] = idx[first + child];
      hole = child;
    }
    if ((n & 1) === 0 && child === ((n - 2) >> 1)) {
      child = 2 * (child + 1);
      idx[first + hole] = idx[first + child - 1];
      hole = child - 1;
    }
    let parent = (hole - 1) >> 1;
    while (hole > top && less(idx[first + parent], value)) {
      idx[first + hole] = idx[first + parent];
      hole = parent;
      parent = (hole - 1) >> 1;
    }
    idx[first + hole] = value;
  };
  if (len < 1) return;
  // __make_heap
  if (len >= 2) {
    for (let parent = (len - 2) >> 1; ; parent--) {
      adjust(parent, len, idx[first + parent]);
      if (parent === 0) break;
    }
  }
  // __heap_select: smaller elements replace the heap top (__pop_heap)
  for (let i = middle; i < last; i++) {
    if (less(idx[i], idx[first])) {
      const value = idx[i];
      idx[i] = idx[first];
      adjust(0, len, value);
    }
  }
  // __sort_heap
  for (let end = middle; end - first > 1; ) {
    end--;
    const value = idx[end];
    idx[end] = idx[first];
    adjust(0, end - first, value);
  }
}

// ---------------------------------------------------------------------------------------
// nonzero / unique
// ---------------------------------------------------------------------------------------

export function nonzero(x: Tensor): Tensor {
  return KI.nonzero(x);
}

export interface UniqueResult {
  values: Tensor;
  inverse: Tensor;
  counts: Tensor;
}

const uniqueOp = defineOp<null>({
  gradFn: 'Unique2Backward0',
  formula: ['not differentiable'],
  differentiableOutputs: 1,
  forward([x]) {
    const data = x.data();
    const n = data.length;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const sortedIdx = Array.from(order).sort((i, j) => (lessNaN(data[i], data[j]) ? -1 : lessNaN(data[j], data[i]) ? 1 : i - j));
    const uniq: number[] = [];
    const counts: number[] = [];
    const inverse = emptyLike(x.shape.slice(), 'int64');
    for (const i of sortedIdx) {
      const v = data[i];
      const last = uniq.length - 1;
      // NaNs are all distinct (torch.unique keeps every NaN)
      if (last >= 0 && uniq[last] === v) counts[last]++;
      else {
        uniq.push(v);
        counts.push(1);
      }
      inverse.storage[i] = uniq.length - 1;
    }
    const values = emptyLike([uniq.length], x.dtype);
    for (let i = 0; i < uniq.length; i++) values.storage[i] = uniq[i];
    const countT = emptyLike([uniq.length], 'int64');
    for (let i = 0; i < counts.length; i++) countT.storage[i] = counts[i];
    return [values, inverse, countT];
  },
  backward() {
    throw new TorchError('RuntimeError', "derivative for aten::_unique2 is not implemented");
  },
});

/** torch.unique(x, sorted, return_inverse, return_counts): always sorted on CPU (Unique2Backward0). */
export function unique(x: Tensor): UniqueResult {
  const [values, inverse, counts] = uniqueOp([x], null);
  return { values, inverse, counts };
}

// ---------------------------------------------------------------------------------------
// diag / diagonal / trace / tril / triu
// ---------------------------------------------------------------------------------------

/** Positions (flat, into a contiguous [rows, cols] matrix) of diagonal `k`. */
function diagPositions(rows: number, cols: number, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    const j = i + k;
    if (j >= 0 && j < cols) out.push(i * cols + j);
  }
  return out;
}

const diagOp = defineOp<{ k: number; embed: boolean; n: number }>({
  gradFn: (_i, p) => (p.embed ? 'DiagEmbedBackward0' : 'DiagonalBackward0_copy'),
  formula: ['grad_self = diagonal / diag_embed of grad'],
  forward([x], p) {
    const src = contiguousCopy(x).storage;
    if (p.embed) {
      const out = emptyLike([p.n, p.n], x.dtype);
      const pos = diagPositions(p.n, p.n, p.k);
      for (let i = 0; i < pos.length; i++) out.storage[pos[i]] = src[i];
      return out;
    }
    const pos = diagPositions(x.shape[0], x.shape[1], p.k);
    const out = emptyLike([pos.length], x.dtype);
    for (let i = 0; i < pos.length; i++) out.storage[i] = src[pos[i]];
    return out;
  },
  backward([g], ctx) {
    const p = ctx.params;
    if (p.embed) return [diag(g, p.k)];
    const shape = ctx.inputs[0].shape;
    return [diagEmbedInto(g, shape[0], shape[1], p.k)];
  },
});

/** zeros(rows, cols) with grad on diagonal k (differentiable in g through diag). */
function diagEmbedInto(g: Tensor, rows: number, cols: number, k: number): Tensor {
  const n = Math.max(rows, cols);
  if (rows === n && cols === n) return diag(g, k);
  const full = diag(g, k);
  // diag() of a length-L vector is square; cut it to rows × cols
  return slice2(full, rows, cols);
}
function slice2(t: Tensor, rows: number, cols: number): Tensor {
  return contiguous(narrow(narrow(t, 0, 0, rows), 1, 0, cols));
}

/** torch.diag: a vector → square matrix (DiagEmbedBackward0), a matrix → its diagonal. */
export function diag(x: Tensor, k = 0): Tensor {
  if (x.ndim === 1) {
    const n = x.shape[0] + Math.abs(k);
    return diagOp([x], { k, embed: true, n })[0];
  }
  if (x.ndim === 2) return diagOp([x], { k, embed: false, n: 0 })[0];
  throw new TorchError('RuntimeError', 'diag(): Supports 1D or 2D tensors. Got ' + x.ndim + 'D');
}

const traceOp = defineOp<null>({
  gradFn: 'TraceBackward0',
  formula: ['grad_self = grad · eye'],
  forward([x]) {
    const src = contiguousCopy(x).storage;
    const pos = diagPositions(x.shape[0], x.shape[1], 0);
    let acc = 0;
    const round = rounder(x.dtype);
    for (const q of pos) acc = round(acc + src[q]);
    const outDtype: DType = isFloating(x.dtype) ? x.dtype : 'int64';
    const out = emptyLike([], outDtype);
    out.storage[0] = acc;
    return out;
  },
  backward([g], ctx) {
    const [rows, cols] = ctx.inputs[0].shape;
    const mask = emptyLike([rows, cols], ctx.inputs[0].dtype);
    for (const q of diagPositions(rows, cols, 0)) mask.storage[q] = 1;
    return [mul(mask, g)];
  },
});

/** torch.trace(x) of a 2-D tensor: TraceBackward0. */
export function trace(x: Tensor): Tensor {
  if (x.ndim !== 2) throw new TorchError('RuntimeError', `trace: expected a matrix, but got tensor with dim ${x.ndim}`);
  return traceOp([x], null)[0];
}

const triangleOp = defineOp<{ k: number; lower: boolean }>({
  gradFn: (_i, p) => (p.lower ? 'TrilBackward0' : 'TriuBackward0'),
  formula: ['grad_self = grad.tril(k) / grad.triu(k)'],
  forward([x], p) {
    return p.lower ? KI.tril(x, p.k) : KI.triu(x, p.k);
  },
  backward([g], ctx) {
    const p = ctx.params;
    return [p.lower ? tril(g, p.k) : triu(g, p.k)];
  },
});
export function tril(x: Tensor, k = 0): Tensor {
  return triangleOp([x], { k, lower: true })[0];
}
export function triu(x: Tensor, k = 0): Tensor {
  return triangleOp([x], { k, lower: false })[0];
}

// ---------------------------------------------------------------------------------------
// cumprod
// ---------------------------------------------------------------------------------------

const cumprodOp = defineOp<{ dim: number; dtype?: DType }>({
  gradFn: 'CumprodBackward0',
  formula: ['grad_self = reverse_cumsum(grad · result) / self (exact products where self == 0)'],
  forward([x], p) {
    return KR.cumprod(x, p.dim, p.dtype);
  },
  save: ([x], [out]) => [x, out],
  backward([g], ctx) {
    const [x, out] = ctx.saved;
    const d = ctx.params.dim;
    if (x.ndim === 0) return [g];
    let hasZero = false;
    const xd = x.data();
    for (let i = 0; i < xd.length; i++) if (xd[i] === 0) { hasZero = true; break; }
    if (!hasZero) return [div(flip(cumsum(flip(mul(g, out), [d]), d), [d]), x)];
    return [cumprodGradWithZeros(g, x, d)];
  },
});

/** d/dx_i of Σ_k g_k Π_{j<=k} x_j, computed directly (only when x has zeros; not differentiable). */
function cumprodGradWithZeros(g: Tensor, x: Tensor, d: number): Tensor {
  const xs = contiguousCopy(x).storage, gs = contiguousCopy(g, x.dtype).storage;
  const size = x.shape[d];
  const outer = numelOf(x.shape.slice(0, d)), inner = numelOf(x.shape.slice(d + 1));
  const out = emptyLike(x.shape.slice(), x.dtype);
  for (let a = 0; a < outer; a++) {
    for (let b = 0; b < inner; b++) {
      const at = (k: number) => a * size * inner + k * inner + b;
      for (let i = 0; i < size; i++) {
        let total = 0;
        let prefix = 1;
        for (let j = 0; j < i; j++) prefix *= xs[at(j)];
        let run = prefix;
        for (let k = i; k < size; k++) {
          if (k > i) run *= xs[at(k)];
          total += gs[at(k)] * run;
        }
        out.storage[at(i)] = total;
      }
    }
  }
  return out;
}

/** `x.cumprod(dim, dtype=None)`: CumprodBackward0. */
export function cumprod(x: Tensor, dim: number, dtype?: DType): Tensor {
  return cumprodOp([x], { dim: x.ndim === 0 ? 0 : normalizeDim(dim, x.ndim), dtype })[0];
}

// ---------------------------------------------------------------------------------------
// lerp / addcmul / addcdiv
// ---------------------------------------------------------------------------------------

interface TernaryPlan { shape: number[]; dtype: DType }
function ternaryPlan(ts: Tensor[], scalarFloat: boolean): TernaryPlan {
  const shape = broadcastAll(ts.map((t) => t.shape));
  let dtype = resultType(ts.map((t) => ({ dtype: t.dtype, ndim: t.ndim })));
  if (scalarFloat && !isFloating(dtype)) dtype = 'float32';
  return { shape, dtype };
}

const lerpOp = defineOp<{ weight: number | null }>({
  gradFn: (_i, p) => (p.weight === null ? 'LerpBackward1' : 'LerpBackward0'),
  formula: ['grad_self = grad · (1 - weight)', 'grad_end = grad · weight', 'grad_weight = grad · (end - self)'],
  forward(inputs, p) {
    const [start, end] = inputs;
    const plan = ternaryPlan(inputs, false);
    checkFloatOp('lerp_kernel_scalar', plan.dtype);
    const s = denseAs(start, plan.shape, plan.dtype), e = denseAs(end, plan.shape, plan.dtype);
    const w = p.weight === null ? denseAs(inputs[2], plan.shape, plan.dtype) : null;
    const out = emptyLike(plan.shape, plan.dtype);
    const r = rounder(plan.dtype);
    const o = out.storage;
    const ws = p.weight === null ? 0 : r(p.weight);
    for (let i = 0; i < o.length; i++) {
      const wi = w === null ? ws : w[i];
      const diff = r(e[i] - s[i]);
      // PyTorch's lerp: start + w·(end - start) for |w| < 0.5, else end - (end - start)·(1 - w)
      o[i] = Math.abs(wi) < 0.5 ? r(s[i] + r(wi * diff)) : r(e[i] - r(diff * r(1 - wi)));
    }
    return out;
  },
  save: (inputs, _o, p) => (p.weight === null ? inputs : []),
  backward([g], ctx) {
    const p = ctx.params;
    if (p.weight !== null) return [mul(g, 1 - p.weight), mul(g, p.weight)];
    const [start, end, weight] = ctx.saved;
    return [
      ctx.needsGrad[0] ? mul(g, sub(1, weight)) : null,
      ctx.needsGrad[1] ? mul(g, weight) : null,
      ctx.needsGrad[2] ? mul(g, sub(end, start)) : null,
    ];
  },
});

/** torch.lerp(start, end, weight): LerpBackward0 (number weight) / LerpBackward1 (tensor weight). */
export function lerp(start: Tensor, end: Tensor, weight: Tensor | number): Tensor {
  if (weight instanceof Tensor) return lerpOp([start, end, weight], { weight: null })[0];
  return lerpOp([start, end], { weight })[0];
}

const addcOp = defineOp<{ value: number; isDiv: boolean }>({
  gradFn: (_i, p) => (p.isDiv ? 'AddcdivBackward0' : 'AddcmulBackward0'),
  formula: ['grad_self = grad', 'grad_tensor1 = grad · value · tensor2 (÷ tensor2)', 'grad_tensor2 = grad · value · tensor1 (-value·t1/t2²)'],
  forward(inputs, p) {
    const plan = ternaryPlan(inputs, false);
    if (p.isDiv && !isFloating(inputs[1].dtype) && !isFloating(inputs[2].dtype)) {
      throw new TorchError('RuntimeError', 'Integer division with addcdiv is no longer supported, and in a future release addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), for all dtypes.');
    }
    const [a, b, c] = inputs.map((t) => denseAs(t, plan.shape, plan.dtype));
    const out = emptyLike(plan.shape, plan.dtype);
    const r = rounder(plan.dtype);
    const o = out.storage;
    const v = r(p.value);
    // self + value * t1 * t2 / self + value * t1 / t2, left to right as the kernel does
    if (p.isDiv) for (let i = 0; i < o.length; i++) o[i] = r(a[i] + r(r(v * b[i]) / c[i]));
    else for (let i = 0; i < o.length; i++) o[i] = r(a[i] + r(r(v * b[i]) * c[i]));
    return out;
  },
  save: (inputs) => inputs,
  backward([g], ctx) {
    const [, t1, t2] = ctx.saved;
    const { value, isDiv } = ctx.params;
    if (!isDiv) {
      return [g, ctx.needsGrad[1] ? mul(mul(g, t2), value) : null, ctx.needsGrad[2] ? mul(mul(g, t1), value) : null];
    }
    return [
      g,
      ctx.needsGrad[1] ? mul(g, div(value, t2)) : null,
      ctx.needsGrad[2] ? mul(neg(g), div(mul(t1, value), mul(t2, t2))) : null,
    ];
  },
});

export function addcmul(x: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return addcOp([x, t1, t2], { value, isDiv: false })[0];
}
export function addcdiv(x: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  return addcOp([x, t1, t2], { value, isDiv: true })[0];
}

// ---------------------------------------------------------------------------------------
// index_add / scatter / scatter_add
// ---------------------------------------------------------------------------------------

const indexAddOp = defineOp<{ dim: number; index: Tensor; alpha: number }>({
  gradFn: 'IndexAddBackward0',
  formula: ['grad_self = grad', 'grad_source = grad.index_select(dim, index) · alpha'],
  forward([x, src], p) {
    return KI.indexAddInto(contiguousCopy(x), p.dim, p.index, src, p.alpha);
  },
  backward([g], ctx) {
    const p = ctx.params;
    const srcShape = ctx.inputs[1].shape;
    let gs: Tensor | null = null;
    if (ctx.needsGrad[1]) {
      gs = srcShape.length === 0 ? reshapeTo(indexSelect(g, p.dim, p.index), []) : indexSelect(g, p.dim, p.index);
      if (p.alpha !== 1) gs = mul(gs, p.alpha);
    }
    return [g, gs];
  },
});
function reshapeTo(t: Tensor, shape: number[]): Tensor {
  return reshape(t, shape);
}

/** `x.index_add(dim, index, source, alpha=1)`: IndexAddBackward0. */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, alpha = 1): Tensor {
  const d = x.ndim === 0 ? 0 : normalizeDim(dim, x.ndim);
  if (index.ndim > 1) throw new TorchError('IndexError', 'index_add_(): Index is supposed to be a vector');
  if (index.dtype !== 'int64' && index.dtype !== 'int32') throw new TorchError('RuntimeError', 'index_add_(): Expected dtype int32/int64 for index');
  if (source.dtype !== x.dtype) throw new TorchError('RuntimeError', `index_add_(): self (${scalarTypeName(x.dtype)}) and source (${scalarTypeName(source.dtype)}) must have the same scalar type`);
  return indexAddOp([x, source], { dim: d, index, alpha })[0];
}

const scatterOp = defineOp<{ dim: number; index: Tensor; value: number | null; add: boolean }>({
  gradFn: (_i, p) => (p.add ? 'ScatterAddBackward0' : p.value === null ? 'ScatterBackward0' : 'ScatterBackward1'),
  formula: ['grad_self = grad (scatter: with the written positions zeroed)', 'grad_src = grad.gather(dim, index)'],
  forward(inputs, p) {
    const [x] = inputs;
    if (p.value !== null) return KI.scatter(x, p.dim, p.index, { value: p.value, kind: isFloating(x.dtype) ? 'float' : 'int' });
    return p.add ? KI.scatterAdd(x, p.dim, p.index, inputs[1]) : KI.scatter(x, p.dim, p.index, inputs[1]);
  },
  backward([g], ctx) {
    const p = ctx.params;
    const gSelf = ctx.needsGrad[0] ? (p.add ? g : scatterFill(g, p.dim, p.index, 0)) : null;
    if (p.value !== null) return [gSelf];
    return [gSelf, ctx.needsGrad[1] ? gather(g, p.dim, p.index) : null];
  },
});

/** g.scatter(dim, index, value) through the same op (so double backward works). */
function scatterFill(g: Tensor, dim: number, index: Tensor, value: number): Tensor {
  return scatterOp([g], { dim, index, value, add: false })[0];
}

function checkScatter(x: Tensor, index: Tensor, src: Tensor | null, name: string): void {
  if (index.dtype !== 'int64') throw new TorchError('RuntimeError', `${name}(): Expected dtype int64 for index`);
  if (src !== null && src.dtype !== x.dtype) {
    throw new TorchError('RuntimeError', `${name}(): Expected self.dtype to be equal to src.dtype`);
  }
}

/** `x.scatter(dim, index, src|value)`: ScatterBackward0 (tensor src) / ScatterBackward1 (number). */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  const d = x.ndim === 0 ? 0 : normalizeDim(dim, x.ndim);
  if (src instanceof Tensor) {
    checkScatter(x, index, src, 'scatter');
    return scatterOp([x, src], { dim: d, index, value: null, add: false })[0];
  }
  checkScatter(x, index, null, 'scatter');
  return scatterOp([x], { dim: d, index, value: src, add: false })[0];
}

/** `x.scatter_add(dim, index, src)`: ScatterAddBackward0. */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = x.ndim === 0 ? 0 : normalizeDim(dim, x.ndim);
  checkScatter(x, index, src, 'scatter_add');
  return scatterOp([x, src], { dim: d, index, value: null, add: true })[0];
}

// ---------------------------------------------------------------------------------------
// repeat_interleave / roll
// ---------------------------------------------------------------------------------------

/** `x.repeat_interleave(repeats, dim=None)`: PyTorch's own composition (unsqueeze/expand/clone/view, or index_select). */
export function repeatInterleave(x: Tensor, repeats: number | Tensor, dim: number | null = null): Tensor {
  let input = x;
  let d: number;
  if (dim === null) {
    input = flatten(x);
    d = 0;
  } else d = normalizeDim(dim, x.ndim);
  if (repeats instanceof Tensor && repeats.numel === 1 && repeats.ndim <= 1) repeats = repeats.at(0);
  if (typeof repeats === 'number') {
    if (repeats < 0) throw new TorchError('RuntimeError', 'repeats can not be negative');
    const expanded = input.shape.slice();
    expanded.splice(d + 1, 0, repeats);
    const outShape = input.shape.slice();
    outShape[d] *= repeats;
    return view(clone(expand(unsqueeze(input, d + 1), expanded)), outShape);
  }
  if (repeats.ndim !== 1) throw new TorchError('RuntimeError', 'repeat_interleave only accept 1D vector as repeat');
  if (repeats.shape[0] !== input.shape[d]) throw new TorchError('RuntimeError', 'repeats must have the same size as input along dim');
  return indexSelect(input, d, repeatIndices(repeats));
}

/** torch.repeat_interleave(repeats): each i repeated repeats[i] times. */
export function repeatIndices(repeats: Tensor): Tensor {
  if (repeats.ndim !== 1) throw new TorchError('RuntimeError', 'repeat_interleave only accept 1D vector as repeat');
  if (repeats.dtype !== 'int64' && repeats.dtype !== 'int32') throw new TorchError('RuntimeError', 'repeats has to be Long or Int tensor');
  const r = repeats.data();
  let total = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] < 0) throw new TorchError('RuntimeError', 'repeats can not be negative');
    total += r[i];
  }
  const out = emptyLike([total], repeats.dtype);
  let pos = 0;
  for (let i = 0; i < r.length; i++) for (let k = 0; k < r[i]; k++) out.storage[pos++] = i;
  return out;
}

type RollParams = { shifts: number[]; dims: number[] };
const rollOp: (inputs: Tensor[], p: RollParams) => Tensor[] = defineOp<{ shifts: number[]; dims: number[] }>({
  gradFn: 'RollBackward0',
  formula: ['grad_self = grad.roll(-shifts, dims)'],
  forward([x], p) {
    const src = contiguousCopy(x).storage;
    const out = emptyLike(x.shape.slice(), x.dtype);
    if (p.dims.length === 0) {
      // no dims: roll the flattened elements
      const n = src.length;
      const s = n === 0 ? 0 : ((p.shifts[0] % n) + n) % n;
      for (let i = 0; i < n; i++) out.storage[(i + s) % n] = src[i];
      return out;
    }
    const shape = x.shape, nd = shape.length;
    const strides = contiguousStrides(shape);
    const shiftOf = new Array<number>(nd).fill(0);
    for (let k = 0; k < p.dims.length; k++) {
      const d = p.dims[k];
      shiftOf[d] = shape[d] === 0 ? 0 : (((shiftOf[d] + p.shifts[k]) % shape[d]) + shape[d]) % shape[d];
    }
    const coord = new Array<number>(nd).fill(0);
    for (let i = 0; i < src.length; i++) {
      let dst = 0;
      for (let k = 0; k < nd; k++) dst += ((coord[k] + shiftOf[k]) % shape[k]) * strides[k];
      out.storage[dst] = src[i];
      for (let k = nd - 1; k >= 0; k--) {
        if (++coord[k] < shape[k]) break;
        coord[k] = 0;
      }
    }
    return out;
  },
  backward([g], ctx): Tensor[] {
    const p = ctx.params;
    return [rollOp([g], { shifts: p.shifts.map((s) => -s), dims: p.dims })[0]];
  },
});

/** `x.roll(shifts, dims=())`: RollBackward0. */
export function roll(x: Tensor, shifts: number[], dims: number[]): Tensor {
  if (dims.length === 0 && shifts.length !== 1) {
    throw new TorchError('RuntimeError', `\`shifts\` required to be of size 1 when \`dims\` is empty, but got ${shifts.length}`);
  }
  if (dims.length > 0 && dims.length !== shifts.length) {
    throw new TorchError('RuntimeError', `shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
  }
  return rollOp([x], { shifts: shifts.slice(), dims: dims.map((d) => normalizeDim(d, x.ndim)) })[0];
}

// ---------------------------------------------------------------------------------------
// std_mean / var_mean
// ---------------------------------------------------------------------------------------

const varMeanOp = defineOp<{ mask: boolean[]; correction: number; keepdim: boolean; std: boolean }>({
  gradFn: (_i, p) => (p.std ? 'StdMeanBackward0' : 'VarMeanBackward0'),
  formula: ['grad_self = var/std backward + grad_mean / N'],
  forward([x], p) {
    const dims = maskDimsOf(p.mask);
    return [KR.varStd(x, dims, p.correction, p.keepdim, p.std), KR.mean(x, dims, p.keepdim)];
  },
  save: ([x], [v]) => [x, v],
  backward([gv, gm], ctx) {
    const [x, v] = ctx.saved;
    const p = ctx.params;
    let n = 1;
    for (let i = 0; i < x.ndim; i++) if (p.mask[i]) n *= x.shape[i];
    const restore = (t: Tensor): Tensor => {
      if (p.keepdim || x.ndim === 0) return t;
      let out = t;
      for (let i = 0; i < x.ndim; i++) if (p.mask[i]) out = unsqueeze(out, i);
      return out;
    };
    const gVar = p.std ? maskedFill(div(gv, mul(v, 2)), E.eq(v, { value: 0, kind: 'int' }), 0) : gv;
    const centered = sub(x, meanReduce(x, maskDimsOf(p.mask), { keepdim: true }));
    const gFromVar = mul(mul(2 / (n - p.correction), restore(gVar)), centered);
    return [add(gFromVar, div(restore(gm), n))];
  },
});
function maskDimsOf(mask: boolean[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) out.push(i);
  return out;
}

/** torch.var_mean / std_mean → (var|std, mean): VarMeanBackward0 / StdMeanBackward0. */
export function varMean(x: Tensor, dims: number | number[] | null, correction: number, keepdim: boolean, std: boolean): [Tensor, Tensor] {
  const mask = reducedDimsMask(dims, x.ndim);
  const [v, m] = varMeanOp([x], { mask, correction, keepdim: dims === null ? false : keepdim, std });
  return [v, m];
}

// ---------------------------------------------------------------------------------------
// quantile
// ---------------------------------------------------------------------------------------

/**
 * torch.quantile(x, q, dim=None, keepdim=False, interpolation='linear'), composed as PyTorch
 * does: sort along the reduced dim, ranks q·(n-1) (n-1 where a row has NaN), gather the values
 * below and above, lerp by the fractional part (LerpBackward1), squeeze.
 */
export function quantile(x: Tensor, q: Tensor | number, dim: number | null, keepdim: boolean, interpolation: string): Tensor {
  if (x.numel === 0) throw new TorchError('RuntimeError', 'quantile() input tensor must be non-empty');
  if (!isFloating(x.dtype)) throw new TorchError('RuntimeError', 'quantile() input tensor must be either float or double dtype');
  const modes = ['linear', 'lower', 'higher', 'midpoint', 'nearest'];
  if (!modes.includes(interpolation)) {
    throw new TorchError('RuntimeError', `quantile() interpolation must be one of linear, lower, higher, midpoint or nearest. Got ${interpolation}`);
  }
  let qT: Tensor;
  if (q instanceof Tensor) {
    if (q.ndim > 1) throw new TorchError('RuntimeError', 'quantile() q must be a scalar or 1D tensor');
    if (q.dtype !== x.dtype) throw new TorchError('RuntimeError', 'quantile() q tensor must be same dtype as the input tensor');
    qT = q;
  } else {
    if (!(q >= 0 && q <= 1)) throw new TorchError('RuntimeError', `quantile() q must be in the range [0, 1] but got ${q}`);
    qT = new Tensor(x.dtype === 'float32' ? Float32Array.of(q) : Float64Array.of(q), [], x.dtype);
  }
  const qv = qT.data();
  for (let i = 0; i < qv.length; i++) if (!(qv[i] >= 0 && qv[i] <= 1)) throw new TorchError('RuntimeError', 'quantile() q values must be in the range [0, 1]');
  // rows to select from, reduced dim last: [...outShape, n]
  let outShape: number[];
  let rowsSrc: Tensor;
  let order: Float64Array | null = null;
  if (dim === null) {
    outShape = keepdim ? x.shape.map(() => 1) : [];
    // the flat case gathers from the unsorted values through the sorting permutation
    rowsSrc = view(view(x, [x.numel]), [...outShape, x.numel]);
    order = Float64Array.from(argsort(view(x, [x.numel])).data());
  } else {
    const d = x.ndim === 0 ? 0 : normalizeDim(dim, x.ndim);
    outShape = x.shape.slice();
    if (x.ndim > 0) {
      if (keepdim) outShape[d] = 1;
      else outShape.splice(d, 1);
    }
    const moved = x.ndim === 0 || d === x.ndim - 1 ? x : moveTo(x, d, x.ndim - 1);
    rowsSrc = sort(reshape(moved, [...outShape, x.ndim === 0 ? 1 : x.shape[d]]), -1).values;
  }
  const n = rowsSrc.shape[rowsSrc.ndim - 1];
  const rows = rowsSrc.numel / Math.max(n, 1);
  const nq = qv.length;
  const r = rounder(x.dtype);
  const sorted = order === null ? rowsSrc.data() : Float64Array.from(order, (i) => x.data()[i]);
  // per (row, q): ranks and weights as PyTorch computes them, in the input's dtype
  const idxShape = [...outShape, nq];
  const below = emptyLike(idxShape, 'int64');
  const above = emptyLike(idxShape.slice(), 'int64');
  const weights = emptyLike(idxShape.slice(), x.dtype);
  for (let row = 0; row < rows; row++) {
    const hasNan = sorted[row * n + n - 1] !== sorted[row * n + n - 1];
    for (let j = 0; j < nq; j++) {
      // ranks in double precision (what PyTorch's results show: 0.2f·5 ranks above 1)
      let rank = hasNan ? n - 1 : qv[j] * (n - 1);
      if (interpolation === 'lower') rank = Math.floor(rank);
      else if (interpolation === 'higher') rank = Math.ceil(rank);
      else if (interpolation === 'nearest') rank = roundHalfEven(rank);
      const lo = Math.trunc(rank);
      const o = row * nq + j;
      below.storage[o] = order === null ? lo : order[lo];
      above.storage[o] = order === null ? Math.ceil(rank) : order[Math.ceil(rank)];
      weights.storage[o] = interpolation === 'midpoint' ? (rank === lo ? 0 : 0.5) : r(rank - lo);
    }
  }
  const mixed = lerp(gather(rowsSrc, -1, below), gather(rowsSrc, -1, above), weights); // [...outShape, nq]
  if (!(q instanceof Tensor) || q.ndim === 0) return squeeze(mixed, -1, true);
  // values_below.unsqueeze_(0).transpose_(0, -1).squeeze_(-1): [nq, ...outShape]
  return squeeze(transpose2(unsqueeze(mixed, 0, true), 0, mixed.ndim, true), -1, true);
}

/** x.movedim(src, dst) as the permute it records. */
function moveTo(x: Tensor, src: number, dst: number): Tensor {
  const order: number[] = [];
  for (let i = 0; i < x.ndim; i++) if (i !== src) order.push(i);
  order.splice(dst, 0, src);
  return permute(x, order);
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

// ---------------------------------------------------------------------------------------
// diagonal (a view) / einsum
// ---------------------------------------------------------------------------------------

interface DiagonalParams { offset: number; d1: number; d2: number }

function diagonalGeometry(shape: number[], strides: number[], offset: number, p: DiagonalParams): { shape: number[]; strides: number[]; offset: number } {
  const { d1, d2 } = p;
  let len: number;
  let off = offset;
  if (p.offset >= 0) {
    len = Math.max(Math.min(shape[d1], shape[d2] - p.offset), 0);
    if (len > 0) off += p.offset * strides[d2];
  } else {
    len = Math.max(Math.min(shape[d1] + p.offset, shape[d2]), 0);
    if (len > 0) off -= p.offset * strides[d1];
  }
  const s: number[] = [], st: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (i === d1 || i === d2) continue;
    s.push(shape[i]);
    st.push(strides[i]);
  }
  s.push(len);
  st.push(strides[d1] + strides[d2]);
  return { shape: s, strides: st, offset: off };
}

const diagonalBackwardOp = defineOp<DiagonalParams & { inputShape: number[] }>({
  gradFn: 'DiagonalBackwardBackward0',
  formula: ['grad_grad = grad.diagonal(offset, dim1, dim2)'],
  forward([g], p) {
    const out = emptyLike(p.inputShape.slice(), g.dtype);
    const geo = diagonalGeometry(p.inputShape, contiguousStrides(p.inputShape), 0, p);
    const target = makeView(out, geo.shape, geo.strides, geo.offset);
    E.copyInto(target, g);
    return out;
  },
  backward([gg], ctx) {
    const p = ctx.params;
    return [diagonal(gg, p.offset, p.d1, p.d2)];
  },
});

const diagonalView = defineViewOp<DiagonalParams>(
  'DiagonalBackward0',
  diagonalGeometry,
  (g, inputShape, p) => diagonalBackwardOp([g], { ...p, inputShape: inputShape.slice() })[0],
  'grad_self = zeros.diagonal(offset, dim1, dim2).copy_(grad)',
);

/** `x.diagonal(offset=0, dim1=0, dim2=1)`: a view (DiagonalBackward0). */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const d1 = normalizeDim(dim1, x.ndim), d2 = normalizeDim(dim2, x.ndim);
  if (d1 === d2) throw new TorchError('RuntimeError', `diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  return diagonalView(x, { offset, d1, d2 });
}

/** Label index as PyTorch orders them: 'A'-'Z' then 'a'-'z'. */
function labelIndex(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 90 ? code - 65 : code - 97 + 26;
}

/**
 * torch.einsum(equation, *operands), following at::einsum step by step so that the grad_fn
 * chain is PyTorch's: per operand diagonals for repeated labels, unsqueeze for missing labels,
 * one permute into the common label order; then pairwise contraction (sums of dims only one
 * side has, sumproduct_pair = permute/reshape/bmm/view/permute), and a final view (or sum for
 * a single operand) dropping the contracted dims.
 */
export function einsum(equation: string, operands: Tensor[]): Tensor {
  const eq = equation.replace(/\s+/g, '');
  if (eq.includes('.')) throw new TorchError('NotImplementedError', `einsum(): ellipsis ('...') in '${equation}' is not supported by Gradscope`);
  const arrow = eq.indexOf('->');
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const opTerms = lhs.split(',');
  if (opTerms.length !== operands.length) {
    throw new TorchError('RuntimeError', opTerms.length > operands.length
      ? 'einsum(): fewer operands were provided than specified in the equation'
      : 'einsum(): more operands were provided than specified in the equation');
  }
  const labelCount = new Array<number>(52).fill(0);
  opTerms.forEach((term, i) => {
    for (const c of term) {
      if (!/[a-zA-Z]/.test(c)) throw new TorchError('RuntimeError', `einsum(): invalid subscript given at index ${eq.indexOf(c)} in the equation string, subscripts must be in [a-zA-Z]`);
      labelCount[labelIndex(c)]++;
    }
    if (term.length !== operands[i].ndim) {
      throw new TorchError('RuntimeError', `einsum(): the number of subscripts in the equation (${term.length}) does not match the number of dimensions (${operands[i].ndim}) for operand ${i} and no ellipsis was given`);
    }
  });
  // output labels: explicit, or every label seen once in alphabetical order
  let outLabels: number[];
  if (arrow >= 0) {
    outLabels = [];
    for (const c of eq.slice(arrow + 2)) {
      const l = labelIndex(c);
      if (outLabels.includes(l)) throw new TorchError('RuntimeError', `einsum(): output subscript ${c} appears more than once in the output`);
      if (labelCount[l] === 0) throw new TorchError('RuntimeError', `einsum(): output subscript ${c} does not appear in the equation for any input operand`);
      outLabels.push(l);
    }
  } else {
    outLabels = [];
    for (let l = 0; l < 52; l++) if (labelCount[l] === 1) outLabels.push(l);
  }
  const permIndex = new Array<number>(52).fill(-1);
  let nPerm = 0;
  for (const l of outLabels) permIndex[l] = nPerm++;
  const outSize = nPerm;
  for (let l = 0; l < 52; l++) if (labelCount[l] > 0 && permIndex[l] === -1) permIndex[l] = nPerm++;

  // each operand → all labels, in permIndex order
  const ops: Tensor[] = operands.map((operand, i) => {
    let op = operand;
    const labelDim = new Array<number>(52).fill(-1);
    const permutation = new Array<number>(nPerm).fill(-1);
    let dim = 0;
    for (const c of opTerms[i]) {
      const l = labelIndex(c);
      if (labelDim[l] !== -1) {
        const prev = labelDim[l];
        if (op.shape[prev] !== op.shape[dim]) {
          throw new TorchError('RuntimeError', `einsum(): subscript ${c} is repeated for operand ${i} but the sizes don't match, ${op.shape[prev]} != ${op.shape[dim]}`);
        }
        op = moveLastTo(diagonal(op, 0, prev, dim), prev);
      } else {
        labelDim[l] = dim;
        permutation[permIndex[l]] = dim++;
      }
    }
    for (let k = 0; k < nPerm; k++) {
      if (permutation[k] === -1) {
        op = unsqueeze(op, dim);
        permutation[k] = dim++;
      }
    }
    return permute(op, permutation);
  });

  if (ops.length === 1) {
    if (nPerm - outSize > 0) {
      const dims: number[] = [];
      for (let d = outSize; d < nPerm; d++) dims.push(d);
      return sumDims(ops[0], dims, false);
    }
    return ops[0];
  }
  // operands with a non-broadcast size in each contracted dim
  const dimCounts = new Array<number>(nPerm).fill(0);
  for (const op of ops) for (let d = outSize; d < nPerm; d++) if (op.shape[d] !== 1) dimCounts[d]++;
  for (let d = outSize; d < nPerm; d++) {
    const sizes = ops.map((o) => o.shape[d]).filter((s) => s !== 1);
    if (sizes.some((s) => s !== sizes[0])) throw new TorchError('RuntimeError', `einsum(): operands do not broadcast with remapped shapes (original->remapped): ${operands.map((o, i) => `[${o.shape.join(', ')}]->[${ops[i].shape.join(', ')}]`).join(' ')}`);
  }
  while (ops.length > 1) {
    let a = ops[0];
    let b = ops[1];
    ops.splice(0, 2);
    const sumDimsList: number[] = [];
    const aSum: number[] = [], bSum: number[] = [];
    for (let d = outSize; d < nPerm; d++) {
      if (a.shape[d] !== 1 && b.shape[d] !== 1) {
        if (--dimCounts[d] === 1) {
          sumDimsList.push(d);
          dimCounts[d] = 0;
        }
      } else if (dimCounts[d] === 1) {
        if (a.shape[d] !== 1) {
          aSum.push(d);
          dimCounts[d] = 0;
        } else if (b.shape[d] !== 1) {
          bSum.push(d);
          dimCounts[d] = 0;
        }
      }
    }
    if (aSum.length > 0) a = sumDims(a, aSum, true);
    if (bSum.length > 0) b = sumDims(b, bSum, true);
    ops.unshift(sumproductPair(a, b, sumDimsList));
  }
  let result = ops[0];
  if (nPerm - outSize > 0) result = view(result, result.shape.slice(0, outSize));
  return result;
}

function sumDims(x: Tensor, dims: number[], keepdim: boolean): Tensor {
  return sumReduce(x, dims, { keepdim });
}

/** op.movedim(-1, dst) as a permute (what movedim records). */
function moveLastTo(x: Tensor, dst: number): Tensor {
  const n = x.ndim;
  const order: number[] = [];
  for (let i = 0; i < n - 1; i++) order.push(i);
  order.splice(dst, 0, n - 1);
  return permute(x, order);
}

/** at::sumproduct_pair with keepdim=True: (left · right) summed over sumDims via one bmm. */
function sumproductPair(left: Tensor, right: Tensor, sumDimsList: number[]): Tensor {
  if (sumDimsList.length === 0) return mul(left, right);
  const nd = left.ndim;
  const isSum = new Array<boolean>(nd).fill(false);
  for (const d of sumDimsList) isSum[d] = true;
  const lro: number[] = [], lo: number[] = [], ro: number[] = [];
  let lroSize = 1, loSize = 1, roSize = 1, sumSize = 1;
  for (let i = 0; i < nd; i++) {
    const sl = left.shape[i] !== 1, sr = right.shape[i] !== 1;
    if (isSum[i]) {
      if (sl && sr) sumSize *= left.shape[i];
      else if (sl) left = sumDims(left, [i], true);
      else if (sr) right = sumDims(right, [i], true);
    } else if (sl && sr) {
      lro.push(i);
      lroSize *= left.shape[i];
    } else if (sl) {
      lo.push(i);
      loSize *= left.shape[i];
    } else {
      ro.push(i);
      roSize *= right.shape[i];
    }
  }
  const outShape = [...lro.map((d) => left.shape[d]), ...lo.map((d) => left.shape[d]), ...sumDimsList.map(() => 1), ...ro.map((d) => right.shape[d])];
  const lperm = [...lro, ...lo, ...sumDimsList, ...ro];
  const rperm = [...lro, ...sumDimsList, ...ro, ...lo];
  const operm = new Array<number>(nd).fill(-1);
  let k = 0;
  for (const d of [...lro, ...lo, ...sumDimsList, ...ro]) operm[d] = k++;
  const l = reshape(permute(left, lperm), [lroSize, loSize, sumSize]);
  const r = reshape(permute(right, rperm), [lroSize, sumSize, roSize]);
  return permute(view(bmm(l, r), outShape), operm);
}
