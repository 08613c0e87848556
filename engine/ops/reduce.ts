// Reductions: sum, mean, prod, max/min, amax/amin, argmax/argmin, norm, var/std,
// logsumexp, cumsum, all/any, and sumToShape (the broadcast-gradient reducer autograd uses).
import { defineOp } from '../autograd';
import { DType, isFloating } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';
import { normalizeDim, pyInt, reducedDimsMask } from '../tensor/kernels/util';

const ZERO = pyInt(0);
import * as K from '../tensor/kernels/reduce';
import * as E from '../tensor/kernels/elementwise';
import { div, mul, pow, sub } from './arithmetic';
import { eq, isnan, logicalOr } from './compare';
import { abs, exp, sgn } from './unary';
import { maskedFill, scatterInto } from './indexing';
import { expand, flip, registerSumDims, registerSumToShape, reshape, unsqueeze, view } from './shape';

/** Normalised dims argument: null = all dims. */
export type DimArg = number | readonly number[] | null | undefined;

function maskOf(x: Tensor, dim: DimArg): boolean[] {
  return reducedDimsMask(dim, x.ndim);
}

function isAll(dim: DimArg): boolean {
  return dim === undefined || dim === null;
}

// ---------------------------------------------------------------------------------------
// sum / mean
// ---------------------------------------------------------------------------------------

interface SumParams { mask: boolean[]; keepdim: boolean; dtype?: DType; all: boolean }

function maskDims(mask: boolean[]): number[] {
  const dims: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) dims.push(i);
  return dims;
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
    return K.sum(x, maskDims(p.mask), p.keepdim, p.dtype);
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

const meanOp = defineOp<SumParams & { count: number }>({
  gradFn: (_i, p) => (p.all ? 'MeanBackward0' : 'MeanBackward1'),
  formula: ['grad_self = grad.expand(self.shape) / N'],
  forward([x], p) {
    return K.mean(x, maskDims(p.mask), p.keepdim, p.dtype);
  },
  backward([g], ctx) {
    const p = ctx.params;
    return [div(expandReducedGrad(g, ctx.inputs[0].shape, p.mask, p.keepdim), p.count)];
  },
});

/** `x.mean()` (MeanBackward0) / `x.mean(dim, keepdim, dtype)` (MeanBackward1). */
export function mean(x: Tensor, dim?: DimArg, opts: ReduceOptions = {}): Tensor {
  const all = isAll(dim);
  const mask = maskOf(x, dim);
  let count = 1;
  for (let i = 0; i < x.ndim; i++) if (mask[i]) count *= x.shape[i];
  return meanOp([x], { mask, keepdim: !all && (opts.keepdim ?? false), dtype: opts.dtype, all, count })[0];
}

// ---------------------------------------------------------------------------------------
// prod
// ---------------------------------------------------------------------------------------

/** Product of the other elements of each reduced run (exact where zeros make result/x undefined). */
function productOfOthers(x: Tensor, mask: boolean[]): Tensor {
  // permute reduced dims last, walk each run with prefix/suffix products
  const kept: number[] = [];
  const red: number[] = [];
  for (let i = 0; i < x.ndim; i++) (mask[i] ? red : kept).push(i);
  const order = [...kept, ...red];
  const permuted = new Tensor(x.storage, order.map((d) => x.shape[d]), x.dtype, order.map((d) => x.strides[d]), x.offset);
  const data = permuted.data();
  let run = 1;
  for (const d of red) run *= x.shape[d];
  const outP = new Float64Array(data.length);
  const prefix = new Float64Array(run + 1);
  for (let start = 0; start + run <= data.length && run > 0; start += run) {
    prefix[0] = 1;
    for (let i = 0; i < run; i++) prefix[i + 1] = prefix[i] * data[start + i];
    let suffix = 1;
    for (let i = run - 1; i >= 0; i--) {
      outP[start + i] = prefix[i] * suffix;
      suffix *= data[start + i];
    }
  }
  // scatter back to x's row-major order
  const inv = new Array<number>(order.length);
  for (let i = 0; i < order.length; i++) inv[order[i]] = i;
  const permShape = order.map((d) => x.shape[d]);
  const permStrides = contiguousStridesOf(permShape);
  const back = new Tensor(outP, x.shape.slice(), 'float64', inv.map((i) => permStrides[i]), 0);
  const dense = back.data();
  const out = new Tensor(x.dtype === 'float32' ? Float32Array.from(dense) : Float64Array.from(dense), x.shape.slice(), x.dtype);
  return out;
}

function contiguousStridesOf(shape: number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= Math.max(shape[i], 1);
  }
  return st;
}

const prodOp = defineOp<SumParams>({
  gradFn: (_i, p) => (p.all ? 'ProdBackward0' : 'ProdBackward1'),
  formula: ['grad_self = grad · prod / self (product of the others where self == 0)'],
  forward([x], p) {
    return K.prod(x, maskDims(p.mask), p.keepdim, p.dtype);
  },
  save: ([x], [out]) => [x, out],
  backward([g], ctx) {
    const [x, result] = ctx.saved;
    const p = ctx.params;
    const gExp = expandReducedGrad(g, x.shape, p.mask, p.keepdim);
    let hasZero = false;
    const xd = x.data();
    for (let i = 0; i < xd.length; i++) if (xd[i] === 0) { hasZero = true; break; }
    if (!hasZero) return [div(mul(gExp, expandReducedGrad(result, x.shape, p.mask, p.keepdim)), x)];
    return [mul(gExp, productOfOthers(x, p.mask))];
  },
});

/** `x.prod()` (ProdBackward0) / `x.prod(dim, keepdim, dtype)` (ProdBackward1). */
export function prod(x: Tensor, dim?: number | null, opts: ReduceOptions = {}): Tensor {
  const all = isAll(dim);
  return prodOp([x], { mask: maskOf(x, dim), keepdim: !all && (opts.keepdim ?? false), dtype: opts.dtype, all })[0];
}

// ---------------------------------------------------------------------------------------
// max / min / amax / amin / argmax / argmin
// ---------------------------------------------------------------------------------------

interface ExtremeAllParams { isMax: boolean }
const extremeAllOp = defineOp<ExtremeAllParams>({
  gradFn: (_i, p) => (p.isMax ? 'MaxBackward1' : 'MinBackward1'),
  formula: ['grad_self = grad / count(self == result) at every maximal element'],
  forward([x], p) {
    return p.isMax ? K.maxAll(x) : K.minAll(x);
  },
  save: ([x], [out]) => [x, out],
  backward([g], ctx) {
    const [x, result] = ctx.saved;
    // ties share the gradient evenly (PyTorch's evenly_distribute_backward)
    const mask = E.eq(x, result);
    const count = K.sum(mask);
    return [mul(mask, div(g, count))];
  },
});

export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

interface ExtremeDimParams { isMax: boolean; dim: number; keepdim: boolean }
const extremeDimOp = defineOp<ExtremeDimParams>({
  gradFn: (_i, p) => (p.isMax ? 'MaxBackward0' : 'MinBackward0'),
  formula: ['grad_self = zeros.scatter(dim, indices, grad)'],
  differentiableOutputs: 1,
  forward([x], p) {
    const r = p.isMax ? K.maxDim(x, p.dim, p.keepdim) : K.minDim(x, p.dim, p.keepdim);
    return [r.values, r.indices];
  },
  save: (_inputs, [, indices]) => [indices],
  backward([g], ctx) {
    return [selectedIndexGrad(g, ctx.saved[0], ctx.inputs[0].shape, ctx.params.dim, ctx.params.keepdim)];
  },
});

/**
 * The gradient of a (values, indices) reduction along `dim` (max/min/kthvalue/median/mode):
 * zeros of the input's shape with each gradient written at its saved index.
 */
export function selectedIndexGrad(g: Tensor, indices: Tensor, shape: number[], dim: number, keepdim: boolean): Tensor {
  if (shape.length === 0) return g;
  const gk = keepdim ? g : unsqueeze(g, dim);
  const ik = keepdim ? indices : unsqueezeRaw(indices, dim);
  return scatterInto(shape, dim, ik, gk);
}

function unsqueezeRaw(t: Tensor, dim: number): Tensor {
  const shape = t.shape.slice();
  shape.splice(dim, 0, 1);
  return new Tensor(t.data(), shape, t.dtype);
}

/** `x.max()` (MaxBackward1) or `x.max(dim, keepdim)` → {values, indices} (MaxBackward0). */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number | null, keepdim = false): Tensor | ValuesIndices {
  return extreme(x, dim, keepdim, true);
}
/** `x.min()` (MinBackward1) or `x.min(dim, keepdim)` → {values, indices} (MinBackward0). */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number | null, keepdim = false): Tensor | ValuesIndices {
  return extreme(x, dim, keepdim, false);
}
function extreme(x: Tensor, dim: number | null | undefined, keepdim: boolean, isMax: boolean): Tensor | ValuesIndices {
  if (dim === undefined || dim === null) return extremeAllOp([x], { isMax })[0];
  const d = normalizeDim(dim, x.ndim);
  const [values, indices] = extremeDimOp([x], { isMax, dim: d, keepdim });
  return { values, indices };
}

interface AextremeParams { isMax: boolean; mask: boolean[]; keepdim: boolean }
const aextremeOp = defineOp<AextremeParams>({
  gradFn: (_i, p) => (p.isMax ? 'AmaxBackward0' : 'AminBackward0'),
  formula: ['grad_self = grad / count(ties) at every extremal element'],
  forward([x], p) {
    const dims = maskDims(p.mask);
    return p.isMax ? K.amax(x, dims, p.keepdim) : K.amin(x, dims, p.keepdim);
  },
  save: ([x], [out]) => [x, out],
  backward([g], ctx) {
    const [x, result] = ctx.saved;
    const p = ctx.params;
    const gR = restoreReduced(g, x.ndim, p.mask, p.keepdim);
    const rR = restoreReduced(result, x.ndim, p.mask, p.keepdim);
    const mask = E.eq(rR, x);
    const count = K.sum(mask, maskDims(p.mask), true);
    return [mul(div(gR, count), mask)];
  },
});

/** Unsqueezes the dims a reduction dropped (no expand). */
function restoreReduced(t: Tensor, ndim: number, mask: boolean[], keepdim: boolean): Tensor {
  if (keepdim || ndim === 0) return t;
  let out = t;
  for (let i = 0; i < ndim; i++) if (mask[i]) out = unsqueeze(out, i);
  return out;
}

/** `x.amax(dim=(), keepdim=False)`: AmaxBackward0 (ties share the gradient). */
export function amax(x: Tensor, dim: DimArg = null, keepdim = false): Tensor {
  return aextremeOp([x], { isMax: true, mask: maskOf(x, dim), keepdim })[0];
}
export function amin(x: Tensor, dim: DimArg = null, keepdim = false): Tensor {
  return aextremeOp([x], { isMax: false, mask: maskOf(x, dim), keepdim })[0];
}

export function argmax(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return K.argmax(x, dim, keepdim);
}
export function argmin(x: Tensor, dim: number | null = null, keepdim = false): Tensor {
  return K.argmin(x, dim, keepdim);
}

// ---------------------------------------------------------------------------------------
// norm
// ---------------------------------------------------------------------------------------

interface NormParams { p: number; mask: boolean[]; keepdim: boolean }
const normOp = defineOp<NormParams>({
  gradFn: 'LinalgVectorNormBackward0',
  formula: ['grad_self = self · |self|^(p-2) · grad / norm^(p-1)'],
  forward([x], p) {
    return K.norm(x, p.p, maskDims(p.mask), p.keepdim);
  },
  save: ([x], [out]) => [x, out],
  backward([g], ctx) {
    const [x, result] = ctx.saved;
    const { p, mask, keepdim } = ctx.params;
    const gR = restoreReduced(g, x.ndim, mask, keepdim);
    const nR = restoreReduced(result, x.ndim, mask, keepdim);
    if (p === 0) return [mul(x, 0)];
    if (p === 1) return [mul(sgn(x), gR)];
    if (p === 2) return [maskedFill(mul(x, div(gR, nR)), E.eq(nR, ZERO), 0)];
    if (!Number.isFinite(p)) {
      const xAbs = abs(x);
      const m = logicalOr(eq(xAbs, nR), isnan(xAbs));
      return [mul(sgn(x), mul(div(gR, K.sum(m, maskDims(mask), true)), m))];
    }
    if (p < 1) {
      const scaled = maskedFill(mul(sgn(x), pow(abs(x), p - 1)), E.eq(x, ZERO), 0);
      return [mul(mul(scaled, gR), pow(nR, 1 - p))];
    }
    if (p < 2) {
      return [maskedFill(mul(mul(mul(sgn(x), pow(abs(x), p - 1)), gR), pow(nR, 1 - p)), E.eq(nR, ZERO), 0)];
    }
    return [maskedFill(div(mul(mul(x, pow(abs(x), p - 2)), gR), pow(nR, p - 1)), E.eq(nR, ZERO), 0)];
  },
});

/** `x.norm(p=2, dim=None, keepdim=False)` / `torch.linalg.vector_norm`: LinalgVectorNormBackward0. */
export function norm(x: Tensor, p: number | 'fro' = 2, dim: DimArg = null, keepdim = false): Tensor {
  const pn = p === 'fro' ? 2 : p;
  return normOp([x], { p: pn, mask: maskOf(x, dim), keepdim })[0];
}

// ---------------------------------------------------------------------------------------
// var / std
// ---------------------------------------------------------------------------------------

interface VarParams { mask: boolean[]; correction: number; keepdim: boolean; std: boolean }

function varBackward(g: Tensor, x: Tensor, p: VarParams): Tensor {
  let n = 1;
  for (let i = 0; i < x.ndim; i++) if (p.mask[i]) n *= x.shape[i];
  const dof = n - p.correction;
  const gR = restoreReduced(g, x.ndim, p.mask, p.keepdim);
  return mul(mul(2 / dof, gR), sub(x, mean(x, maskDims(p.mask), { keepdim: true })));
}

const varOp = defineOp<VarParams>({
  gradFn: (_i, p) => (p.std ? 'StdBackward0' : 'VarBackward0'),
  formula: ['grad_self = 2 / (N - correction) · grad · (self - mean)'],
  forward([x], p) {
    return K.varStd(x, maskDims(p.mask), p.correction, p.keepdim, p.std);
  },
  save: ([x], [out], p) => (p.std ? [x, out] : [x]),
  backward([g], ctx) {
    const p = ctx.params;
    const x = ctx.saved[0];
    if (!p.std) return [varBackward(g, x, p)];
    const result = ctx.saved[1];
    const gVar = maskedFill(div(g, mul(result, 2)), E.eq(result, ZERO), 0);
    return [varBackward(gVar, x, p)];
  },
});

export interface VarOptions {
  correction?: number;
  unbiased?: boolean;
  keepdim?: boolean;
}
function correctionOf(o: VarOptions): number {
  if (o.correction !== undefined) return o.correction;
  if (o.unbiased !== undefined) return o.unbiased ? 1 : 0;
  return 1;
}
/** `x.var(dim, correction=1, keepdim)`: VarBackward0. */
export function variance(x: Tensor, dim: DimArg = null, opts: VarOptions = {}): Tensor {
  return varOp([x], { mask: maskOf(x, dim), correction: correctionOf(opts), keepdim: opts.keepdim ?? false, std: false })[0];
}
/** `x.std(dim, correction=1, keepdim)`: StdBackward0. */
export function std(x: Tensor, dim: DimArg = null, opts: VarOptions = {}): Tensor {
  return varOp([x], { mask: maskOf(x, dim), correction: correctionOf(opts), keepdim: opts.keepdim ?? false, std: true })[0];
}

// ---------------------------------------------------------------------------------------
// logsumexp / cumsum / all / any
// ---------------------------------------------------------------------------------------

const logsumexpOp = defineOp<{ mask: boolean[]; keepdim: boolean }>({
  gradFn: 'LogsumexpBackward0',
  formula: ['grad_self = grad · exp(self - result)'],
  forward([x], p) {
    return K.logsumexp(x, maskDims(p.mask), p.keepdim);
  },
  save: ([x], [out]) => [x, out],
  backward([g], ctx) {
    const [x, result] = ctx.saved;
    const { mask, keepdim } = ctx.params;
    return [mul(restoreReduced(g, x.ndim, mask, keepdim), exp(sub(x, restoreReduced(result, x.ndim, mask, keepdim))))];
  },
});

/** `torch.logsumexp(x, dim, keepdim)`: LogsumexpBackward0. */
export function logsumexp(x: Tensor, dim: DimArg, keepdim = false): Tensor {
  return logsumexpOp([x], { mask: maskOf(x, dim), keepdim })[0];
}

const cumsumOp = defineOp<{ dim: number; dtype?: DType }>({
  gradFn: 'CumsumBackward0',
  formula: ['grad_self = grad.flip(dim).cumsum(dim).flip(dim)'],
  forward([x], p) {
    return K.cumsum(x, p.dim, p.dtype);
  },
  backward([g], ctx) {
    const d = ctx.params.dim;
    if (g.numel <= 1 || g.ndim === 0 || g.shape[d] === 1) return [g];
    return [flip(cumsum(flip(g, [d]), d), [d])];
  },
});

/** `x.cumsum(dim, dtype)`: CumsumBackward0. */
export function cumsum(x: Tensor, dim: number, dtype?: DType): Tensor {
  return cumsumOp([x], { dim: normalizeDim(dim, x.ndim), dtype })[0];
}

export function all(x: Tensor, dim: DimArg = null, keepdim = false): Tensor {
  return K.all(x, dim, keepdim);
}
export function any(x: Tensor, dim: DimArg = null, keepdim = false): Tensor {
  return K.any(x, dim, keepdim);
}
