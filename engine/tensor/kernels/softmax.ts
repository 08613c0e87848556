// softmax / log_softmax along a dim and the loss kernels (mse, l1, nll, cross_entropy,
// binary_cross_entropy). softmax follows PyTorch CPU's float kernels (SoftMaxKernel.cpp, the
// AVX-512 build: 16 lanes): over the last dim, subtract the max, SLEEF exp, sum in the vector
// lane order, multiply by the reciprocal of the sum (log_softmax: (x - max) - log(sum)); over
// another dim, positions are processed 16 at a time where a whole vector fits (SLEEF exp) and
// one by one otherwise (glibc exp), summed sequentially along the dim, divided by the sum.
import { isFloating, Storage } from '../dtype';
import { scalarTypeName, TorchError } from '../errors';
import { numelOf, Tensor } from '../tensor';
import { binary } from './elementwise';
import { mean, sum } from './reduce';
import { unary } from './unary';
import { expF32, expF32Scalar, expF64, logF32, logF64, VEC_THREADS } from './vecmath';
import { crExp } from '../libm';
import { contiguousCopy, emptyLike, normalizeDim } from './util';
import { fmaF32, fmaF64 } from '../random';

export type Reduction = 'none' | 'mean' | 'sum';

// AVX-512 vectors (the softmax kernels are registered for AVX-512): 16 floats or 8 doubles
const LANES_F32 = 16;
const LANES_F64 = 8;

const laneAcc = new Float64Array(LANES_F32);

/**
 * Σ values[start + i], i < n, in the order of PyTorch's vectorised reduce_all: lane
 * accumulators over whole vectors, a partial last vector into its first lanes, then the
 * lanes folded pairwise (i with i^8, i^4, i^2, i^1); fewer values than lanes sum in order.
 */
function vecReduceSum(v: Storage | Float64Array, start: number, n: number, f32: boolean): number {
  const f = f32 ? Math.fround : (x: number): number => x;
  const LANES = f32 ? LANES_F32 : LANES_F64;
  if (n < LANES) {
    let acc = v[start];
    for (let i = 1; i < n; i++) acc = f(acc + v[start + i]);
    return acc;
  }
  const l = laneAcc;
  for (let k = 0; k < LANES; k++) l[k] = v[start + k];
  let d = LANES;
  const full = n - (n % LANES);
  for (; d < full; d += LANES) for (let k = 0; k < LANES; k++) l[k] = f(l[k] + v[start + d + k]);
  for (let k = 0; d + k < n; k++) l[k] = f(l[k] + v[start + d + k]);
  return foldLanes(LANES, f32);
}

/** vec_reduce_all over laneAcc's first `lanes` accumulators. */
function foldLanes(lanes: number, f32: boolean): number {
  const l = laneAcc;
  if (!f32) {
    // doubles have no shuffle specialisation of vec_reduce_all: lanes summed in order
    let acc = l[0];
    for (let k = 1; k < lanes; k++) acc += l[k];
    return acc;
  }
  // vec_reduce_all (float): fold lanes i and i ^ w for w = 8, 4, 2, 1
  for (let w = lanes >> 1; w >= 1; w >>= 1) for (let k = 0; k < w; k++) l[k] = Math.fround(l[k] + l[k + w]);
  return l[0];
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
  const exp = f32 ? expF32 : expF64;
  const lg = f32 ? logF32 : logF64;
  const tmp = new Float64Array(size);
  const LANES = f32 ? LANES_F32 : LANES_F64;
  if (d === x.ndim - 1) {
    // host_softmax_lastdim: every exp on the vector path (vec::map loads a partial vector)
    for (let a = 0; a < outer; a++) {
      const base = a * size;
      const max = rowMax(o, base, 1, size);
      for (let k = 0; k < size; k++) tmp[k] = f(exp(f(o[base + k] - max)));
      const s = vecReduceSum(tmp, 0, size, f32);
      if (log) {
        const ls = f(lg(s));
        for (let k = 0; k < size; k++) o[base + k] = f(f(o[base + k] - max) - ls);
      } else {
        const r = f(1 / s);
        for (let k = 0; k < size; k++) o[base + k] = f(tmp[k] * r);
      }
    }
    return out;
  }
  const scalarExp = f32 ? expF32Scalar : crExp;
  if (log) {
    // serial_vec_logsoftmax_range: inner positions in chunks; whole vectors of each chunk
    // take SLEEF exp, the chunk's tail glibc exp; the log of every sum is SLEEF's.
    const chunkMax = Math.max(Math.floor(131072 / size / (f32 ? 4 : 8)), LANES);
    const chunk = Math.min(chunkMax - (chunkMax % LANES), inner);
    for (let a = 0; a < outer; a++) {
      for (let c0 = 0; c0 < inner; c0 += chunk) {
        const len = Math.min(chunk, inner - c0);
        const vecEnd = c0 + len - (len % LANES);
        for (let i = c0; i < c0 + len; i++) {
          const base = a * size * inner + i;
          const e = i < vecEnd ? exp : scalarExp;
          const max = rowMax(o, base, inner, size);
          let s = 0;
          for (let k = 0; k < size; k++) s = f(s + f(e(f(o[base + k * inner] - max))));
          const ls = f(lg(s));
          for (let k = 0; k < size; k++) o[base + k * inner] = f(f(o[base + k * inner] - max) - ls);
        }
      }
    }
    return out;
  }
  // _vec_softmax: the outer*inner positions are split over the threads; a position starts a
  // vector of LANES positions when the vector fits in its row of inner positions and chunk.
  const total = outer * inner;
  const threadChunk = Math.ceil(total / Math.min(VEC_THREADS, total));
  for (let begin = 0; begin < total; begin += threadChunk) {
    const end = Math.min(total, begin + threadChunk);
    let idx = begin;
    while (idx < end) {
      const i = idx % inner;
      const vector = i + LANES <= inner && idx + LANES <= end;
      const count = vector ? LANES : idx + LANES > end ? end - idx : inner - i;
      const e = vector ? exp : scalarExp;
      for (let p = idx; p < idx + count; p++) {
        const base = Math.floor(p / inner) * size * inner + (p % inner);
        const max = rowMax(o, base, inner, size);
        let s = 0;
        for (let k = 0; k < size; k++) {
          const v = f(e(f(o[base + k * inner] - max)));
          tmp[k] = v;
          s = f(s + v);
        }
        for (let k = 0; k < size; k++) o[base + k * inner] = f(tmp[k] / s);
      }
      idx += count;
    }
  }
  return out;
}

/** Max of values[base + k·stride], k < size; NaN if any is NaN. */
function rowMax(v: Storage, base: number, stride: number, size: number): number {
  let max = -Infinity;
  for (let k = 0; k < size; k++) {
    const x = v[base + k * stride];
    if (x !== x) return NaN;
    if (x > max) max = x;
  }
  return max;
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

/** Lane-order Σ g[i]·y[i] (map2_reduce_all): lane accumulators take fused multiply-adds. */
function vecReduceDot(g: Storage, y: Storage, start: number, n: number, f32: boolean): number {
  const f = f32 ? Math.fround : (x: number): number => x;
  const fma = f32 ? fmaF32 : fmaF64;
  const LANES = f32 ? LANES_F32 : LANES_F64;
  if (n < LANES) {
    // one partial vector of products, its lanes then summed in order
    let acc = f(g[start] * y[start]);
    for (let i = 1; i < n; i++) acc = f(acc + f(g[start + i] * y[start + i]));
    return acc;
  }
  const l = laneAcc;
  for (let k = 0; k < LANES; k++) l[k] = f(g[start + k] * y[start + k]);
  let d = LANES;
  for (; d + LANES <= n; d += LANES) for (let k = 0; k < LANES; k++) l[k] = fma(g[start + d + k], y[start + d + k], l[k]);
  for (let k = 0; d + k < n; k++) l[k] = fma(g[start + d + k], y[start + d + k], l[k]);
  return foldLanes(LANES, f32);
}

/**
 * _softmax_backward_data(grad, output, dim): (grad - Σ grad·output) · output, with PyTorch's
 * fused kernel's sums (lane order over the last dim, sequential otherwise, products fused).
 */
export function softmaxBackward(grad: Tensor, output: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, output.ndim);
  const g = contiguousCopy(grad).storage, y = contiguousCopy(output).storage;
  const out = emptyLike(output.shape.slice(), output.dtype);
  const o = out.storage;
  const f32 = output.dtype === 'float32';
  const f = f32 ? Math.fround : (v: number): number => v;
  const fma = f32 ? fmaF32 : fmaF64;
  if (output.ndim === 0) { o[0] = f((g[0] - f(g[0] * y[0])) * y[0]); return out; }
  const size = output.shape[d];
  const inner = numelOf(output.shape.slice(d + 1));
  const outer = numelOf(output.shape.slice(0, d));
  for (let a = 0; a < outer; a++) {
    if (d === output.ndim - 1) {
      const base = a * size;
      const s = vecReduceDot(g, y, base, size, f32);
      for (let k = 0; k < size; k++) o[base + k] = f(f(g[base + k] - s) * y[base + k]);
      continue;
    }
    for (let i = 0; i < inner; i++) {
      const base = a * size * inner + i;
      let s = 0;
      for (let k = 0; k < size; k++) s = fma(g[base + k * inner], y[base + k * inner], s);
      for (let k = 0; k < size; k++) o[base + k * inner] = f(y[base + k * inner] * f(g[base + k * inner] - s));
    }
  }
  return out;
}

/**
 * _log_softmax_backward_data(grad, output, dim): grad - exp(output) · Σ grad, the product
 * fused into the subtraction; exp is SLEEF's on vector lanes, glibc's on scalar positions.
 */
export function logSoftmaxBackward(grad: Tensor, output: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, output.ndim);
  const g = contiguousCopy(grad).storage, y = contiguousCopy(output).storage;
  const out = emptyLike(output.shape.slice(), output.dtype);
  const o = out.storage;
  const f32 = output.dtype === 'float32';
  const fma = f32 ? fmaF32 : fmaF64;
  const exp = f32 ? expF32 : expF64;
  const scalarExp = f32 ? expF32Scalar : crExp;
  const LANES = f32 ? LANES_F32 : LANES_F64;
  if (output.ndim === 0) { o[0] = fma(-exp(y[0]), g[0], g[0]); return out; }
  const size = output.shape[d];
  const inner = numelOf(output.shape.slice(d + 1));
  const outer = numelOf(output.shape.slice(0, d));
  for (let a = 0; a < outer; a++) {
    if (d === output.ndim - 1) {
      const base = a * size;
      const s = vecReduceSum(g, base, size, f32);
      for (let k = 0; k < size; k++) o[base + k] = fma(-exp(y[base + k]), s, g[base + k]);
      continue;
    }
    // _vec_log_softmax_backward: inner positions in chunks, each chunk's tail on glibc exp
    const chunkMax = Math.max(Math.floor(131072 / size / (f32 ? 4 : 8)), LANES);
    const chunk = Math.min(chunkMax - (chunkMax % LANES), inner);
    for (let i = 0; i < inner; i++) {
      const c0 = i - (i % chunk);
      const len = Math.min(chunk, inner - c0);
      const base = a * size * inner + i;
      const e = i < c0 + len - (len % LANES) ? exp : scalarExp;
      let s = 0;
      const ff = f32 ? Math.fround : (v: number): number => v;
      for (let k = 0; k < size; k++) s = ff(s + g[base + k * inner]);
      for (let k = 0; k < size; k++) o[base + k * inner] = fma(-e(y[base + k * inner]), s, g[base + k * inner]);
    }
  }
  return out;
}
