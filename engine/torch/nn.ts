// `torch.nn`: nn.Module (subclassable from Python, with PyTorch's registration rules in
// __setattr__ / __getattr__, recursive parameters, state_dict, train/eval, exact reprs), the
// common layers, activations, containers and losses, and nn.Parameter.
import { Tensor } from '../tensor/tensor';
import { isFloating, type DType } from '../tensor/dtype';
import { defaultGenerator, initLinear } from '../tensor/random';
import { getDefaultDtype, zeros } from '../ops/creation';
import { detach, setData, toDtype } from '../ops/convert';
import { copyInPlace, zeroInPlace } from '../ops/inplace';
import { flatten } from '../ops/shape';
import * as NN from '../ops/nn';
import * as U from '../ops/unary';
import { detachInPlace } from '../ops/convert';
import { setRequiresGrad, withGradEnabled, autogradEvents } from '../autograd';
import {
  AttributeErrorType, callMethod, callValue, defineModule, defineNativeType, genericSetAttr, getAttr, getIter, isInstance,
  iterToArray, KeyErrorType, KwArgs, method, NativeFunction, nextOrStop, PyDict, PyException, PyInstance, PyList, PySlice,
  PyTuple, PyType, PyValue, raise, raiseAttributeError, raiseTypeError, rawMethod, repr, RuntimeErrorType, STOP, toIndex,
  typeName, typeOf, ValueErrorType, IndexErrorType, ArrayIterator, NotImplementedErrorType, AssertionErrorType,
} from '../script/native';
import { DTypeValue, DeviceValue, parseDevice, checkDeviceUsable } from './args';
import { RemovableHandleValue } from './handles';
import {
  bind, floatArg, getParameterType, intArg, isParameter, legacyTypeName, makeParameter, NativeGenerator, orderedDict, tensorArg, warn,
} from './nn_common';
import * as F from './functional';
import { registerInit } from './nn_init';
import { submodule } from './torch_module';

// ---------------------------------------------------------------- the Module object

/** An nn.Module instance (also of every Python subclass): the registries PyTorch keeps in __dict__. */
export class ModuleObject extends PyInstance {
  /** False until Module.__init__ ran (PyTorch then has no `_parameters` in __dict__). */
  initialized = false;
  readonly parameters = new Map<string, Tensor | null>();
  readonly buffers = new Map<string, Tensor | null>();
  readonly nonPersistent = new Set<string>();
  readonly modules = new Map<string, ModuleObject | null>();
  readonly forwardPreHooks = new Map<number, PyValue>();
  readonly forwardHooks = new Map<number, PyValue>();
}

function moduleInit(self: ModuleObject): void {
  if (self.initialized) return;
  self.initialized = true;
  self.dict.set('training', true);
}

export function isModule(v: PyValue): v is ModuleObject {
  return v instanceof ModuleObject;
}

function isTraining(self: ModuleObject): boolean {
  return self.dict.get('training') === true;
}

function removeFrom(self: ModuleObject, name: string, keep: 'params' | 'modules' | 'buffers'): void {
  self.dict.delete(name);
  if (keep !== 'params') self.parameters.delete(name);
  if (keep !== 'modules') self.modules.delete(name);
  if (keep !== 'buffers') {
    self.buffers.delete(name);
    self.nonPersistent.delete(name);
  }
}

function registerParameter(self: ModuleObject, name: PyValue, param: PyValue): void {
  if (!self.initialized) raise(AttributeErrorType, 'cannot assign parameter before Module.__init__() call');
  if (typeof name !== 'string') raiseTypeError(`parameter name should be a string. Got ${typeName(name)}`);
  const n = name as string;
  if (n.includes('.')) raise(KeyErrorType, `parameter name can't contain "."`);
  if (n === '') raise(KeyErrorType, `parameter name can't be empty string ""`);
  if (self.dict.has(n) && !self.parameters.has(n)) raise(KeyErrorType, `attribute '${n}' already exists`);
  if (param === null) {
    self.parameters.set(n, null);
    return;
  }
  if (!isParameter(param)) raiseTypeError(`cannot assign '${legacyTypeName(param)}' object to parameter '${n}' (torch.nn.Parameter or None required)`);
  self.parameters.set(n, param as Tensor);
}

function registerBuffer(self: ModuleObject, name: string, tensor: PyValue, persistent: boolean): void {
  if (!self.initialized) raise(AttributeErrorType, 'cannot assign buffer before Module.__init__() call');
  if (name.includes('.')) raise(KeyErrorType, `buffer name can't contain "."`);
  if (self.dict.has(name) && !self.buffers.has(name)) raise(KeyErrorType, `attribute '${name}' already exists`);
  if (tensor !== null && !(tensor instanceof Tensor)) raiseTypeError(`cannot assign '${legacyTypeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
  self.buffers.set(name, tensor as Tensor | null);
  if (persistent) self.nonPersistent.delete(name);
  else self.nonPersistent.add(name);
}

function moduleSetAttr(self: ModuleObject, name: string, value: PyValue): void {
  if (isParameter(value)) {
    if (!self.initialized) raise(AttributeErrorType, 'cannot assign parameters before Module.__init__() call');
    removeFrom(self, name, 'params');
    registerParameter(self, name, value);
    return;
  }
  if (self.initialized && self.parameters.has(name)) {
    if (value !== null) raiseTypeError(`cannot assign '${legacyTypeName(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`);
    registerParameter(self, name, value);
    return;
  }
  if (value instanceof ModuleObject) {
    if (!self.initialized) raise(AttributeErrorType, 'cannot assign module before Module.__init__() call');
    removeFrom(self, name, 'modules');
    self.modules.set(name, value);
    return;
  }
  if (self.initialized && self.modules.has(name)) {
    if (value !== null) raiseTypeError(`cannot assign '${legacyTypeName(value)}' as child module '${name}' (torch.nn.Module or None expected)`);
    self.modules.set(name, null);
    return;
  }
  if (self.initialized && self.buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) raiseTypeError(`cannot assign '${legacyTypeName(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    self.buffers.set(name, value as Tensor | null);
    return;
  }
  genericSetAttr(self, name, value);
}

function moduleGetAttr(self: ModuleObject, name: string): PyValue {
  if (self.parameters.has(name)) return self.parameters.get(name)!;
  if (self.buffers.has(name)) return self.buffers.get(name)!;
  if (self.modules.has(name)) return self.modules.get(name)!;
  return raiseAttributeError(self, name, `'${typeOf(self).name}' object has no attribute '${name}'`);
}

function moduleDelAttr(self: ModuleObject, name: string): void {
  if (self.parameters.delete(name)) return;
  if (self.buffers.delete(name)) {
    self.nonPersistent.delete(name);
    return;
  }
  if (self.modules.delete(name)) return;
  if (!self.dict.delete(name)) raiseAttributeError(self, name);
}

// ---------------------------------------------------------------- traversal

export function namedModules(self: ModuleObject, prefix = '', memo = new Set<ModuleObject>(), removeDuplicate = true): [string, ModuleObject][] {
  const out: [string, ModuleObject][] = [];
  const walk = (m: ModuleObject, p: string): void => {
    if (memo.has(m)) return;
    if (removeDuplicate) memo.add(m);
    out.push([p, m]);
    for (const [name, child] of m.modules) {
      if (child === null) continue;
      walk(child, p === '' ? name : p + '.' + name);
    }
  };
  walk(self, prefix);
  return out;
}

function namedMembers(
  self: ModuleObject, members: (m: ModuleObject) => Map<string, Tensor | null>, prefix: string, recurse: boolean, removeDuplicate: boolean,
): [string, Tensor][] {
  const mods: [string, ModuleObject][] = recurse ? namedModules(self, prefix, new Set(), removeDuplicate) : [[prefix, self]];
  const memo = new Set<Tensor>();
  const out: [string, Tensor][] = [];
  for (const [mp, m] of mods) {
    for (const [k, v] of members(m)) {
      if (v === null || memo.has(v)) continue;
      if (removeDuplicate) memo.add(v);
      out.push([mp === '' ? k : mp + '.' + k, v]);
    }
  }
  return out;
}

export function namedParameters(self: ModuleObject, prefix = '', recurse = true, removeDuplicate = true): [string, Tensor][] {
  return namedMembers(self, (m) => m.parameters, prefix, recurse, removeDuplicate);
}
export function moduleParameters(self: ModuleObject): Tensor[] {
  return namedParameters(self).map(([, p]) => p);
}

function stateDictInto(self: ModuleObject, dest: PyDict, prefix: string, keepVars: boolean): void {
  for (const [name, p] of self.parameters) if (p !== null) dest.set(prefix + name, keepVars ? p : detach(p));
  for (const [name, b] of self.buffers) if (b !== null && !self.nonPersistent.has(name)) dest.set(prefix + name, keepVars ? b : detach(b));
  for (const [name, child] of self.modules) if (child !== null) stateDictInto(child, dest, prefix + name + '.', keepVars);
}

// ---------------------------------------------------------------- repr

function addIndent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const first = lines.shift()!;
  return first + '\n' + lines.map((l) => ' '.repeat(spaces) + l).join('\n');
}

function moduleRepr(self: ModuleObject): string {
  const extra = callMethod(self, 'extra_repr', []);
  const extraLines = typeof extra === 'string' && extra !== '' ? extra.split('\n') : [];
  const childLines: string[] = [];
  for (const [key, m] of self.modules) childLines.push('(' + key + '): ' + addIndent(repr(m), 2));
  const lines = [...extraLines, ...childLines];
  let main = typeOf(self).name + '(';
  if (lines.length) {
    if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
    else main += '\n  ' + lines.join('\n  ') + '\n';
  }
  return main + ')';
}

// ---------------------------------------------------------------- dtype / device moves

function convertModule(self: ModuleObject, dtype: DType | null): void {
  const convert = (t: Tensor): void => {
    if (dtype === null || !isFloating(t.dtype) || t.dtype === dtype) return;
    const moved = withGradEnabled(false, () => toDtype(detach(t), dtype));
    setData(t, moved);
    if (t.grad !== null && isFloating(t.grad.dtype)) t.grad = withGradEnabled(false, () => toDtype(detach(t.grad!), dtype));
  };
  for (const [, m] of namedModules(self)) {
    for (const p of m.parameters.values()) if (p !== null) convert(p);
    for (const b of m.buffers.values()) if (b !== null) convert(b);
  }
}

function moduleTo(self: ModuleObject, args: PyValue[], kwargs: KwArgs): ModuleObject {
  let dtype: DType | null = null;
  const all = [...args, ...(kwargs ? [...kwargs.values()] : [])];
  for (const a of all) {
    if (a instanceof DTypeValue) {
      if (!isFloating(a.dtype)) raiseTypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${a.dtype}`);
      dtype = a.dtype;
    } else if (a instanceof Tensor) dtype = a.dtype;
    else if (typeof a === 'string' || a instanceof DeviceValue) checkDeviceUsable(parseDevice(a));
  }
  convertModule(self, dtype);
  return self;
}

// ---------------------------------------------------------------- hooks and call

let nextHookId = 0;

function moduleCall(self: ModuleObject, args: PyValue[], kwargs: KwArgs): PyValue {
  let input = args;
  for (const hook of [...self.forwardPreHooks.values()]) {
    const r = callValue(hook, [self, new PyTuple(input)]);
    if (r !== null) input = r instanceof PyTuple ? r.items : [r];
  }
  let result = callMethod(self, 'forward', input, kwargs);
  for (const hook of [...self.forwardHooks.values()]) {
    const r = callValue(hook, [self, new PyTuple(input), result]);
    if (r !== null) result = r;
  }
  return result;
}

// ---------------------------------------------------------------- nn.Module

const BOOL = (v: PyValue): boolean => v === true || (typeof v === 'bigint' && v !== 0n);

function gen(items: PyValue[], qualname: string): NativeGenerator {
  return new NativeGenerator(items, qualname);
}

function zeroGradAll(params: Iterable<Tensor>, setToNone: boolean): void {
  for (const p of params) {
    if (p.grad === null) continue;
    if (setToNone) {
      p.grad = null;
      autogradEvents.listener?.onGradSet?.(p, null, 'zero_grad');
    }
    else {
      const g = p.grad;
      if (g.gradFn !== null) detachInPlace(g);
      else setRequiresGrad(g, false, true);
      withGradEnabled(false, () => zeroInPlace(g));
    }
  }
}
export { zeroGradAll };

export const ModuleType: PyType = defineNativeType({
  name: 'Module',
  module: 'torch.nn.modules.module',
  alloc: (cls) => new ModuleObject(cls),
  methods: {
    __init__: method('__init__', '*args, **kwargs', (self: ModuleObject, args: PyValue[], kw: Map<string, PyValue>) => {
      if (args.length > 0 || kw.size > 0) {
        const first = kw.size > 0 ? [...kw.keys()][0] : null;
        if (first !== null) raiseTypeError(`Module.__init__() got an unexpected keyword argument '${first}'`);
        raiseTypeError(`Module.__init__() takes 1 positional argument but ${args.length + 1} were given`);
      }
      moduleInit(self);
      return null;
    }),
    __setattr__: method('__setattr__', 'name, value', (self: ModuleObject, name: string, value: PyValue) => {
      moduleSetAttr(self, name, value);
      return null;
    }),
    __getattr__: method('__getattr__', 'name', (self: ModuleObject, name: string) => moduleGetAttr(self, name)),
    __delattr__: method('__delattr__', 'name', (self: ModuleObject, name: string) => {
      moduleDelAttr(self, name);
      return null;
    }),
    __call__: rawMethod('__call__', (self, args, kwargs) => moduleCall(self as ModuleObject, args, kwargs)),
    __repr__: method('__repr__', '', (self: ModuleObject) => moduleRepr(self)),
    __dir__: method('__dir__', '', (self: ModuleObject) =>
      new PyList([...new Set([...self.dict.keys(), ...self.parameters.keys(), ...self.modules.keys(), ...self.buffers.keys()])].sort())),
    extra_repr: method('extra_repr', '', () => ''),
    _get_name: method('_get_name', '', (self: ModuleObject) => typeOf(self).name),
    forward: rawMethod('forward', (self) =>
      raise(NotImplementedErrorType, `Module [${typeOf(self).name}] is missing the required "forward" function`)),
    register_parameter: method('register_parameter', 'name, param', (self: ModuleObject, name: PyValue, param: PyValue) => {
      registerParameter(self, name, param);
      return null;
    }),
    register_buffer: method('register_buffer', 'name, tensor, persistent=True', (self: ModuleObject, name: PyValue, t: PyValue, persistent: PyValue) => {
      if (typeof name !== 'string') raiseTypeError(`buffer name should be a string. Got ${typeName(name)}`);
      registerBuffer(self, name as string, t, BOOL(persistent));
      return null;
    }),
    add_module: method('add_module', 'name, module', (self: ModuleObject, name: PyValue, m: PyValue) => addModule(self, name, m)),
    register_module: method('register_module', 'name, module', (self: ModuleObject, name: PyValue, m: PyValue) => addModule(self, name, m)),
    get_submodule: method('get_submodule', 'target', (self: ModuleObject, target: string) => {
      if (target === '') return self;
      let m: ModuleObject = self;
      for (const part of target.split('.')) {
        const next = m.modules.get(part);
        if (!(next instanceof ModuleObject)) raise(AttributeErrorType, `${typeOf(m).name} has no attribute \`${part}\``);
        m = next as ModuleObject;
      }
      return m;
    }),
    parameters: method('parameters', 'recurse=True', (self: ModuleObject, recurse: PyValue) =>
      gen(namedParameters(self, '', BOOL(recurse)).map(([, p]) => p), 'Module.parameters')),
    named_parameters: method('named_parameters', "prefix='', recurse=True, remove_duplicate=True", (self: ModuleObject, prefix: string, recurse: PyValue, rd: PyValue) =>
      gen(namedParameters(self, prefix, BOOL(recurse), BOOL(rd)).map(([n, p]) => new PyTuple([n, p])), 'Module.named_parameters')),
    buffers: method('buffers', 'recurse=True', (self: ModuleObject, recurse: PyValue) =>
      gen(namedMembers(self, (m) => m.buffers, '', BOOL(recurse), true).map(([, b]) => b), 'Module.buffers')),
    named_buffers: method('named_buffers', "prefix='', recurse=True, remove_duplicate=True", (self: ModuleObject, prefix: string, recurse: PyValue, rd: PyValue) =>
      gen(namedMembers(self, (m) => m.buffers, prefix, BOOL(recurse), BOOL(rd)).map(([n, b]) => new PyTuple([n, b])), 'Module.named_buffers')),
    children: method('children', '', (self: ModuleObject) => gen(namedChildren(self).map(([, m]) => m), 'Module.children')),
    named_children: method('named_children', '', (self: ModuleObject) =>
      gen(namedChildren(self).map(([n, m]) => new PyTuple([n, m])), 'Module.named_children')),
    modules: method('modules', '', (self: ModuleObject) => gen(namedModules(self).map(([, m]) => m), 'Module.modules')),
    named_modules: method('named_modules', "memo=None, prefix='', remove_duplicate=True", (self: ModuleObject, _memo: PyValue, prefix: string, rd: PyValue) =>
      gen(namedModules(self, prefix, new Set(), BOOL(rd)).map(([n, m]) => new PyTuple([n, m])), 'Module.named_modules')),
    zero_grad: method('zero_grad', 'set_to_none=True', (self: ModuleObject, setToNone: PyValue) => {
      zeroGradAll(moduleParameters(self), BOOL(setToNone));
      return null;
    }),
    train: method('train', 'mode=True', (self: ModuleObject, mode: PyValue) => {
      if (typeof mode !== 'boolean') raise(ValueErrorType, 'training mode is expected to be boolean');
      genericSetAttr(self, 'training', mode);
      for (const [, child] of namedChildren(self)) callMethod(child, 'train', [mode]);
      return self;
    }),
    eval: method('eval', '', (self: ModuleObject) => callMethod(self, 'train', [false])),
    requires_grad_: method('requires_grad_', 'requires_grad=True', (self: ModuleObject, rg: PyValue) => {
      for (const p of moduleParameters(self)) setRequiresGrad(p, BOOL(rg), true);
      return self;
    }),
    state_dict: method('state_dict', "*args, destination=None, prefix='', keep_vars=False", (self: ModuleObject, _a: PyValue[], dest: PyValue, prefix: string, keepVars: PyValue) => {
      const d = dest instanceof PyDict ? dest : orderedDict([]);
      stateDictInto(self, d, prefix, BOOL(keepVars));
      return d;
    }),
    load_state_dict: method('load_state_dict', 'state_dict, strict=True, assign=False', (self: ModuleObject, sd: PyValue, strict: PyValue) =>
      loadStateDict(self, sd, BOOL(strict))),
    apply: method('apply', 'fn', (self: ModuleObject, f: PyValue) => {
      for (const [, child] of namedChildren(self)) callMethod(child, 'apply', [f]);
      callValue(f, [self]);
      return self;
    }),
    to: rawMethod('to', (self, args, kwargs) => moduleTo(self as ModuleObject, args, kwargs)),
    double: method('double', '', (self: ModuleObject) => {
      convertModule(self, 'float64');
      return self;
    }),
    float: method('float', '', (self: ModuleObject) => {
      convertModule(self, 'float32');
      return self;
    }),
    cpu: method('cpu', 'device=None', (self: ModuleObject) => self),
    cuda: method('cuda', 'device=None', () => raise(AssertionErrorType, 'Torch not compiled with CUDA enabled')),
    type: method('type', 'dst_type', (self: ModuleObject, t: PyValue) => {
      if (t instanceof DTypeValue) convertModule(self, t.dtype);
      return self;
    }),
    register_forward_hook: method('register_forward_hook', 'hook, *, prepend=False, with_kwargs=False, always_call=False', (self: ModuleObject, hook: PyValue) =>
      addHook(self.forwardHooks, hook)),
    register_forward_pre_hook: method('register_forward_pre_hook', 'hook, *, prepend=False, with_kwargs=False', (self: ModuleObject, hook: PyValue) =>
      addHook(self.forwardPreHooks, hook)),
  },
  getters: {
    _parameters: { get: (self: ModuleObject) => orderedDict(self.parameters.entries()) },
    _buffers: { get: (self: ModuleObject) => orderedDict(self.buffers.entries()) },
    _modules: { get: (self: ModuleObject) => orderedDict(self.modules.entries()) },
  },
});


function addHook(map: Map<number, PyValue>, hook: PyValue): RemovableHandleValue {
  const id = nextHookId++;
  map.set(id, hook);
  return new RemovableHandleValue(() => map.delete(id));
}

function addModule(self: ModuleObject, name: PyValue, m: PyValue): null {
  if (typeof name !== 'string') raiseTypeError(`module name should be a string. Got ${typeName(name)}`);
  const n = name as string;
  if (m !== null && !(m instanceof ModuleObject)) raiseTypeError(`${legacyTypeName(m)} is not a Module subclass`);
  if (!self.initialized) raise(AttributeErrorType, 'cannot assign module before Module.__init__() call');
  if (self.dict.has(n) && !self.modules.has(n)) raise(KeyErrorType, `attribute '${n}' already exists`);
  if (n.includes('.')) raise(KeyErrorType, `module name can't contain ".", got: ${n}`);
  if (n === '') raise(KeyErrorType, `module name can't be empty string ""`);
  self.modules.set(n, m as ModuleObject | null);
  return null;
}

function namedChildren(self: ModuleObject): [string, ModuleObject][] {
  const memo = new Set<ModuleObject>();
  const out: [string, ModuleObject][] = [];
  for (const [n, m] of self.modules) {
    if (m === null || memo.has(m)) continue;
    memo.add(m);
    out.push([n, m]);
  }
  return out;
}

/** `load_state_dict`: copies values in place under no_grad; returns `<All keys matched successfully>`. */
function loadStateDict(self: ModuleObject, sd: PyValue, strict: boolean): PyValue {
  if (!(sd instanceof PyDict)) raiseTypeError(`Expected state_dict to be dict-like, got ${typeOf(sd).module === 'builtins' ? '' : typeOf(sd).module + '.'}${typeName(sd)}.`);
  const dict = sd as PyDict;
  const own = orderedDict([]);
  stateDictInto(self, own, '', true);
  const missing: string[] = [];
  const unexpected: string[] = [];
  const errors: string[] = [];
  for (const k of own.keys()) {
    const target = own.get(k) as Tensor;
    const v = dict.get(k);
    if (v === undefined) {
      missing.push(k as string);
      continue;
    }
    if (!(v instanceof Tensor)) {
      errors.push(`While copying the parameter named "${k}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(v)}`);
      continue;
    }
    if (v.shape.length !== target.shape.length || v.shape.some((s, i) => s !== target.shape[i])) {
      errors.push(`size mismatch for ${k}: copying a param with shape torch.Size([${v.shape.join(', ')}]) from checkpoint, the shape in current model is torch.Size([${target.shape.join(', ')}]).`);
      continue;
    }
    withGradEnabled(false, () => copyInPlace(target, v));
  }
  for (const k of dict.keys()) if (!own.has(k)) unexpected.push(String(k));
  if (strict) {
    if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(', ')}. `);
    if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(', ')}. `);
  }
  if (errors.length) raise(RuntimeErrorType, `Error(s) in loading state_dict for ${typeOf(self).name}:\n\t${errors.join('\n\t')}`);
  return new IncompatibleKeys(missing, unexpected);
}

class IncompatibleKeys {
  constructor(readonly missing: string[], readonly unexpected: string[]) {}
}
defineNativeType({
  name: '_IncompatibleKeys',
  module: 'torch.nn.modules.module',
  jsClass: IncompatibleKeys,
  methods: {
    __repr__: method('__repr__', '', (self: IncompatibleKeys) =>
      self.missing.length === 0 && self.unexpected.length === 0
        ? '<All keys matched successfully>'
        : `_IncompatibleKeys(missing_keys=${repr(new PyList(self.missing))}, unexpected_keys=${repr(new PyList(self.unexpected))})`),
  },
  getters: {
    missing_keys: { get: (self: IncompatibleKeys) => new PyList(self.missing) },
    unexpected_keys: { get: (self: IncompatibleKeys) => new PyList(self.unexpected) },
  },
});

// ---------------------------------------------------------------- layer definitions

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Impl = (self: ModuleObject, ...args: any[]) => PyValue;

interface LayerSpec {
  /** Python module path shown by type(): torch.nn.modules.<file>.<Name>. */
  file: string;
  init: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  setup: (self: ModuleObject, ...args: any[]) => void;
  forward?: Impl;
  forwardSig?: string;
  extraRepr?: (self: ModuleObject) => string;
  base?: PyType;
  methods?: Record<string, NativeFunction>;
}

const layerTypes = new Map<string, PyType>();

function defineLayer(name: string, spec: LayerSpec): PyType {
  const sig = spec.init;
  const methods: Record<string, NativeFunction> = {
    __init__: method(`${name}.__init__`, sig, (self: ModuleObject, ...args: PyValue[]) => {
      moduleInit(self);
      spec.setup(self, ...args);
      return null;
    }),
    ...(spec.methods ?? {}),
  };
  if (spec.forward) methods.forward = method('forward', spec.forwardSig ?? 'input', spec.forward);
  if (spec.extraRepr) methods.extra_repr = method('extra_repr', '', spec.extraRepr);
  const t = defineNativeType({
    name,
    module: `torch.nn.modules.${spec.file}`,
    bases: [spec.base ?? ModuleType],
    alloc: (cls) => new ModuleObject(cls),
    methods,
  });
  layerTypes.set(name, t);
  return t;
}

/** Reads a config attribute set in __init__ (the instance dict, like PyTorch's plain attributes). */
function attr(self: ModuleObject, name: string): PyValue {
  return getAttr(self, name);
}
function setAttrs(self: ModuleObject, values: Record<string, PyValue>): void {
  for (const [k, v] of Object.entries(values)) self.dict.set(k, v);
}
function input(v: PyValue, fname = 'forward'): Tensor {
  return tensorArg(v, fname);
}
/** Python's str(value) inside an f-string (floats as repr, bools True/False). */
function s(v: PyValue): string {
  return typeof v === 'string' ? v : repr(v);
}

function newParameterData(shape: number[], dtype: PyValue): Tensor {
  const dt = dtype instanceof DTypeValue ? dtype.dtype : getDefaultDtype();
  return zeros(shape, { dtype: dt });
}

/** Linear.reset_parameters: kaiming_uniform_(a=√5) on the weight, then uniform_(±1/√fan_in) on the bias. */
function resetLinear(weight: Tensor, bias: Tensor | null): void {
  const fanIn = weight.shape[1];
  if (weight.numel === 0) warn('Initializing zero-element tensors is a no-op');
  const dt = weight.dtype === 'float64' ? 'float64' : 'float32';
  initLinear(defaultGenerator, weight.storage as Float32Array, bias ? (bias.storage as Float32Array) : null, fanIn, dt);
}

function reductionOf(self: ModuleObject): string {
  return attr(self, 'reduction') as string;
}

function optT(v: PyValue): Tensor | null {
  return v instanceof Tensor ? v : null;
}

function registerLayers(): void {
  defineLayer('Identity', { file: 'linear', init: '*args, **kwargs', setup: () => {}, forward: (_self, x: PyValue) => x });
  defineLayer('Linear', {
    file: 'linear',
    init: 'in_features, out_features, bias=True, device=None, dtype=None',
    setup: (self, inF: PyValue, outF: PyValue, bias: PyValue, _device: PyValue, dtype: PyValue) => {
      const i = intArg(inF, 'Linear', 'in_features');
      const o = intArg(outF, 'Linear', 'out_features');
      if (i < 0 || o < 0) raise(RuntimeErrorType, `Trying to create tensor with negative dimension ${i < 0 ? i : o}: [${o}, ${i}]`);
      setAttrs(self, { in_features: BigInt(i), out_features: BigInt(o) });
      const w = makeParameter(newParameterData([o, i], dtype));
      moduleSetAttr(self, 'weight', w);
      let b: Tensor | null = null;
      if (BOOL(bias)) {
        b = makeParameter(newParameterData([o], dtype));
        moduleSetAttr(self, 'bias', b);
      } else registerParameter(self, 'bias', null);
      resetLinear(w, b);
    },
    forward: (self, x: PyValue) => NN.linear(input(x, 'linear'), attr(self, 'weight') as Tensor, optT(attr(self, 'bias'))),
    extraRepr: (self) => `in_features=${s(attr(self, 'in_features'))}, out_features=${s(attr(self, 'out_features'))}, bias=${attr(self, 'bias') === null ? 'False' : 'True'}`,
    methods: {
      reset_parameters: method('reset_parameters', '', (self: ModuleObject) => {
        resetLinear(attr(self, 'weight') as Tensor, optT(attr(self, 'bias')));
        return null;
      }),
    },
  });

  // activations
  const inplaceRepr = (self: ModuleObject): string => (attr(self, 'inplace') === true ? 'inplace=True' : '');
  defineLayer('ReLU', {
    file: 'activation', init: 'inplace=False', setup: (self, inplace: PyValue) => setAttrs(self, { inplace: BOOL(inplace) }),
    forward: (self, x: PyValue) => F.relu(input(x, 'relu'), attr(self, 'inplace') === true), extraRepr: inplaceRepr,
  });
  defineLayer('Tanh', { file: 'activation', init: '', setup: () => {}, forward: (_self, x: PyValue) => U.tanh(input(x, 'tanh')) });
  defineLayer('Sigmoid', { file: 'activation', init: '', setup: () => {}, forward: (_self, x: PyValue) => U.sigmoid(input(x, 'sigmoid')) });
  defineLayer('SiLU', {
    file: 'activation', init: 'inplace=False', setup: (self, inplace: PyValue) => setAttrs(self, { inplace: BOOL(inplace) }),
    forward: (_self, x: PyValue) => U.silu(input(x, 'silu')), extraRepr: inplaceRepr,
  });
  defineLayer('ReLU6', {
    file: 'activation', init: 'inplace=False', setup: (self, inplace: PyValue) => setAttrs(self, { inplace: BOOL(inplace) }),
    forward: (_self, x: PyValue) => U.relu6(input(x, 'relu6')), extraRepr: inplaceRepr,
  });
  defineLayer('LeakyReLU', {
    file: 'activation', init: 'negative_slope=0.01, inplace=False',
    setup: (self, slope: PyValue, inplace: PyValue) => setAttrs(self, { negative_slope: slope, inplace: BOOL(inplace) }),
    forward: (self, x: PyValue) => F.leakyRelu(input(x, 'leaky_relu'), floatArg(attr(self, 'negative_slope'), 'leaky_relu', 'negative_slope'), attr(self, 'inplace') === true),
    extraRepr: (self) => `negative_slope=${s(attr(self, 'negative_slope'))}${attr(self, 'inplace') === true ? ', inplace=True' : ''}`,
  });
  defineLayer('ELU', {
    file: 'activation', init: 'alpha=1.0, inplace=False',
    setup: (self, alpha: PyValue, inplace: PyValue) => setAttrs(self, { alpha, inplace: BOOL(inplace) }),
    forward: (self, x: PyValue) => U.elu(input(x, 'elu'), floatArg(attr(self, 'alpha'), 'elu', 'alpha')),
    extraRepr: (self) => `alpha=${s(attr(self, 'alpha'))}${attr(self, 'inplace') === true ? ', inplace=True' : ''}`,
  });
  defineLayer('Softplus', {
    file: 'activation', init: 'beta=1.0, threshold=20.0',
    setup: (self, beta: PyValue, th: PyValue) => setAttrs(self, { beta, threshold: th }),
    forward: (self, x: PyValue) => U.softplus(input(x, 'softplus'), floatArg(attr(self, 'beta'), 'softplus', 'beta'), floatArg(attr(self, 'threshold'), 'softplus', 'threshold')),
    extraRepr: (self) => `beta=${s(attr(self, 'beta'))}, threshold=${s(attr(self, 'threshold'))}`,
  });
  defineLayer('GELU', {
    file: 'activation', init: "approximate='none'", setup: (self, a: PyValue) => setAttrs(self, { approximate: a }),
    forward: (self, x: PyValue) => F.gelu(input(x, 'gelu'), attr(self, 'approximate')),
    extraRepr: (self) => `approximate=${repr(attr(self, 'approximate'))}`,
  });
  for (const [name, fname] of [['Softmax', 'softmax'], ['LogSoftmax', 'log_softmax']] as const) {
    defineLayer(name, {
      file: 'activation', init: 'dim=None', setup: (self, dim: PyValue) => setAttrs(self, { dim }),
      forward: (self, x: PyValue) => F.softmaxLike(fname, input(x, fname), attr(self, 'dim'), null),
      extraRepr: (self) => `dim=${s(attr(self, 'dim'))}`,
    });
  }
  defineLayer('Dropout', {
    file: 'dropout', init: 'p=0.5, inplace=False',
    setup: (self, p: PyValue, inplace: PyValue) => {
      const pv = floatArg(p, 'Dropout', 'p');
      if (pv < 0 || pv > 1) raise(ValueErrorType, `dropout probability has to be between 0 and 1, but got ${s(p)}`);
      setAttrs(self, { p, inplace: BOOL(inplace) });
    },
    forward: (self, x: PyValue) => F.dropout(input(x, 'dropout'), floatArg(attr(self, 'p'), 'dropout', 'p'), isTraining(self), attr(self, 'inplace') === true),
    extraRepr: (self) => `p=${s(attr(self, 'p'))}, inplace=${s(attr(self, 'inplace'))}`,
  });
  defineLayer('Flatten', {
    file: 'flatten', init: 'start_dim=1, end_dim=-1',
    setup: (self, a: PyValue, b: PyValue) => setAttrs(self, { start_dim: a, end_dim: b }),
    forward: (self, x: PyValue) => flatten(input(x, 'flatten'), intArg(attr(self, 'start_dim'), 'flatten', 'start_dim'), intArg(attr(self, 'end_dim'), 'flatten', 'end_dim')),
    extraRepr: (self) => `start_dim=${s(attr(self, 'start_dim'))}, end_dim=${s(attr(self, 'end_dim'))}`,
  });

  // losses: `reduction` attribute; weighted losses keep `weight` as a buffer
  const lossSetup = (self: ModuleObject, sa: PyValue, rd: PyValue, reduction: PyValue): void => {
    setAttrs(self, { reduction: sa !== null || rd !== null ? F.resolveReduction(sa, rd, reduction) : reduction });
  };
  const twoInputs = 'input, target';
  defineLayer('MSELoss', {
    file: 'loss', init: "size_average=None, reduce=None, reduction='mean'", setup: lossSetup, forwardSig: twoInputs,
    forward: (self, x: PyValue, y: PyValue) => F.mseLoss(tensorArg(x, 'mse_loss'), tensorArg(y, 'mse_loss', 'target', 2), reductionOf(self)),
  });
  defineLayer('L1Loss', {
    file: 'loss', init: "size_average=None, reduce=None, reduction='mean'", setup: lossSetup, forwardSig: twoInputs,
    forward: (self, x: PyValue, y: PyValue) => F.l1Loss(tensorArg(x, 'l1_loss'), tensorArg(y, 'l1_loss', 'target', 2), reductionOf(self)),
  });
  defineLayer('BCELoss', {
    file: 'loss', init: "weight=None, size_average=None, reduce=None, reduction='mean'", forwardSig: twoInputs,
    setup: (self, w: PyValue, sa: PyValue, rd: PyValue, r: PyValue) => {
      lossSetup(self, sa, rd, r);
      registerBuffer(self, 'weight', w, true);
    },
    forward: (self, x: PyValue, y: PyValue) =>
      F.binaryCrossEntropy(tensorArg(x, 'binary_cross_entropy'), tensorArg(y, 'binary_cross_entropy', 'target', 2), optT(attr(self, 'weight')), reductionOf(self)),
  });
  defineLayer('BCEWithLogitsLoss', {
    file: 'loss', init: "weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None", forwardSig: twoInputs,
    setup: (self, w: PyValue, sa: PyValue, rd: PyValue, r: PyValue, pw: PyValue) => {
      lossSetup(self, sa, rd, r);
      registerBuffer(self, 'weight', w, true);
      registerBuffer(self, 'pos_weight', pw, true);
    },
    forward: (self, x: PyValue, y: PyValue) =>
      F.binaryCrossEntropyWithLogits(tensorArg(x, 'binary_cross_entropy_with_logits'), tensorArg(y, 'binary_cross_entropy_with_logits', 'target', 2),
        optT(attr(self, 'weight')), reductionOf(self), optT(attr(self, 'pos_weight'))),
  });
  defineLayer('NLLLoss', {
    file: 'loss', init: "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean'", forwardSig: twoInputs,
    setup: (self, w: PyValue, sa: PyValue, ii: PyValue, rd: PyValue, r: PyValue) => {
      lossSetup(self, sa, rd, r);
      registerBuffer(self, 'weight', w, true);
      setAttrs(self, { ignore_index: ii });
    },
    forward: (self, x: PyValue, y: PyValue) =>
      F.nllLoss(tensorArg(x, 'nll_loss'), tensorArg(y, 'nll_loss', 'target', 2), optT(attr(self, 'weight')), intArg(attr(self, 'ignore_index'), 'nll_loss', 'ignore_index'), reductionOf(self)),
  });
  defineLayer('CrossEntropyLoss', {
    file: 'loss', init: "weight=None, size_average=None, ignore_index=-100, reduce=None, reduction='mean', label_smoothing=0.0", forwardSig: twoInputs,
    setup: (self, w: PyValue, sa: PyValue, ii: PyValue, rd: PyValue, r: PyValue, ls: PyValue) => {
      lossSetup(self, sa, rd, r);
      registerBuffer(self, 'weight', w, true);
      setAttrs(self, { ignore_index: ii, label_smoothing: ls });
    },
    forward: (self, x: PyValue, y: PyValue) =>
      F.crossEntropy(tensorArg(x, 'cross_entropy'), tensorArg(y, 'cross_entropy', 'target', 2), optT(attr(self, 'weight')),
        intArg(attr(self, 'ignore_index'), 'cross_entropy', 'ignore_index'), reductionOf(self), floatArg(attr(self, 'label_smoothing'), 'cross_entropy', 'label_smoothing')),
  });
}

// ---------------------------------------------------------------- containers

function indexOf(self: ModuleObject, idx: PyValue, cls: string): number {
  const n = self.modules.size;
  let i = toIndex(idx);
  if (i < -n || i >= n) raise(IndexErrorType, `index ${i} is out of range`);
  if (i < 0) i += n;
  void cls;
  return i;
}

function sliceRange(sl: PySlice, n: number): number[] {
  const get = (v: PyValue): number | null => (v === null ? null : toIndex(v));
  const step = get(sl.step) ?? 1;
  if (step === 0) raise(ValueErrorType, 'slice step cannot be zero');
  let start = get(sl.start);
  let stop = get(sl.stop);
  const out: number[] = [];
  if (step > 0) {
    start = start === null ? 0 : start < 0 ? Math.max(0, start + n) : Math.min(start, n);
    stop = stop === null ? n : stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    start = start === null ? n - 1 : start < 0 ? Math.max(-1, start + n) : Math.min(start, n - 1);
    stop = stop === null ? -1 : stop < 0 ? Math.max(-1, stop + n) : Math.min(stop, n - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}

function childList(self: ModuleObject): (ModuleObject | null)[] {
  return [...self.modules.values()];
}

function renumber(self: ModuleObject, mods: PyValue[]): void {
  self.modules.clear();
  mods.forEach((m, i) => self.modules.set(String(i), m as ModuleObject));
}

let sequentialType: PyType;
let moduleListType: PyType;

function registerContainers(): void {
  sequentialType = defineLayer('Sequential', {
    file: 'container',
    init: '*args',
    setup: (self, args: PyValue[]) => {
      if (args.length === 1 && args[0] instanceof PyDict) {
        for (const k of (args[0] as PyDict).keys()) addModule(self, k, (args[0] as PyDict).get(k)!);
      } else args.forEach((m, i) => addModule(self, String(i), m));
    },
    forward: (self, x: PyValue) => {
      let v = x;
      for (const m of childList(self)) v = callValue(m, [v]);
      return v;
    },
    methods: {
      __len__: method('__len__', '', (self: ModuleObject) => BigInt(self.modules.size)),
      __iter__: method('__iter__', '', (self: ModuleObject) => new ArrayIterator(childList(self))),
      __getitem__: method('__getitem__', 'idx', (self: ModuleObject, idx: PyValue) => {
        if (idx instanceof PySlice) {
          const keys = [...self.modules.keys()];
          const out = callValue(sequentialType, []) as ModuleObject;
          for (const i of sliceRange(idx, keys.length)) out.modules.set(keys[i], self.modules.get(keys[i])!);
          return out;
        }
        return childList(self)[indexOf(self, idx, 'Sequential')];
      }),
      __setitem__: method('__setitem__', 'idx, module', (self: ModuleObject, idx: PyValue, m: PyValue) => {
        const key = [...self.modules.keys()][indexOf(self, idx, 'Sequential')];
        addModule(self, key, m);
        return null;
      }),
      __delitem__: method('__delitem__', 'idx', (self: ModuleObject, idx: PyValue) => {
        const mods = childList(self);
        if (idx instanceof PySlice) {
          const drop = new Set(sliceRange(idx, mods.length));
          renumber(self, mods.filter((_, i) => !drop.has(i)));
        } else {
          const i = indexOf(self, idx, 'Sequential');
          renumber(self, mods.filter((_, j) => j !== i));
        }
        return null;
      }),
      append: method('append', 'module', (self: ModuleObject, m: PyValue) => {
        addModule(self, String(self.modules.size), m);
        return self;
      }),
      insert: method('insert', 'index, module', (self: ModuleObject, index: PyValue, m: PyValue) => {
        if (!(m instanceof ModuleObject)) raise(AssertionErrorType, `module should be of type: ${'Module'}`);
        const mods: PyValue[] = childList(self);
        let i = toIndex(index);
        const n = mods.length;
        if (i < -n || i > n) raise(IndexErrorType, `Index out of range: ${i}`);
        if (i < 0) i += n;
        mods.splice(i, 0, m);
        renumber(self, mods);
        return self;
      }),
      extend: method('extend', 'sequential', (self: ModuleObject, seq: PyValue) => {
        for (const m of iterToArray(seq)) addModule(self, String(self.modules.size), m);
        return self;
      }),
    },
  });

  moduleListType = defineLayer('ModuleList', {
    file: 'container',
    init: 'modules=None',
    setup: (self, mods: PyValue) => {
      if (mods !== null) for (const m of iterToArray(mods)) addModule(self, String(self.modules.size), m);
    },
    methods: {
      __len__: method('__len__', '', (self: ModuleObject) => BigInt(self.modules.size)),
      __iter__: method('__iter__', '', (self: ModuleObject) => new ArrayIterator(childList(self))),
      __getitem__: method('__getitem__', 'idx', (self: ModuleObject, idx: PyValue) => {
        if (idx instanceof PySlice) {
          const mods = childList(self);
          return callValue(moduleListType, [new PyList(sliceRange(idx, mods.length).map((i) => mods[i]))]);
        }
        return childList(self)[indexOf(self, idx, 'ModuleList')];
      }),
      __setitem__: method('__setitem__', 'idx, module', (self: ModuleObject, idx: PyValue, m: PyValue) => {
        addModule(self, String(indexOf(self, idx, 'ModuleList')), m);
        return null;
      }),
      append: method('append', 'module', (self: ModuleObject, m: PyValue) => {
        addModule(self, String(self.modules.size), m);
        return self;
      }),
      extend: method('extend', 'modules', (self: ModuleObject, mods: PyValue) => {
        for (const m of iterToArray(mods)) addModule(self, String(self.modules.size), m);
        return self;
      }),
      insert: method('insert', 'index, module', (self: ModuleObject, index: PyValue, m: PyValue) => {
        const mods: PyValue[] = childList(self);
        let i = toIndex(index);
        if (i < 0) i += mods.length;
        mods.splice(Math.max(0, Math.min(i, mods.length)), 0, m);
        renumber(self, mods);
        return null;
      }),
      __repr__: method('__repr__', '', (self: ModuleObject) => {
        const reprs = childList(self).map((m) => repr(m));
        if (reprs.length === 0) return typeOf(self).name + '()';
        const blocks: [number, number, string][] = [[0, 0, reprs[0]]];
        for (let i = 1; i < reprs.length; i++) {
          const last = blocks[blocks.length - 1];
          if (reprs[i] === last[2]) last[1] = i;
          else blocks.push([i, i, reprs[i]]);
        }
        const lines = blocks.map(([a, b, r]) => addIndent(a === b ? `(${a}): ${r}` : `(${a}-${b}): ${b - a + 1} x ${r}`, 2));
        return typeOf(self).name + '(\n  ' + lines.join('\n  ') + '\n)';
      }),
    },
  });

  defineLayer('ModuleDict', {
    file: 'container',
    init: 'modules=None',
    setup: (self, mods: PyValue) => {
      if (mods instanceof PyDict) for (const k of mods.keys()) addModule(self, k, mods.get(k)!);
      else if (mods !== null) for (const pair of iterToArray(mods)) {
        const [k, v] = iterToArray(pair);
        addModule(self, k, v);
      }
    },
    methods: {
      __len__: method('__len__', '', (self: ModuleObject) => BigInt(self.modules.size)),
      __iter__: method('__iter__', '', (self: ModuleObject) => new ArrayIterator([...self.modules.keys()])),
      __getitem__: method('__getitem__', 'key', (self: ModuleObject, key: PyValue) => {
        const m = self.modules.get(key as string);
        if (m === undefined) raise(KeyErrorType, repr(key));
        return m!;
      }),
      __setitem__: method('__setitem__', 'key, module', (self: ModuleObject, key: PyValue, m: PyValue) => addModule(self, key, m)),
      __contains__: method('__contains__', 'key', (self: ModuleObject, key: PyValue) => self.modules.has(key as string)),
      keys: method('keys', '', (self: ModuleObject) => new PyList([...self.modules.keys()])),
      values: method('values', '', (self: ModuleObject) => new PyList(childList(self))),
      items: method('items', '', (self: ModuleObject) => new PyList([...self.modules].map(([k, v]) => new PyTuple([k, v])))),
    },
  });
}

// ---------------------------------------------------------------- the Python module

let registered = false;

/** Defines `torch.nn` (and `torch.nn.functional`, `torch.nn.init`, `torch.nn.parameter`). Idempotent. */
export function registerNn(): void {
  if (registered) return;
  registered = true;
  registerLayers();
  registerContainers();
  F.registerFunctional();
  registerInit();
  defineModule('torch.nn.parameter', (m) => {
    m.set('Parameter', getParameterType());
  });
  defineModule('torch.nn.modules', (m) => {
    m.set('Module', ModuleType);
  });
  defineModule('torch.nn', (m) => {
    for (const sub of ['functional', 'init', 'parameter', 'modules']) {
      const mod = submodule(m.ctx, `torch.nn.${sub}`);
      if (mod) m.set(sub, mod);
    }
    m.set('Module', ModuleType);
    m.set('Parameter', getParameterType());
    for (const [name, t] of layerTypes) m.set(name, t);
  });
}

