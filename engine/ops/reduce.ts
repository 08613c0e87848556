// Reductions: sum, mean, prod, max/min, amax/amin, argmax/argmin, norm, var/std,
// logsumexp, cumsum, all/any, and sumToShape (the broadcast-gradient reducer autograd uses).
import { defineOp } from '../autograd';
import { allocStorage, DType, isFloating, Storage } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { copyStrided, numelOf, Tensor } from '../tensor/tensor';
import { reducedDimsMask, reducedShape } from '../tensor/kernels/util';
import { expand, registerSumDims, registerSumToShape, reshape, unsqueeze, view } from './shape';

// ---------------------------------------------------------------------------------------
// layout helper: reduced dims last, so each output element reads one contiguous run
// ---------------------------------------------------------------------------------------

/** `x`'s elements with kept dims first and reduced dims last, dense: run length = reduced numel. */
export function gatherRuns(x: Tensor, mask: readonly boolean[]): { data: Storage; outer: number; run: number } {
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const redShape: number[] = [];
  const redStrides: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (mask[i]) { redShape.push(x.shape[i]); redStrides.push(x.strides[i]); }
    else { keptShape.push(x.shape[i]); keptStrides.push(x.strides[i]); }
  }
  const permuted = new Tensor(x.storage, [...keptShape, ...redShape], x.dtype, [...keptStrides, ...redStrides], x.offset);
  const data = allocStorage(x.dtype, x.numel);
  copyStrided(permuted, data, 0);
  return { data, outer: numelOf(keptShape), run: numelOf(redShape) };
}

/** Normalised dims argument: null = all dims. */
export type DimArg = number | readonly number[] | null | undefined;

function maskOf(x: Tensor, dim: DimArg): boolean[] {
  return reducedDimsMask(dim, x.ndim);
}

/** Output dtype of sum/prod: integral and bool inputs accumulate in int64. */
function sumDtype(d: DType, dtype?: DType): DType {
  if (dtype) return dtype;
  return isFloating(d) ? d : 'int64';
}

/** Pairwise sum of `n` values from `data[start]` (float32 rounding per partial sum). */
function cascadeSum(data: Storage, start: number, n: number, f32: boolean): number {
  if (n <= 8) {
    let acc = 0;
    if (f32) for (let i = 0; i < n; i++) acc = Math.fround(acc + data[start + i]);
    else for (let i = 0; i < n; i++) acc += data[start + i];
    return acc;
  }
  const half = n >> 1;
  const s = cascadeSum(data, start, half, f32) + cascadeSum(data, start + half, n - half, f32);
  return f32 ? Math.fround(s) : s;
}

// ---------------------------------------------------------------------------------------
// sum / mean
// ---------------------------------------------------------------------------------------

interface SumParams { mask: boolean[]; keepdim: boolean; dtype?: DType; all: boolean }

function sumRaw(x: Tensor, mask: boolean[], keepdim: boolean, dtype?: DType): Tensor {
  const outDtype = sumDtype(x.dtype, dtype);
  const src = x.dtype === outDtype ? x : castCopy(x, outDtype);
  const { data, outer, run } = gatherRuns(src, mask);
  const out = allocStorage(outDtype, outer);
  const f32 = outDtype === 'float32';
  for (let o = 0; o < outer; o++) out[o] = cascadeSum(data, o * run, run, f32);
  return new Tensor(out, reducedShape(x.shape, mask, keepdim), outDtype);
}

function castCopy(x: Tensor, d: DType): Tensor {
  const src = x.data();
  const out = allocStorage(d, src.length);
  if (d === 'bool') for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
  else if (d === 'int64' && isFloating(x.dtype)) for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  else out.set(src);
  return new Tensor(out, x.shape.slice(), d);
}

/** Brings a reduced gradient back to the input's shape: unsqueeze the dropped dims, expand. */
export function expandReducedGrad(g: Tensor, inputShape: number[], mask: boolean[], keepdim: boolean): Tensor {
  let out = g;
  if (!keepdim && inputShape.length > 0) {
    for (let i = 0; i < inputShape.length; i++) if (mask[i]) out = unsqueeze(out, i);
  }
  return expand(out, inputShape);
}

const sumOp = defineOp<SumParams>({
  gradFn: (_i, p) => (p.all ? 'SumBackward0' : 'SumBackward1'),
  formula: ['grad_self = grad.expand(self.shape)'],
  forward([x], p) {
    return sumRaw(x, p.mask, p.keepdim, p.dtype);
  },
  backward([g], ctx) {
    const p = ctx.params;
    return [expandReducedGrad(g, ctx.inputs[0].shape, p.mask, p.keepdim)];
  },
});

export interface ReduceOptions {
  keepdim?: boolean;
  dtype?: DType;
}

/** `x.sum()` (SumBackward0) / `x.sum(dim, keepdim, dtype)` (SumBackward1). */
export function sum(x: Tensor, dim?: DimArg, opts: ReduceOptions = {}): Tensor {
  const all = dim === undefined || dim === null;
  return sumOp([x], { mask: maskOf(x, dim), keepdim: !all && (opts.keepdim ?? false), dtype: opts.dtype, all })[0];
}

/**
 * Sums a broadcast gradient down to `shape` (PyTorch's sum_to): sum over the leading dims and
 * the dims that were 1, then view to `shape`.
 */
export function sumToShape(g: Tensor, shape: number[]): Tensor {
  if (g.ndim === shape.length && g.shape.every((s, i) => s === shape[i])) return g;
  const lead = g.ndim - shape.length;
  if (lead < 0) return reshape(g, shape);
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead) dims.push(i);
    else if (shape[i - lead] === 1 && g.shape[i] !== 1) dims.push(i);
  }
  let out = g;
  if (dims.length > 0) out = sumOp([g], { mask: maskOf(g, dims), keepdim: true, all: false })[0];
  if (lead > 0 || dims.length === 0) out = view(out, shape);
  return out;
}

/** Sum over dims without keepdim (for repeat's backward). */
function sumDims(g: Tensor, dims: number[]): Tensor {
  return sum(g, dims);
}

registerSumToShape(sumToShape);
registerSumDims(sumDims);
