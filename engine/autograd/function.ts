// defineOp: the one place where an op's forward, backward and grad_fn name meet, and where
// everything that must never be forgotten happens (grad-mode checks, requires_grad
// propagation, saving tensors with their versions, reducing broadcast gradients, dtype casts).
import { Tensor } from '../tensor/tensor';
import { DType, isFloating, isReducedFloat, roundStorage } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { Edge, Node, SavedTensor } from './node';
import { gradMode } from './grad_mode';
import { gradAccumulator } from './accumulate';
import { opHelpers } from './helpers';
import { autogradEvents } from './events';

export interface InputMeta {
  shape: number[];
  dtype: DType;
}

/** What a backward function is given besides the output gradients. */
export interface BackwardContext<P> {
  params: P;
  /** Saved tensors, in the order `save` returned them (checked against their versions). */
  saved: Tensor[];
  inputs: InputMeta[];
  /** Which inputs need a gradient (skip the work for the others). */
  needsGrad: boolean[];
  /**
   * Which output gradients the formula may overwrite in place (the engine holds no other
   * reference; see gradTimes in ops/arithmetic.ts). A formula that does so clears the flag.
   */
  owned: boolean[];
}

export interface OpSpec<P> {
  /** PyTorch's grad_fn class name, e.g. 'MulBackward0'; may depend on the call. */
  gradFn: string | ((inputs: Tensor[], params: P) => string);
  /** Human formula per input for the backward stepper: `grad_self = grad · other`. */
  formula?: string[];
  /** Computes the outputs with raw kernels (never records a graph itself). */
  forward(inputs: Tensor[], params: P): Tensor | Tensor[];
  /** Tensors to save for backward (inputs or outputs); called only when a graph is recorded. */
  save?(inputs: Tensor[], outputs: Tensor[], params: P): Tensor[];
  /**
   * One gradient per input (null where there is none), computed with differentiable ops so
   * that create_graph=True works. Gradients may have a broadcast shape: they are reduced to
   * the input's shape afterwards. Missing output gradients arrive as zeros.
   */
  backward(grads: Tensor[], ctx: BackwardContext<P>): (Tensor | null)[];
  /** How many leading outputs carry gradients (max(dim) returns values, indices → 1). */
  differentiableOutputs?: number;
}

export class FunctionNode<P> extends Node {
  constructor(
    readonly spec: OpSpec<P>,
    readonly gradFnName: string,
    readonly params: P,
    readonly inputMeta: InputMeta[],
    edges: (Edge | null)[],
  ) {
    super(edges);
  }

  name(): string {
    return this.gradFnName;
  }

  apply(gradOutputs: (Tensor | null)[], owned?: readonly boolean[]): (Tensor | null)[] {
    const h = opHelpers();
    // one gradient per output: outputs that received none (holes included) get zeros
    const grads = this.outputMeta.map((m, i) => gradOutputs[i] ?? h.zeros(m.shape, m.dtype));
    const saved = this.saved.map((_, i) => this.unpack(i));
    const needsGrad = this.nextEdges.map((e) => e !== null);
    const ownedGrads = grads.map((_, i) => owned?.[i] === true);
    const out = this.spec.backward(grads, { params: this.params, saved, inputs: this.inputMeta, needsGrad, owned: ownedGrads });
    for (let i = 0; i < out.length; i++) {
      let g = out[i];
      if (g === null || !needsGrad[i]) {
        out[i] = null;
        continue;
      }
      const meta = this.inputMeta[i];
      if (!sameShapeArr(g.shape, meta.shape)) g = h.sumToShape(g, meta.shape);
      if (g.dtype !== meta.dtype) g = h.toDtype(g, meta.dtype);
      out[i] = g;
    }
    return out;
  }
}

function sameShapeArr(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The edge a new node gets for input `t`: none when t does not require grad, and none for a
 * view made under no_grad of a tensor that requires grad (it requires grad, as PyTorch says,
 * but has neither a grad_fn nor an accumulator: `(None, 0)` in next_functions).
 */
export function inputEdge(t: Tensor): Edge | null {
  if (!t.requiresGrad) return null;
  if (t.gradFn === null && !t.leafRequiresGrad) return null;
  return gradientEdge(t);
}

/** The edge a gradient for `t` flows into: its grad_fn output, or its AccumulateGrad. */
export function gradientEdge(t: Tensor): Edge {
  if (t.gradFn !== null) return { node: t.gradFn as Node, inputNr: t.outputNr };
  return { node: gradAccumulator(t), inputNr: 0 };
}

export type Op<P> = (inputs: Tensor[], params: P) => Tensor[];

export function defineOp<P>(spec: OpSpec<P>): Op<P> {
  return (inputs, params) => {
    const raw = spec.forward(inputs, params);
    const outputs = Array.isArray(raw) ? raw : [raw];
    // float16 / bfloat16 results are computed in float32 and rounded onto their grid
    for (let i = 0; i < outputs.length; i++) if (isReducedFloat(outputs[i].dtype)) roundTensorInPlace(outputs[i]);
    if (gradMode.inference || !gradMode.enabled) {
      if (gradMode.inference) for (const o of outputs) o.isInference = true;
      // PyTorch's CreationMeta::NO_GRAD_MODE: such a view may not be rebased onto a graph later.
      else for (const o of outputs) if (o.base !== null && !inputs.includes(o)) o.viewCreatedInNoGrad = true;
      const listener = autogradEvents.listener;
      if (listener?.onCut && inputs.some((t) => t.requiresGrad)) {
        listener.onCut(inputs, outputs, gradMode.inference ? 'inference_mode' : 'no_grad');
      }
      return outputs;
    }
    let anyRequires = false;
    for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) anyRequires = true;
    if (!anyRequires) return outputs;
    recordNode(spec, inputs, outputs, params);
    return outputs;
  };
}

function recordNode<P>(spec: OpSpec<P>, inputs: Tensor[], outputs: Tensor[], params: P): void {
  const edges: (Edge | null)[] = inputs.map(inputEdge);
  const name = typeof spec.gradFn === 'string' ? spec.gradFn : spec.gradFn(inputs, params);
  const node = new FunctionNode(spec, name, params, inputs.map((t) => ({ shape: t.shape, dtype: t.dtype })), edges);
  const nDiff = spec.differentiableOutputs ?? outputs.length;
  for (let i = 0; i < nDiff; i++) {
    const o = outputs[i];
    node.outputMeta.push({ shape: o.shape, dtype: o.dtype });
    if (isFloating(o.dtype)) {
      o.gradFn = node;
      o.outputNr = i;
    }
  }
  if (spec.save) {
    for (const t of spec.save(inputs, outputs, params)) {
      if (t.isInference) {
        throw new TorchError(
          'RuntimeError',
          'Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal tensor and use it in autograd.',
        );
      }
      node.saved.push(new SavedTensor(t, t.version.value, outputs.includes(t) ? node : null));
    }
  }
  autogradEvents.listener?.onNodeCreated?.(node, inputs, outputs);
}

/**
 * For in-place ops: after writing into `self`, rebase its history onto a node computed from
 * (old self, others). Returns whether a node was recorded.
 */
/** PyTorch's text when a view made under no_grad is written in place, or rebased by another write, with grad mode on. */
export function noGradViewRebaseError(direct: boolean): TorchError {
  return new TorchError('RuntimeError',
    `A view was created in no_grad mode and ${direct ? 'is being' : 'its base or another view of its base has been'} modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).`);
}

export function checkInplace(self: Tensor): void {
  if (gradMode.enabled && self.isLeaf && self.leafRequiresGrad) {
    throw new TorchError('RuntimeError', 'a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (self.isInference && !gradMode.inference) {
    throw new TorchError('RuntimeError', 'Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.');
  }
}

/** Bumps the version counter shared by a tensor and its views. */
export function bumpVersion(t: Tensor): void {
  t.version.value++;
  autogradEvents.listener?.onVersionBump?.(t);
}

/** Rounds a float16/bfloat16 result's elements (its whole storage view range) onto the grid. */
function roundTensorInPlace(t: Tensor): void {
  if (t.isContiguous()) roundStorage(t.storage.subarray(t.offset, t.offset + t.numel), t.dtype);
  else roundStorage(t.storage, t.dtype);
}
