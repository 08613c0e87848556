// torch.autograd.Function: user-defined ops written in Python with static forward(ctx, …) and
// backward(ctx, *grads), applied with `MyFn.apply(…)`. The forward runs without recording; the
// outputs get one graph node (`<torch.autograd.function.MyFnBackward object>`) whose apply
// calls the Python backward, with ctx.save_for_backward / saved_tensors / needs_input_grad.
import { Node, SavedTensor, inputEdge, gradMode, withGradEnabled } from '../autograd';
import type { Edge } from '../autograd';
import { Tensor } from '../tensor/tensor';
import { isFloating } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import * as G from '../index';
import {
  defineNativeType, method, rawFn, rawMethod, ClassMethod, PyInstance, PyTuple, PyType, PyValue, callValue, getAttr, raiseTypeError,
  typeName, iterToArray, genericSetAttr,
} from '../script/native';

/** The `ctx` object of a custom Function: arbitrary attributes plus the saved-tensor API. */
export class FunctionCtx extends PyInstance {
  saved: Tensor[] = [];
  node: PythonFunctionNode | null = null;
  needsInputGrad: boolean[] = [];
  dirty: Tensor[] = [];
  nonDifferentiable = new Set<Tensor>();
  materializeGrads = true;
}

const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

export const FunctionCtxType: PyType = defineNativeType({
  name: 'FunctionCtx',
  module: 'torch.autograd.function',
  alloc: (cls) => new FunctionCtx(cls),
  subclassable: false,
  methods: {
    save_for_backward: rawMethod('save_for_backward', (self, args) => {
      const ctx = self as FunctionCtx;
      ctx.saved = args.map((t) => {
        if (t !== null && !(t instanceof Tensor)) raiseTypeError(`save_for_backward can only save variables, but argument 0 is of type ${typeName(t)}`);
        return t as Tensor;
      });
      return null;
    }),
    mark_dirty: rawMethod('mark_dirty', (self, args) => {
      (self as FunctionCtx).dirty = args.filter((t): t is Tensor => t instanceof Tensor);
      return null;
    }),
    mark_non_differentiable: rawMethod('mark_non_differentiable', (self, args) => {
      for (const t of args) if (t instanceof Tensor) (self as FunctionCtx).nonDifferentiable.add(t);
      return null;
    }),
    set_materialize_grads: method('set_materialize_grads', 'value', (self: FunctionCtx, v: PyValue) => {
      self.materializeGrads = v === true;
      return null;
    }),
  },
  getters: {
    saved_tensors: {
      get: (self: FunctionCtx) => {
        const node = self.node;
        if (node !== null && node.savedFreed) throw new TorchError('RuntimeError', FREED_MESSAGE);
        if (node !== null) {
          node.saved.forEach((s, i) => {
            if (s.tensor !== null) node.unpack(i); // raises the in-place version error
          });
        }
        return new PyTuple(self.saved.slice());
      },
    },
    needs_input_grad: { get: (self: FunctionCtx) => new PyTuple(self.needsInputGrad.slice()) },
  },
});

/** The graph node of one `Function.apply` call. */
export class PythonFunctionNode extends Node {
  constructor(
    readonly fnClass: PyType,
    readonly ctx: FunctionCtx,
    /** For each forward argument: its edge index, or -1 when it is not a tensor. */
    readonly argToEdge: number[],
    readonly inputMeta: { shape: number[]; dtype: Tensor['dtype'] }[],
    edges: (Edge | null)[],
  ) {
    super(edges);
  }

  name(): string {
    return `${this.fnClass.name}Backward`;
  }

  apply(gradOutputs: (Tensor | null)[]): (Tensor | null)[] {
    const grads = this.outputMeta.map((m, i) => gradOutputs[i] ?? (this.ctx.materializeGrads ? G.zeros(m.shape, { dtype: m.dtype }) : null));
    const backward = getAttr(this.fnClass, 'backward');
    const r = callValue(backward, [this.ctx, ...grads]);
    const results = r instanceof PyTuple ? r.items : [r];
    const nArgs = this.argToEdge.length;
    if (results.length !== nArgs) {
      // PyTorch allows extra trailing Nones only
      if (results.length < nArgs || results.slice(nArgs).some((v) => v !== null)) {
        throw new TorchError('RuntimeError', `function ${this.name()} returned an incorrect number of gradients (expected ${nArgs}, got ${results.length})`);
      }
    }
    const out: (Tensor | null)[] = this.nextEdges.map(() => null);
    for (let i = 0; i < nArgs; i++) {
      const k = this.argToEdge[i];
      const g = results[i];
      if (k < 0) continue;
      if (g !== null && !(g instanceof Tensor)) raiseTypeError(`${this.name()}.backward returned a ${typeName(g)} where a Tensor or None was expected`);
      if (this.nextEdges[k] === null || g === null) continue;
      const meta = this.inputMeta[k];
      let t = g as Tensor;
      if (t.shape.length !== meta.shape.length || t.shape.some((s, j) => s !== meta.shape[j])) {
        throw new TorchError('RuntimeError', `Function ${this.name()} returned an invalid gradient at index ${i} - got [${t.shape.join(', ')}] but expected shape compatible with [${meta.shape.join(', ')}]`);
      }
      if (t.dtype !== meta.dtype) t = G.toDtype(t, meta.dtype);
      out[k] = t;
    }
    return out;
  }
}

function applyFunction(cls: PyType, args: PyValue[]): PyValue {
  const ctx = new FunctionCtx(FunctionCtxType);
  const tensorArgs: Tensor[] = [];
  const argToEdge = args.map((a) => (a instanceof Tensor ? tensorArgs.push(a) - 1 : -1));
  ctx.needsInputGrad = args.map((a) => a instanceof Tensor && a.requiresGrad);
  const forward = getAttr(cls, 'forward');
  const raw = withGradEnabled(false, () => callValue(forward, [ctx, ...args]));
  const isTuple = raw instanceof PyTuple;
  const outputs = isTuple ? iterToArray(raw) : [raw];
  const record = gradMode.enabled && !gradMode.inference && tensorArgs.some((t) => t.requiresGrad);
  if (!record) return raw;
  const edges = tensorArgs.map(inputEdge);
  const node = new PythonFunctionNode(cls, ctx, argToEdge, tensorArgs.map((t) => ({ shape: t.shape.slice(), dtype: t.dtype })), edges);
  ctx.node = node;
  for (const t of ctx.saved) if (t !== null) node.saved.push(new SavedTensor(t, t.version.value, null));
  const wrapped = outputs.map((o, i) => {
    if (!(o instanceof Tensor)) return o;
    // An input returned as-is (or a dirty one) becomes a new tensor object in the graph.
    const out = tensorArgs.includes(o) && !ctx.dirty.includes(o) ? G.detach(o) : o;
    node.outputMeta.push({ shape: out.shape.slice(), dtype: out.dtype });
    if (isFloating(out.dtype) && !ctx.nonDifferentiable.has(o)) {
      out.gradFn = node;
      out.outputNr = i;
    }
    return out;
  });
  return isTuple ? new PyTuple(wrapped) : wrapped[0];
}

export const FunctionType: PyType = defineNativeType({
  name: 'Function',
  module: 'torch.autograd.function',
  alloc: (cls) => new PyInstance(cls),
  subclassable: true,
  methods: {
    apply: new ClassMethod(rawFn('apply', (args) => applyFunction(args[0] as PyType, args.slice(1)))) as never,
  },
});

void genericSetAttr;
