// Gradscope's typed engine API: tensors, ops and autograd as plain functions, usable without
// the interpreter (tests, benchmarks, the CLI):
//
//   import * as G from './engine';
//   const x = G.tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true });
//   const y = G.sum(G.mul(x, x));
//   G.backward(y);                       // x.grad = 2x
//   const [gx] = G.grad([y2], [x], { createGraph: true });
//
// Python scalars: a JS number is a Python int when it is an integer, else a float; pass
// `G.pyFloat(2)` for the Python float `2.0` (it promotes an int tensor to float32).
import './ops/register';
import { Tensor } from './tensor/tensor';
import { TorchError } from './tensor/errors';
import {
  gradMode, makeRootGrads, registerTensorHook, RemovableHandle, retainGrad as retainGradCore, runBackward, setRequiresGrad, withGradEnabled,
} from './autograd';
import { tensorRepr, tensorStr } from './tensor/format';

// ---- tensor core ----
export { Tensor } from './tensor/tensor';
export type { DType } from './tensor/dtype';
export { TorchError } from './tensor/errors';
export { pyFloat, pyInt, pyBool } from './tensor/kernels/util';
export type { Scalar, Operand } from './tensor/kernels/util';
export { defaultGenerator } from './tensor/random';

// ---- op families ----
export {
  getDefaultDtype, setDefaultDtype, tensor, scalarTensor, zeros, ones, empty, full, eye, arange, linspace,
  zerosLike, onesLike, emptyLike, fullLike, rand, randn, randint, randperm, randLike, randnLike,
} from './ops/creation';
export type { CreateOptions, NestedData, RandomOptions } from './ops/creation';
export {
  add, sub, rsub, mul, div, floorDivide, remainder, fmod, pow, square, neg, maximum, minimum, toScalar, wrapScalar, isWrappedNumber,
} from './ops/arithmetic';
export type { Num } from './ops/arithmetic';
export {
  abs, sgn, sign, floor, ceil, trunc, frac, round, exp, exp2, log, log2, log10, log1p, expm1, sqrt, rsqrt, sin, cos, tan, asin, acos, atan,
  sinh, cosh, asinh, acosh, atanh, reciprocal, erf, erfc, tanh, sigmoid, relu, threshold, leakyRelu, elu, softplus, silu, gelu, mish,
  hardtanh, relu6, clamp, clip, clampMin, clampMax, tanhBackward, sigmoidBackward, thresholdBackward,
} from './ops/unary';
export {
  eq, ne, lt, le, gt, ge, logicalAnd, logicalOr, logicalXor, logicalNot, bitwiseAnd, bitwiseOr, bitwiseXor, bitwiseNot, isnan, isinf, isfinite,
  equal, where,
} from './ops/compare';
export {
  applyInPlace, inPlaceView, addInPlace, subInPlace, mulInPlace, divInPlace, powInPlace, negInPlace, clampInPlace, clampMinInPlace, clampMaxInPlace,
  unaryInPlace, reluInPlace, leakyReluInPlace, zeroInPlace, fillInPlace, copyInPlace,
} from './ops/inplace';
export { toDtype, clone, cloneDetached, detach, dataOf, setData, detachInPlace } from './ops/convert';
export type { ToOptions } from './ops/convert';
export {
  sum, sumToShape, mean, prod, max, min, amax, amin, argmax, argmin, norm, variance, std, logsumexp, cumsum, all, any,
} from './ops/reduce';
export type { DimArg, ReduceOptions, ValuesIndices } from './ops/reduce';
export {
  view, reshape, viewAs, reshapeAs, flatten, unflatten, contiguous, transpose, t, permute, T, mT, movedim, squeeze, unsqueeze, expand,
  expandAs, select, slice, narrow, unbind, split, chunk, repeat, flip,
} from './ops/shape';
export { cat, stack } from './ops/join';
export { mm, mv, dot, bmm, addmm, outer, matmul } from './ops/linalg';
export {
  softmax, logSoftmax, linear, dropout, mseLoss, l1Loss, nllLoss, crossEntropy, binaryCrossEntropy, binaryCrossEntropyWithLogits,
} from './ops/nn';
export { getitem, setitem, indexSelect, gather, maskedFill, maskedSelect } from './ops/indexing';

// ---- autograd ----

export interface BackwardArgs {
  /** The gradient of `t` (required unless t has one element). */
  gradient?: Tensor | null;
  retainGraph?: boolean;
  createGraph?: boolean;
  /** Accumulate only into these tensors. */
  inputs?: Tensor[];
}

/** t.backward(gradient, retain_graph, create_graph, inputs): accumulates into .grad. */
export function backward(t: Tensor, args: BackwardArgs = {}): void {
  backwardMany([t], args.gradient === undefined ? [null] : [args.gradient], args);
}

/** torch.autograd.backward(tensors, grad_tensors, …). */
export function backwardMany(tensors: Tensor[], gradients: (Tensor | null)[], args: Omit<BackwardArgs, 'gradient'> = {}): void {
  if (args.inputs !== undefined && args.inputs.length === 0) {
    throw new TorchError('RuntimeError', "'inputs' argument to backward() cannot be empty.");
  }
  const createGraph = args.createGraph ?? false;
  const rootGrads = makeRootGrads(tensors, gradients);
  runBackward(tensors, rootGrads, {
    retainGraph: args.retainGraph ?? createGraph,
    createGraph,
    inputs: args.inputs ?? null,
    accumulate: true,
  });
}

export interface GradArgs {
  gradOutputs?: (Tensor | null)[];
  retainGraph?: boolean;
  createGraph?: boolean;
  allowUnused?: boolean;
  /** Unused inputs get zeros instead of null (implies allowUnused). */
  materializeGrads?: boolean;
}

/** torch.autograd.grad(outputs, inputs, …): returns the gradients, touches no .grad. */
export function grad(outputs: Tensor[], inputs: Tensor[], args: GradArgs = {}): (Tensor | null)[] {
  const createGraph = args.createGraph ?? false;
  const rootGrads = makeRootGrads(outputs, args.gradOutputs ?? outputs.map(() => null));
  const allowUnused = (args.allowUnused ?? false) || (args.materializeGrads ?? false);
  const res = runBackward(outputs, rootGrads, {
    retainGraph: args.retainGraph ?? createGraph,
    createGraph,
    inputs,
    accumulate: false,
    allowUnused,
  });
  if (args.materializeGrads) {
    return res.map((g, i) => g ?? new Tensor(new (inputs[i].storage.constructor as Float32ArrayConstructor)(inputs[i].numel), inputs[i].shape.slice(), inputs[i].dtype));
  }
  return res;
}

/** `with torch.no_grad(): …` */
export function noGrad<T>(fn: () => T): T {
  return withGradEnabled(false, fn);
}
/** `with torch.enable_grad(): …` */
export function enableGrad<T>(fn: () => T): T {
  return withGradEnabled(true, fn);
}
export function setGradEnabled(enabled: boolean): void {
  gradMode.enabled = enabled;
}
export function isGradEnabled(): boolean {
  return gradMode.enabled;
}
/** `with torch.inference_mode(): …` */
export function inferenceMode<T>(fn: () => T): T {
  const prev = { enabled: gradMode.enabled, inference: gradMode.inference };
  gradMode.enabled = false;
  gradMode.inference = true;
  try {
    return fn();
  } finally {
    gradMode.enabled = prev.enabled;
    gradMode.inference = prev.inference;
  }
}

/** t.register_hook(fn): fn(grad) may return a replacement gradient. */
export function registerHook(t: Tensor, fn: (grad: Tensor) => Tensor | null | undefined): RemovableHandle {
  return registerTensorHook(t, fn);
}
export function retainGrad(t: Tensor): void {
  retainGradCore(t);
}
/** t.requires_grad_(flag). */
export function requiresGrad_(t: Tensor, flag = true): Tensor {
  setRequiresGrad(t, flag, true);
  return t;
}
export type { RemovableHandle } from './autograd';

// ---- reading values ----

/** repr(t), exactly as PyTorch prints it. */
export function formatTensor(t: Tensor): string {
  return tensorRepr(t);
}
/** str(t). */
export function tensorToString(t: Tensor): string {
  return tensorStr(t);
}

/** t.item(): the value of a one-element tensor. */
export function item(t: Tensor): number {
  if (t.numel !== 1) {
    throw new TorchError('RuntimeError', `a Tensor with ${t.numel} elements cannot be converted to Scalar`);
  }
  return t.at(0);
}

/** t.tolist() as nested JS arrays (bools as 0/1). */
export function tolist(t: Tensor): unknown {
  const data = t.data();
  if (t.ndim === 0) return data[0];
  let pos = 0;
  const build = (dim: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < t.shape[dim]; i++) out.push(dim === t.ndim - 1 ? data[pos++] : build(dim + 1));
    return out;
  };
  return build(0);
}

/** The grad_fn name of a tensor (PyTorch's class name) or null for a leaf. */
export function gradFnName(t: Tensor): string | null {
  return t.gradFn === null ? null : t.gradFn.name();
}
