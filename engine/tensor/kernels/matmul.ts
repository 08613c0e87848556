// Matrix products: mm, bmm, mv, dot, matmul (PyTorch's broadcasting rules), addmm, linear,
// outer, and transposed-operand forms for backward (A^T B, A B^T) that read the operands
// through swapped strides instead of materialising transposes.
//
// Numerics match the reference PyTorch CPU exactly: every output element is accumulated in
// k order in the tensor's own precision, each product and each sum rounded (no FMA), and
// addmm adds the bias after the product sum. Large float products run in the WebAssembly
// SIMD kernel (wasm-gemm.ts), small ones in a plain loop with the same rounding.
import { DType, isFloating, Storage } from '../dtype';
import { TorchError } from '../errors';
import { makeView, numelOf, sameShape, Tensor } from '../tensor';
import { binary } from './elementwise';
import { broadcastOrThrow, emptyLike } from './util';
import { ensureWasmMemory, wasmGemm } from './wasm-gemm';

/** A strided matrix: element (i, j) at data[off + i*rs + j*cs]. */
interface MatRef { data: Storage; off: number; rs: number; cs: number }

/** Below this many multiply-adds the packing for the wasm kernel costs more than it saves. */
const WASM_MIN_WORK = 2048;

/**
 * out[outOff + i*N + j] = Σ_k a(i,k)·b(k,j), accumulated in k order in `dtype`'s precision.
 * `out` must be zero-initialised only for the JS path (it overwrites every element).
 */
function gemm(out: Storage, outOff: number, M: number, N: number, K: number, a: MatRef, b: MatRef, dtype: DType, accumulate = false): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    if (!accumulate) out.fill(0, outOff, outOff + M * N);
    return;
  }
  const g = isFloating(dtype) && M * N * K >= WASM_MIN_WORK ? wasmGemm() : null;
  if (g !== null) {
    gemmWasm(g, out, outOff, M, N, K, a, b, dtype === 'float64', accumulate);
    return;
  }
  if (dtype === 'float32') {
    const f = Math.fround;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let acc = accumulate ? out[outOff + i * N + j] : 0;
        let pa = a.off + i * a.rs, pb = b.off + j * b.cs;
        for (let k = 0; k < K; k++, pa += a.cs, pb += b.rs) acc = f(acc + f(a.data[pa] * b.data[pb]));
        out[outOff + i * N + j] = acc;
      }
    }
    return;
  }
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let acc = accumulate ? out[outOff + i * N + j] : 0;
      let pa = a.off + i * a.rs, pb = b.off + j * b.cs;
      for (let k = 0; k < K; k++, pa += a.cs, pb += b.rs) acc += a.data[pa] * b.data[pb];
      out[outOff + i * N + j] = acc;
    }
  }
}

function gemmWasm(g: NonNullable<ReturnType<typeof wasmGemm>>, out: Storage, outOff: number, M: number, N: number, K: number, a: MatRef, b: MatRef, f64: boolean, accumulate: boolean): void {
  const esz = f64 ? 8 : 4;
  const colBlock = f64 ? 4 : 8;
  const M4 = Math.ceil(M / 4) * 4;
  const NP = Math.ceil(N / colBlock) * colBlock;
  const aIdx = 0;
  const bIdx = aIdx + M4 * K;
  const cIdx = bIdx + K * NP;
  ensureWasmMemory(g, (cIdx + M4 * NP) * esz);
  const mem = f64 ? new Float64Array(g.memory.buffer) : new Float32Array(g.memory.buffer);
  // Pack A as dense rows [M4, K] (rows past M are zero).
  if (a.cs === 1 && a.rs === K && a.data.constructor === mem.constructor) {
    mem.set(a.data.subarray(a.off, a.off + M * K), aIdx);
  } else {
    for (let i = 0; i < M; i++) {
      const src = a.off + i * a.rs, dst = aIdx + i * K;
      for (let k = 0; k < K; k++) mem[dst + k] = a.data[src + k * a.cs];
    }
  }
  mem.fill(0, aIdx + M * K, aIdx + M4 * K);
  // Pack B as dense rows [K, NP] (columns past N are zero).
  if (b.cs === 1 && b.rs === N && NP === N && b.data.constructor === mem.constructor) {
    mem.set(b.data.subarray(b.off, b.off + K * N), bIdx);
  } else {
    for (let k = 0; k < K; k++) {
      const src = b.off + k * b.rs, dst = bIdx + k * NP;
      for (let j = 0; j < N; j++) mem[dst + j] = b.data[src + j * b.cs];
      for (let j = N; j < NP; j++) mem[dst + j] = 0;
    }
  }
  if (accumulate) {
    for (let i = 0; i < M; i++) {
      const src = outOff + i * N, dst = cIdx + i * NP;
      for (let j = 0; j < N; j++) mem[dst + j] = out[src + j];
    }
    (f64 ? g.mm64acc : g.mm32acc)(aIdx * esz, bIdx * esz, cIdx * esz, M4, NP, K);
  } else (f64 ? g.mm64 : g.mm32)(aIdx * esz, bIdx * esz, cIdx * esz, M4, NP, K);
  if (NP === N) {
    out.set(mem.subarray(cIdx, cIdx + M * N), outOff);
  } else {
    for (let i = 0; i < M; i++) {
      const src = cIdx + i * NP, dst = outOff + i * N;
      for (let j = 0; j < N; j++) out[dst + j] = mem[src + j];
    }
  }
}

/** C++ type names, as PyTorch's dtype-mismatch messages spell them. */
function cppTypeName(d: DType): string {
  switch (d) {
    case 'float32': return 'float';
    case 'float64': return 'double';
    case 'int64': return 'long int';
    case 'int32': return 'int';
    case 'uint8': return 'unsigned char';
    case 'bool': return 'bool';
    case 'int8': return 'signed char';
    case 'int16': return 'short int';
    case 'float16': return 'c10::Half';
    case 'bfloat16': return 'c10::BFloat16';
  }
}
function titleTypeName(d: DType): string {
  return ({ float32: 'Float', float64: 'Double', int64: 'Long', int32: 'Int', uint8: 'Byte', bool: 'Bool', int8: 'Char', int16: 'Short', float16: 'Half', bfloat16: 'BFloat16' } as const)[d];
}

function checkSameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new TorchError('RuntimeError', `expected m1 and m2 to have the same dtype, but got: ${cppTypeName(a.dtype)} != ${cppTypeName(b.dtype)}`);
  }
}

function matRef(t: Tensor): MatRef {
  return { data: t.storage, off: t.offset, rs: t.strides[0], cs: t.strides[1] };
}

/** torch.mm(a, b) for 2-D tensors of one dtype. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw new TorchError('RuntimeError', 'self must be a matrix');
  if (b.ndim !== 2) throw new TorchError('RuntimeError', 'mat2 must be a matrix');
  if (a.shape[1] !== b.shape[0]) {
    throw new TorchError('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  checkSameDtype(a, b);
  const [M, K] = a.shape;
  const N = b.shape[1];
  const out = emptyLike([M, N], a.dtype);
  gemm(out.storage, 0, M, N, K, matRef(a), matRef(b), a.dtype);
  return out;
}

/** A 2-D tensor's transpose as a view (no copy). */
export function transpose2d(t: Tensor): Tensor {
  return makeView(t, [t.shape[1], t.shape[0]], [t.strides[1], t.strides[0]], t.offset);
}

/** aᵀ @ b without materialising aᵀ (mm backward: grad_mat2 = mat1ᵀ @ grad). */
export function mmTN(a: Tensor, b: Tensor): Tensor {
  return mm(transpose2d(a), b);
}

/** a @ bᵀ without materialising bᵀ (mm backward: grad_mat1 = grad @ mat2ᵀ). */
export function mmNT(a: Tensor, b: Tensor): Tensor {
  return mm(a, transpose2d(b));
}

/** torch.bmm for 3-D tensors [B, n, m] @ [B, m, p]. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw new TorchError('RuntimeError', 'batch1 must be a 3D tensor');
  if (b.ndim !== 3) throw new TorchError('RuntimeError', 'batch2 must be a 3D tensor');
  const [B, M, K] = a.shape;
  if (b.shape[0] !== B || b.shape[1] !== K) {
    throw new TorchError('RuntimeError', `Expected size for first two dimensions of batch2 tensor to be: [${B}, ${K}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  checkSameDtype(a, b);
  const N = b.shape[2];
  const out = emptyLike([B, M, N], a.dtype);
  for (let i = 0; i < B; i++) {
    gemm(out.storage, i * M * N, M, N, K,
      { data: a.storage, off: a.offset + i * a.strides[0], rs: a.strides[1], cs: a.strides[2] },
      { data: b.storage, off: b.offset + i * b.strides[0], rs: b.strides[1], cs: b.strides[2] }, a.dtype);
  }
  return out;
}

/** torch.mv: [n, m] @ [m] → [n]. */
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.ndim !== 2 || v.ndim !== 1) {
    throw new TorchError('RuntimeError', `vector + matrix @ vector expected, got ${v.ndim}, ${a.ndim}, ${v.ndim}`);
  }
  if (a.shape[1] !== v.shape[0]) {
    throw new TorchError('RuntimeError', `size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${v.shape[0]})`);
  }
  if (a.dtype !== v.dtype) {
    throw new TorchError('RuntimeError', `addmv input tensors must have the same dtype, but got ${titleTypeName(v.dtype)}, ${titleTypeName(a.dtype)}, and ${titleTypeName(v.dtype)}`);
  }
  const [M, K] = a.shape;
  const out = emptyLike([M], a.dtype);
  gemm(out.storage, 0, M, 1, K, matRef(a), { data: v.storage, off: v.offset, rs: v.strides[0], cs: 0 }, a.dtype);
  return out;
}

/** torch.dot of two 1-D tensors → 0-d tensor. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new TorchError('RuntimeError', `1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new TorchError('RuntimeError', `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  if (a.dtype !== b.dtype) {
    throw new TorchError('RuntimeError', `dot : expected both vectors to have same dtype, but found ${titleTypeName(a.dtype)} and ${titleTypeName(b.dtype)}`);
  }
  const out = emptyLike([], a.dtype);
  gemm(out.storage, 0, 1, 1, a.shape[0], { data: a.storage, off: a.offset, rs: 0, cs: a.strides[0] }, { data: b.storage, off: b.offset, rs: b.strides[0], cs: 0 }, a.dtype);
  return out;
}

/** A dense [rows, cols] view of t's elements (a copy only when t is not contiguous). */
function asMatrix(t: Tensor, rows: number, cols: number): Tensor {
  if (t.isContiguous()) return makeView(t, [rows, cols], [cols, 1], t.offset);
  return new Tensor(t.data(), [rows, cols], t.dtype);
}

/**
 * torch.matmul with PyTorch's rules: 1-D·1-D dot, 2-D·1-D mv, 1-D·2-D and 2-D·2-D mm,
 * ≥3-D·≤2-D folded into one mm, otherwise batched with broadcast batch dims.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.ndim, db = b.ndim;
  if (da === 0 || db === 0) {
    throw new TorchError('RuntimeError', `both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) {
    const r = mm(makeView(a, [1, a.shape[0]], [0, a.strides[0]], a.offset), b);
    return new Tensor(r.storage, [b.shape[1]], r.dtype);
  }
  if (da === 2 && db === 2) return mm(a, b);
  if (da >= 3 && db <= 2) {
    // Fold the batch dims of a into its rows.
    const rows = numelOf(a.shape.slice(0, -1));
    const m = a.shape[da - 1];
    const a2 = asMatrix(a, rows, m);
    const batchShape = a.shape.slice(0, -1);
    if (db === 1) {
      const r = mv(a2, b);
      return new Tensor(r.storage, batchShape, r.dtype);
    }
    const r = mm(a2, b);
    return new Tensor(r.storage, [...batchShape, b.shape[1]], r.dtype);
  }
  // Batched: 1-D operands become matrices, batch dims broadcast.
  const aM = da === 1 ? makeView(a, [1, a.shape[0]], [0, a.strides[0]], a.offset) : a;
  const bM = db === 1 ? makeView(b, [b.shape[0], 1], [b.strides[0], 0], b.offset) : b;
  const n = aM.shape[aM.ndim - 2], m = aM.shape[aM.ndim - 1];
  const m2 = bM.shape[bM.ndim - 2], p = bM.shape[bM.ndim - 1];
  const batchA = aM.shape.slice(0, -2), batchB = bM.shape.slice(0, -2);
  const batch = broadcastOrThrow(batchA, batchB);
  const nb = numelOf(batch);
  if (m !== m2) {
    throw new TorchError('RuntimeError', `Expected size for first two dimensions of batch2 tensor to be: [${nb}, ${m}] but got: [${nb}, ${m2}].`);
  }
  if (aM.dtype !== bM.dtype) {
    throw new TorchError('RuntimeError', `expected scalar type ${titleTypeName(aM.dtype)} but found ${titleTypeName(bM.dtype)}`);
  }
  const stA = batchStrides(aM, batch), stB = batchStrides(bM, batch);
  const out = emptyLike([...batch, n, p], aM.dtype);
  const idx = new Array<number>(batch.length).fill(0);
  for (let bi = 0; bi < nb; bi++) {
    let offA = aM.offset, offB = bM.offset;
    for (let d = 0; d < batch.length; d++) { offA += idx[d] * stA[d]; offB += idx[d] * stB[d]; }
    gemm(out.storage, bi * n * p, n, p, m,
      { data: aM.storage, off: offA, rs: aM.strides[aM.ndim - 2], cs: aM.strides[aM.ndim - 1] },
      { data: bM.storage, off: offB, rs: bM.strides[bM.ndim - 2], cs: bM.strides[bM.ndim - 1] }, aM.dtype);
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++idx[d] < batch[d]) break;
      idx[d] = 0;
    }
  }
  let shape = [...batch, n, p];
  if (da === 1) shape = [...batch, p];
  else if (db === 1) shape = [...batch, n];
  return new Tensor(out.storage, shape, out.dtype);
}

/** Strides of t's batch dims read as broadcast to `batch` (0 where t has size 1 or no dim). */
function batchStrides(t: Tensor, batch: number[]): number[] {
  const tb = t.ndim - 2;
  const off = batch.length - tb;
  return batch.map((s, i) => (i < off || t.shape[i - off] === 1 ? 0 : t.strides[i - off]));
}

function expandError(bias: Tensor, target: number[]): TorchError {
  // The first dim (from the right) where bias cannot expand, as PyTorch's expand reports it.
  let dim = target.length - 1;
  for (let i = bias.ndim - 1, j = target.length - 1; i >= 0; i--, j--) {
    if (bias.shape[i] !== 1 && bias.shape[i] !== target[j]) { dim = j; break; }
  }
  const bi = bias.ndim - (target.length - dim);
  return new TorchError('RuntimeError', `The expanded size of the tensor (${target[dim]}) must match the existing size (${bias.shape[bi]}) at non-singleton dimension ${dim}.  Target sizes: [${target.join(', ')}].  Tensor sizes: [${bias.shape.join(', ')}]`);
}

function addBias(prod: Tensor, bias: Tensor): Tensor {
  let ok = bias.ndim <= prod.ndim;
  if (ok) {
    const shape = broadcastShapeOrNull(prod.shape, bias.shape);
    ok = shape !== null && sameShape(shape, prod.shape);
  }
  if (!ok) throw expandError(bias, prod.shape);
  // fround(Σ + bias): the product sum is rounded first, then the bias added (as the reference BLAS).
  return binary('add', prod, bias);
}

function broadcastShapeOrNull(a: number[], b: number[]): number[] | null {
  try { return broadcastOrThrow(a, b); } catch { return null; }
}

/**
 * torch.addmm(bias, a, b) = bias + a @ b (beta = alpha = 1). The reference BLAS adds the bias
 * after the product sum when b is column-major (a transposed weight, as in Linear) and starts
 * each sum from the bias otherwise.
 */
export function addmm(bias: Tensor, a: Tensor, b: Tensor): Tensor {
  const biasLast = b.ndim === 2 && b.strides[0] === 1 && b.shape[1] > 1;
  if (biasLast || a.ndim !== 2 || b.ndim !== 2) return addBias(mm(a, b), bias);
  const probe = mm(makeView(a, [a.shape[0], 0], [a.strides[0], 1], a.offset), makeView(b, [0, b.shape[1]], [1, b.strides[1]], b.offset));
  if (a.shape[1] !== b.shape[0]) mm(a, b); // throws PyTorch's shape error
  const out = addBias(probe, bias); // bias broadcast to [M, N] with the expand checks, cast to the result dtype
  if (out.dtype !== a.dtype || a.dtype !== b.dtype) return addBias(mm(a, b), bias);
  gemm(out.storage, 0, a.shape[0], b.shape[1], a.shape[1], matRef(a), matRef(b), a.dtype, true);
  return out;
}

/** F.linear(x, weight, bias): x @ weightᵀ (+ bias), for any number of leading dims of x. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const wt = weight.ndim === 2 ? transpose2d(weight) : weight;
  const prod = x.ndim === 2 && weight.ndim === 2 ? mm(x, wt) : matmul(x, wt);
  return bias === null ? prod : addBias(prod, bias);
}

/** torch.outer(a, b): a[i] * b[j]. */
export function outer(a: Tensor, b: Tensor): Tensor {
  const col = makeView(a, [a.shape[0], 1], [a.strides[0], 0], a.offset);
  return binary('mul', col, b);
}
