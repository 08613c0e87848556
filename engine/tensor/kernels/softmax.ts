// softmax / log_softmax along a dim and the loss kernels (mse, l1, nll, cross_entropy,
// binary_cross_entropy). softmax follows PyTorch CPU's float kernels: subtract the max,
// exp, sum (over the last dim in the 8-lane vector order, otherwise sequentially), multiply
// by the reciprocal of the sum; log_softmax gives (x - max) - log(sum).
import { isFloating, Storage } from '../dtype';
import { scalarTypeName, TorchError } from '../errors';
import { numelOf, Tensor } from '../tensor';
import { binary } from './elementwise';
import { mean, sum } from './reduce';
import { expFdlibm, unary } from './unary';
import { contiguousCopy, emptyLike, normalizeDim } from './util';

export type Reduction = 'none' | 'mean' | 'sum';

const LANES = 8; // AVX2 float vectors, the kernels the reference machine dispatches to

/**
 * Σ values[start + i*stride], i < n, in the order of PyTorch's vectorised reduce_all: lane
 * accumulators over whole vectors, a partial last vector into its first lanes, then the
 * lanes folded ((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7)); fewer than 8 values sum in order.
 */
function vecReduceSum(v: Storage, start: number, n: number, f32: boolean): number {
  const f = f32 ? Math.fround : (x: number): number => x;
  if (n < LANES) {
    let acc = v[start];
    for (let i = 1; i < n; i++) acc = f(acc + v[start + i]);
    return acc;
  }
  const l = new Float64Array(LANES);
  for (let k = 0; k < LANES; k++) l[k] = v[start + k];
  let d = LANES;
  const full = n - (n % LANES);
  for (; d < full; d += LANES) for (let k = 0; k < LANES; k++) l[k] = f(l[k] + v[start + d + k]);
  for (let k = 0; d + k < n; k++) l[k] = f(l[k] + v[start + d + k]);
  return f(f(f(l[0] + l[4]) + f(l[2] + l[6])) + f(f(l[1] + l[5]) + f(l[3] + l[7])));
}

function checkFloat(x: Tensor, kernel: string): void {
  if (!isFloating(x.dtype)) {
    throw new TorchError('NotImplementedError', `"${kernel}" not implemented for '${scalarTypeName(x.dtype)}'`);
  }
}

function softmaxImpl(x: Tensor, dim: number, log: boolean): Tensor {
  const d = normalizeDim(dim, x.ndim);
  const out = contiguousCopy(x);
  const o = out.storage;
  const f32 = x.dtype === 'float32';
  const f = f32 ? Math.fround : (v: number): number => v;
  if (x.ndim === 0) {
    o[0] = log ? 0 : 1;
    return out;
  }
  const size = x.shape[d];
  const inner = numelOf(x.shape.slice(d + 1));
  const outer = numelOf(x.shape.slice(0, d));
  const lastDim = inner === 1;
  const tmp = new Float64Array(size);
  for (let a = 0; a < outer; a++) {
    for (let i = 0; i < inner; i++) {
      const base = a * size * inner + i;
      let max = -Infinity;
      for (let k = 0; k < size; k++) {
        const v = o[base + k * inner];
        if (v !== v || v > max) max = v !== v ? NaN : v;
        if (max !== max) break;
      }
      for (let k = 0; k < size; k++) tmp[k] = f(expFdlibm(f(o[base + k * inner] - max)));
      let s: number;
      if (lastDim) s = vecReduceSum(tmp, 0, size, f32);
      else {
        s = 0;
        for (let k = 0; k < size; k++) s = f(s + tmp[k]);
      }
      if (log) {
        const ls = f(Math.log(s));
        for (let k = 0; k < size; k++) o[base + k * inner] = f(f(o[base + k * inner] - max) - ls);
      } else {
        const r = f(1 / s);
        for (let k = 0; k < size; k++) o[base + k * inner] = tmp[k] * r;
      }
    }
  }
  return out;
}

/** torch.softmax(x, dim) for float tensors. */
export function softmax(x: Tensor, dim: number): Tensor {
  checkFloat(x, 'softmax_lastdim_kernel_impl');
  return softmaxImpl(x, dim, false);
}

/** torch.log_softmax(x, dim) for float tensors. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  checkFloat(x, 'log_softmax_lastdim_kernel_impl');
  return softmaxImpl(x, dim, true);
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'mean' ? mean(loss) : sum(loss);
}

/** F.mse_loss: ((input - target)²) then mean / sum (PyTorch's order: elementwise, then the reduction kernel). */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  const diff = binary('sub', input, target);
  return reduce(binary('mul', diff, diff), reduction);
}

/** F.l1_loss: |input - target| then mean / sum. */
export function l1Loss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  return reduce(unary('abs', binary('sub', input, target)), reduction);
}

/**
 * F.nll_loss(logp [N, C] or [C], target [N] or []): -logp[n, target[n]], skipping
 * ignore_index. The mean and sum use PyTorch's 8-level cascade over the batch.
 */
export function nllLoss(logp: Tensor, target: Tensor, reduction: Reduction = 'mean', ignoreIndex = -100, weight: Tensor | null = null): Tensor {
  if (target.dtype !== 'int64' && target.dtype !== 'uint8') {
    throw new TorchError('RuntimeError', `expected target dtype to be Long or Byte, but got ${scalarTypeName(target.dtype)}`);
  }
  if (logp.ndim < 1 || logp.ndim > 2) {
    throw new TorchError('ValueError', `Expected 2 or more dimensions (got ${logp.ndim})`);
  }
  const batched = logp.ndim === 2;
  const N = batched ? logp.shape[0] : 1;
  const C = batched ? logp.shape[1] : logp.shape[0];
  if (batched && (target.ndim !== 1 || target.shape[0] !== N)) {
    throw new TorchError('ValueError', `Expected input batch_size (${N}) to match target batch_size (${target.ndim === 0 ? 1 : target.shape[0]}).`);
  }
  const x = logp.data();
  const t = target.data();
  const w = weight ? weight.data() : null;
  const f32 = logp.dtype === 'float32';
  const f = f32 ? Math.fround : (v: number): number => v;
  if (reduction === 'none') {
    const out = emptyLike(batched ? [N] : [], logp.dtype);
    for (let b = 0; b < N; b++) {
      const c = t[b];
      if (c === ignoreIndex) continue;
      if (c < 0 || c >= C) throw new TorchError('IndexError', `Target ${c} is out of bounds.`);
      out.storage[b] = w ? -f(x[b * C + c] * w[c]) : -x[b * C + c];
    }
    return out;
  }
  const LEVELS = 8;
  const levelPower = Math.max(4, Math.floor(ceilLog2(N) / LEVELS));
  const levelMask = (1 << levelPower) - 1;
  const lossParts = new Float64Array(LEVELS);
  const weightParts = new Float64Array(LEVELS);
  let ignored = 0;
  for (let b = 0; b < N; b++) {
    const c = t[b];
    if (c === ignoreIndex) { ignored++; continue; }
    if (c < 0 || c >= C) throw new TorchError('IndexError', `Target ${c} is out of bounds.`);
    const v = x[b * C + c];
    if (w) {
      lossParts[0] = f(lossParts[0] - f(v * w[c]));
      weightParts[0] = f(weightParts[0] + w[c]);
    } else lossParts[0] = f(lossParts[0] - v);
    for (let j = 0; j + 1 < LEVELS; j++) {
      if ((b & (levelMask * 2 ** (j * levelPower))) !== 0) break;
      lossParts[j + 1] = f(lossParts[j + 1] + lossParts[j]);
      weightParts[j + 1] = f(weightParts[j + 1] + weightParts[j]);
      lossParts[j] = 0;
      weightParts[j] = 0;
    }
  }
  let totalWeight = N - ignored;
  if (w) {
    totalWeight = 0;
    for (let j = 0; j < LEVELS; j++) totalWeight = f(totalWeight + weightParts[j]);
  }
  let loss = 0;
  for (let j = 0; j < LEVELS; j++) loss = f(loss + lossParts[j]);
  if (reduction === 'mean') loss = f(loss / totalWeight);
  const out = emptyLike([], logp.dtype);
  out.storage[0] = loss;
  return out;
}

function ceilLog2(x: number): number {
  if (x <= 2) return 1;
  return 32 - Math.clz32(x - 1);
}

/** F.cross_entropy with class indices: log_softmax over dim 1 (or 0 for 1-D input), then nll_loss. */
export function crossEntropy(input: Tensor, target: Tensor, reduction: Reduction = 'mean', ignoreIndex = -100, weight: Tensor | null = null): Tensor {
  return nllLoss(logSoftmax(input, input.ndim === 1 ? 0 : 1), target, reduction, ignoreIndex, weight);
}

/**
 * F.binary_cross_entropy(p, y): -(y·max(log p, -100) + (1-y)·max(log(1-p), -100)), computed
 * as PyTorch's kernel does: (y - 1)·max(log1p(-p), -100) - y·max(log p, -100).
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, reduction: Reduction = 'mean', weight: Tensor | null = null): Tensor {
  if (input.ndim !== target.ndim || input.shape.some((s, i) => s !== target.shape[i])) {
    throw new TorchError('ValueError', `Using a target size (torch.Size([${target.shape.join(', ')}])) that is different to the input size (torch.Size([${input.shape.join(', ')}])) is deprecated. Please ensure they have the same size.`);
  }
  const p = input.data(), y = target.data();
  const out = emptyLike(input.shape.slice(), input.dtype);
  const f = input.dtype === 'float32' ? Math.fround : (v: number): number => v;
  for (let i = 0; i < p.length; i++) {
    const pv = p[i];
    if (!(pv >= 0 && pv <= 1)) throw new TorchError('RuntimeError', 'all elements of input should be between 0 and 1');
    const logP = Math.max(f(Math.log(pv)), -100);
    const log1mP = Math.max(f(Math.log1p(-pv)), -100);
    out.storage[i] = f(f((y[i] - 1) * log1mP) - f(y[i] * logP));
  }
  const weighted = weight ? binary('mul', out, weight) : out;
  return reduce(weighted, reduction);
}
