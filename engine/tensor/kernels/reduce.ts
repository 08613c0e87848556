// Reductions. Floating sums reproduce PyTorch CPU's cascade summation (SumKernel.cpp):
// the same loop nest TensorIterator builds (reduced dims innermost, coalesced), the same
// 4-level cascade accumulators, the same 4-way interleaving and AVX-512 lane split, each
// addition rounded in the tensor's own precision, so `x.sum().item()` prints PyTorch's digits.
import { DType, isFloating, Storage } from '../dtype';
import { scalarTypeName, TorchError } from '../errors';
import { contiguousStrides, makeView, numelOf, Tensor } from '../tensor';
import { binary, binaryInPlace } from './elementwise';
import { unary } from './unary';
import { cascadeColumns32 } from './wasm-elementwise';
import { contiguousCopy, emptyLike, normalizeDim, pyFloat, readAs, reducedDimsMask, reducedShape } from './util';

/** Dims argument of a reduction: one dim, a list, or null for all dims. */
export type Dims = number | readonly number[] | null | undefined;

// ---------------------------------------------------------------------------------------------
// Cascade sum (float32 / float64)
// ---------------------------------------------------------------------------------------------

/** at::native::utils::CeilLog2 (1 for x <= 2), as the cascade sums size their levels. */
export function ceilLog2(x: number): number {
  if (x <= 2) return 1;
  return 32 - Math.clz32(x - 1);
}

/**
 * multi_row_sum for one column: sums x[base + i*stride], i < size, through 4 levels of
 * accumulators whose width grows with the size (so only similar magnitudes meet).
 */
function cascadeColumn(x: Storage, base: number, stride: number, size: number, f32: boolean): number {
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / 4));
  const levelStep = 1 << levelPower;
  const levelMask = levelStep - 1;
  const mask1 = levelMask << levelPower;
  const mask2 = levelMask << (2 * levelPower);
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let i = 0;
  let p = base;
  if (f32) {
    const f = Math.fround;
    while (i + levelStep <= size) {
      for (let j = 0; j < levelStep; j++, i++, p += stride) a0 = f(a0 + x[p]);
      a1 = f(a1 + a0); a0 = 0;
      if ((i & mask1) !== 0) continue;
      a2 = f(a2 + a1); a1 = 0;
      if ((i & mask2) !== 0) continue;
      a3 = f(a3 + a2); a2 = 0;
    }
    for (; i < size; i++, p += stride) a0 = f(a0 + x[p]);
    a0 = f(a0 + a1); a0 = f(a0 + a2); a0 = f(a0 + a3);
    return a0;
  }
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++, p += stride) a0 += x[p];
    a1 += a0; a0 = 0;
    if ((i & mask1) !== 0) continue;
    a2 += a1; a1 = 0;
    if ((i & mask2) !== 0) continue;
    a3 += a2; a2 = 0;
  }
  for (; i < size; i++, p += stride) a0 += x[p];
  return a0 + a1 + a2 + a3;
}

/** row_sum: the row seen as (-1, 4), four interleaved cascades, the tail added to the first, then the four combined. */
function rowSum(x: Storage, base: number, stride: number, size: number, f32: boolean): number {
  const sizeIlp = Math.floor(size / 4);
  let p0 = cascadeColumn(x, base, 4 * stride, sizeIlp, f32);
  const p1 = cascadeColumn(x, base + stride, 4 * stride, sizeIlp, f32);
  const p2 = cascadeColumn(x, base + 2 * stride, 4 * stride, sizeIlp, f32);
  const p3 = cascadeColumn(x, base + 3 * stride, 4 * stride, sizeIlp, f32);
  if (f32) {
    const f = Math.fround;
    for (let i = sizeIlp * 4; i < size; i++) p0 = f(p0 + x[base + i * stride]);
    return f(f(f(p0 + p1) + p2) + p3);
  }
  for (let i = sizeIlp * 4; i < size; i++) p0 += x[base + i * stride];
  return p0 + p1 + p2 + p3;
}

/** Rows of 32 floats from which the SIMD cascade beats cascadeColumn in JavaScript. */
const WASM_MIN_ROWS = 64;
const columns32 = new Float32Array(32);

/** vectorized_inner_sum for one contiguous row: W lanes of vector row sums, the scalar tail first, then the lanes in order. */
function innerVectorRow(x: Storage, base: number, size: number, lanes: number, f32: boolean): number {
  const vecSize = Math.floor(size / lanes);
  const f = Math.fround;
  let acc = 0;
  for (let k = vecSize * lanes; k < size; k++) acc = f32 ? f(acc + x[base + k]) : acc + x[base + k];
  const sizeIlp = Math.floor(vecSize / 4);
  if (f32 && lanes === 8 && sizeIlp >= WASM_MIN_ROWS && x instanceof Float32Array
    && cascadeColumns32(x, base, sizeIlp, Math.max(4, Math.floor(ceilLog2(sizeIlp) / 4)), columns32)) {
    // The same 32 cascades as rowSum's cascadeColumn calls below (column 8c + l is lane l's
    // column c), run by the SIMD kernel; each lane's tail and combination stay here.
    for (let l = 0; l < 8; l++) {
      let p0 = columns32[l];
      for (let i = sizeIlp * 4; i < vecSize; i++) p0 = f(p0 + x[base + l + i * 8]);
      acc = f(acc + f(f(f(p0 + columns32[8 + l]) + columns32[16 + l]) + columns32[24 + l]));
    }
    return acc;
  }
  for (let l = 0; l < lanes; l++) {
    const lane = rowSum(x, base + l, lanes, vecSize, f32);
    acc = f32 ? f(acc + lane) : acc + lane;
  }
  return acc;
}

/** One 2-D chunk of cascade_sum's loop (dim 0 reduced after the swap), accumulating into out. */
function cascade2D(
  x: Storage, inBase: number, inS0: number, inS1: number, size0: number, size1: number,
  out: Storage, outBase: number, outS0: number, outS1: number, f32: boolean,
): void {
  if (outS0 !== 0 && outS1 === 0) {
    let t = inS0; inS0 = inS1; inS1 = t;
    t = outS0; outS0 = outS1; outS1 = t;
    t = size0; size0 = size1; size1 = t;
  }
  const acc = (j: number, v: number): void => {
    const o = outBase + j * outS1;
    out[o] = out[o] + v; // the store into a Float32Array rounds like PyTorch's `*out += value`
  };
  if (outS0 !== 0 && outS1 !== 0) {
    // not a true reduction (only size-1 dims reduced): out += x
    for (let j = 0; j < size1; j++) for (let i = 0; i < size0; i++) out[outBase + j * outS1 + i * outS0] += x[inBase + j * inS1 + i * inS0];
    return;
  }
  const lanes = f32 ? SUM_LANES_F32 : SUM_LANES_F32 / 2;
  if (inS0 === 1 && size0 >= lanes) {
    for (let j = 0; j < size1; j++) acc(j, innerVectorRow(x, inBase + j * inS1, size0, lanes, f32));
  } else if (inS1 === 1 && size1 >= lanes) {
    let j = 0;
    for (; j + 4 * lanes <= size1; j += 4 * lanes) {
      for (let c = j; c < j + 4 * lanes; c++) acc(c, cascadeColumn(x, inBase + c, inS0, size0, f32));
    }
    for (; j < size1; j++) acc(j, rowSum(x, inBase + j, inS0, size0, f32));
  } else if (inS0 < inS1) {
    for (let j = 0; j < size1; j++) acc(j, rowSum(x, inBase + j * inS1, inS0, size0, f32));
  } else {
    let j = 0;
    for (; j + 3 < size1; j += 4) {
      for (let c = j; c < j + 4; c++) acc(c, cascadeColumn(x, inBase + c * inS1, inS0, size0, f32));
    }
    for (; j < size1; j++) acc(j, rowSum(x, inBase + j * inS1, inS0, size0, f32));
  }
}

/** Vector width (elements) of the float sum kernel PyTorch dispatches to here (AVX2: 8 floats). */
export let SUM_LANES_F32 = 8;
export function setSumLanes(n: number): void { SUM_LANES_F32 = n; }
/** PyTorch's internal GRAIN_SIZE: reductions of fewer elements run on one thread. */
const GRAIN_SIZE = 32768;
/**
 * Threads PyTorch would use (torch.get_num_threads()); a full float sum of >= 32768 elements
 * is split into this many chunks. The reference machine has 2.
 */
export let REDUCTION_THREADS = 2;
export function setReductionThreads(n: number): void { REDUCTION_THREADS = Math.max(1, n | 0); }

interface IterDim { size: number; inStride: number; outStride: number }

/**
 * The loop nest TensorIterator builds for a reduction: reduced dims first (innermost),
 * then by input strides; non-reduced dims ordered by the output's strides; then coalesced.
 */
function reductionDims(t: Tensor, mask: readonly boolean[]): IterDim[] {
  const nd = t.ndim;
  const keepShape = t.shape.map((s, i) => (mask[i] ? 1 : s));
  const outStr = contiguousStrides(keepShape);
  // perm starts innermost-first (reversed dims), as TensorIterator does.
  const dims: IterDim[] = [];
  for (let d = nd - 1; d >= 0; d--) {
    if (t.shape[d] === 1) continue;
    dims.push({ size: t.shape[d], inStride: t.strides[d], outStride: mask[d] ? 0 : outStr[d] });
  }
  const shouldSwap = (a: IterDim, b: IterDim): number => {
    // operand 0: the output (reduced dims first)
    if ((a.outStride === 0) !== (b.outStride === 0)) return b.outStride === 0 ? 1 : -1;
    if (a.outStride !== 0 && b.outStride !== 0) {
      if (a.outStride < b.outStride) return -1;
      if (a.outStride > b.outStride) return 1;
      if (a.size > b.size) return 1;
    }
    // operand 1: the input
    if (a.inStride !== 0 && b.inStride !== 0) {
      if (a.inStride < b.inStride) return -1;
      if (a.inStride > b.inStride) return 1;
      if (a.size > b.size) return 1;
    }
    return 0;
  };
  for (let i = 1; i < dims.length; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(dims[d0], dims[d1]);
      if (c > 0) {
        const tmp = dims[d0]; dims[d0] = dims[d1]; dims[d1] = tmp;
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  // coalesce
  const out: IterDim[] = [];
  for (const d of dims) {
    const prev = out[out.length - 1];
    if (prev && prev.inStride * prev.size === d.inStride && prev.outStride * prev.size === d.outStride) {
      prev.size *= d.size;
    } else out.push({ ...d });
  }
  return out;
}

/** Cascade sum of a float tensor over the masked dims, into a contiguous keepdim-shaped output storage. */
function cascadeSum(t: Tensor, mask: readonly boolean[], out: Storage): void {
  const f32 = t.dtype === 'float32';
  const dims = reductionDims(t, mask);
  const x = t.storage;
  if (dims.length === 0) {
    out[0] = out[0] + x[t.offset];
    return;
  }
  const d0 = dims[0];
  const numel = numelOf(t.shape);
  const threads = Math.min(REDUCTION_THREADS, Math.ceil(numel / GRAIN_SIZE));
  if (dims.length === 1 && d0.outStride === 0 && numel >= GRAIN_SIZE && threads > 1) {
    // PyTorch's two-pass parallel reduction: each thread cascades its chunk into its own
    // slot of a buffer, then the buffer is reduced.
    const chunk = Math.ceil(numel / threads);
    const buffer = f32 ? new Float32Array(threads) : new Float64Array(threads);
    for (let k = 0; k < threads; k++) {
      const begin = k * chunk;
      if (begin >= numel) break;
      const len = Math.min(numel, begin + chunk) - begin;
      cascade2D(x, t.offset + begin * d0.inStride, d0.inStride, 0, len, 1, buffer, k, 0, 0, f32);
    }
    cascade2D(buffer, 0, 1, 0, threads, 1, out, 0, 0, 0, f32);
    return;
  }
  const d1 = dims.length > 1 ? dims[1] : { size: 1, inStride: 0, outStride: 0 };
  const outer = dims.slice(2);
  const idx = new Array<number>(outer.length).fill(0);
  let inBase = t.offset, outBase = 0;
  const outerCount = outer.reduce((n, d) => n * d.size, 1);
  for (let k = 0; k < outerCount; k++) {
    cascade2D(x, inBase, d0.inStride, d1.inStride, d0.size, d1.size, out, outBase, d0.outStride, d1.outStride, f32);
    for (let d = 0; d < outer.length; d++) {
      idx[d]++;
      inBase += outer[d].inStride; outBase += outer[d].outStride;
      if (idx[d] < outer[d].size) break;
      inBase -= outer[d].inStride * outer[d].size; outBase -= outer[d].outStride * outer[d].size;
      idx[d] = 0;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generic reductions over a permuted dense copy: rows of the reduced elements
// ---------------------------------------------------------------------------------------------

/**
 * The input rearranged as [outputs, reduced] (kept dims first, reduced dims last, both in
 * their original order) so that every output reduces one contiguous row.
 */
function reductionRows(t: Tensor, mask: readonly boolean[]): { data: Storage; rows: number; rowLen: number } {
  const kept: number[] = [], red: number[] = [];
  for (let d = 0; d < t.ndim; d++) (mask[d] ? red : kept).push(d);
  const perm = kept.concat(red);
  const view = makeView(t, perm.map((d) => t.shape[d]), perm.map((d) => t.strides[d]), t.offset);
  const rowLen = red.reduce((n, d) => n * t.shape[d], 1);
  const rows = kept.reduce((n, d) => n * t.shape[d], 1);
  return { data: view.data(), rows, rowLen };
}

function checkDtypeArg(dtype: DType | undefined, t: Tensor): Tensor {
  return dtype === undefined ? t : readAs(t, dtype);
}

/** torch.sum(x, dims, keepdim, dtype): ints and bools sum to int64; floats by PyTorch's cascade. */
export function sum(x: Tensor, dims: Dims = null, keepdim = false, dtype?: DType): Tensor {
  const mask = reducedDimsMask(dims, x.ndim);
  let src = checkDtypeArg(dtype, x);
  if (!isFloating(src.dtype)) src = readAs(src, 'int64');
  const keepShape = reducedShape(x.shape, mask, true);
  const out = emptyLike(reducedShape(x.shape, mask, keepdim), src.dtype);
  if (src.numel === 0) return out;
  if (isFloating(src.dtype)) {
    cascadeSum(src, mask, out.storage);
  } else {
    // Integer sums are exact in any order.
    const { data, rows, rowLen } = reductionRows(src, mask);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let i = r * rowLen, e = i + rowLen; i < e; i++) s += data[i];
      out.storage[r] = s;
    }
  }
  void keepShape;
  return out;
}

/** torch.mean: the sum divided by the count in the result dtype (as PyTorch's CPU mean). */
export function mean(x: Tensor, dims: Dims = null, keepdim = false, dtype?: DType): Tensor {
  const d = dtype ?? x.dtype;
  if (!isFloating(d)) {
    throw new TorchError('RuntimeError', `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(d)}`);
  }
  const mask = reducedDimsMask(dims, x.ndim);
  let count = 1;
  for (let i = 0; i < x.ndim; i++) if (mask[i]) count *= x.shape[i];
  const s = sum(x, dims, keepdim, d);
  return binaryInPlace('div', s, pyFloat(count));
}

/** binary_kernel_reduce_vec's order for a contiguous row: 4 vectors of W lanes, combined (0+1)+(2+3), lanes folded, tail sequential. */
function vecReduceRowProd(data: Storage, start: number, n: number, f32: boolean): number {
  const f = f32 ? Math.fround : (v: number): number => v;
  const W = f32 ? 8 : 4; // AVX2 vectors
  const block = 4 * W;
  const count = Math.floor(n / block);
  let acc = 1;
  if (count > 0) {
    const lanes = new Float64Array(block);
    for (let j = 0; j < block; j++) lanes[j] = data[start + j];
    for (let i = 1; i < count; i++) for (let j = 0; j < block; j++) lanes[j] = f(lanes[j] * data[start + i * block + j]);
    const buf = new Float64Array(W);
    for (let l = 0; l < W; l++) buf[l] = f(f(lanes[l] * lanes[W + l]) * f(lanes[2 * W + l] * lanes[3 * W + l]));
    let b0 = buf[0];
    for (let l = 1; l < W; l++) b0 = f(b0 * buf[l]);
    acc = f(acc * b0);
  }
  for (let i = count * block; i < n; i++) acc = f(acc * data[start + i]);
  return acc;
}

/** torch.prod(x, dim?, keepdim, dtype): ints give int64. */
export function prod(x: Tensor, dims: Dims = null, keepdim = false, dtype?: DType): Tensor {
  const mask = reducedDimsMask(dims, x.ndim);
  let src = checkDtypeArg(dtype, x);
  if (!isFloating(src.dtype)) src = readAs(src, 'int64');
  const out = emptyLike(reducedShape(x.shape, mask, keepdim), src.dtype);
  const { data, rows, rowLen } = reductionRows(src, mask);
  const f32 = src.dtype === 'float32';
  for (let r = 0; r < rows; r++) {
    if (isFloating(src.dtype)) out.storage[r] = vecReduceRowProd(data, r * rowLen, rowLen, f32);
    else {
      let p = 1;
      for (let i = r * rowLen, e = i + rowLen; i < e; i++) p *= data[i];
      out.storage[r] = p;
    }
  }
  return out;
}

function emptyReductionError(name: string): TorchError {
  return new TorchError('RuntimeError', `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
}

/** Index of the first maximum (or minimum) in a row; NaN counts as the extreme (first NaN wins). */
function argExtremeRow(data: Storage, start: number, n: number, isMax: boolean): number {
  let best = data[start];
  let bi = 0;
  if (best !== best) return 0;
  for (let i = 1; i < n; i++) {
    const v = data[start + i];
    if (v !== v) return i;
    if (isMax ? v > best : v < best) { best = v; bi = i; }
  }
  return bi;
}

/** max/min over all elements (torch.max(x)). */
export function maxAll(x: Tensor): Tensor { return extremeAll(x, true); }
export function minAll(x: Tensor): Tensor { return extremeAll(x, false); }
function extremeAll(x: Tensor, isMax: boolean): Tensor {
  if (x.numel === 0) {
    throw new TorchError('RuntimeError', `${isMax ? 'max' : 'min'}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const data = x.data();
  const out = emptyLike([], x.dtype);
  out.storage[0] = data[argExtremeRow(data, 0, data.length, isMax)];
  return out;
}

/** torch.max(x, dim, keepdim) → (values, indices); indices of the first occurrence. */
export function maxDim(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  return extremeDim(x, dim, keepdim, true);
}
export function minDim(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  return extremeDim(x, dim, keepdim, false);
}
function extremeDim(x: Tensor, dim: number, keepdim: boolean, isMax: boolean): { values: Tensor; indices: Tensor } {
  const d = normalizeDim(dim, x.ndim);
  const mask = reducedDimsMask(d, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0) {
    throw new TorchError('IndexError', `${isMax ? 'max' : 'min'}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const shape = reducedShape(x.shape, mask, keepdim);
  const values = emptyLike(shape, x.dtype);
  const indices = emptyLike(shape.slice(), 'int64');
  const { data, rows, rowLen } = reductionRows(x, mask);
  for (let r = 0; r < rows; r++) {
    const i = argExtremeRow(data, r * rowLen, rowLen, isMax);
    values.storage[r] = data[r * rowLen + i];
    indices.storage[r] = i;
  }
  return { values, indices };
}

/** torch.amax / amin over dims (all by default). */
export function amax(x: Tensor, dims: Dims = null, keepdim = false): Tensor { return aextreme(x, dims, keepdim, true); }
export function amin(x: Tensor, dims: Dims = null, keepdim = false): Tensor { return aextreme(x, dims, keepdim, false); }
function aextreme(x: Tensor, dims: Dims, keepdim: boolean, isMax: boolean): Tensor {
  const mask = reducedDimsMask(dims, x.ndim);
  const { data, rows, rowLen } = reductionRows(x, mask);
  if (rowLen === 0 && rows > 0) {
    throw new TorchError('IndexError', `${isMax ? 'amax' : 'amin'}(): Expected reduction dim ${mask.indexOf(true)} to have non-zero size.`);
  }
  const out = emptyLike(reducedShape(x.shape, mask, keepdim), x.dtype);
  for (let r = 0; r < rows; r++) out.storage[r] = data[r * rowLen + argExtremeRow(data, r * rowLen, rowLen, isMax)];
  return out;
}

/** torch.argmax / argmin: over the flattened tensor when dim is null. */
export function argmax(x: Tensor, dim: number | null = null, keepdim = false): Tensor { return argExtreme(x, dim, keepdim, true); }
export function argmin(x: Tensor, dim: number | null = null, keepdim = false): Tensor { return argExtreme(x, dim, keepdim, false); }
function argExtreme(x: Tensor, dim: number | null, keepdim: boolean, isMax: boolean): Tensor {
  if (dim === null) {
    if (x.numel === 0) throw emptyReductionError(isMax ? 'argmax' : 'argmin');
    const data = x.data();
    const out = emptyLike(keepdim ? x.shape.map(() => 1) : [], 'int64');
    out.storage[0] = argExtremeRow(data, 0, data.length, isMax);
    return out;
  }
  return extremeDim(x, dim, keepdim, isMax).indices;
}

/**
 * torch.var / torch.std with `correction` (1 = unbiased). A full reduction follows PyTorch's
 * std_var_all_cpu (the tensor's own-precision mean, then Σ(x-mean)² in double); a dim
 * reduction its Welford pass in double.
 */
export function varStd(x: Tensor, dims: Dims, correction: number, keepdim: boolean, takeSqrt: boolean): Tensor {
  if (!isFloating(x.dtype)) {
    throw new TorchError('RuntimeError', `std and var only support floating point and complex dtypes`);
  }
  const mask = reducedDimsMask(dims, x.ndim);
  const out = emptyLike(reducedShape(x.shape, mask, keepdim), x.dtype);
  const all = mask.every((m) => m);
  if (all) {
    const data = x.data();
    const m = mean(x).storage[0];
    let s = 0;
    for (let i = 0; i < data.length; i++) { const dx = data[i] - m; s += dx * dx; }
    const v = s / Math.max(0, data.length - correction);
    out.storage[0] = takeSqrt ? Math.sqrt(v) : v;
    return out;
  }
  const { data, rows, rowLen } = reductionRows(x, mask);
  for (let r = 0; r < rows; r++) {
    let meanAcc = 0, m2 = 0;
    for (let i = 0; i < rowLen; i++) {
      const v = data[r * rowLen + i];
      const delta = v - meanAcc;
      meanAcc += delta / (i + 1);
      m2 += delta * (v - meanAcc);
    }
    const v = m2 / Math.max(0, rowLen - correction);
    out.storage[r] = takeSqrt ? Math.sqrt(v) : v;
  }
  return out;
}
export const variance = (x: Tensor, dims: Dims = null, correction = 1, keepdim = false): Tensor => varStd(x, dims, correction, keepdim, false);
export const std = (x: Tensor, dims: Dims = null, correction = 1, keepdim = false): Tensor => varStd(x, dims, correction, keepdim, true);

/**
 * Vector norm over dims (all by default): p = 2 (default, also 'fro'), 1, Infinity,
 * -Infinity, 0 or any other positive p. For p = 2 along a contiguous last dim it follows
 * PyTorch's vector loop: 8 lanes (AVX2) of multiply-adds, folded in order, then the tail.
 */
export function norm(x: Tensor, p: number | 'fro' = 2, dims: Dims = null, keepdim = false): Tensor {
  if (!isFloating(x.dtype)) {
    throw new TorchError('RuntimeError', `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${scalarTypeName(x.dtype)}`);
  }
  const pv = p === 'fro' ? 2 : p;
  const mask = reducedDimsMask(dims, x.ndim);
  const out = emptyLike(reducedShape(x.shape, mask, keepdim), x.dtype);
  const { data, rows, rowLen } = reductionRows(x, mask);
  const f32 = x.dtype === 'float32';
  const f = f32 ? Math.fround : (v: number): number => v;
  for (let r = 0; r < rows; r++) {
    const s = r * rowLen;
    let res: number;
    if (pv === 2) {
      const W = f32 ? 8 : 4; // AVX2 vectors
      const full = rowLen - (rowLen % W);
      const lanes = new Float64Array(W);
      for (let i = 0; i < full; i += W) for (let l = 0; l < W; l++) { const v = data[s + i + l]; lanes[l] = f(lanes[l] + v * v); }
      let acc = lanes[0];
      for (let l = 1; l < W; l++) acc = f(acc + lanes[l]);
      for (let i = full; i < rowLen; i++) { const v = data[s + i]; acc = f(acc + v * v); }
      res = Math.sqrt(acc);
    } else if (pv === 1) {
      let acc = 0;
      for (let i = 0; i < rowLen; i++) acc = f(acc + Math.abs(data[s + i]));
      res = acc;
    } else if (pv === Infinity || pv === -Infinity) {
      let acc = pv === Infinity ? 0 : Infinity;
      for (let i = 0; i < rowLen; i++) {
        const a = Math.abs(data[s + i]);
        if (a !== a) { acc = NaN; break; }
        acc = pv === Infinity ? Math.max(acc, a) : Math.min(acc, a);
      }
      res = acc;
    } else if (pv === 0) {
      let c = 0;
      for (let i = 0; i < rowLen; i++) if (data[s + i] !== 0) c++;
      res = c;
    } else {
      let acc = 0;
      for (let i = 0; i < rowLen; i++) acc = f(acc + f(Math.pow(Math.abs(data[s + i]), pv)));
      res = Math.pow(acc, 1 / pv);
    }
    out.storage[r] = res;
  }
  return out;
}

/** torch.logsumexp, composed exactly as PyTorch does: amax, exp(x - max), sum, log, + max. */
export function logsumexp(x: Tensor, dims: Dims, keepdim = false): Tensor {
  const src = isFloating(x.dtype) ? x : readAs(x, 'float32');
  const mask = reducedDimsMask(dims, src.ndim);
  const maxes = amax(src, dims, true);
  const ms = maxes.storage;
  for (let i = 0; i < ms.length; i++) if (ms[i] === Infinity || ms[i] === -Infinity) ms[i] = 0;
  const s = sum(unary('exp', binary('sub', src, maxes)), dims, keepdim);
  const res = unary('log', s);
  const maxSq = keepdim ? maxes : new Tensor(maxes.storage, reducedShape(src.shape, mask, false), maxes.dtype);
  return binaryInPlace('add', res, maxSq);
}

/** torch.cumsum / cumprod along dim: accumulated in double (PyTorch's CPU acc type), each output rounded. */
export function cumsum(x: Tensor, dim: number, dtype?: DType): Tensor { return cumulative(x, dim, dtype, false); }
export function cumprod(x: Tensor, dim: number, dtype?: DType): Tensor { return cumulative(x, dim, dtype, true); }
function cumulative(x: Tensor, dim: number, dtype: DType | undefined, isProd: boolean): Tensor {
  const d = normalizeDim(dim, x.ndim);
  let src = checkDtypeArg(dtype, x);
  if (!isFloating(src.dtype)) src = readAs(src, 'int64');
  const c = contiguousCopy(src);
  if (x.ndim === 0) return c;
  const size = x.shape[d];
  const inner = numelOf(x.shape.slice(d + 1));
  const outer = numelOf(x.shape.slice(0, d));
  const s = c.storage;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = isProd ? 1 : 0;
      for (let k = 0, p = o * size * inner + i; k < size; k++, p += inner) {
        acc = isProd ? acc * s[p] : acc + s[p];
        s[p] = acc;
      }
    }
  }
  return c;
}

/** torch.all / torch.any over dims (all by default): bool result. */
export function all(x: Tensor, dims: Dims = null, keepdim = false): Tensor { return anyAll(x, dims, keepdim, true); }
export function any(x: Tensor, dims: Dims = null, keepdim = false): Tensor { return anyAll(x, dims, keepdim, false); }
function anyAll(x: Tensor, dims: Dims, keepdim: boolean, isAll: boolean): Tensor {
  const mask = reducedDimsMask(dims, x.ndim);
  const out = emptyLike(reducedShape(x.shape, mask, keepdim), 'bool');
  const { data, rows, rowLen } = reductionRows(x, mask);
  for (let r = 0; r < rows; r++) {
    let res = isAll ? 1 : 0;
    for (let i = r * rowLen, e = i + rowLen; i < e; i++) {
      if (isAll ? data[i] === 0 : data[i] !== 0) { res = isAll ? 0 : 1; break; }
    }
    out.storage[r] = res;
  }
  return out;
}

/** torch.count_nonzero over dims. */
export function countNonzero(x: Tensor, dims: Dims = null): Tensor {
  const mask = reducedDimsMask(dims, x.ndim);
  const out = emptyLike(reducedShape(x.shape, mask, false), 'int64');
  const { data, rows, rowLen } = reductionRows(x, mask);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (let i = r * rowLen, e = i + rowLen; i < e; i++) if (data[i] !== 0) c++;
    out.storage[r] = c;
  }
  return out;
}
