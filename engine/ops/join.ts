// Joins: cat (CatBackward0) and stack (StackBackward0). split/chunk/unbind are views (shape.ts).
import { defineOp } from '../autograd';
import { DType, promoteTypes } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';
import * as KJ from '../tensor/kernels/join';
import { narrow, registerJoins, select, wrapDim } from './shape';

/** PyTorch skips 1-D empty tensors in cat (a legacy rule). */
function isLegacyEmpty(t: Tensor): boolean {
  return t.ndim === 1 && t.shape[0] === 0;
}

function catShape(tensors: Tensor[], dim: number, opName: 'cat' | 'stack'): { shape: number[]; dtype: DType; dim: number } {
  const ref = tensors.find((t) => !isLegacyEmpty(t)) ?? tensors[0];
  const d = wrapDim(dim, ref.ndim);
  let dtype = tensors[0].dtype;
  for (const t of tensors) dtype = promoteTypes(dtype, t.dtype);
  const shape = ref.shape.slice();
  let total = 0;
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    if (isLegacyEmpty(t) && t !== ref) continue;
    if (t.ndim !== ref.ndim) {
      throw new TorchError('RuntimeError', `Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    }
    for (let k = 0; k < ref.ndim; k++) {
      if (k !== d && t.shape[k] !== ref.shape[k]) {
        throw new TorchError('RuntimeError', `Sizes of tensors must match except in dimension ${d}. Expected size ${ref.shape[k]} but got size ${t.shape[k]} for tensor number ${i} in the list.`);
      }
    }
    total += t.shape[d];
  }
  void opName;
  if (ref.ndim > 0) shape[d] = total;
  return { shape, dtype, dim: d };
}

interface CatParams { dim: number }
const catOp = defineOp<CatParams>({
  gradFn: 'CatBackward0',
  formula: ['grad_input_i = grad.narrow(dim, offset_i, size_i)'],
  forward(tensors, { dim }) {
    return KJ.cat(tensors, dim);
  },
  backward([g], ctx) {
    const dim = ctx.params.dim;
    const outRank = g.ndim;
    let start = 0;
    return ctx.inputs.map((meta, i) => {
      if (meta.shape.length === 1 && meta.shape[0] === 0 && outRank !== 1) return null;
      const len = meta.shape[dim];
      const piece = ctx.needsGrad[i] ? narrow(g, dim, start, len) : null;
      start += len;
      return piece;
    });
  },
});

/** `torch.cat(tensors, dim=0)`: CatBackward0. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TorchError('ValueError', 'torch.cat(): expected a non-empty list of Tensors');
  const ref = tensors.find((t) => !isLegacyEmpty(t)) ?? tensors[0];
  if (ref.ndim === 0) throw new TorchError('RuntimeError', 'zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = wrapDim(dim, ref.ndim);
  catShape(tensors.slice(), d, 'cat'); // validate before recording
  return catOp(tensors.slice(), { dim: d })[0];
}

const stackOp = defineOp<CatParams>({
  gradFn: 'StackBackward0',
  formula: ['grad_input_i = grad.select(dim, i)'],
  forward(tensors, { dim }) {
    return KJ.stack(tensors, dim);
  },
  backward([g], ctx) {
    return ctx.inputs.map((_m, i) => (ctx.needsGrad[i] ? select(g, ctx.params.dim, i) : null));
  },
});

/** `torch.stack(tensors, dim=0)`: StackBackward0. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new TorchError('RuntimeError', 'stack expects a non-empty TensorList');
  const ref = tensors[0];
  for (let i = 1; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.ndim !== ref.ndim || t.shape.some((s, k) => s !== ref.shape[k])) {
      throw new TorchError('RuntimeError', `stack expects each tensor to be equal size, but got [${ref.shape.join(', ')}] at entry 0 and [${t.shape.join(', ')}] at entry ${i}`);
    }
  }
  const d = wrapDim(dim, ref.ndim + 1);
  return stackOp(tensors.slice(), { dim: d })[0];
}

registerJoins(
  (ts, dim) => cat(ts, dim),
  (ts, dim) => stack(ts, dim),
);
