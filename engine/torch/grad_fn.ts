// grad_fn objects as Python sees them: `<MulBackward0 object at 0x…>`, name(), next_functions,
// register_hook / register_prehook, metadata, and AccumulateGrad.variable.
import { Node, AccumulateGrad } from '../autograd';
import type { NodeHook } from '../autograd';
import { Tensor } from '../tensor/tensor';
import {
  defineNativeType, method, getAttr, PyDict, PyTuple, PyType, PyValue, callValue, raiseTypeError, typeName, iterToArray,
} from '../script/native';
import { hexId } from '../script/ops';
import { NATIVE_TYPE } from '../script/objects';

const HAND_WRITTEN_NODES = new Set(['AccumulateGrad', 'CopySlices']);
import { HandleType, RemovableHandleValue } from './handles';

const metadataOf = new WeakMap<Node, PyDict>();
let nextNodeHookId = 1;

function toGradTuple(gs: (Tensor | null)[]): PyTuple {
  return new PyTuple(gs.map((g) => g ?? null));
}

/** A hook's return value: None keeps the gradients, a tuple/list replaces them. */
function fromHookResult(r: PyValue, expected: number, what: string): (Tensor | null)[] | null {
  if (r === null) return null;
  if (!(r instanceof PyTuple) && !(r instanceof Array)) {
    raiseTypeError(`expected tuple, but hook returned '${typeName(r)}'`);
  }
  const items = iterToArray(r);
  if (items.length !== expected) {
    raiseTypeError(`hook '${what}' has returned an incorrect number of values (got ${items.length}, but expected ${expected})`);
  }
  return items.map((v) => (v instanceof Tensor ? v : null));
}

function hookName(fn: PyValue): string {
  try {
    return String(getAttr(fn, '__name__'));
  } catch {
    return 'hook';
  }
}

export const NodeType: PyType = defineNativeType({
  name: 'Node',
  module: 'torch.autograd.graph',
  jsClass: Node,
  methods: {
    __repr__: method('__repr__', '', (self: Node) => `<${isPythonFunctionNode(self) ? 'torch.autograd.function.' : ''}${self.name()} object at ${hexId(self)}>`),
    // name() is the C++ class name: the nodes written by hand in PyTorch (not generated from
    // derivatives.yaml) carry their namespace.
    name: method('name', '', (self: Node) => (HAND_WRITTEN_NODES.has(self.name()) ? `torch::autograd::${self.name()}` : self.name())),
    register_hook: method('register_hook', 'fn', (self: Node, fn: PyValue) => {
      const hook: NodeHook = {
        id: nextNodeHookId++,
        removed: false,
        fn: (gradInputs, gradOutputs) => fromHookResult(callValue(fn, [toGradTuple(gradInputs), toGradTuple(gradOutputs)]), gradInputs.length, hookName(fn)),
      };
      self.postHooks.push(hook);
      return new RemovableHandleValue(() => (hook.removed = true));
    }),
    register_prehook: method('register_prehook', 'fn', (self: Node, fn: PyValue) => {
      const hook: NodeHook = {
        id: nextNodeHookId++,
        removed: false,
        fn: (_gradInputs, gradOutputs) => fromHookResult(callValue(fn, [toGradTuple(gradOutputs)]), gradOutputs.length, hookName(fn)),
      };
      self.preHooks.push(hook);
      return new RemovableHandleValue(() => (hook.removed = true));
    }),
  },
  getters: {
    next_functions: {
      get: (self: Node) =>
        new PyTuple(self.nextEdges.map((e) => new PyTuple(e === null ? [null, 0n] : [e.node, BigInt(e.inputNr)]))),
    },
    metadata: {
      get: (self: Node) => {
        let d = metadataOf.get(self);
        if (d === undefined) metadataOf.set(self, (d = new PyDict()));
        return d;
      },
    },
    variable: {
      get: (self: Node) => {
        if (self instanceof AccumulateGrad) return self.variable;
        return raiseTypeError(`'${self.name()}' object has no attribute 'variable'`);
      },
    },
  },
});

void HandleType;

// `type(y.grad_fn)` is `<class 'MulBackward0'>`: one Python type per node name, a subtype of
// Node, answered by the prototype (all nodes share JS classes).
const nodeTypes = new Map<string, PyType>();
function nodeTypeOf(name: string, module: string): PyType {
  const key = module + '.' + name;
  let t = nodeTypes.get(key);
  if (t === undefined) {
    t = defineNativeType({ name, module, bases: [NodeType] });
    nodeTypes.set(key, t);
  }
  return t;
}
/** Nodes of custom autograd Functions (custom_function.ts) carry their Python class. */
function isPythonFunctionNode(n: Node): boolean {
  return (n as Node & { fnClass?: unknown }).fnClass !== undefined;
}
Object.defineProperty(Node.prototype, NATIVE_TYPE, {
  get(this: Node) {
    return nodeTypeOf(this.name(), isPythonFunctionNode(this) ? 'torch.autograd.function' : 'builtins');
  },
  configurable: true,
});
