// Dtype conversion (ToCopyBackward0), clone (CloneBackward0), detach / detach_ / .data:
// the ops that copy a tensor or cut it out of the graph.
import { defineOp, gradMode } from '../autograd';
import { autogradEvents } from '../autograd/events';
import { DType } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { Tensor, VersionCounter } from '../tensor/tensor';
import { contiguousCopy } from '../tensor/kernels/util';
import { registerToDtype } from './arithmetic';

const toCopyOp = defineOp<{ dtype: DType }>({
  gradFn: 'ToCopyBackward0',
  formula: ['grad_self = grad.to(self.dtype)'],
  forward: ([x], p) => contiguousCopy(x, p.dtype),
  // The core casts the gradient back to the input's dtype (itself a ToCopyBackward0 under create_graph).
  backward: ([g]) => [g],
});

export interface ToOptions {
  /** copy=True: a new tensor even when the dtype already matches. */
  copy?: boolean;
}

/** x.to(dtype) / .float() / .double() / .long() / .int() / .bool(): the same tensor when nothing changes. */
export function toDtype(x: Tensor, dtype: DType, opts: ToOptions = {}): Tensor {
  if (x.dtype === dtype && !opts.copy) return x;
  return toCopyOp([x], { dtype })[0];
}
registerToDtype((t, d) => toDtype(t, d));

const cloneOp = defineOp<null>({
  gradFn: 'CloneBackward0',
  formula: ['grad_self = grad'],
  forward: ([x]) => contiguousCopy(x),
  backward: ([g]) => [g],
});

/** x.clone(): CloneBackward0. */
export function clone(x: Tensor): Tensor {
  return cloneOp([x], null)[0];
}

/** A dense copy with no graph and no shared storage (for .grad accumulation and hooks). */
export function cloneDetached(x: Tensor): Tensor {
  return contiguousCopy(x);
}

function aliasOf(x: Tensor, version: VersionCounter): Tensor {
  const t = new Tensor(x.storage, x.shape.slice(), x.dtype, x.strides.slice(), x.offset, version);
  t.isInference = x.isInference;
  return t;
}

/** x.detach(): same storage and version counter, no grad_fn, requires_grad=False. */
export function detach(x: Tensor): Tensor {
  const out = aliasOf(x, x.version);
  if (x.requiresGrad) autogradEvents.listener?.onCut?.([x], [out], 'detach');
  return out;
}

/** x.data: same storage, a NEW version counter (in-place changes through it go unnoticed by autograd). */
export function dataOf(x: Tensor): Tensor {
  const out = aliasOf(x, new VersionCounter());
  if (x.requiresGrad) autogradEvents.listener?.onCut?.([x], [out], 'data');
  return out;
}

/** `x.data = y`: x takes y's storage, shape and dtype, keeping its autograd identity. */
export function setData(x: Tensor, value: Tensor): void {
  x.storage = value.storage;
  x.shape = value.shape.slice();
  x.strides = value.strides.slice();
  x.offset = value.offset;
  x.dtype = value.dtype;
}

/** x.detach_(): makes x a leaf that does not require grad. */
export function detachInPlace(x: Tensor): Tensor {
  if (x.base !== null && x.gradFn !== null) {
    throw new TorchError(
      'RuntimeError',
      "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.",
    );
  }
  if (x.requiresGrad) autogradEvents.listener?.onCut?.([x], [x], 'detach');
  x.gradFn = null;
  x.outputNr = 0;
  x.leafRequiresGrad = false;
  x.retainsGrad = false;
  return x;
}

/** Whether ops would record a graph right now (grad mode on, outside inference mode). */
export function isGradEnabled(): boolean {
  return gradMode.enabled;
}
