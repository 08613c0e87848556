// Linear algebra: mm, mv, dot, bmm, addmm, outer and matmul with PyTorch's decomposition into
// those (so `a @ b` has PyTorch's graph for every rank combination).
import { defineOp, gradMode } from '../autograd';
import { DType } from '../tensor/dtype';
import { scalarTypeName, TorchError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';
import { broadcastOrThrow } from '../tensor/kernels/util';
import * as KM from '../tensor/kernels/matmul';
import { mul } from './arithmetic';
import { contiguous, expand, mT, reshape, squeeze, t, transpose, unsafeView, unsqueeze, view } from './shape';

// The products run in the kernel layer (tensor/kernels/matmul.ts): k-sequential accumulation
// with every product and sum rounded to the dtype, as PyTorch's CPU mm on the reference
// machine, in WebAssembly SIMD for large float products. The kernels read strided operands,
// so transposed views (backward's grad @ B^T, A^T @ grad) are never materialised.

function checkSameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new TorchError('RuntimeError', `expected m1 and m2 to have the same dtype, but got: ${cName(a.dtype)} != ${cName(b.dtype)}`);
  }
}
function cName(d: DType): string {
  return d === 'float32' ? 'float' : d === 'float64' ? 'double' : d === 'int64' ? 'long int' : d === 'int32' ? 'int' : d === 'bool' ? 'bool' : 'unsigned char';
}

// ---------------------------------------------------------------------------------------
// mm / mv / dot / bmm / addmm
// ---------------------------------------------------------------------------------------

const mmOp = defineOp<null>({
  gradFn: 'MmBackward0',
  formula: ['grad_self = grad @ mat2.T', 'grad_mat2 = self.T @ grad'],
  forward([a, b]) {
    return KM.mm(a, b);
  },
  save: ([a, b]) => [a, b],
  backward([g], ctx) {
    const [a, b] = ctx.saved;
    if (!gradMode.enabled) return [ctx.needsGrad[0] ? KM.mmNT(g, b) : null, ctx.needsGrad[1] ? KM.mmTN(a, g) : null];
    return [ctx.needsGrad[0] ? mm(g, t(b)) : null, ctx.needsGrad[1] ? mm(t(a), g) : null];
  },
});

/** `torch.mm(a, b)`: MmBackward0. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw new TorchError('RuntimeError', 'self must be a matrix');
  if (b.ndim !== 2) throw new TorchError('RuntimeError', 'mat2 must be a matrix');
  if (a.shape[1] !== b.shape[0]) {
    throw new TorchError('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  checkSameDtype(a, b);
  return mmOp([a, b], null)[0];
}

const mvOp = defineOp<null>({
  gradFn: 'MvBackward0',
  formula: ['grad_self = outer(grad, vec)', 'grad_vec = self.T @ grad'],
  forward([a, v]) {
    return KM.mv(a, v);
  },
  save: ([a, v]) => [a, v],
  backward([g], ctx) {
    const [a, v] = ctx.saved;
    return [ctx.needsGrad[0] ? outer(g, v) : null, ctx.needsGrad[1] ? mv(t(a), g) : null];
  },
});

/** `torch.mv(mat, vec)`: MvBackward0. */
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.ndim !== 2 || v.ndim !== 1) {
    throw new TorchError('RuntimeError', `vector + matrix @ vector expected, got 1, ${a.ndim}, ${v.ndim}`);
  }
  if (a.shape[1] !== v.shape[0]) {
    throw new TorchError('RuntimeError', `size mismatch, got input (${a.shape[0]}), mat (${a.shape[0]}x${a.shape[1]}), vec (${v.shape[0]})`);
  }
  if (a.dtype !== v.dtype) {
    throw new TorchError('RuntimeError', `addmv input tensors must have the same dtype, but got ${scalarTypeName(v.dtype)}, ${scalarTypeName(a.dtype)}, and ${scalarTypeName(v.dtype)}`);
  }
  return mvOp([a, v], null)[0];
}

const dotOp = defineOp<null>({
  gradFn: 'DotBackward0',
  formula: ['grad_self = grad · tensor', 'grad_tensor = grad · self'],
  forward([a, b]) {
    return KM.dot(a, b);
  },
  save: ([a, b]) => [a, b],
  backward([g], ctx) {
    const [a, b] = ctx.saved;
    return [ctx.needsGrad[0] ? mul(g, b) : null, ctx.needsGrad[1] ? mul(g, a) : null];
  },
});

/** `torch.dot(a, b)`: DotBackward0. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new TorchError('RuntimeError', `1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a.dtype !== b.dtype) {
    throw new TorchError('RuntimeError', `dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new TorchError('RuntimeError', `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`);
  }
  return dotOp([a, b], null)[0];
}

const bmmOp = defineOp<null>({
  gradFn: 'BmmBackward0',
  formula: ['grad_self = grad @ mat2.mT', 'grad_mat2 = self.mT @ grad'],
  forward([a, b]) {
    return KM.bmm(a, b);
  },
  save: ([a, b]) => [a, b],
  backward([g], ctx) {
    const [a, b] = ctx.saved;
    return [ctx.needsGrad[0] ? bmm(g, transpose(b, 1, 2)) : null, ctx.needsGrad[1] ? bmm(transpose(a, 1, 2), g) : null];
  },
});

/** `torch.bmm(a, b)`: BmmBackward0. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw new TorchError('RuntimeError', 'batch1 must be a 3D tensor');
  if (b.ndim !== 3) throw new TorchError('RuntimeError', 'batch2 must be a 3D tensor');
  if (b.shape[0] !== a.shape[0] || b.shape[1] !== a.shape[2]) {
    throw new TorchError('RuntimeError', `Expected size for first two dimensions of batch2 tensor to be: [${a.shape[0]}, ${a.shape[2]}] but got: [${b.shape[0]}, ${b.shape[1]}].`);
  }
  checkSameDtype(a, b);
  return bmmOp([a, b], null)[0];
}

interface AddmmParams { beta: number; alpha: number }
const addmmOp = defineOp<AddmmParams>({
  gradFn: 'AddmmBackward0',
  formula: ['grad_self = beta · grad', 'grad_mat1 = alpha · grad @ mat2.T', 'grad_mat2 = alpha · mat1.T @ grad'],
  forward([bias, a, b], p) {
    // beta = alpha = 1 with the result's own dtype: the kernel's addmm, whose bias order
    // (before or after the product sum) follows the reference BLAS.
    if (p.alpha === 1 && p.beta === 1 && bias.dtype === a.dtype) return KM.addmm(bias, a, b);
    const prod = KM.mm(a, b);
    const [m, n] = prod.shape;
    const out = prod.storage;
    const f32 = prod.dtype === 'float32';
    // bias broadcast over the rows, as addmm's self: beta · self + alpha · (a @ b)
    const bshape = bias.shape;
    const bdata = bias.data();
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const bi = bshape.length === 0 ? 0 : bshape.length === 1 ? (bshape[0] === 1 ? 0 : j) : (bshape[0] === 1 ? 0 : i) * bshape[1] + (bshape[1] === 1 ? 0 : j);
        let acc = out[i * n + j];
        if (p.alpha !== 1) acc = f32 ? Math.fround(acc * p.alpha) : acc * p.alpha;
        const bv = p.beta === 1 ? bdata[bi] : f32 ? Math.fround(bdata[bi] * p.beta) : bdata[bi] * p.beta;
        out[i * n + j] = f32 ? Math.fround(bv + acc) : bv + acc;
      }
    }
    return prod;
  },
  save: ([, a, b]) => [a, b],
  backward([g], ctx) {
    const [a, b] = ctx.saved;
    const { alpha, beta } = ctx.params;
    const scale = (x: Tensor, s: number): Tensor => (s === 1 ? x : mul(x, s));
    if (!gradMode.enabled) {
      return [
        ctx.needsGrad[0] ? scale(g, beta) : null,
        ctx.needsGrad[1] ? scale(KM.mmNT(g, b), alpha) : null,
        ctx.needsGrad[2] ? scale(KM.mmTN(a, g), alpha) : null,
      ];
    }
    return [
      ctx.needsGrad[0] ? scale(g, beta) : null,
      ctx.needsGrad[1] ? scale(mm(g, t(b)), alpha) : null,
      ctx.needsGrad[2] ? scale(mm(t(a), g), alpha) : null,
    ];
  },
});

/** `torch.addmm(input, mat1, mat2, beta=1, alpha=1)`: AddmmBackward0. */
export function addmm(bias: Tensor, a: Tensor, b: Tensor, beta = 1, alpha = 1): Tensor {
  if (a.ndim !== 2) throw new TorchError('RuntimeError', `mat1 must be a matrix, got ${a.ndim}-D tensor`);
  if (b.ndim !== 2) throw new TorchError('RuntimeError', `mat2 must be a matrix, got ${b.ndim}-D tensor`);
  if (a.shape[1] !== b.shape[0]) {
    throw new TorchError('RuntimeError', `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
  checkSameDtype(a, b);
  const outShape = [a.shape[0], b.shape[1]];
  broadcastOrThrow(outShape, bias.shape);
  if (bias.ndim > 2) throw new TorchError('RuntimeError', `expand(${scalarTypeName(bias.dtype)}{[${bias.shape.join(', ')}]}, size=[${outShape.join(', ')}]): the number of sizes provided (2) must be greater or equal to the number of dimensions in the tensor (${bias.ndim})`);
  return addmmOp([bias, a, b], { beta, alpha })[0];
}

/** `torch.outer(a, b)` = a.view(-1, 1) * b (MulBackward0 fed by ViewBackward0, as PyTorch). */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new TorchError('RuntimeError', `outer: Expected 1-D argument self, but got ${a.ndim}-D`);
  return mul(view(a, [a.shape[0], 1]), b);
}

// ---------------------------------------------------------------------------------------
// matmul
// ---------------------------------------------------------------------------------------

/** PyTorch's should_fold: fold the batch of the larger operand into mm/mv (no bmm). */
function shouldFold(t1: Tensor, t2: Tensor): boolean {
  const t1Larger = t1.ndim >= t2.ndim;
  const big = t1Larger ? t1 : t2;
  const dimBig = big.ndim;
  const dimSmall = t1Larger ? t2.ndim : t1.ndim;
  if (!(dimBig >= 3 && dimSmall <= 2)) return false;
  const smallRequiresGrad = t1Larger ? t2.requiresGrad : t1.requiresGrad;
  if (smallRequiresGrad) return true;
  if (t1.ndim === 2) return false;
  if (big.numel === 0) return true;
  // the larger tensor (as t1, i.e. transposed when it is t2) must fold without a copy
  const shape = t1Larger ? big.shape : mTShape(big.shape);
  const strides = t1Larger ? big.strides : mTShape(big.strides);
  for (let i = 0; i < dimBig - 2; i++) if (strides[i] !== strides[i + 1] * shape[i + 1]) return false;
  return true;
}
function mTShape(s: number[]): number[] {
  const out = s.slice();
  const n = s.length;
  out[n - 2] = s[n - 1];
  out[n - 1] = s[n - 2];
  return out;
}

/** `a @ b` / `torch.matmul`: dot, mv, mm, folded mm/mv or broadcast bmm as PyTorch chooses. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const d1 = a.ndim;
  const d2 = b.ndim;
  if (d1 === 0 || d2 === 0) throw new TorchError('RuntimeError', `both arguments to matmul need to be at least 1D, but they are ${d1}D and ${d2}D`);
  if (d1 === 1 && d2 === 1) return dot(a, b);
  if (d1 === 2 && d2 === 1) return mv(a, b);
  if (d1 === 1 && d2 === 2) return squeeze(mm(unsqueeze(a, 0), b), 0, true);
  if (d1 === 2 && d2 === 2) return mm(a, b);
  if (shouldFold(a, b)) {
    const transposeIt = d2 > d1;
    const t1 = transposeIt ? mT(b) : a;
    const t2 = !transposeIt ? b : d1 === 2 ? t(a) : a;
    const sizes1 = t1.shape;
    const outShape = sizes1.slice(0, -1);
    let folded = 1;
    for (const s of outShape) folded *= s;
    const t2IsMatrix = t2.ndim === 2;
    if (t2IsMatrix) outShape.push(t2.shape[1]);
    const t1Folded = reshape(t1, [folded, sizes1[sizes1.length - 1]]);
    if (t2IsMatrix) {
      const out = unsafeView(mm(t1Folded, t2), outShape);
      return transposeIt ? contiguous(mT(out)) : out;
    }
    return unsafeView(mv(t1Folded, t2), outShape);
  }
  // broadcast batch matmul
  const n = d1 > 1 ? a.shape[d1 - 2] : 1;
  const m1 = a.shape[d1 - 1];
  const batch1 = a.shape.slice(0, Math.max(d1 - 2, 0));
  const m2 = d2 > 1 ? b.shape[d2 - 2] : b.shape[0];
  const p = d2 > 1 ? b.shape[d2 - 1] : 1;
  const batch2 = b.shape.slice(0, Math.max(d2 - 2, 0));
  const batch = broadcastOrThrow(batch1, batch2);
  let bp = 1;
  for (const s of batch) bp *= s;
  const e1 = reshape(expand(a, [...batch, n, m1]), [bp, n, m1]);
  const vectorRhs = d2 === 1;
  let e2 = expand(b, vectorRhs ? [...batch, m2] : [...batch, m2, p]);
  e2 = vectorRhs ? unsqueeze(reshape(e2, [bp, m2]), 2) : reshape(e2, [bp, m2, p]);
  const outShape = batch.slice();
  if (d1 > 1) outShape.push(n);
  if (d2 > 1) outShape.push(p);
  if (vectorRhs) {
    if (e1.shape[2] !== e2.shape[1]) {
      throw new TorchError('RuntimeError', `Expected size for first two dimensions of batch2 tensor to be: [${bp}, ${m1}] but got: [${bp}, ${m2}].`);
    }
    return unsafeView(squeeze(bmm(e1, e2), -1), outShape);
  }
  return unsafeView(bmm(e1, e2), outShape);
}
