// Python semantics of the core operations: truthiness, repr/str, equality and ordering,
// hashing, arithmetic with dunder dispatch, attribute access, calls, iteration, subscripts.

import {
  ArrayIterator, AttributeErrorType, BoundMethod, ClassMethod, dictType, EMPTY_TUPLE, Ellipsis, FnIterator,
  IndexErrorType, IterResult, KeyErrorType, KwArgs, NativeFunction, NativeGetSet, NotImplemented, OverflowErrorType,
  PyDict, PyDictView, PyException, PyFrozenSet, PyFunction, PyInstance, PyIterator, PyList, PyModule, PyObject,
  PyProperty, PyRange, PySet, PySingleton, PySlice, PySuper, PyTuple, PyType, PyValue, RangeIterator,
  StaticMethod, STOP, StopIterationType, TypeErrorType, ValueErrorType, ZeroDivisionErrorType, bumpTypeEpoch,
  objectId, objectType, raise, raiseAttributeError, raiseTypeError, setCustomHashKey, typeName, typeOf,
  listType, tupleType, setType, frozensetType, strType, intType, floatType, boolType, noneType,
  RecursionErrorType, MemoryErrorType, RuntimeErrorType, hashKey as hashKeyOf, PyGenerator,
} from './objects';
import { floatRepr } from './numfmt';

// ---------------------------------------------------------------- calling
/** Set by the interpreter: calls a Python-level function. */
let callPyFunctionImpl: (f: PyFunction, args: PyValue[], kwargs: KwArgs) => PyValue = () => {
  throw new Error('interpreter not initialised');
};
export function setPyFunctionCaller(f: typeof callPyFunctionImpl): void {
  callPyFunctionImpl = f;
}

export function callValue(f: PyValue, args: PyValue[], kwargs: KwArgs = null): PyValue {
  if (f instanceof PyFunction) return callPyFunctionImpl(f, args, kwargs);
  if (f instanceof NativeFunction) {
    if (f.self !== undefined) return f.impl(prepend(f.self, args), kwargs);
    return f.impl(args, kwargs);
  }
  if (f instanceof BoundMethod) return callValue(f.func, prepend(f.self, args), kwargs);
  if (f instanceof PyType) return callType(f, args, kwargs);
  const call = typeOf(f).lookup('__call__');
  if (call !== undefined) return callValue(call, prepend(f, args), kwargs);
  return raiseTypeError(`'${typeName(f)}' object is not callable`);
}

export function isCallable(f: PyValue): boolean {
  return f instanceof PyFunction || f instanceof NativeFunction || f instanceof BoundMethod || f instanceof PyType || typeOf(f).lookup('__call__') !== undefined;
}

/** Calls a method found on the type (descriptor) with `self` bound. */
export function callMethod(self: PyValue, name: string, args: PyValue[], kwargs: KwArgs = null): PyValue {
  const descr = typeOf(self).lookup(name);
  if (descr === undefined) return raiseAttributeError(self, name);
  return callDescr(descr, self, args, kwargs);
}

export function callDescr(descr: PyValue, self: PyValue, args: PyValue[], kwargs: KwArgs = null): PyValue {
  if (descr instanceof NativeFunction && descr.isMethod) return descr.impl(prepend(self, args), kwargs);
  if (descr instanceof PyFunction) return callPyFunctionImpl(descr, prepend(self, args), kwargs);
  return callValue(bindDescr(descr, self, typeOf(self)), args, kwargs);
}

/** `[self, ...args]` without the iterator protocol of a spread (hot in dunder dispatch). */
function prepend(self: PyValue, args: PyValue[]): PyValue[] {
  const n = args.length;
  if (n === 0) return [self];
  if (n === 1) return [self, args[0]];
  const out = new Array<PyValue>(n + 1);
  out[0] = self;
  for (let i = 0; i < n; i++) out[i + 1] = args[i];
  return out;
}

/** Calls a binary dunder `descr(self, other)`. */
function callBinaryDescr(descr: PyValue, self: PyValue, other: PyValue): PyValue {
  if (descr instanceof NativeFunction && descr.isMethod) return descr.impl([self, other], null);
  if (descr instanceof PyFunction) return callPyFunctionImpl(descr, [self, other], null);
  return callValue(bindDescr(descr, self, typeOf(self)), [other], null);
}

/** Type-level `__new__` override used by builtin types (int(), list()...) and native types. */
export type TypeConstructor = (cls: PyType, args: PyValue[], kwargs: KwArgs) => PyValue;
const typeConstructors = new WeakMap<PyType, TypeConstructor>();
export function setTypeConstructor(t: PyType, f: TypeConstructor): void {
  typeConstructors.set(t, f);
}

export let objectInit: PyValue = null;
export function setObjectInit(f: PyValue): void {
  objectInit = f;
}

export function callType(cls: PyType, args: PyValue[], kwargs: KwArgs): PyValue {
  // type(x): one-argument form
  if (cls === typeTypeOf() && args.length === 1 && !kwargs) return typeOf(args[0]);
  let obj: PyValue;
  const userNew = cls.lookup('__new__');
  let ctor: TypeConstructor | undefined;
  for (const t of cls.mro) {
    ctor = typeConstructors.get(t);
    if (ctor || !t.isBuiltin) break;
  }
  if (userNew instanceof StaticMethod || userNew instanceof PyFunction) {
    obj = callValue(userNew instanceof StaticMethod ? userNew.func : userNew, [cls, ...args], kwargs);
  } else if (ctor) {
    obj = ctor(cls, args, kwargs);
    // builtin constructors (int(), list()...) do everything in one step
    if (cls.isBuiltin) return obj;
  } else if (cls.alloc) {
    obj = cls.alloc(cls);
    if (obj instanceof PyException) obj.args = args.slice();
  } else {
    return raiseTypeError(`cannot create '${cls.name}' instances`);
  }
  if (!(typeOf(obj) as PyType).isSubtypeOf(cls)) return obj;
  const init = cls.lookup('__init__');
  if (init === objectInit || init === undefined) {
    if ((args.length > 0 || (kwargs && kwargs.size > 0)) && !ctor && !(userNew instanceof PyFunction || userNew instanceof StaticMethod))
      raiseTypeError(`${cls.name}() takes no arguments`);
    return obj;
  }
  const r = callDescr(init, obj, args, kwargs);
  if (r !== null) raiseTypeError(`__init__() should return None, not '${typeName(r)}'`);
  return obj;
}
let typeTypeCache: PyType | null = null;
function typeTypeOf(): PyType {
  return (typeTypeCache ??= typeOf(objectType));
}

// ---------------------------------------------------------------- attributes
export function bindDescr(descr: PyValue, obj: PyValue, t: PyType): PyValue {
  if (descr instanceof PyFunction) return new BoundMethod(descr, obj);
  if (descr instanceof NativeFunction) return descr.isMethod ? new BoundMethod(descr, obj) : descr;
  if (descr instanceof StaticMethod) return descr.func;
  if (descr instanceof ClassMethod) return new BoundMethod(descr.func, t);
  if (descr instanceof PyProperty) return descr.fget === null ? raiseAttributeError(obj, '', `property of '${t.name}' object has no getter`) : callValue(descr.fget, [obj]);
  if (descr instanceof NativeGetSet) return descr.get(obj);
  return descr;
}

/** Instance dict of an object, when it has one. */
function instanceDict(obj: PyValue): Map<string, PyValue> | null {
  if (obj instanceof PyInstance) return obj.dict;
  if (obj instanceof PyFunction) return (obj.dict ??= new Map());
  return null;
}

export function getAttr(obj: PyValue, name: string): PyValue {
  const v = getAttrOrUndefined(obj, name);
  if (v !== undefined) return v;
  if (obj instanceof PyModule) {
    const e = new PyException(AttributeErrorType, `module '${obj.name}' has no attribute '${name}'`);
    e.name = name;
    e.obj = obj;
    throw e;
  }
  if (obj instanceof PyType) {
    const e = new PyException(AttributeErrorType, `type object '${obj.name}' has no attribute '${name}'`);
    e.name = name;
    e.obj = obj;
    throw e;
  }
  if (obj instanceof PySuper) return raiseAttributeError(obj, name, `'super' object has no attribute '${name}'`);
  return raiseAttributeError(obj, name);
}

export function getAttrOrUndefined(obj: PyValue, name: string): PyValue | undefined {
  if (obj instanceof PyType) return typeGetAttr(obj, name);
  if (obj instanceof PyModule) {
    const v = obj.dict.get(name);
    if (v !== undefined) return v;
  }
  if (obj instanceof PySuper) return superGetAttr(obj, name);
  const t = typeOf(obj);
  const descr = t.lookup(name);
  if (descr !== undefined) {
    if (descr instanceof NativeGetSet) return descr.get(obj);
    if (descr instanceof PyProperty) {
      if (descr.fget === null) return raise(AttributeErrorType, `property '${name}' of '${t.name}' object has no getter`);
      return callValue(descr.fget, [obj]);
    }
  }
  const d = instanceDict(obj);
  if (d !== null) {
    const v = d.get(name);
    if (v !== undefined) return v;
  }
  if (descr !== undefined) return bindDescr(descr, obj, t);
  const hook = t.lookup('__getattr__');
  if (hook !== undefined) {
    try {
      return callDescr(hook, obj, [name]);
    } catch (e) {
      if (e instanceof PyException && e.cls === AttributeErrorType) {
        if (e.name === null) {
          e.name = name;
          e.obj = obj;
        }
      }
      throw e;
    }
  }
  return undefined;
}

function typeGetAttr(cls: PyType, name: string): PyValue | undefined {
  // the metatype's data descriptors win over the class dict (type(f).__name__ is 'function')
  if (name === '__name__') return cls.name;
  if (name === '__qualname__') return cls.qualname;
  if (name === '__dict__') {
    // CPython's read-only mappingproxy of the class namespace; here a snapshot dict
    const d = new PyDict();
    for (const [k, v] of cls.dict) d.set(k, v instanceof NativeFunction && v.isMethod ? unboundMethod(v, cls) : v);
    return d;
  }
  const descr = cls.lookup(name);
  if (descr !== undefined) {
    if (descr instanceof StaticMethod) return descr.func;
    if (descr instanceof ClassMethod) return new BoundMethod(descr.func, cls);
    if (descr instanceof NativeFunction && descr.isMethod) {
      let owner = cls;
      for (const t of cls.mro) {
        if (t.dict.get(name) === descr) {
          owner = t;
          break;
        }
      }
      return unboundMethod(descr, owner);
    }
    return descr;
  }
  switch (name) {
    case '__name__':
      return cls.name;
    case '__qualname__':
      return cls.qualname;
    case '__module__':
      return cls.module;
    case '__bases__':
      return new PyTuple(cls.bases.slice());
    case '__mro__':
      return new PyTuple(cls.mro.slice());
    case '__doc__':
      return null;
    case '__class__':
      return typeOf(cls);
  }
  // methods of `type` itself (e.g. mro())
  const meta = typeOf(cls).lookup(name);
  if (meta !== undefined) return bindDescr(meta, cls, typeOf(cls));
  return undefined;
}

/**
 * A native method taken from its class (`str.lower`, `Tensor.add`): checks that `self` is an
 * instance of the owning type, as CPython's method descriptors do, so native code never sees a
 * foreign JS object as its `self`. One wrapper per method (identity is stable).
 */
const unboundMethods = new WeakMap<NativeFunction, NativeFunction>();
function unboundMethod(descr: NativeFunction, owner: PyType): NativeFunction {
  let w = unboundMethods.get(descr);
  if (w === undefined) {
    const name = descr.name;
    const impl = descr.impl;
    w = new NativeFunction(name, (args, kwargs) => {
      if (args.length === 0) return raiseTypeError(`unbound method ${owner.name}.${name}() needs an argument`);
      const t = typeOf(args[0]);
      if (!t.isSubtypeOf(owner)) {
        // slot wrappers (dunders) and method descriptors word it differently in CPython
        if (name.startsWith('__') && name.endsWith('__')) return raiseTypeError(`descriptor '${name}' requires a '${owner.name}' object but received a '${t.name}'`);
        return raiseTypeError(`descriptor '${name}' for '${owner.name}' objects doesn't apply to a '${t.name}' object`);
      }
      return impl(args, kwargs);
    }, true, descr.ownerName ?? owner.name);
    unboundMethods.set(descr, w);
  }
  return w;
}

function superGetAttr(s: PySuper, name: string): PyValue | undefined {
  const mro = s.objType.mro;
  let i = mro.indexOf(s.startAfter);
  for (i = i + 1; i < mro.length; i++) {
    const v = mro[i].dict.get(name);
    if (v !== undefined) {
      if (s.self instanceof PyType && s.self === s.objType && !(v instanceof ClassMethod)) {
        return v instanceof StaticMethod ? v.func : v;
      }
      return bindDescr(v, s.self, s.objType);
    }
  }
  return undefined;
}

export function setAttr(obj: PyValue, name: string, value: PyValue): void {
  if (obj instanceof PyType) {
    if (obj.isBuiltin) raiseTypeError(`cannot set '${name}' attribute of immutable type '${obj.name}'`);
    obj.dict.set(name, value);
    bumpTypeEpoch();
    return;
  }
  const t = typeOf(obj);
  const hook = t.lookup('__setattr__');
  if (hook !== undefined && hook !== objectSetattr) {
    callDescr(hook, obj, [name, value]);
    return;
  }
  genericSetAttr(obj, name, value);
}

export let objectSetattr: PyValue = null;
export function setObjectSetattr(f: PyValue): void {
  objectSetattr = f;
}

/** `object.__setattr__`: data descriptors first, then the instance dict. */
export function genericSetAttr(obj: PyValue, name: string, value: PyValue): void {
  const t = typeOf(obj);
  const descr = t.lookup(name);
  if (descr instanceof PyProperty) {
    if (descr.fset === null) raise(AttributeErrorType, `property '${name}' of '${t.name}' object has no setter`);
    callValue(descr.fset, [obj, value]);
    return;
  }
  if (descr instanceof NativeGetSet) {
    if (descr.set === null) raise(AttributeErrorType, `attribute '${name}' of '${t.name}' objects is not writable`);
    descr.set(obj, value);
    return;
  }
  const d = instanceDict(obj);
  if (d === null || obj instanceof PyModule && false) {
    raiseAttributeError(obj, name, `'${t.name}' object has no attribute '${name}' and no __dict__ for setting new attributes`);
  }
  d!.set(name, value);
}

export function delAttr(obj: PyValue, name: string): void {
  if (obj instanceof PyType && !obj.isBuiltin) {
    if (!obj.dict.delete(name)) raiseAttributeError(obj, name, `type object '${obj.name}' has no attribute '${name}'`);
    bumpTypeEpoch();
    return;
  }
  const t = typeOf(obj);
  const hook = t.lookup('__delattr__');
  if (hook !== undefined) {
    callDescr(hook, obj, [name]);
    return;
  }
  const descr = t.lookup(name);
  if (descr instanceof PyProperty) {
    if (descr.fdel === null) raise(AttributeErrorType, `property '${name}' of '${t.name}' object has no deleter`);
    callValue(descr.fdel, [obj]);
    return;
  }
  const d = instanceDict(obj);
  if (d === null || !d.delete(name)) raiseAttributeError(obj, name);
}

// ---------------------------------------------------------------- truthiness, length
export function truthy(v: PyValue): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0 && v === v;
    case 'string':
      return v.length > 0;
    case 'object':
      if (v === null) return false;
      if (v instanceof PyList || v instanceof PyTuple) return v.items.length > 0;
      if (v instanceof PyDict) return v.map.size > 0;
      if (v instanceof PySet) return v.map.size > 0;
      if (v instanceof PyFunction || v instanceof NativeFunction || v instanceof PyType || v instanceof PyModule) return true;
      if (v instanceof PyRange) return v.length > 0n;
      {
        const t = typeOf(v);
        const b = t.lookup('__bool__');
        if (b !== undefined) {
          const r = callDescr(b, v, []);
          if (typeof r !== 'boolean') raiseTypeError(`__bool__ should return bool, returned ${typeName(r)}`);
          return r as boolean;
        }
        const l = t.lookup('__len__');
        if (l !== undefined) return toIndexBig(callDescr(l, v, []), '') !== 0n;
      }
      return true;
  }
  return true;
}

export function pyLen(v: PyValue): number {
  if (typeof v === 'string') return strLen(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict || v instanceof PySet) return v.map.size;
  if (v instanceof PyDictView) return v.dict.map.size;
  if (v instanceof PyRange) return Number(v.length);
  const l = typeOf(v).lookup('__len__');
  if (l !== undefined) {
    const r = callDescr(l, v, []);
    if (typeof r !== 'bigint' && typeof r !== 'boolean') raiseTypeError(`'${typeName(r)}' object cannot be interpreted as an integer`);
    const n = Number(r);
    if (n < 0) raise(ValueErrorType, '__len__() should return >= 0');
    return n;
  }
  return raiseTypeError(`object of type '${typeName(v)}' has no len()`);
}

/** Length in code points (Python str semantics); fast path for strings without surrogates. */
export function strLen(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      n--;
      i++;
    }
  }
  return n;
}
export function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

// ---------------------------------------------------------------- repr / str
let reprDepth = 0;
const reprActive = new Set<object>();

export function strRepr(s: string): string {
  const useDouble = s.includes("'") && !s.includes('"');
  const q = useDouble ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

export function repr(v: PyValue): string {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return floatRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'string':
      return strRepr(v);
    case 'object':
      if (v === null) return 'None';
      break;
  }
  const o = v as object;
  if (reprActive.has(o)) {
    if (o instanceof PyList) return '[...]';
    if (o instanceof PyDict) return '{...}';
    if (o instanceof PyTuple) return '(...)';
  }
  if (reprDepth > 200) raise(RecursionErrorType, 'maximum recursion depth exceeded while getting the repr of an object');
  reprDepth++;
  reprActive.add(o);
  try {
    return reprObject(o);
  } finally {
    reprDepth--;
    reprActive.delete(o);
  }
}

function reprObject(o: object): string {
  if (o instanceof PyList) return '[' + o.items.map(repr).join(', ') + ']';
  // tuple subclasses with their own __repr__ (torch.Size, named tuples) use it
  if (o instanceof PyTuple && (o.cls === tupleType || !o.cls.dict.has('__repr__'))) {
    if (o.items.length === 1) return '(' + repr(o.items[0]) + ',)';
    return '(' + o.items.map(repr).join(', ') + ')';
  }
  const t = typeOf(o);
  const custom = t.lookup('__repr__');
  if (custom !== undefined && custom !== objectRepr) {
    const r = callDescr(custom, o, []);
    if (typeof r !== 'string') raiseTypeError(`__repr__ returned non-string (type ${typeName(r)})`);
    return r as string;
  }
  return defaultRepr(o);
}

export let objectRepr: PyValue = null;
export function setObjectRepr(f: PyValue): void {
  objectRepr = f;
}

export function hexId(o: object): string {
  return '0x' + (0x7f0000000000 + objectId(o) * 16).toString(16).padStart(12, '0');
}

/** `object.__repr__` and the reprs of the builtin non-container objects. */
export function defaultRepr(o: object): string {
  if (o instanceof PyDict) {
    const parts: string[] = [];
    for (const [k, v] of o.map.values()) parts.push(repr(k) + ': ' + repr(v));
    return '{' + parts.join(', ') + '}';
  }
  if (o instanceof PySet) {
    const isFrozen = o instanceof PyFrozenSet;
    if (o.map.size === 0) return isFrozen ? 'frozenset()' : 'set()';
    const inner = '{' + setOrder(o).map(repr).join(', ') + '}';
    return isFrozen ? 'frozenset(' + inner + ')' : inner;
  }
  if (o instanceof PyType) {
    if (o.module === 'builtins') return `<class '${o.name}'>`;
    return `<class '${o.module}.${o.qualname}'>`;
  }
  if (o instanceof PyFunction) return `<function ${o.qualname} at ${hexId(o)}>`;
  if (o instanceof NativeFunction) {
    if (o.isMethod && o.ownerName) return `<method '${o.name}' of '${o.ownerName}' objects>`;
    return `<built-in function ${o.name}>`;
  }
  if (o instanceof BoundMethod) {
    const f = o.func;
    if (f instanceof NativeFunction) return `<built-in method ${f.name} of ${typeName(o.self)} object at ${hexId(o.self as object)}>`;
    const qn = f instanceof PyFunction ? f.qualname : '?';
    return `<bound method ${qn} of ${repr(o.self)}>`;
  }
  if (o instanceof PyModule) return `<module '${o.name}'>`;
  if (o instanceof PyRange) {
    return o.step === 1n ? `range(${o.start}, ${o.stop})` : `range(${o.start}, ${o.stop}, ${o.step})`;
  }
  if (o instanceof PySlice) return `slice(${repr(o.start)}, ${repr(o.stop)}, ${repr(o.step)})`;
  if (o instanceof PySingleton) return o.repr;
  if (o instanceof PyDictView) {
    const name = 'dict_' + o.kind;
    const items = o.kind === 'keys' ? o.dict.keys() : o.kind === 'values' ? o.dict.values() : [...o.dict.map.values()].map((e) => new PyTuple([e[0], e[1]]));
    return name + '([' + items.map(repr).join(', ') + '])';
  }
  if (o instanceof PyException) {
    const n = o.cls.name;
    if (o.args.length === 1) return `${n}(${repr(o.args[0])})`;
    return `${n}(${o.args.map(repr).join(', ')})`;
  }
  if (o instanceof PyProperty) return `<property object at ${hexId(o)}>`;
  if (o instanceof PyGenerator) return `<generator object ${o.qualname} at ${hexId(o)}>`;
  if (o instanceof PyIterator) return `<${o.cls.name} object at ${hexId(o)}>`;
  if (o instanceof PySuper) return `<super: <class '${o.startAfter.name}'>, <${typeName(o.self)} object>>`;
  const t = typeOf(o);
  const mod = t.module === 'builtins' ? '' : t.module + '.';
  return `<${mod}${t.qualname} object at ${hexId(o)}>`;
}

export function str(v: PyValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return floatRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'object':
      if (v === null) return 'None';
  }
  const o = v as object;
  const t = typeOf(o);
  const custom = t.lookup('__str__');
  if (custom !== undefined && custom !== objectStr) {
    const r = callDescr(custom, o, []);
    if (typeof r !== 'string') raiseTypeError(`__str__ returned non-string (type ${typeName(r)})`);
    return r as string;
  }
  if (o instanceof PyException) return exceptionStr(o);
  return repr(o);
}
export let objectStr: PyValue = null;
export function setObjectStr(f: PyValue): void {
  objectStr = f;
}

export function exceptionStr(e: PyException): string {
  if (e.args.length === 0) return '';
  if (e.args.length === 1) {
    if (e.cls.isSubtypeOf(KeyErrorType)) return repr(e.args[0]);
    return str(e.args[0]);
  }
  return repr(new PyTuple(e.args));
}

// ---------------------------------------------------------------- numbers
export function toFloat(v: bigint): number {
  const f = Number(v);
  if (!Number.isFinite(f)) raise(OverflowErrorType, 'int too large to convert to float');
  return f;
}

/** int() of a number-like for indexing (`__index__`): bool and int only, else TypeError. */
export function toIndexBig(v: PyValue, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  const idx = typeOf(v).lookup('__index__');
  if (idx !== undefined) {
    const r = callDescr(idx, v, []);
    if (typeof r === 'bigint') return r;
    if (typeof r === 'boolean') return r ? 1n : 0n;
  }
  return raiseTypeError(what || `'${typeName(v)}' object cannot be interpreted as an integer`);
}
export function toIndex(v: PyValue, what = ''): number {
  return Number(toIndexBig(v, what));
}

export function floorDivBig(a: bigint, b: bigint): bigint {
  if (b === 0n) raise(ZeroDivisionErrorType, 'division by zero');
  const q = a / b;
  if ((a % b !== 0n) && ((a < 0n) !== (b < 0n))) return q - 1n;
  return q;
}
export function modBig(a: bigint, b: bigint): bigint {
  if (b === 0n) raise(ZeroDivisionErrorType, 'division by zero');
  const r = a % b;
  if (r !== 0n && (r < 0n) !== (b < 0n)) return r + b;
  return r;
}
export function floatMod(a: number, b: number): number {
  if (b === 0) raise(ZeroDivisionErrorType, 'division by zero');
  let mod = a % b;
  if (mod) {
    if ((b < 0) !== (mod < 0)) mod += b;
  } else mod = b < 0 ? -0 : 0;
  return mod;
}
export function floatFloorDiv(a: number, b: number): number {
  if (b === 0) raise(ZeroDivisionErrorType, 'division by zero');
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod && (b < 0) !== (mod < 0)) {
    mod += b;
    div -= 1;
  }
  if (div) {
    let fl = Math.floor(div);
    if (div - fl > 0.5) fl += 1;
    return fl;
  }
  return (a / b) < 0 ? -0 : 0;
}

function intPow(a: bigint, b: bigint): PyValue {
  if (b < 0n) {
    if (a === 0n) raise(ZeroDivisionErrorType, 'zero to a negative power');
    return floatPow(toFloat(a), Number(b));
  }
  if (b > 100000n && a !== 0n && a !== 1n && a !== -1n) raise(OverflowErrorType, 'exponent too large');
  return a ** b;
}
function floatPow(a: number, b: number): number {
  if (a === 0 && b < 0) raise(ZeroDivisionErrorType, 'zero to a negative power');
  if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) raise(ValueErrorType, 'complex numbers are not supported');
  if (a === 1 || b === 0) return 1;
  const r = Math.pow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw new PyException(OverflowErrorType, 34n, 'Numerical result out of range');
  return r;
}

const DUNDER: Record<string, [string, string, string]> = {
  '+': ['__add__', '__radd__', '__iadd__'],
  '-': ['__sub__', '__rsub__', '__isub__'],
  '*': ['__mul__', '__rmul__', '__imul__'],
  '/': ['__truediv__', '__rtruediv__', '__itruediv__'],
  '//': ['__floordiv__', '__rfloordiv__', '__ifloordiv__'],
  '%': ['__mod__', '__rmod__', '__imod__'],
  '**': ['__pow__', '__rpow__', '__ipow__'],
  '@': ['__matmul__', '__rmatmul__', '__imatmul__'],
  '<<': ['__lshift__', '__rlshift__', '__ilshift__'],
  '>>': ['__rshift__', '__rrshift__', '__irshift__'],
  '&': ['__and__', '__rand__', '__iand__'],
  '|': ['__or__', '__ror__', '__ior__'],
  '^': ['__xor__', '__rxor__', '__ixor__'],
};

function intArith(op: string, a: bigint, b: bigint): PyValue {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0n) raise(ZeroDivisionErrorType, 'division by zero');
      if (a >= -9007199254740992n && a <= 9007199254740992n && b >= -9007199254740992n && b <= 9007199254740992n) return Number(a) / Number(b);
      return bigTrueDiv(a, b);
    case '//':
      return floorDivBig(a, b);
    case '%':
      return modBig(a, b);
    case '**':
      return intPow(a, b);
    case '<<':
      if (b < 0n) raise(ValueErrorType, 'negative shift count');
      return a << b;
    case '>>':
      if (b < 0n) raise(ValueErrorType, 'negative shift count');
      return a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
  }
  return NotImplemented;
}

function bigTrueDiv(a: bigint, b: bigint): number {
  // scale to keep 64 significant bits, then divide in floating point
  const neg = (a < 0n) !== (b < 0n);
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  const shift = x.toString(2).length - y.toString(2).length - 64;
  if (shift > 0) y <<= BigInt(shift);
  else if (shift < 0) x <<= BigInt(-shift);
  const r = (Number(x / y) + Number(x % y) / Number(y)) * Math.pow(2, shift);
  if (!Number.isFinite(r)) raise(OverflowErrorType, 'integer division result too large for a float');
  return neg ? -r : r;
}

function floatArith(op: string, a: number, b: number): PyValue {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) raise(ZeroDivisionErrorType, 'division by zero');
      return a / b;
    case '//':
      return floatFloorDiv(a, b);
    case '%':
      return floatMod(a, b);
    case '**':
      return floatPow(a, b);
  }
  return NotImplemented;
}

/** Numeric/builtin fast paths; NotImplemented when dunder dispatch is needed. */
function builtinBinary(op: string, a: PyValue, b: PyValue): PyValue {
  let ta = typeof a;
  let tb = typeof b;
  if (ta === 'boolean') {
    if (tb === 'boolean' && (op === '&' || op === '|' || op === '^')) {
      return op === '&' ? (a as boolean) && (b as boolean) : op === '|' ? (a as boolean) || (b as boolean) : a !== b;
    }
    a = a ? 1n : 0n;
    ta = 'bigint';
  }
  if (tb === 'boolean') {
    b = b ? 1n : 0n;
    tb = 'bigint';
  }
  if (ta === 'bigint') {
    if (tb === 'bigint') return intArith(op, a as bigint, b as bigint);
    if (tb === 'number') return floatArith(op, toFloat(a as bigint), b as number);
  } else if (ta === 'number') {
    if (tb === 'number') return floatArith(op, a as number, b as number);
    if (tb === 'bigint') return floatArith(op, a as number, toFloat(b as bigint));
  } else if (ta === 'string') {
    if (op === '+' && tb === 'string') return (a as string) + (b as string);
    if (op === '*' && tb === 'bigint') return repeatStr(a as string, b as bigint);
    if (op === '%') return percentFormatHook(a as string, b);
  } else if (a instanceof PyList) {
    if (op === '+' && b instanceof PyList) return new PyList(a.items.concat(b.items));
    if (op === '*' && tb === 'bigint') return new PyList(repeatArr(a.items, b as bigint));
  } else if (a instanceof PyTuple) {
    if (op === '+' && b instanceof PyTuple) return new PyTuple(a.items.concat(b.items));
    if (op === '*' && tb === 'bigint') return new PyTuple(repeatArr(a.items, b as bigint));
  } else if (a instanceof PySet && b instanceof PySet) {
    return setOp(op, a, b);
  } else if (a instanceof PyDict && b instanceof PyDict && op === '|') {
    const d = new PyDict();
    for (const [k, v] of a.map.values()) d.set(k, v);
    for (const [k, v] of b.map.values()) d.set(k, v);
    return d;
  }
  if (op === '*' && tb === 'string' && ta === 'bigint') return repeatStr(b as string, a as bigint);
  if (op === '*' && ta === 'bigint' && (b instanceof PyList || b instanceof PyTuple)) {
    const items = repeatArr(b.items, a as bigint);
    return b instanceof PyList ? new PyList(items) : new PyTuple(items);
  }
  return NotImplemented;
}

let percentFormatHook: (fmt: string, args: PyValue) => PyValue = () => NotImplemented;
export function setPercentFormat(f: typeof percentFormatHook): void {
  percentFormatHook = f;
}

function repeatStr(s: string, n: bigint): string {
  if (n <= 0n) return '';
  if (BigInt(s.length) * n > 100_000_000n) raise(OverflowErrorType, 'repeated string is too long');
  return s.repeat(Number(n));
}
function repeatArr(a: PyValue[], n: bigint): PyValue[] {
  if (n <= 0n) return [];
  if (BigInt(a.length) * n > 50_000_000n) raise(MemoryErrorType, '');
  const out: PyValue[] = [];
  const k = Number(n);
  for (let i = 0; i < k; i++) for (const x of a) out.push(x);
  return out;
}

function setOp(op: string, a: PySet, b: PySet): PyValue {
  const mk = (items: PyValue[]) => (a instanceof PyFrozenSet ? new PyFrozenSet(items) : new PySet(items));
  switch (op) {
    case '|':
      return mk([...a.values(), ...b.values()]);
    case '&':
      return mk(a.values().filter((x) => b.has(x)));
    case '-':
      return mk(a.values().filter((x) => !b.has(x)));
    case '^':
      return mk([...a.values().filter((x) => !b.has(x)), ...b.values().filter((x) => !a.has(x))]);
  }
  return NotImplemented;
}

export function binaryOp(op: string, a: PyValue, b: PyValue): PyValue {
  // fastest paths first
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
    }
    return intArith(op, a, b);
  }
  if (typeof a === 'number' && typeof b === 'number') return floatArith(op, a, b);
  const aIsObj = typeof a === 'object' && a !== null && !(a instanceof PyList || a instanceof PyTuple);
  const bIsObj = typeof b === 'object' && b !== null;
  if (!aIsObj && !bIsObj) {
    const r = builtinBinary(op, a, b);
    if (r !== NotImplemented) return r;
    return binaryTypeError(op, a, b);
  }
  return dunderBinary(op, a, b);
}

function dunderBinary(op: string, a: PyValue, b: PyValue): PyValue {
  const names = DUNDER[op];
  const ta = typeOf(a);
  const tb = typeOf(b);
  const fwd = ta.lookup(names[0]);
  const rev = ta !== tb ? tb.lookup(names[1]) : undefined;
  if (rev !== undefined && tb.isSubtypeOf(ta) && tb !== ta) {
    const r = callBinaryDescr(rev, b, a);
    if (r !== NotImplemented) return r;
  }
  if (fwd !== undefined) {
    const r = callBinaryDescr(fwd, a, b);
    if (r !== NotImplemented) return r;
  } else {
    const r = builtinBinary(op, a, b);
    if (r !== NotImplemented) return r;
  }
  if (rev !== undefined && !tb.isSubtypeOf(ta)) {
    const r = callBinaryDescr(rev, b, a);
    if (r !== NotImplemented) return r;
  } else if (rev === undefined && ta !== tb && tb.isBuiltin) {
    const r = builtinBinary(op, a, b);
    if (r !== NotImplemented) return r;
  }
  return binaryTypeError(op, a, b);
}

function binaryTypeError(op: string, a: PyValue, b: PyValue): never {
  if (op === '+' && (typeof a === 'string' || a instanceof PyList || a instanceof PyTuple)) {
    raiseTypeError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
  }
  if (op === '*') {
    const seq = (v: PyValue) => typeof v === 'string' || v instanceof PyList || v instanceof PyTuple;
    if (seq(a) && !(typeof b === 'bigint' || typeof b === 'boolean')) raiseTypeError(`can't multiply sequence by non-int of type '${typeName(b)}'`);
    if (seq(b) && !(typeof a === 'bigint' || typeof a === 'boolean')) raiseTypeError(`can't multiply sequence by non-int of type '${typeName(a)}'`);
  }
  const sym = op === '**' ? '** or pow()' : op;
  return raiseTypeError(`unsupported operand type(s) for ${sym}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** `a op= b`: tries `__iop__`, lists extend in place, then the binary operation. */
export function inplaceOp(op: string, a: PyValue, b: PyValue): PyValue {
  if (typeof a !== 'object' || a === null) return binaryOp(op, a, b);
  if (a instanceof PyList) {
    if (op === '+') {
      a.items.push(...iterToArray(b));
      return a;
    }
    if (op === '*') {
      const items = repeatArr(a.items, toIndexBig(b, `can't multiply sequence by non-int of type '${typeName(b)}'`));
      a.items.length = 0;
      a.items.push(...items);
      return a;
    }
  }
  if (a instanceof PySet && !(a instanceof PyFrozenSet) && b instanceof PySet) {
    const r = setOp(op, a, b);
    if (r instanceof PySet) {
      a.map = r.map;
      return a;
    }
  }
  if (a instanceof PyDict && op === '|') {
    updateDict(a, b);
    return a;
  }
  const names = DUNDER[op];
  const ip = typeOf(a).lookup(names[2]);
  if (ip !== undefined) {
    const r = callDescr(ip, a, [b]);
    if (r !== NotImplemented) return r;
  }
  return binaryOp(op, a, b);
}

export function updateDict(d: PyDict, other: PyValue): void {
  if (other instanceof PyDict) {
    for (const [k, v] of other.map.values()) d.set(k, v);
    return;
  }
  const keysFn = getAttrOrUndefined(other, 'keys');
  if (keysFn !== undefined && !(other instanceof PyList)) {
    for (const k of iterToArray(callValue(keysFn, []))) d.set(k, getItem(other, k));
    return;
  }
  let i = 0;
  for (const item of iterToArray(other)) {
    const kv = iterToArray(item);
    if (kv.length !== 2) raise(ValueErrorType, `dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
    d.set(kv[0], kv[1]);
    i++;
  }
}

export function unaryOp(op: string, v: PyValue): PyValue {
  if (op === 'not') return !truthy(v);
  switch (typeof v) {
    case 'bigint':
      return op === '-' ? -v : op === '+' ? v : ~v;
    case 'boolean': {
      const n = v ? 1n : 0n;
      return op === '-' ? -n : op === '+' ? n : ~n;
    }
    case 'number':
      if (op === '-') return -v;
      if (op === '+') return v;
      break;
  }
  const name = op === '-' ? '__neg__' : op === '+' ? '__pos__' : '__invert__';
  const m = typeOf(v).lookup(name);
  if (m !== undefined) return callDescr(m, v, []);
  return raiseTypeError(`bad operand type for unary ${op}: '${typeName(v)}'`);
}

// ---------------------------------------------------------------- comparison
const CMP_DUNDER: Record<string, [string, string]> = {
  '==': ['__eq__', '__eq__'],
  '!=': ['__ne__', '__ne__'],
  '<': ['__lt__', '__gt__'],
  '<=': ['__le__', '__ge__'],
  '>': ['__gt__', '__lt__'],
  '>=': ['__ge__', '__le__'],
};

function numCmp(op: string, a: number | bigint, b: number | bigint): boolean {
  switch (op) {
    case '==':
      return a == b;
    case '!=':
      return a != b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
  return false;
}

function asNum(v: PyValue): number | bigint | undefined {
  switch (typeof v) {
    case 'bigint':
    case 'number':
      return v;
    case 'boolean':
      return v ? 1n : 0n;
  }
  return undefined;
}

/** Rich comparison; returns any Python value (tensors compare element-wise). */
export function compare(op: string, a: PyValue, b: PyValue): PyValue {
  const na = asNum(a);
  if (na !== undefined) {
    const nb = asNum(b);
    if (nb !== undefined) return numCmp(op, na, nb);
  }
  if (typeof a === 'string' && typeof b === 'string') return numCmpStr(op, a, b);
  if (typeof a !== 'object' && typeof b !== 'object') {
    if (op === '==') return a === b;
    if (op === '!=') return a !== b;
    return cmpTypeError(op, a, b);
  }
  return richCompare(op, a, b);
}

function numCmpStr(op: string, a: string, b: string): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
  // code point order (JS compares UTF-16 units; differs only across astral chars)
  const c = hasSurrogates(a) || hasSurrogates(b) ? cmpCodePoints(a, b) : a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}
function cmpCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

function richCompare(op: string, a: PyValue, b: PyValue): PyValue {
  const [fwdName, revName] = CMP_DUNDER[op];
  const ta = typeOf(a);
  const tb = typeOf(b);
  const rev = tb.lookup(revName);
  const swappedOp = op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
  if (ta !== tb && tb.isSubtypeOf(ta) && rev !== undefined && !isBuiltinCmp(rev)) {
    const r = callDescr(rev, b, [a]);
    if (r !== NotImplemented) return r;
  }
  const fwd = ta.lookup(fwdName);
  if (fwd !== undefined && !isBuiltinCmp(fwd)) {
    const r = callDescr(fwd, a, [b]);
    if (r !== NotImplemented) return r;
  } else {
    const r = builtinCompare(op, a, b);
    if (r !== NotImplemented) return r;
  }
  if (rev !== undefined && !isBuiltinCmp(rev)) {
    const r = callDescr(rev, b, [a]);
    if (r !== NotImplemented) return r;
  } else {
    const r = builtinCompare(swappedOp, b, a);
    if (r !== NotImplemented) return r;
  }
  if (op === '==') return a === b;
  if (op === '!=') {
    // default __ne__ inverts __eq__
    const eq = ta.lookup('__eq__');
    if (eq !== undefined && !isBuiltinCmp(eq)) {
      const r = callDescr(eq, a, [b]);
      if (r !== NotImplemented) return !truthy(r);
    }
    return a !== b;
  }
  return cmpTypeError(op, a, b);
}

const builtinCmpFns = new Set<PyValue>();
export function markBuiltinCompare(f: PyValue): void {
  builtinCmpFns.add(f);
}
function isBuiltinCmp(f: PyValue): boolean {
  return builtinCmpFns.has(f);
}

function seqCompare(op: string, x: PyValue[], y: PyValue[]): boolean {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i] === y[i]) continue;
    if (!eq(x[i], y[i])) {
      if (op === '==') return false;
      if (op === '!=') return true;
      return truthy(compare(op, x[i], y[i]));
    }
  }
  return numCmp(op, x.length, y.length);
}

function builtinCompare(op: string, a: PyValue, b: PyValue): PyValue {
  const na = asNum(a);
  const nb = asNum(b);
  if (na !== undefined && nb !== undefined) return numCmp(op, na, nb);
  if (typeof a === 'string' && typeof b === 'string') return numCmpStr(op, a, b);
  if (a instanceof PyList && b instanceof PyList) return seqCompare(op, a.items, b.items);
  if (a instanceof PyTuple && b instanceof PyTuple) return seqCompare(op, a.items, b.items);
  if (a instanceof PyDict && b instanceof PyDict && (op === '==' || op === '!=')) {
    let same = a.map.size === b.map.size;
    if (same) {
      for (const [hk, [, v]] of a.map) {
        const e = b.map.get(hk);
        if (e === undefined || !eq(v, e[1])) {
          same = false;
          break;
        }
      }
    }
    return op === '==' ? same : !same;
  }
  if (a instanceof PySet && b instanceof PySet) {
    const sub = a.values().every((x) => b.has(x));
    const sup = b.values().every((x) => a.has(x));
    switch (op) {
      case '==':
        return sub && sup;
      case '!=':
        return !(sub && sup);
      case '<=':
        return sub;
      case '<':
        return sub && !sup;
      case '>=':
        return sup;
      case '>':
        return sup && !sub;
    }
  }
  if (a instanceof PyRange && b instanceof PyRange && (op === '==' || op === '!=')) {
    const same = seqCompare('==', iterToArray(a), iterToArray(b));
    return op === '==' ? same : !same;
  }
  if (a instanceof PyDictView && b instanceof PyDictView && a.kind === 'keys' && b.kind === 'keys') {
    return builtinCompare(op, new PySet(a.dict.keys()), new PySet(b.dict.keys()));
  }
  return NotImplemented;
}

function cmpTypeError(op: string, a: PyValue, b: PyValue): never {
  return raiseTypeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python `==` reduced to a JS boolean (identity implies equality, as in containers). */
export function eq(a: PyValue, b: PyValue): boolean {
  if (a === b) return typeof a !== 'number' || a === a;
  const r = compare('==', a, b);
  return typeof r === 'boolean' ? r : truthy(r);
}

export function lessThan(a: PyValue, b: PyValue): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b;
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  const r = compare('<', a, b);
  return typeof r === 'boolean' ? r : truthy(r);
}

export function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') raiseTypeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item as string);
  }
  if (container instanceof PyList || container instanceof PyTuple) {
    for (const x of container.items) if (eq(x, item)) return true;
    return false;
  }
  if (container instanceof PyDict) return container.map.has(hashKeyChecked(item));
  if (container instanceof PySet) return container.map.has(hashKeyChecked(item));
  if (container instanceof PyDictView) {
    if (container.kind === 'keys') return container.dict.map.has(hashKeyChecked(item));
    if (container.kind === 'values') return container.dict.values().some((v) => eq(v, item));
    if (item instanceof PyTuple && item.items.length === 2) {
      const v = container.dict.get(item.items[0]);
      return v !== undefined && eq(v, item.items[1]);
    }
    return false;
  }
  if (container instanceof PyRange) {
    if (typeof item === 'bigint' || typeof item === 'boolean' || (typeof item === 'number' && Number.isInteger(item))) {
      const v = typeof item === 'bigint' ? item : typeof item === 'boolean' ? (item ? 1n : 0n) : BigInt(item);
      const { start, stop, step } = container;
      if (step > 0n ? v < start || v >= stop : v > start || v <= stop) return false;
      return (v - start) % step === 0n;
    }
    return false;
  }
  const t = typeOf(container);
  const c = t.lookup('__contains__');
  if (c !== undefined) return truthy(callDescr(c, container, [item]));
  if (t.lookup('__iter__') !== undefined || t.lookup('__getitem__') !== undefined) {
    const it = getIter(container);
    for (let x = it.next(); x !== STOP; x = it.next()) if (eq(x, item)) return true;
    return false;
  }
  return raiseTypeError(`argument of type '${typeName(container)}' is not a container or iterable`);
}

// ---------------------------------------------------------------- hashing
function hashKeyChecked(v: PyValue): unknown {
  if (v instanceof PyList || v instanceof PyDict || (v instanceof PySet && !(v instanceof PyFrozenSet))) {
    raiseTypeError(`unhashable type: '${typeName(v)}'`);
  }
  return hashKeyOf(v);
}

/** Raises the CPython error for an unhashable dict key / set element. */
export function checkHashable(v: PyValue, forDictKey: boolean): void {
  if (v instanceof PyList || v instanceof PyDict || (v instanceof PySet && !(v instanceof PyFrozenSet))) {
    if (forDictKey) raiseTypeError(`cannot use '${typeName(v)}' as a dict key (unhashable type: '${typeName(v)}')`);
    raiseTypeError(`unhashable type: '${typeName(v)}'`);
  }
  if (v instanceof PyTuple) for (const x of v.items) checkHashable(x, false);
}

setCustomHashKey((v: object) => {
  if (v instanceof PyList || v instanceof PyDict || (v instanceof PySet && !(v instanceof PyFrozenSet))) return raiseTypeError(`unhashable type: '${typeName(v)}'`);
  if (v instanceof PyObject || (v as { [k: symbol]: unknown })) {
    const t = typeOf(v);
    if (!t.isBuiltin || t.lookup('__hash__') !== objectHash) {
      const h = t.lookup('__hash__');
      if (h === null) raiseTypeError(`unhashable type: '${t.name}'`);
      if (h !== undefined && h !== objectHash) {
        const r = callDescr(h, v, []);
        return '\x01h' + String(r);
      }
    }
  }
  return v;
});
export let objectHash: PyValue = null;
export function setObjectHash(f: PyValue): void {
  objectHash = f;
}

export function hashValue(v: PyValue): bigint {
  switch (typeof v) {
    case 'bigint':
      return hashInt(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      return hashFloat(v);
    case 'string':
      return hashString(v);
    case 'object':
      if (v === null) return BigInt(0xfcbd1a0);
  }
  if (v instanceof PyTuple) {
    // xxHash-based tuple hash as in CPython
    const P1 = 11400714785074694791n;
    const P2 = 14029467366897019727n;
    const P5 = 2870177450012600261n;
    const M = (1n << 64n) - 1n;
    let acc = P5;
    for (const x of v.items) {
      let lane = hashValue(x) & M;
      acc = (acc + lane * P2) & M;
      acc = ((acc << 31n) | (acc >> 33n)) & M;
      acc = (acc * P1) & M;
      lane = 0n;
    }
    acc = (acc + (BigInt(v.items.length) ^ (P5 ^ 3527539n))) & M;
    if (acc === M) return 1546275796n;
    return acc >= 1n << 63n ? acc - (1n << 64n) : acc;
  }
  checkHashable(v as PyValue, false);
  const t = typeOf(v);
  const h = t.lookup('__hash__');
  if (h === null) raiseTypeError(`unhashable type: '${t.name}'`);
  if (h !== undefined && h !== objectHash) {
    const r = callDescr(h, v, []);
    if (typeof r !== 'bigint') raiseTypeError('__hash__ method should return an integer');
    return r as bigint;
  }
  return BigInt(objectId(v as object)) * 16n + 0x7f000000n;
}

const HASH_MOD = (1n << 61n) - 1n;
function hashInt(v: bigint): bigint {
  const neg = v < 0n;
  let r = (neg ? -v : v) % HASH_MOD;
  if (neg) r = -r;
  return r === -1n ? -2n : r;
}
function hashFloat(x: number): bigint {
  if (Number.isInteger(x)) return hashInt(BigInt(x));
  if (x !== x) return 0n;
  if (x === Infinity) return 314159n;
  if (x === -Infinity) return -314159n;
  // exact rational hash: m/2^k mod P
  const neg = x < 0;
  let ax = Math.abs(x);
  let e = 0;
  while (!Number.isInteger(ax)) {
    ax *= 2;
    e++;
  }
  const m = BigInt(ax) % HASH_MOD;
  // multiply by inverse of 2^e mod P: 2^(61-e mod 61)
  const inv = (1n << BigInt((61 - (e % 61)) % 61)) % HASH_MOD;
  let r = (m * inv) % HASH_MOD;
  if (neg) r = -r;
  return r === -1n ? -2n : r;
}
/** Strings: Python randomises string hashes per process; a stable FNV-like hash is as good. */
function hashString(s: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & ((1n << 64n) - 1n);
  }
  h = h >> 1n;
  return h === 0n ? 1n : h;
}

// ---------------------------------------------------------------- iteration
class UserIterator extends PyIterator {
  constructor(
    private readonly obj: PyValue,
    private readonly nextFn: PyValue,
  ) {
    super();
  }
  next(): IterResult {
    try {
      return callDescr(this.nextFn, this.obj, []);
    } catch (e) {
      if (e instanceof PyException && e.cls.isSubtypeOf(StopIterationType)) return STOP;
      throw e;
    }
  }
}

class StringIterator extends PyIterator {
  private i = 0;
  constructor(private readonly s: string) {
    super();
  }
  next(): IterResult {
    const s = this.s;
    if (this.i >= s.length) return STOP;
    const c = s.charCodeAt(this.i);
    if (c >= 0xd800 && c <= 0xdbff && this.i + 1 < s.length) {
      const r = s.slice(this.i, this.i + 2);
      this.i += 2;
      return r;
    }
    return s[this.i++];
  }
}

export function getIter(v: PyValue): PyIterator {
  if (v instanceof PyIterator) return v;
  if (v instanceof PyList || v instanceof PyTuple) return new ArrayIterator(v.items);
  if (v instanceof PyRange) return new RangeIterator(v.start, v.stop, v.step);
  if (typeof v === 'string') return new StringIterator(v);
  if (v instanceof PyDict) return dictKeyIterator(v);
  if (v instanceof PySet) return new ArrayIterator(setOrder(v));
  if (v instanceof PyDictView) {
    if (v.kind === 'keys') return dictKeyIterator(v.dict);
    if (v.kind === 'values') return new ArrayIterator(v.dict.values());
    return new ArrayIterator([...v.dict.map.values()].map((e) => new PyTuple([e[0], e[1]])));
  }
  const t = typeOf(v);
  const it = t.lookup('__iter__');
  if (it !== undefined && it !== null) {
    const r = callDescr(it, v, []);
    if (r instanceof PyIterator) return r;
    const nx = typeOf(r).lookup('__next__');
    if (nx === undefined) raiseTypeError(`iter() returned non-iterator of type '${typeName(r)}'`);
    return new UserIterator(r, nx!);
  }
  const gi = t.lookup('__getitem__');
  if (gi !== undefined) {
    let i = 0n;
    return new FnIterator(() => {
      try {
        return callDescr(gi, v, [i++]);
      } catch (e) {
        if (e instanceof PyException && (e.cls.isSubtypeOf(IndexErrorType) || e.cls.isSubtypeOf(StopIterationType))) return STOP;
        throw e;
      }
    });
  }
  return raiseTypeError(`'${typeName(v)}' object is not iterable`);
}

function dictKeyIterator(d: PyDict): PyIterator {
  const it = d.map.values();
  const size = d.map.size;
  return new FnIterator(() => {
    if (d.map.size !== size) raise(RuntimeErrorType, 'dictionary changed size during iteration');
    const r = it.next();
    return r.done ? STOP : r.value[0];
  });
}

/**
 * The iteration order of a CPython set: its elements in hash-table slot order, simulated by
 * inserting them (in insertion order) into a table with CPython's probing and resizing rules
 * (setobject.c). Exact for sets built without deletions; strings hash differently from
 * CPython (whose str hashes are randomised per process anyway).
 */
export function setOrder(s: PySet): PyValue[] {
  const items = s.values();
  if (items.length < 2) return items;
  const M64 = (1n << 64n) - 1n;
  let mask = s.initialMask;
  let table: (PyValue | typeof EMPTY_SLOT)[] = new Array(mask + 1).fill(EMPTY_SLOT);
  let hashes: bigint[] = new Array(mask + 1).fill(0n);
  let fill = 0;
  const insert = (tbl: (PyValue | typeof EMPTY_SLOT)[], hs: bigint[], m: number, key: PyValue, h: bigint): void => {
    let perturb = h;
    let i = Number(h & BigInt(m));
    for (;;) {
      const probes = i + 9 <= m ? 9 : 0;
      for (let j = 0; j <= probes; j++) {
        if (tbl[i + j] === EMPTY_SLOT) {
          tbl[i + j] = key;
          hs[i + j] = h;
          return;
        }
      }
      perturb >>= 5n;
      i = Number((BigInt(i) * 5n + 1n + perturb) & BigInt(m));
    }
  };
  for (const key of items) {
    const h = BigInt.asUintN(64, hashValue(key)) & M64;
    insert(table, hashes, mask, key, h);
    fill++;
    if (fill * 5 >= mask * 3) {
      const minused = fill > 50000 ? fill * 2 : fill * 4;
      let size = 8;
      while (size <= minused) size <<= 1;
      const oldT = table;
      const oldH = hashes;
      mask = size - 1;
      table = new Array(size).fill(EMPTY_SLOT);
      hashes = new Array(size).fill(0n);
      for (let k = 0; k < oldT.length; k++) if (oldT[k] !== EMPTY_SLOT) insert(table, hashes, mask, oldT[k] as PyValue, oldH[k]);
    }
  }
  return table.filter((x): x is PyValue => x !== EMPTY_SLOT);
}
const EMPTY_SLOT: unique symbol = Symbol('empty');

/** A set display of n > 2 constants: CPython builds a frozenset constant, then merges it into a
 *  table pre-sized for 2n entries, so the slot order differs from one-by-one insertion. */
export function setFromConstants(items: PyValue[]): PySet {
  const frozenOrder = setOrder(new PySet(items));
  const s = new PySet(frozenOrder);
  let size = 8;
  while (size <= frozenOrder.length * 2) size <<= 1;
  s.initialMask = size - 1;
  return s;
}

/** Longest list a script may build from an iterator: beyond it a MemoryError, not a V8 fatal error. */
const MAX_MATERIALIZED = 10_000_000;
/** Set by the interpreter: its time-budget tick (checked while draining long iterators). */
export const budgetTick: { tick: () => void } = { tick: () => {} };

export function iterToArray(v: PyValue): PyValue[] {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.slice();
  const it = getIter(v);
  const out: PyValue[] = [];
  for (let x = it.next(); x !== STOP; x = it.next()) {
    out.push(x);
    if ((out.length & 0xffff) === 0) {
      // an endless iterator (itertools.count(), a `while True: yield`) must end in a Python error
      if (out.length >= MAX_MATERIALIZED) raise(MemoryErrorType, '');
      budgetTick.tick();
    }
  }
  return out;
}

/** `next(it)` with Python's StopIteration. */
export function nextOrStop(it: PyValue): PyValue {
  if (it instanceof PyIterator) {
    const r = it.next();
    if (r === STOP) {
      // a generator's `return value` travels as StopIteration.value
      if (it instanceof PyGenerator && it.returnValue !== null) throw new PyException(StopIterationType, it.returnValue);
      throw new PyException(StopIterationType);
    }
    return r;
  }
  const nx = typeOf(it).lookup('__next__');
  if (nx === undefined) raiseTypeError(`'${typeName(it)}' object is not an iterator`);
  return callDescr(nx!, it, []);
}

// ---------------------------------------------------------------- subscripts
/** Resolves slice bounds as PySlice.indices does. */
export function sliceIndices(s: PySlice, length: number): [number, number, number] {
  let step = 1;
  if (s.step !== null) {
    step = toIndex(s.step, 'slice indices must be integers or None or have an __index__ method');
    if (step === 0) raise(ValueErrorType, 'slice step cannot be zero');
  }
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? length - 1 : length;
  const norm = (v: PyValue, dflt: number): number => {
    if (v === null) return dflt;
    let i = toIndex(v, 'slice indices must be integers or None or have an __index__ method');
    if (i < 0) {
      i += length;
      if (i < lower) i = lower;
    } else if (i > upper) i = upper;
    return i;
  };
  const start = norm(s.start, step < 0 ? upper : lower);
  const stop = norm(s.stop, step < 0 ? lower : upper);
  return [start, stop, step];
}

function sliceArray<T>(arr: T[], s: PySlice): T[] {
  const [start, stop, step] = sliceIndices(s, arr.length);
  if (step === 1) return start < stop ? arr.slice(start, stop) : [];
  const out: T[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(arr[i]);
  else for (let i = start; i > stop; i += step) out.push(arr[i]);
  return out;
}

function seqIndex(v: PyValue, len: number, what: string, assign = false): number {
  if (typeof v !== 'bigint' && typeof v !== 'boolean') {
    const t = typeOf(v);
    if (t.lookup('__index__') === undefined) raiseTypeError(`${what} indices must be integers or slices, not ${t.name}`);
  }
  let i = toIndex(v);
  if (i < 0) i += len;
  if (i < 0 || i >= len) raise(IndexErrorType, `${what} ${assign ? 'assignment ' : ''}index out of range`);
  return i;
}

export function getItem(obj: PyValue, key: PyValue): PyValue {
  if (obj instanceof PyList) {
    if (typeof key === 'bigint') {
      let i = Number(key);
      const n = obj.items.length;
      if (i < 0) i += n;
      if (i >= 0 && i < n) return obj.items[i];
      raise(IndexErrorType, 'list index out of range');
    }
    if (key instanceof PySlice) return new PyList(sliceArray(obj.items, key));
    return obj.items[seqIndex(key, obj.items.length, 'list')];
  }
  if (obj instanceof PyTuple) {
    if (key instanceof PySlice) return new PyTuple(sliceArray(obj.items, key));
    return obj.items[seqIndex(key, obj.items.length, 'tuple')];
  }
  if (obj instanceof PyDict) {
    const v = obj.map.get(hashKeyChecked(key));
    if (v !== undefined) return v[1];
    if (obj.cls !== dictType) {
      const missing = obj.cls.lookup('__missing__');
      if (missing !== undefined) return callDescr(missing, obj, [key]);
    }
    throw new PyException(KeyErrorType, key);
  }
  if (typeof obj === 'string') {
    const chars = hasSurrogates(obj) ? [...obj] : null;
    if (key instanceof PySlice) return (chars ? sliceArray(chars, key) : sliceArray(obj.split(''), key)).join('');
    if (chars) return chars[seqIndex(key, chars.length, 'string')];
    return obj[seqIndex(key, obj.length, 'string')];
  }
  if (obj instanceof PyRange) {
    const n = Number(obj.length);
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, n);
      const s = obj.start + BigInt(start) * obj.step;
      const e = obj.start + BigInt(stop) * obj.step;
      return new PyRange(s, e, obj.step * BigInt(step));
    }
    const i = seqIndex(key, n, 'range object');
    return obj.start + BigInt(i) * obj.step;
  }
  if (obj instanceof PyType) {
    const cgi = obj.lookup('__class_getitem__');
    if (cgi !== undefined) return callValue(cgi instanceof ClassMethod ? new BoundMethod(cgi.func, obj) : cgi, [key]);
    // typing-style generic aliases (list[int]) evaluate to the class itself
    if (obj.isBuiltin) return obj;
  }
  const gi = typeOf(obj).lookup('__getitem__');
  if (gi !== undefined) return callDescr(gi, obj, [key]);
  if (obj instanceof PyType) return raiseTypeError(`type '${obj.name}' is not subscriptable`);
  return raiseTypeError(`'${typeName(obj)}' object is not subscriptable`);
}

export function setItem(obj: PyValue, key: PyValue, value: PyValue): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const vals = iterToArray(value);
      const [start, stop, step] = sliceIndices(key, obj.items.length);
      if (step === 1) {
        obj.items.splice(start, Math.max(0, stop - start), ...vals);
        return;
      }
      const idx: number[] = [];
      if (step > 0) for (let i = start; i < stop; i += step) idx.push(i);
      else for (let i = start; i > stop; i += step) idx.push(i);
      if (idx.length !== vals.length) raise(ValueErrorType, `attempt to assign sequence of size ${vals.length} to extended slice of size ${idx.length}`);
      idx.forEach((i, k) => (obj.items[i] = vals[k]));
      return;
    }
    obj.items[seqIndex(key, obj.items.length, 'list', true)] = value;
    return;
  }
  if (obj instanceof PyDict) {
    checkHashable(key, true);
    obj.set(key, value);
    return;
  }
  const si = typeOf(obj).lookup('__setitem__');
  if (si !== undefined) {
    callDescr(si, obj, [key, value]);
    return;
  }
  raiseTypeError(`'${typeName(obj)}' object does not support item assignment`);
}

export function delItem(obj: PyValue, key: PyValue): void {
  if (obj instanceof PyList) {
    if (key instanceof PySlice) {
      const [start, stop, step] = sliceIndices(key, obj.items.length);
      const drop = new Set<number>();
      if (step > 0) for (let i = start; i < stop; i += step) drop.add(i);
      else for (let i = start; i > stop; i += step) drop.add(i);
      obj.items = obj.items.filter((_, i) => !drop.has(i));
      return;
    }
    obj.items.splice(seqIndex(key, obj.items.length, 'list', true), 1);
    return;
  }
  if (obj instanceof PyDict) {
    if (!obj.map.delete(hashKeyChecked(key))) throw new PyException(KeyErrorType, key);
    return;
  }
  const di = typeOf(obj).lookup('__delitem__');
  if (di !== undefined) {
    callDescr(di, obj, [key]);
    return;
  }
  raiseTypeError(`'${typeName(obj)}' object doesn't support item deletion`);
}

// ---------------------------------------------------------------- isinstance
export function isInstance(v: PyValue, cls: PyValue): boolean {
  if (cls instanceof PyTuple) return cls.items.some((c) => isInstance(v, c));
  if (!(cls instanceof PyType)) return raiseTypeError('isinstance() arg 2 must be a type, a tuple of types, or a union');
  const t = typeOf(v);
  if (t === cls) return true;
  // int/float checks must also accept the primitive representations' subclasses (bool ⊂ int)
  return t.isSubtypeOf(cls);
}

export { EMPTY_TUPLE, Ellipsis, listType, tupleType, setType, frozensetType, strType, intType, floatType, boolType, noneType };
