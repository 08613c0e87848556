// In-place ops (`add_`, `mul_`, `copy_`, `zero_`, `relu_` …) through one mechanism:
//   1. checkInplace (leaf that requires grad, view of such a leaf, inference tensors);
//   2. compute the out-of-place op — when a graph is recorded, on a snapshot of self that
//      carries self's autograd identity, so the node's first edge is self's old history and
//      what it saves of self is the value before the write (PyTorch's `original_self`);
//   3. check the result can be written into self (castable dtype, self's shape), write it
//      through self's strides and bump the version counter shared with views;
//   4. rebase self's history onto the node (self.grad_fn = AddBackward0 …), re-pointing saved
//      outputs at self. On a view of a tensor that requires grad the base gets PyTorch's
//      CopySlices node and the view an AsStridedBackward0 on top of it.
import { bumpVersion, checkInplace, defineOp, Edge, FunctionNode, gradientEdge, gradMode, Node, noGradViewRebaseError, SavedTensor, withGradEnabled } from '../autograd';
import { TorchError, scalarTypeName } from '../tensor/errors';
import { emptyTensor, makeView, sameShape, setViewGradFnHook, Tensor } from '../tensor/tensor';
import { canCast, copyInto } from '../tensor/kernels/elementwise';
import { contiguousCopy, pyFloat, Scalar, stridedOffsets } from '../tensor/kernels/util';
import { add, div, mul, Num, pow, sub, toScalar, unwrap, wrapScalar, neg } from './arithmetic';
import * as Un from './unary';
import { zerosLike } from './creation';
import { sumToShape } from './reduce';

function isRecording(self: Tensor, others: readonly Num[]): boolean {
  if (!gradMode.enabled || gradMode.inference) return false;
  if (self.requiresGrad) return true;
  if (self.base !== null && self.base.requiresGrad) return true;
  for (const o of others) if (o instanceof Tensor && o.requiresGrad) return true;
  return false;
}

function checkWritable(self: Tensor, result: Tensor): void {
  if (!canCast(result.dtype, self.dtype)) {
    throw new TorchError('RuntimeError', `result type ${scalarTypeName(result.dtype)} can't be cast to the desired output type ${scalarTypeName(self.dtype)}`);
  }
  if (!sameShape(result.shape, self.shape)) {
    throw new TorchError('RuntimeError', `output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${result.shape.join(', ')}]`);
  }
}

/** A copy of self's current values that stands for self in the graph (same grad_fn edge). */
function snapshotOf(self: Tensor): Tensor {
  const snap = contiguousCopy(self);
  snap.gradFn = self.gradFn;
  snap.outputNr = self.outputNr;
  return snap;
}

/**
 * Runs `op` (an out-of-place differentiable op on self) in place. `others` are the op's other
 * operands (to decide whether a graph is recorded). Returns self.
 */
export function applyInPlace(self: Tensor, others: readonly Num[], op: (selfIn: Tensor) => Tensor): Tensor {
  checkInplace(self);
  if (gradMode.enabled && self.base !== null && self.base.isLeaf && self.base.leafRequiresGrad) {
    throw new TorchError('RuntimeError', 'a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const recording = isRecording(self, others);
  if (recording && self.viewCreatedInNoGrad) throw noGradViewRebaseError(true);
  if (!recording) {
    const result = op(self);
    checkWritable(self, result);
    copyInto(self, result);
    bumpVersion(self);
    return self;
  }
  if (self.base !== null) return applyOnView(self, op);
  const result = op(snapshotOf(self));
  checkWritable(self, result);
  copyInto(self, result);
  bumpVersion(self);
  rebaseHistory(self, result);
  return self;
}

/** Makes `self` the output of the node that produced `result` (saved outputs now point at self). */
function rebaseHistory(self: Tensor, result: Tensor): void {
  const node = result.gradFn as Node | null;
  const oldNode = self.gradFn as Node | null;
  if (self.retainsGrad && oldNode !== null) oldNode.retainGradTensors[self.outputNr] = undefined;
  self.gradFn = node;
  self.outputNr = 0;
  if (node === null) return;
  for (let i = 0; i < node.saved.length; i++) {
    if (node.saved[i].tensor === result) node.saved[i] = new SavedTensor(self, self.version.value, node);
  }
  if (self.retainsGrad) node.retainGradTensors[0] = self;
}

// ---- CopySlices: an in-place op on a view of a tensor that needs grad ----

/** PyTorch's CopySlices: the base's grad_fn after an in-place write into one of its views. */
class CopySlices extends Node {
  constructor(
    readonly baseShape: number[],
    readonly viewShape: number[],
    readonly viewStrides: number[],
    readonly viewOffset: number,
    readonly fn: Node,
    edges: (Edge | null)[],
  ) {
    super(edges);
  }

  name(): string {
    return 'CopySlices';
  }

  apply(gradOutputs: (Tensor | null)[]): (Tensor | null)[] {
    const g = gradOutputs[0];
    if (g === null) return this.nextEdges.map(() => null);
    const result = contiguousCopy(g);
    const slice = makeView(result, this.viewShape, this.viewStrides, this.viewOffset);
    const res = this.fn.apply([contiguousCopy(slice)]);
    const r0 = res[0];
    if (r0 === null || r0 === undefined) copyInto(slice, pyFloat(0));
    else copyInto(slice, r0);
    const out: (Tensor | null)[] = [result];
    for (let i = 1; i < this.nextEdges.length; i++) out.push(res[i] ?? null);
    return out;
  }

  override releaseSaved(): void {
    this.fn.releaseSaved();
  }
}

// A view whose base (or another view of it) was written in place since its grad_fn was set gets
// a new one when next read, as PyTorch's VariableHooks::grad_fn: base.as_strided(view geometry)
// on top of the base's current grad_fn, so gradients through the view see the write.
setViewGradFnHook((view) => {
  const base = view.base!;
  if (view.storedGradFn === null && !base.requiresGrad) return;
  if (view.viewCreatedInNoGrad) throw noGradViewRebaseError(false);
  const replay = withGradEnabled(true, () => asStridedReplay(base, view));
  view.gradFn = replay.gradFn;
  view.outputNr = 0;
});

interface AsStridedParams {
  shape: number[];
  strides: number[];
  offset: number;
  /** The base's own geometry on the shared storage (PyTorch's self_geometry). */
  baseStrides: number[];
  baseOffset: number;
}

/**
 * view = base.as_strided(view geometry) on top of CopySlices: AsStridedBackward0. Its gradient
 * goes through the storage: the view's gradients are summed onto the storage positions they
 * read, and each base element takes the sum at its own position (any base layout).
 */
const asStridedOp = defineOp<AsStridedParams>({
  gradFn: 'AsStridedBackward0',
  formula: ['grad_self = zeros(self.shape) with grad summed in at the view positions'],
  forward: ([base], p) => makeView(base, p.shape, p.strides, p.offset),
  backward: ([g], ctx) => {
    const meta = ctx.inputs[0];
    const p = ctx.params;
    const gv = contiguousCopy(g).storage;
    const viewPos = stridedOffsets(p.shape, p.strides, p.offset);
    const basePos = stridedOffsets(meta.shape, p.baseStrides, p.baseOffset);
    const sums = new Map<number, number>();
    for (let i = 0; i < viewPos.length; i++) sums.set(viewPos[i], (sums.get(viewPos[i]) ?? 0) + gv[i]);
    const out = emptyTensor(meta.shape.slice(), g.dtype);
    for (let i = 0; i < basePos.length; i++) out.storage[i] = sums.get(basePos[i]) ?? 0;
    return [out];
  },
});

/** AsStridedBackward0 of `view` on top of its base's current grad_fn. */
function asStridedReplay(base: Tensor, view: Tensor): Tensor {
  return asStridedOp([base], {
    shape: view.shape.slice(), strides: view.strides.slice(), offset: view.offset,
    baseStrides: base.strides.slice(), baseOffset: base.offset,
  })[0];
}

function applyOnView(view: Tensor, op: (selfIn: Tensor) => Tensor): Tensor {
  const base = view.base!;
  if (base.offset !== 0 || !base.isContiguous()) {
    throw new TorchError('NotImplementedError', 'in-place operation on a view of a non-contiguous tensor that requires grad (CopySlices) is not supported by Gradscope yet');
  }
  // The op on the view's current value; its node becomes CopySlices' inner function.
  const result = op(snapshotOf(view));
  checkWritable(view, result);
  const fn = result.gradFn as FunctionNode<unknown> | null;
  copyInto(view, result);
  bumpVersion(view);
  if (fn === null) return view;
  const baseEdge = base.requiresGrad ? gradientEdge(base) : null;
  const edges: (Edge | null)[] = [baseEdge, ...fn.nextEdges.slice(1)];
  const node = new CopySlices(base.shape.slice(), view.shape.slice(), view.strides.slice(), view.offset - base.offset, fn, edges);
  node.outputMeta.push({ shape: base.shape.slice(), dtype: base.dtype });
  for (let i = 0; i < fn.saved.length; i++) {
    if (fn.saved[i].tensor === result) fn.saved[i] = new SavedTensor(view, view.version.value, fn);
  }
  base.gradFn = node;
  base.outputNr = 0;
  // The view now reads the modified base: as_strided on top of CopySlices.
  const replay = asStridedReplay(base, view);
  view.gradFn = replay.gradFn;
  view.outputNr = 0;
  return view;
}

// ---- in-place view ops (unsqueeze_, squeeze_, t_, transpose_) ----

/**
 * Changes self's geometry to that of `view(self)` (a view op called with its in-place form's
 * grad_fn name), which also becomes self's grad_fn; bumps the version.
 */
export function inPlaceView(self: Tensor, view: (x: Tensor) => Tensor): Tensor {
  checkInplace(self);
  if (gradMode.enabled && self.base !== null && self.base.isLeaf && self.base.leafRequiresGrad) {
    throw new TorchError('RuntimeError', 'a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const out = view(self);
  const fn = out.gradFn; // read before the bump, which would make `out` a stale view
  self.shape = out.shape;
  self.strides = out.strides;
  self.offset = out.offset;
  bumpVersion(self);
  if (fn !== null) {
    self.gradFn = fn;
    self.outputNr = out.outputNr;
  }
  return self;
}

// ---- the in-place ops ----

export const addInPlace = (self: Tensor, other: Num, alpha?: Scalar | number): Tensor => applyInPlace(self, [other], (s) => add(s, other, alpha));
export const subInPlace = (self: Tensor, other: Num, alpha?: Scalar | number): Tensor => applyInPlace(self, [other], (s) => sub(s, other, alpha));
export const mulInPlace = (self: Tensor, other: Num): Tensor => applyInPlace(self, [other], (s) => mul(s, other));
export const divInPlace = (self: Tensor, other: Num, roundingMode: 'trunc' | 'floor' | null = null): Tensor =>
  applyInPlace(self, [other], (s) => div(s, other, roundingMode));
export const powInPlace = (self: Tensor, exponent: Num): Tensor => applyInPlace(self, [exponent], (s) => pow(s, exponent));
export const negInPlace = (self: Tensor): Tensor => applyInPlace(self, [], (s) => neg(s));
export const clampInPlace = (self: Tensor, min?: Num | null, max?: Num | null): Tensor =>
  applyInPlace(self, [min ?? 0, max ?? 0], (s) => Un.clamp(s, min, max));
export const clampMinInPlace = (self: Tensor, min: Num): Tensor => applyInPlace(self, [min], (s) => Un.clampMin(s, min));
export const clampMaxInPlace = (self: Tensor, max: Num): Tensor => applyInPlace(self, [max], (s) => Un.clampMax(s, max));

type UnaryName =
  | 'abs' | 'exp' | 'log' | 'log2' | 'log10' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'sin' | 'cos' | 'tan' | 'tanh' | 'sigmoid'
  | 'relu' | 'sign' | 'floor' | 'ceil' | 'round' | 'trunc' | 'frac' | 'reciprocal' | 'erf' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh';
/** `x.exp_()`, `x.relu_()`, … by name. */
export function unaryInPlace(self: Tensor, name: UnaryName): Tensor {
  const f = Un[name] as (x: Tensor) => Tensor;
  // An int tensor cannot take exp_'s float result: checkWritable raises PyTorch's cast error.
  return applyInPlace(self, [], (s) => f(s));
}
export const reluInPlace = (self: Tensor): Tensor => unaryInPlace(self, 'relu');
export const leakyReluInPlace = (self: Tensor, slope = 0.01): Tensor => applyInPlace(self, [], (s) => Un.leakyRelu(s, slope));

// zero_ / fill_ / copy_

const zeroOp = defineOp<null>({
  gradFn: 'ZeroBackward0',
  formula: ['grad_self = 0'],
  forward: ([x]) => emptyTensor(x.shape.slice(), x.dtype),
  backward: ([g]) => [zerosLike(g)],
});
/** x.zero_(): ZeroBackward0. */
export const zeroInPlace = (self: Tensor): Tensor => applyInPlace(self, [], (s) => zeroOp([s], null)[0]);

const fillScalarOp = defineOp<{ value: Scalar }>({
  gradFn: 'FillBackward2',
  formula: ['grad_self = 0'],
  forward: ([x], p) => {
    const out = emptyTensor(x.shape.slice(), x.dtype);
    copyInto(out, p.value);
    return out;
  },
  backward: ([g]) => [zerosLike(g)],
});
const fillTensorOp = defineOp<null>({
  gradFn: 'FillBackward3',
  formula: ['grad_self = 0', 'grad_value = grad.sum()'],
  forward: ([x, v]) => {
    const out = emptyTensor(x.shape.slice(), x.dtype);
    copyInto(out, v);
    return out;
  },
  backward: ([g], ctx) => [ctx.needsGrad[0] ? zerosLike(g) : null, ctx.needsGrad[1] ? sumToShape(g, []) : null],
});
/** x.fill_(value): FillBackward2 (scalar) / FillBackward3 (0-d tensor). */
export function fillInPlace(self: Tensor, value: Num): Tensor {
  if (value instanceof Tensor) {
    if (value.ndim !== 0) {
      throw new TorchError('RuntimeError', `fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
    }
    return applyInPlace(self, [value], (s) => fillTensorOp([s, value], null)[0]);
  }
  return applyInPlace(self, [], (s) => fillScalarOp([s], { value: toScalar(value) })[0]);
}

const copyOp = defineOp<null>({
  gradFn: 'CopyBackwards',
  formula: ['grad_self = 0', 'grad_src = grad'],
  forward: ([x, src]) => {
    const out = emptyTensor(x.shape.slice(), x.dtype);
    copyInto(out, unwrap(src));
    return out;
  },
  backward: ([g], ctx) => [ctx.needsGrad[0] ? zerosLike(g) : null, ctx.needsGrad[1] ? g : null],
});
/** x.copy_(src): CopyBackwards; src broadcasts to x's shape and is cast to x's dtype. */
export function copyInPlace(self: Tensor, src: Num): Tensor {
  const srcT = src instanceof Tensor ? src : wrapScalar(toScalar(src));
  return applyInPlace(self, [srcT], (s) => copyOp([s, srcT], null)[0]);
}

