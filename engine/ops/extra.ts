// Ops beyond the core families, built on the existing kernels: median / nanmedian, quantile,
// sort / argsort / topk, and the other tutorial-level ops the torch binding adds.
import { defineOp } from '../autograd';
import { TorchError } from '../tensor/errors';
import { Tensor, numelOf } from '../tensor/tensor';
import { contiguousCopy, emptyLike, normalizeDim } from '../tensor/kernels/util';
import * as KI from '../tensor/kernels/indexing';
import * as E from '../tensor/kernels/elementwise';
import * as KR from '../tensor/kernels/reduce';
import { unary } from '../tensor/kernels/unary';
import { div, mul } from './arithmetic';
import { scatterInto } from './indexing';
import { unsqueeze } from './shape';

/** PyTorch's value order for selection: NaN is the largest value. */
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
  const swap = (i: number, j: number): void => {
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  };
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
    // __unguarded_partition_pivot: the median of (first+1, mid, last-1) moved to first
    const mid = first + ((last - first) >> 1);
    const a = first + 1, b = mid, c = last - 1;
    const lt = (i: number, j: number): boolean => less(idx[i], idx[j]);
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
      if (!(lo < hi)) break;
      swap(lo, hi);
      lo++;
    }
    if (lo <= nth) first = lo;
    else last = lo;
  }
  // __insertion_sort(first, last)
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
    const [indices] = ctx.saved;
    const p = ctx.params;
    const shape = ctx.inputs[0].shape;
    if (shape.length === 0) return [g];
    const gk = p.keepdim ? g : unsqueeze(g, p.dim);
    const ik = p.keepdim ? indices : new Tensor(indices.data(), [...indices.shape.slice(0, p.dim), 1, ...indices.shape.slice(p.dim)], 'int64');
    return [scatterInto(shape, p.dim, ik, gk)];
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
