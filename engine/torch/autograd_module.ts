// torch.autograd: grad(), backward(), Variable, and the grad-mode switches (no_grad,
// enable_grad, set_grad_enabled, inference_mode) as context managers AND decorators.
import * as G from '../index';
import { Tensor } from '../tensor/tensor';
import { TorchError } from '../tensor/errors';
import { gradMode } from '../autograd';
import {
  defineModule, defineNativeType, method, rawFn, NativeFunction, PyTuple, PyType, PyValue, KwArgs, callValue,
  iterToArray, raiseTypeError, typeName, getAttrOrUndefined,
} from '../script/native';
import { hexId, isCallable } from '../script/ops';
import { NATIVE_TYPE } from '../script/objects';
import { sigs } from './args';
import { submodule } from './torch_module';
import { gradcheckFn } from './autograd_gradcheck';
import { FunctionType } from './custom_function';
import { tensorBackward, VariableType, warn, CREATE_GRAPH_WARNING } from './tensor_type';

// ---------------------------------------------------------------- grad modes

type ModeKind = 'no_grad' | 'enable_grad' | 'set_grad_enabled' | 'inference_mode';

/** One grad-mode switch object (`torch.no_grad()`, …). */
export class GradModeValue {
  private saved: { enabled: boolean; inference: boolean }[] = [];
  constructor(
    readonly kind: ModeKind,
    /** The mode it enables: grad on/off, or inference on/off for inference_mode. */
    readonly flag: boolean,
    /** set_grad_enabled switches at construction: the state to restore on exit. */
    private readonly prevAtConstruction: { enabled: boolean; inference: boolean } | null = null,
  ) {}

  enter(): void {
    this.saved.push(this.prevAtConstruction ?? { enabled: gradMode.enabled, inference: gradMode.inference });
    switch (this.kind) {
      case 'no_grad':
        gradMode.enabled = false;
        break;
      case 'enable_grad':
        gradMode.enabled = true;
        break;
      case 'set_grad_enabled':
        gradMode.enabled = this.flag;
        break;
      case 'inference_mode':
        if (this.flag) {
          gradMode.enabled = false;
          gradMode.inference = true;
        } else {
          gradMode.inference = false;
        }
        break;
    }
  }

  exit(): void {
    const prev = this.saved.pop();
    if (prev === undefined) return;
    gradMode.enabled = prev.enabled;
    gradMode.inference = prev.inference;
  }

  /** Wraps a function so it runs under this mode (the decorator form). */
  wrap(fn: PyValue): NativeFunction {
    const name = String(getAttrOrUndefined(fn, '__name__') ?? 'wrapper');
    const wrapper = rawFn(name, (args, kwargs) => {
      const mode = new GradModeValue(this.kind, this.flag);
      mode.enter();
      try {
        return callValue(fn, args, kwargs);
      } finally {
        mode.exit();
      }
    });
    return wrapper;
  }
}

function modeType(kind: ModeKind, construct: (args: PyValue[], kwargs: KwArgs) => PyValue): PyType {
  return defineNativeType({
    name: kind,
    module: kind === 'inference_mode' ? 'torch.autograd.grad_mode' : 'torch.autograd.grad_mode',
    methods: {
      __enter__: method('__enter__', '', (self: GradModeValue) => {
        self.enter();
        return null;
      }),
      __exit__: method('__exit__', '*args', (self: GradModeValue) => {
        self.exit();
        return false;
      }),
      __call__: method('__call__', 'func', (self: GradModeValue, func: PyValue) => self.wrap(func)),
      __repr__: method('__repr__', '', (self: GradModeValue) => `<torch.autograd.grad_mode.${self.kind} object at ${hexId(self)}>`),
      clone: method('clone', '', (self: GradModeValue) => new GradModeValue(self.kind, self.flag)),
    },
    construct: (_cls, args, kwargs) => construct(args, kwargs),
  });
}

/** Instances of no_grad / enable_grad: `torch.no_grad()`, or `@torch.no_grad` on a function. */
function simpleMode(kind: 'no_grad' | 'enable_grad'): PyType {
  const t = modeType(kind, (args, kwargs) => {
    const mode = new GradModeValue(kind, kind === 'enable_grad');
    if (args.length === 1 && isCallable(args[0]) && !kwargs) return mode.wrap(args[0]);
    if (args.length > 0) raiseTypeError(`${kind}.__init__() takes 1 positional argument but ${args.length + 1} were given`);
    return mode;
  });
  return t;
}

export const NoGradType = simpleMode('no_grad');
export const EnableGradType = simpleMode('enable_grad');
const setGradEnabledSig = sigs('set_grad_enabled', ['(bool mode)']);
export const SetGradEnabledType = modeType('set_grad_enabled', (args, kwargs) => {
  const { a } = setGradEnabledSig.bind(args, kwargs);
  const prev = { enabled: gradMode.enabled, inference: gradMode.inference };
  gradMode.enabled = a.mode === true; // takes effect at once, also as a plain call
  return new GradModeValue('set_grad_enabled', a.mode === true, prev);
});
const inferenceSig = sigs('inference_mode', ['(bool mode = True)']);
export const InferenceModeType = modeType('inference_mode', (args, kwargs) => {
  if (args.length === 1 && isCallable(args[0]) && !kwargs) return new GradModeValue('inference_mode', true).wrap(args[0]);
  const { a } = inferenceSig.bind(args, kwargs);
  return new GradModeValue('inference_mode', a.mode !== false);
});

// Each mode object is a Python value of its kind's type.
const MODE_TYPES: Record<ModeKind, PyType> = {
  no_grad: NoGradType,
  enable_grad: EnableGradType,
  set_grad_enabled: SetGradEnabledType,
  inference_mode: InferenceModeType,
};
// All mode objects share one JS class: the prototype answers each instance's Python type by its kind.
const proto = GradModeValue.prototype as unknown as Record<symbol, unknown>;
Object.defineProperty(proto, NATIVE_TYPE, {
  get(this: GradModeValue) {
    return MODE_TYPES[this.kind];
  },
  configurable: true,
});

// ---------------------------------------------------------------- grad / backward

function tensorSeq(v: PyValue, what: string): Tensor[] {
  if (v instanceof Tensor) return [v];
  const items = iterToArray(v);
  for (const t of items) if (!(t instanceof Tensor)) raiseTypeError(`${what} must be a Tensor or a sequence of Tensors, not ${typeName(t)}`);
  return items as Tensor[];
}
function optTensorSeq(v: PyValue, n: number): (Tensor | null)[] {
  if (v === null) return new Array<Tensor | null>(n).fill(null);
  if (v instanceof Tensor) return [v];
  return iterToArray(v).map((t) => (t instanceof Tensor ? t : null));
}

function checkRequiresGrad(outputs: Tensor[]): void {
  outputs.forEach((t, i) => {
    if (!t.requiresGrad) throw new TorchError('RuntimeError', `element ${i} of tensors does not require grad and does not have a grad_fn`);
  });
}

const gradSig = sigs('grad', [
  '(any outputs, any inputs, any grad_outputs = None, bool retain_graph = None, bool create_graph = False, bool only_inputs = True, bool allow_unused = None, bool is_grads_batched = False, bool materialize_grads = False)',
]);
export const autogradGrad = rawFn('grad', (args, kwargs) => {
  const { a } = gradSig.bind(args, kwargs);
  const outputs = tensorSeq(a.outputs, 'outputs');
  const inputs = tensorSeq(a.inputs, 'inputs');
  const gradOutputs = optTensorSeq(a.grad_outputs, outputs.length);
  if (gradOutputs.length !== outputs.length) {
    throw new TorchError('RuntimeError', `grad requires one grad_output per output: got ${gradOutputs.length} grad_outputs and ${outputs.length} outputs`);
  }
  checkRequiresGrad(outputs);
  inputs.forEach((t, i) => {
    if (!t.requiresGrad) throw new TorchError('RuntimeError', `One of the differentiated Tensors does not require grad`);
    void i;
  });
  const res = G.grad(outputs, inputs, {
    gradOutputs,
    retainGraph: a.retain_graph === null ? undefined : a.retain_graph === true,
    createGraph: a.create_graph === true,
    allowUnused: a.allow_unused === true,
    materializeGrads: a.materialize_grads === true,
  });
  return new PyTuple(res.map((g) => g ?? null));
});

const backwardSig = sigs('backward', [
  '(any tensors, any grad_tensors = None, bool retain_graph = None, bool create_graph = False, any grad_variables = None, any inputs = None)',
]);
export const autogradBackward = rawFn('backward', (args, kwargs) => {
  const { a } = backwardSig.bind(args, kwargs);
  const tensors = tensorSeq(a.tensors, 'tensors');
  if (tensors.length === 1) {
    const g = a.grad_tensors === null ? null : a.grad_tensors instanceof Tensor ? a.grad_tensors : optTensorSeq(a.grad_tensors, 1)[0];
    tensorBackward(tensors[0], g, a.retain_graph, a.create_graph, a.inputs);
    return null;
  }
  checkRequiresGrad(tensors);
  const createGraph = a.create_graph === true;
  if (createGraph) warn('UserWarning', CREATE_GRAPH_WARNING);
  G.backwardMany(tensors, optTensorSeq(a.grad_tensors, tensors.length), {
    retainGraph: a.retain_graph === null ? undefined : a.retain_graph === true,
    createGraph,
    inputs: a.inputs === null ? undefined : tensorSeq(a.inputs, 'inputs'),
  });
  return null;
});

export function registerAutogradModule(): void {
  defineModule('torch.autograd', (m) => {
    m.set('grad', autogradGrad);
    m.set('backward', autogradBackward);
    m.set('Variable', VariableType);
    m.set('Function', FunctionType);
    m.set('no_grad', NoGradType);
    m.set('enable_grad', EnableGradType);
    m.set('set_grad_enabled', SetGradEnabledType);
    m.set('inference_mode', InferenceModeType);
    const functional = submodule(m.ctx, 'torch.autograd.functional');
    if (functional) m.set('functional', functional);
    m.set('gradcheck', gradcheckFn); // the function shadows its module, as in PyTorch
  });
}

export function isGradEnabledFn(): NativeFunction {
  return rawFn('is_grad_enabled', () => gradMode.enabled);
}
