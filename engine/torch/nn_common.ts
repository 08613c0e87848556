// Shared helpers of the torch.nn / torch.nn.functional / torch.optim Python modules: argument
// readers with PyTorch's error texts, warnings through the interpreter, nn.Parameter, and a
// few Python containers (OrderedDict, generator objects) the modules hand back.
import { Tensor } from '../tensor/tensor';
import { isFloating, type DType } from '../tensor/dtype';
import { detach } from '../ops/convert';
import { setRequiresGrad } from '../autograd';
import {
  ArrayIterator, currentContext, defineNativeType, dictType, generatorType, method, NATIVE_TYPE, PyDict, PyList,
  PyTuple, PyType, PyValue, raiseTypeError, repr, typeName, typeOf, KwArgs, bindArgs, parseSignature, PyDictView, dictKeysType,
  dictValuesType, dictItemsType,
} from '../script/native';
import { hexId } from '../script/ops';
import { DTypeValue } from './args';

/** Emits a Python warning (printed by the host as `file:line: Category: message`). */
export function warn(message: string, category = 'UserWarning'): void {
  const ctx = currentContext();
  ctx.warn(category, message, ctx.currentLine());
}

/** `torch.typename(t)` for a tensor: 'torch.FloatTensor' … */
export function legacyTypeName(v: PyValue): string {
  if (v instanceof Tensor) {
    const names: Record<DType, string> = {
      float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int64: 'torch.LongTensor', int32: 'torch.IntTensor',
      uint8: 'torch.ByteTensor', bool: 'torch.BoolTensor', int8: 'torch.CharTensor', int16: 'torch.ShortTensor', float16: 'torch.HalfTensor',
      bfloat16: 'torch.BFloat16Tensor',
    };
    return names[v.dtype];
  }
  const t = typeOf(v);
  return t.module === 'builtins' ? t.name : `${t.module}.${t.name}`;
}

/** A required Tensor argument: `relu(): argument 'input' (position 1) must be Tensor, not int`. */
export function tensorArg(v: PyValue, fname: string, argName = 'input', position: number | null = 1): Tensor {
  if (v instanceof Tensor) return v;
  const pos = position === null ? '' : ` (position ${position})`;
  return raiseTypeError(`${fname}(): argument '${argName}'${pos} must be Tensor, not ${typeName(v)}`);
}
export function optTensorArg(v: PyValue, fname: string, argName: string, position: number | null = null): Tensor | null {
  return v === null || v === undefined ? null : tensorArg(v, fname, argName, position);
}

export function floatArg(v: PyValue, fname: string, argName: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor && v.numel === 1) return v.at(0);
  return raiseTypeError(`${fname}(): argument '${argName}' must be float, not ${typeName(v)}`);
}
export function intArg(v: PyValue, fname: string, argName: string): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor && v.numel === 1 && !isFloating(v.dtype)) return v.at(0);
  return raiseTypeError(`${fname}(): argument '${argName}' must be int, not ${typeName(v)}`);
}
export function optDtypeArg(v: PyValue): DType | undefined {
  return v instanceof DTypeValue ? v.dtype : undefined;
}

/** Python's str() of a float the way f-strings print it (`0.01`, `1e-08`, `0.5`). */
export function pyFloatStr(x: number): string {
  return repr(x);
}

/** Binds Python arguments to a Python signature string (CPython messages with `fname`). */
export function bind(fname: string, signature: string, args: PyValue[], kwargs: KwArgs): PyValue[] {
  return bindArgs(fname, parseSignature(signature), args, kwargs) as PyValue[];
}

// ---------------------------------------------------------------- nn.Parameter

let parameterType: PyType | null = null;

/** `torch.nn.Parameter`: a Tensor subclass (its base is whatever type Tensor instances have). */
export function getParameterType(): PyType {
  if (parameterType !== null) return parameterType;
  const tensorType = typeOf(new Tensor(new Float32Array(0), [0], 'float32'));
  parameterType = defineNativeType({
    name: 'Parameter',
    module: 'torch.nn.parameter',
    bases: [tensorType],
    construct: (_cls, args, kwargs) => {
      const [data, requiresGrad] = bind('Parameter.__new__', 'data=None, requires_grad=True', args, kwargs);
      const t = data === null ? new Tensor(new Float32Array(0), [0], 'float32') : tensorArg(data, 'Parameter', 'data', 1);
      return makeParameter(t, requiresGrad === true);
    },
    methods: {
      __reduce_ex__: method('__reduce_ex__', 'proto', () => raiseTypeError('cannot pickle Parameter')),
    },
  });
  return parameterType;
}

/** `nn.Parameter(data, requires_grad)`: a detached alias of `data` flagged as a parameter. */
export function makeParameter(data: Tensor, requiresGrad = true): Tensor {
  const p = detach(data);
  p.isParameter = true;
  if (requiresGrad) setRequiresGrad(p, true, true);
  markParameter(p);
  return p;
}

/** Gives a tensor the Python type nn.Parameter (an own property shadows the Tensor class's type). */
export function markParameter(t: Tensor): void {
  t.isParameter = true;
  Object.defineProperty(t, NATIVE_TYPE, { value: getParameterType(), writable: true, configurable: true, enumerable: false });
}

export function isParameter(v: PyValue): v is Tensor {
  return v instanceof Tensor && v.isParameter;
}

// ---------------------------------------------------------------- Python containers

/** `collections.OrderedDict` as state_dict returns it: a dict printing `OrderedDict({...})`. */
export const OrderedDictType: PyType = (() => {
  const t = new PyType('OrderedDict', [dictType], true, 'collections');
  t.final = false;
  t.alloc = dictType.alloc;
  t.dict.set('__repr__', method('__repr__', '', (self: PyDict) => {
    if (self.size === 0) return 'OrderedDict()';
    return 'OrderedDict({' + [...self.map.values()].map(([k, v]) => repr(k) + ': ' + repr(v)).join(', ') + '})';
  }));
  // keys()/values()/items() are odict_keys([...]) views
  const viewTypes = {
    keys: new PyType('odict_keys', [dictKeysType], true, 'collections'),
    values: new PyType('odict_values', [dictValuesType], true, 'collections'),
    items: new PyType('odict_items', [dictItemsType], true, 'collections'),
  };
  for (const kind of ['keys', 'values', 'items'] as const) {
    const vt = viewTypes[kind];
    vt.dict.set('__repr__', method('__repr__', '', (self: PyDictView) => {
      const d = self.dict;
      const items = kind === 'keys' ? d.keys() : kind === 'values' ? d.values() : [...d.map.values()].map((e) => new PyTuple([e[0], e[1]]));
      return `${vt.name}([` + items.map((v) => repr(v)).join(', ') + '])';
    }));
    t.dict.set(kind, method(kind, '', (self: PyDict) => {
      const view = new PyDictView(self, kind);
      view.cls = vt;
      return view;
    }));
  }
  return t;
})();

export function orderedDict(entries: Iterable<[PyValue, PyValue]>): PyDict {
  const d = PyDict.fromEntries(entries);
  d.cls = OrderedDictType;
  return d;
}

/** A generator object (what `model.parameters()` returns): iterable once. */
export class NativeGenerator extends ArrayIterator {
  constructor(items: PyValue[], readonly qualname: string) {
    super(items);
    this.cls = NativeGeneratorType;
  }
}
/** Prints `<generator object Module.parameters at 0x…>` as CPython does. */
const NativeGeneratorType: PyType = (() => {
  const t = new PyType('generator', [generatorType], true, 'builtins');
  t.dict.set('__repr__', method('__repr__', '', (self: NativeGenerator) => `<generator object ${self.qualname} at ${hexId(self)}>`));
  return t;
})();

export function pyList(items: PyValue[]): PyList {
  return new PyList(items);
}
export function pyTuple(items: PyValue[]): PyTuple {
  return new PyTuple(items);
}
