// Builtin functions, builtin types' constructors, and object/exception/function attributes.
// Methods of str/list/dict/set live in typemethods.ts.

import {
  BaseExceptionType, BoundMethod, ClassMethod, EXCEPTION_TYPES, Ellipsis, FnIterator, KwArgs, NativeFunction,
  NativeGetSet, NotImplemented, OverflowErrorType, PyDict, PyException, PyFrozenSet, PyFunction, PyInstance,
  PyIterator, PyList, PyProperty, PyRange, PySet, PySlice, PySuper, PyTuple, PyType, PyValue, STOP, StaticMethod,
  StopIterationType, TypeErrorType, ValueErrorType, NotImplementedErrorType, boolType, classmethodType, dictType,
  floatType, frozensetType, intType, listType, objectType, propertyType, raise, raiseTypeError, raiseValueError,
  rangeType, setType, sliceType, staticmethodType, strType, superType, tupleType, typeName, typeOf, typeType,
  objectId, ArrayIterator, functionType, methodType, moduleType, PyModule, iteratorType, NameErrorType,
  AttributeErrorType, noneType, ZeroDivisionErrorType, raiseAttributeError, PyGenerator, generatorType, generatorDriver, GEN_SEND, GEN_THROW,
} from './objects';
import {
  binaryOp, callDescr, callValue, compare, contains, defaultRepr, eq, exceptionStr, floatFloorDiv, floatMod,
  floorDivBig, genericSetAttr, getAttr, getAttrOrUndefined, getIter, hashValue, isCallable, isInstance, iterToArray,
  lessThan, modBig, nextOrStop, pyLen, repr, setAttr, delAttr, setObjectHash, setObjectInit, setObjectRepr,
  setObjectSetattr, setObjectStr, setTypeConstructor, str, toFloat, toIndex, toIndexBig, truthy, updateDict,
  markBuiltinCompare, checkHashable, strRepr,
} from './ops';
import { floatRepr, formatFloat, formatInt, formatStr, toFixedExact } from './numfmt';
import { currentContext } from './context';
import { closestName } from './traceback';

// ---------------------------------------------------------------- helpers
export function nf(name: string, impl: (args: PyValue[], kwargs: KwArgs) => PyValue): NativeFunction {
  return new NativeFunction(name, impl);
}
export function meth(owner: PyType, name: string, impl: (args: PyValue[], kwargs: KwArgs) => PyValue): NativeFunction {
  const f = new NativeFunction(name, impl, true, owner.name);
  owner.dict.set(name, f);
  return f;
}
export function noKwargs(name: string, kwargs: KwArgs): void {
  if (kwargs !== null && kwargs.size > 0) raiseTypeError(`${name}() takes no keyword arguments`);
}
export function argCount(name: string, args: PyValue[], min: number, max: number): void {
  const n = args.length;
  if (n >= min && n <= max) return;
  if (min === max) {
    if (min === 0) raiseTypeError(`${name}() takes no arguments (${n} given)`);
    if (min === 1) raiseTypeError(`${name}() takes exactly one argument (${n} given)`);
    raiseTypeError(`${name} expected ${min} arguments, got ${n}`);
  }
  if (n < min) raiseTypeError(`${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  raiseTypeError(`${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${n}`);
}
/** argCount for a method: `args` holds self first; messages count the arguments after it (as CPython's). */
export function methodArgCount(name: string, args: PyValue[], min: number, max: number): void {
  const n = args.length - 1;
  if (n >= min && n <= max) return;
  argCount(name, args.slice(1), min, max);
}
function kw(kwargs: KwArgs, name: string, dflt: PyValue): PyValue {
  if (kwargs === null) return dflt;
  const v = kwargs.get(name);
  return v === undefined ? dflt : v;
}
function checkKw(fname: string, kwargs: KwArgs, allowed: string[]): void {
  if (kwargs === null) return;
  for (const k of kwargs.keys()) {
    if (allowed.includes(k)) continue;
    const hint = closestName(allowed, k, true);
    raiseTypeError(`${fname}() got an unexpected keyword argument '${k}'` + (hint !== null ? `. Did you mean '${hint}'?` : ''));
  }
}

// ---------------------------------------------------------------- format()
export function formatValue(v: PyValue, spec: string): string {
  switch (typeof v) {
    case 'string':
      return formatStr(v, spec);
    case 'bigint':
      return formatInt(v, spec);
    case 'number':
      return formatFloat(v, spec);
    case 'boolean':
      return spec === '' ? (v ? 'True' : 'False') : formatInt(v ? 1n : 0n, spec, 'bool');
  }
  const t = typeOf(v);
  const f = t.lookup('__format__');
  if (f !== undefined && f !== objectFormat) {
    const r = callDescr(f, v, [spec]);
    if (typeof r !== 'string') raiseTypeError(`__format__ must return a str, not ${typeName(r)}`);
    return r as string;
  }
  if (spec === '') return str(v);
  return raiseTypeError(`unsupported format string passed to ${t.name}.__format__`);
}

// ---------------------------------------------------------------- object
export const objectInit = meth(objectType, '__init__', () => null);
setObjectInit(objectInit);
const objectSetattrFn = meth(objectType, '__setattr__', (args) => {
  argCount('__setattr__', args, 3, 3);
  if (typeof args[1] !== 'string') raiseTypeError(`attribute name must be string, not '${typeName(args[1])}'`);
  genericSetAttr(args[0], args[1] as string, args[2]);
  return null;
});
setObjectSetattr(objectSetattrFn);
meth(objectType, '__getattribute__', (args) => {
  if (typeof args[1] !== 'string') raiseTypeError(`attribute name must be string, not '${typeName(args[1])}'`);
  return getAttr(args[0], args[1] as string);
});
meth(objectType, '__delattr__', (args) => {
  delAttr(args[0], args[1] as string);
  return null;
});
// `obj.__dict__` / `vars(obj)`: a snapshot of the instance attributes (a deviation: CPython
// returns the live dict, so writes through it do not reach the object here)
function instanceDictOf(obj: PyValue): PyDict {
  const d = obj instanceof PyInstance ? obj.dict : obj instanceof PyFunction ? (obj.dict ?? new Map<string, PyValue>()) : null;
  if (d === null) return raiseAttributeError(obj, '__dict__');
  const out = new PyDict();
  for (const [k, v] of d) out.set(k, v);
  return out;
}
objectType.dict.set('__dict__', new NativeGetSet('__dict__', instanceDictOf, null));
const objectReprFn = meth(objectType, '__repr__', (args) => defaultRepr(args[0] as object));
setObjectRepr(objectReprFn);
const objectStrFn = meth(objectType, '__str__', (args) => repr(args[0]));
setObjectStr(objectStrFn);
const objectFormat = meth(objectType, '__format__', (args) => {
  if (args[1] !== '') raiseTypeError(`unsupported format string passed to ${typeName(args[0])}.__format__`);
  return str(args[0]);
});
const objectHashFn = meth(objectType, '__hash__', (args) => hashValue(args[0]));
setObjectHash(objectHashFn);
const objectEq = meth(objectType, '__eq__', (args) => (args[0] === args[1] ? true : NotImplemented));
const objectNe = meth(objectType, '__ne__', (args) => {
  const r = compare('==', args[0], args[1]);
  return r === NotImplemented ? r : !truthy(r);
});
markBuiltinCompare(objectEq);
markBuiltinCompare(objectNe);
objectType.dict.set('__class__', new NativeGetSet('__class__', (self) => typeOf(self), null));
objectType.dict.set('__doc__', null);
meth(objectType, '__init_subclass__', () => null);
objectType.dict.set('__init_subclass__', new ClassMethod(objectType.dict.get('__init_subclass__')!));
meth(objectType, '__dir__', (args) => new PyList(dirOf(args[0])));
meth(typeType, 'mro', (args) => new PyList((args[0] as PyType).mro.slice()));
setTypeConstructor(typeType, (_cls, args) => {
  if (args.length === 1) return typeOf(args[0]);
  if (args.length === 3) {
    const [name, bases, ns] = args;
    const bl = iterToArray(bases).filter((b): b is PyType => b instanceof PyType);
    const t = new PyType(String(name), bl.length ? bl : [objectType], false, '__main__');
    t.hasInstanceDict = true;
    if (ns instanceof PyDict) for (const [k, v] of ns.map.values()) t.dict.set(String(k), v);
    return t;
  }
  return raiseTypeError('type() takes 1 or 3 arguments');
});

// ---------------------------------------------------------------- functions / methods attributes
functionType.dict.set('__name__', new NativeGetSet('__name__', (f) => (f as PyFunction).name, (f, v) => void ((f as PyFunction).name = String(v))));
functionType.dict.set('__qualname__', new NativeGetSet('__qualname__', (f) => (f as PyFunction).qualname, null));
functionType.dict.set('__module__', new NativeGetSet('__module__', (f) => (f as PyFunction).module, null));
functionType.dict.set('__doc__', new NativeGetSet('__doc__', (f) => (f as PyFunction).doc, (f, v) => void ((f as PyFunction).doc = v)));
functionType.dict.set('__defaults__', new NativeGetSet('__defaults__', (f) => ((f as PyFunction).defaults.length ? new PyTuple((f as PyFunction).defaults) : null), null));
methodType.dict.set('__self__', new NativeGetSet('__self__', (m) => (m as BoundMethod).self, null));
methodType.dict.set('__func__', new NativeGetSet('__func__', (m) => (m as BoundMethod).func, null));
methodType.dict.set('__name__', new NativeGetSet('__name__', (m) => getAttr((m as BoundMethod).func, '__name__'), null));
methodType.dict.set('__qualname__', new NativeGetSet('__qualname__', (m) => getAttr((m as BoundMethod).func, '__qualname__'), null));
const builtinFnType = typeOf(new NativeFunction('x', () => null));
builtinFnType.dict.set('__name__', new NativeGetSet('__name__', (f) => (f as NativeFunction).name, null));
builtinFnType.dict.set('__qualname__', new NativeGetSet('__qualname__', (f) => (f as NativeFunction).name, null));
moduleType.dict.set('__name__', new NativeGetSet('__name__', (m) => (m as PyModule).name, null));
iteratorType.dict.set('__iter__', new NativeFunction('__iter__', (args) => args[0], true, 'iterator'));
iteratorType.dict.set('__next__', new NativeFunction('__next__', (args) => nextOrStop(args[0]), true, 'iterator'));
// generators: the iterator protocol plus send/throw/close (a native generator-like object,
// e.g. what nn.Module.parameters() returns, is a plain iterator underneath)
generatorType.dict.set('__iter__', new NativeFunction('__iter__', (args) => args[0], true, 'generator'));
generatorType.dict.set('__next__', new NativeFunction('__next__', (args) => nextOrStop(args[0]), true, 'generator'));
generatorType.dict.set('send', new NativeFunction('send', (args) => {
  argCount('send', args, 2, 2);
  const g = args[0];
  if (!(g instanceof PyGenerator)) return nextOrStop(g);
  const r = generatorDriver.resume(g, GEN_SEND, args[1]);
  if (r === STOP) throw g.returnValue === null ? new PyException(StopIterationType) : new PyException(StopIterationType, g.returnValue);
  return r;
}, true, 'generator'));
generatorType.dict.set('throw', new NativeFunction('throw', (args) => {
  argCount('throw', args, 2, 4);
  const g = args[0];
  let exc: PyValue = args[1];
  if (args.length > 2) {
    const ctx = currentContext();
    ctx.warn('DeprecationWarning', 'the (type, exc, tb) signature of throw() is deprecated, use the single-arg signature instead.', ctx.currentLine());
  }
  if (exc instanceof PyType && exc.isSubtypeOf(BaseExceptionType)) exc = callValue(exc, args.length > 2 && args[2] !== null ? [args[2]] : []);
  if (!(exc instanceof PyException)) return raiseTypeError('exceptions must be classes or instances deriving from BaseException, not ' + typeName(exc));
  if (!(g instanceof PyGenerator)) throw exc;
  const r = generatorDriver.resume(g, GEN_THROW, exc);
  if (r === STOP) throw g.returnValue === null ? new PyException(StopIterationType) : new PyException(StopIterationType, g.returnValue);
  return r;
}, true, 'generator'));
generatorType.dict.set('close', new NativeFunction('close', (args) => {
  argCount('close', args, 1, 1);
  if (args[0] instanceof PyGenerator) generatorDriver.close(args[0]);
  return null;
}, true, 'generator'));
generatorType.dict.set('__name__', new NativeGetSet('__name__', (g) => (g instanceof PyGenerator ? g.name : 'generator'), null));
generatorType.dict.set('__qualname__', new NativeGetSet('__qualname__', (g) => (g instanceof PyGenerator ? g.qualname : 'generator'), null));

// property / staticmethod / classmethod
setTypeConstructor(propertyType, (_c, args, kwargs) => {
  const fget = args[0] ?? kw(kwargs, 'fget', null);
  const fset = args[1] ?? kw(kwargs, 'fset', null);
  const fdel = args[2] ?? kw(kwargs, 'fdel', null);
  return new PyProperty(fget, fset, fdel, args[3] ?? kw(kwargs, 'doc', null));
});
meth(propertyType, 'setter', (args) => {
  const p = args[0] as PyProperty;
  return new PyProperty(p.fget, args[1], p.fdel, p.doc);
});
meth(propertyType, 'getter', (args) => {
  const p = args[0] as PyProperty;
  return new PyProperty(args[1], p.fset, p.fdel, p.doc);
});
meth(propertyType, 'deleter', (args) => {
  const p = args[0] as PyProperty;
  return new PyProperty(p.fget, p.fset, args[1], p.doc);
});
propertyType.dict.set('fget', new NativeGetSet('fget', (p) => (p as PyProperty).fget, null));
setTypeConstructor(staticmethodType, (_c, args) => {
  argCount('staticmethod', args, 1, 1);
  return new StaticMethod(args[0]);
});
setTypeConstructor(classmethodType, (_c, args) => {
  argCount('classmethod', args, 1, 1);
  return new ClassMethod(args[0]);
});
export const superFunction = superType;
setTypeConstructor(superType, (_c, args) => {
  if (args.length === 0) raise(typeOf(null) === noneType ? RuntimeErrorTypeRef() : TypeErrorType, 'super(): no arguments');
  const t = args[0];
  if (!(t instanceof PyType)) return raiseTypeError(`super() argument 1 must be a type, not ${typeName(t)}`);
  if (args.length === 1) return new PySuper(t, null, t);
  const obj = args[1];
  if (obj instanceof PyType && obj.isSubtypeOf(t)) return new PySuper(t, obj, obj);
  if (!typeOf(obj).isSubtypeOf(t)) raiseTypeError('super(type, obj): obj must be an instance or subtype of type');
  return new PySuper(t, obj, typeOf(obj));
});
import { RuntimeErrorType } from './objects';
function RuntimeErrorTypeRef(): PyType {
  return RuntimeErrorType;
}

// ---------------------------------------------------------------- exceptions
meth(BaseExceptionType, '__init__', (args) => {
  const self = args[0] as PyException;
  self.args = args.slice(1);
  return null;
});
meth(BaseExceptionType, '__str__', (args) => exceptionStr(args[0] as PyException));
meth(BaseExceptionType, '__repr__', (args) => defaultRepr(args[0] as object));
meth(BaseExceptionType, 'with_traceback', (args) => args[0]);
meth(BaseExceptionType, 'add_note', (args) => {
  const e = args[0] as PyException;
  if (typeof args[1] !== 'string') raiseTypeError(`note must be a str, not '${typeName(args[1])}'`);
  (e.notes ??= []).push(args[1] as string);
  return null;
});
BaseExceptionType.dict.set('args', new NativeGetSet('args', (e) => new PyTuple((e as PyException).args), (e, v) => void ((e as PyException).args = iterToArray(v))));
BaseExceptionType.dict.set('__cause__', new NativeGetSet('__cause__', (e) => (e as PyException).cause, (e, v) => void ((e as PyException).cause = v as PyException | null)));
BaseExceptionType.dict.set('__context__', new NativeGetSet('__context__', (e) => (e as PyException).context, null));
BaseExceptionType.dict.set('__traceback__', new NativeGetSet('__traceback__', () => null, null));
StopIterationType.dict.set('value', new NativeGetSet('value', (e) => (e as PyException).args[0] ?? null, null));
NameErrorType.dict.set('name', new NativeGetSet('name', (e) => (e as PyException).name, null));
AttributeErrorType.dict.set('name', new NativeGetSet('name', (e) => (e as PyException).name, null));
AttributeErrorType.dict.set('obj', new NativeGetSet('obj', (e) => (e as PyException).obj ?? null, null));

// ---------------------------------------------------------------- numbers
function parseIntLiteral(s: string, base: number, original: PyValue): bigint {
  const bad = (): never => raiseValueError(`invalid literal for int() with base ${base}: ${repr(original)}`);
  let t = s.trim().replace(/_(?=[0-9a-zA-Z])/g, (m, off: number, whole: string) => (off > 0 && /[0-9a-zA-Z]/.test(whole[off - 1]) ? '' : m));
  let neg = false;
  if (t.startsWith('-') || t.startsWith('+')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  if (base === 0 || base === 16 || base === 8 || base === 2) {
    const m = /^0([xob])/i.exec(t);
    if (m) {
      const b = m[1].toLowerCase() === 'x' ? 16 : m[1].toLowerCase() === 'o' ? 8 : 2;
      if (base !== 0 && base !== b) bad();
      base = b;
      t = t.slice(2).replace(/^_/, '');
    } else if (base === 0) {
      if (/^0+$/.test(t)) return 0n;
      if (t.startsWith('0')) bad();
      base = 10;
    }
  }
  if (t.length === 0) bad();
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  let v = 0n;
  const B = BigInt(base);
  for (const ch of t.toLowerCase()) {
    const d = digits.indexOf(ch);
    if (d < 0) bad();
    v = v * B + BigInt(d);
  }
  return neg ? -v : v;
}

export function floatToInt(x: number): bigint {
  if (x !== x) raiseValueError('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) raise(OverflowErrorType, 'cannot convert float infinity to integer');
  return BigInt(Math.trunc(x));
}

export function toInt(v: PyValue, base: PyValue = null): bigint {
  if (base !== null) {
    if (typeof v !== 'string') raiseTypeError("int() can't convert non-string with explicit base");
    const b = Number(toIndexBig(base, ''));
    if (b !== 0 && (b < 2 || b > 36)) raiseValueError('int() base must be >= 2 and <= 36, or 0');
    return parseIntLiteral(v as string, b, v);
  }
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      return floatToInt(v);
    case 'string':
      return parseIntLiteral(v, 10, v);
  }
  const t = typeOf(v);
  for (const name of ['__int__', '__index__']) {
    const m = t.lookup(name);
    if (m !== undefined) {
      const r = callDescr(m, v, []);
      if (typeof r === 'bigint') return r;
      if (typeof r === 'boolean') return r ? 1n : 0n;
      raiseTypeError(`${name} returned non-int (type ${typeName(r)})`);
    }
  }
  const tr = t.lookup('__trunc__');
  if (tr !== undefined) return toInt(callDescr(tr, v, []));
  return raiseTypeError(`int() argument must be a string, a bytes-like object or a real number, not '${t.name}'`);
}

export function parseFloatStr(s: string): number {
  const t = s.trim().replace(/(\d)_(?=\d)/g, '$1').toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(t);
  if (m) return m[2] === 'nan' ? NaN : m[1] === '-' ? -Infinity : Infinity;
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return parseFloat(t);
  return raiseValueError(`could not convert string to float: ${repr(s)}`);
}

export function toFloatValue(v: PyValue): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return toFloat(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseFloatStr(v);
  }
  const t = typeOf(v);
  const m = t.lookup('__float__');
  if (m !== undefined) {
    const r = callDescr(m, v, []);
    if (typeof r !== 'number') raiseTypeError(`${t.name}.__float__ returned non-float (type ${typeName(r)})`);
    return r as number;
  }
  const ix = t.lookup('__index__');
  if (ix !== undefined) return toFloat(toIndexBig(v, ''));
  return raiseTypeError(`float() argument must be a string or a real number, not '${t.name}'`);
}

setTypeConstructor(intType, (_c, args, kwargs) => {
  checkKw('int', kwargs, ['base']);
  if (args.length > 2) raiseTypeError(`int expected at most 2 arguments, got ${args.length}`);
  if (args.length === 0) return 0n;
  return toInt(args[0], args.length > 1 ? args[1] : kw(kwargs, 'base', null));
});
setTypeConstructor(floatType, (_c, args, kwargs) => {
  noKwargs('float', kwargs);
  if (args.length > 1) raiseTypeError(`float expected at most 1 argument, got ${args.length}`);
  return args.length ? toFloatValue(args[0]) : 0;
});
setTypeConstructor(boolType, (_c, args, kwargs) => {
  noKwargs('bool', kwargs);
  if (args.length > 1) raiseTypeError(`bool expected at most 1 argument, got ${args.length}`);
  return args.length ? truthy(args[0]) : false;
});
setTypeConstructor(strType, (_c, args, kwargs) => {
  if (args.length === 0 && !kwargs) return '';
  const obj = args.length ? args[0] : kw(kwargs, 'object', '');
  return str(obj);
});
meth(intType, 'bit_length', (args) => {
  const v = toIndexBig(args[0], '');
  return BigInt((v < 0n ? -v : v).toString(2).length - (v === 0n ? 1 : 0));
});
meth(intType, 'is_integer', () => true);
meth(intType, 'conjugate', (args) => toIndexBig(args[0], ''));
meth(intType, '__index__', (args) => toIndexBig(args[0], ''));
meth(intType, 'as_integer_ratio', (args) => new PyTuple([toIndexBig(args[0], ''), 1n]));
intType.dict.set('real', new NativeGetSet('real', (v) => toIndexBig(v, ''), null));
intType.dict.set('imag', new NativeGetSet('imag', () => 0n, null));
intType.dict.set('numerator', new NativeGetSet('numerator', (v) => toIndexBig(v, ''), null));
intType.dict.set('denominator', new NativeGetSet('denominator', () => 1n, null));
meth(floatType, 'is_integer', (args) => Number.isInteger(args[0] as number));
meth(floatType, 'conjugate', (args) => args[0]);
meth(floatType, 'as_integer_ratio', (args) => {
  const x = args[0] as number;
  if (!Number.isFinite(x)) raise(x !== x ? ValueErrorType : OverflowErrorType, x !== x ? 'cannot convert NaN to integer ratio' : 'cannot convert Infinity to integer ratio');
  let den = 1n;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    den *= 2n;
  }
  let num = BigInt(m);
  while (den > 1n && num % 2n === 0n) {
    num /= 2n;
    den /= 2n;
  }
  return new PyTuple([num, den]);
});
floatType.dict.set('real', new NativeGetSet('real', (v) => v, null));
floatType.dict.set('imag', new NativeGetSet('imag', () => 0, null));
for (const t of [intType, floatType, boolType, strType]) {
  meth(t, '__format__', (args) => formatValue(args[0], String(args[1])));
  t.dict.set('__format__', t.dict.get('__format__')!);
}

// ---------------------------------------------------------------- containers constructors
setTypeConstructor(listType, (cls, args, kwargs) => {
  noKwargs('list', kwargs);
  if (args.length > 1) raiseTypeError(`list expected at most 1 argument, got ${args.length}`);
  const l = new PyList(args.length ? iterToArray(args[0]) : []);
  l.cls = cls;
  return l;
});
setTypeConstructor(tupleType, (_cls, args, kwargs) => {
  noKwargs('tuple', kwargs);
  if (args.length > 1) raiseTypeError(`tuple expected at most 1 argument, got ${args.length}`);
  // tuple(t) is t itself only for an exact tuple (torch.Size and named tuples become plain tuples)
  if (args.length && args[0] instanceof PyTuple && args[0].cls === tupleType) return args[0];
  return new PyTuple(args.length ? iterToArray(args[0]) : []);
});
setTypeConstructor(dictType, (cls, args, kwargs) => {
  if (args.length > 1) raiseTypeError(`dict expected at most 1 argument, got ${args.length}`);
  const d = new PyDict();
  d.cls = cls;
  if (args.length) updateDict(d, args[0]);
  if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
  return d;
});
dictType.alloc = (cls) => {
  const d = new PyDict();
  d.cls = cls;
  return d;
};
listType.alloc = (cls) => {
  const l = new PyList();
  l.cls = cls;
  return l;
};
setTypeConstructor(setType, (cls, args, kwargs) => {
  noKwargs('set', kwargs);
  if (args.length > 1) raiseTypeError(`set expected at most 1 argument, got ${args.length}`);
  const items = args.length ? iterToArray(args[0]) : [];
  for (const x of items) checkHashable(x, false);
  const s = new PySet(items);
  s.cls = cls;
  return s;
});
setTypeConstructor(frozensetType, (_cls, args) => {
  const items = args.length ? iterToArray(args[0]) : [];
  for (const x of items) checkHashable(x, false);
  return new PyFrozenSet(items);
});
setTypeConstructor(rangeType, (_cls, args, kwargs) => {
  noKwargs('range', kwargs);
  const ints = args.map((a) => toIndexBig(a, ''));
  if (args.length === 1) return new PyRange(0n, ints[0], 1n);
  if (args.length === 2) return new PyRange(ints[0], ints[1], 1n);
  if (args.length === 3) {
    if (ints[2] === 0n) raiseValueError('range() arg 3 must not be zero');
    return new PyRange(ints[0], ints[1], ints[2]);
  }
  if (args.length === 0) raiseTypeError('range expected at least 1 argument, got 0');
  return raiseTypeError(`range expected at most 3 arguments, got ${args.length}`);
});
rangeType.dict.set('start', new NativeGetSet('start', (r) => (r as PyRange).start, null));
rangeType.dict.set('stop', new NativeGetSet('stop', (r) => (r as PyRange).stop, null));
rangeType.dict.set('step', new NativeGetSet('step', (r) => (r as PyRange).step, null));
setTypeConstructor(sliceType, (_cls, args) => {
  argCount('slice', args, 1, 3);
  if (args.length === 1) return new PySlice(null, args[0], null);
  return new PySlice(args[0], args[1], args[2] ?? null);
});
sliceType.dict.set('start', new NativeGetSet('start', (s) => (s as PySlice).start, null));
sliceType.dict.set('stop', new NativeGetSet('stop', (s) => (s as PySlice).stop, null));
sliceType.dict.set('step', new NativeGetSet('step', (s) => (s as PySlice).step, null));

// ---------------------------------------------------------------- sorting / reductions
export function sortValues(items: PyValue[], key: PyValue, reverse: boolean): void {
  let keyed: { k: PyValue; v: PyValue }[] | null = null;
  if (key !== null) keyed = items.map((v) => ({ k: callValue(key, [v]), v }));
  const cmp = (a: PyValue, b: PyValue): number => (reverse ? (lessThan(b, a) ? -1 : lessThan(a, b) ? 1 : 0) : lessThan(a, b) ? -1 : lessThan(b, a) ? 1 : 0);
  if (keyed) {
    keyed.sort((x, y) => cmp(x.k, y.k));
    for (let i = 0; i < items.length; i++) items[i] = keyed[i].v;
  } else items.sort(cmp);
}

function minMax(name: 'min' | 'max', args: PyValue[], kwargs: KwArgs): PyValue {
  checkKw(name, kwargs, ['key', 'default']);
  const key = kw(kwargs, 'key', null);
  const dflt = kwargs?.get('default');
  let items: PyValue[];
  if (args.length === 0) return raiseTypeError(`${name} expected at least 1 argument, got 0`);
  if (args.length === 1) items = iterToArray(args[0]);
  else {
    if (dflt !== undefined) raiseTypeError(`Cannot specify a default for ${name}() with multiple positional arguments`);
    items = args;
  }
  if (items.length === 0) {
    if (dflt !== undefined) return dflt;
    return raiseValueError(`${name}() iterable argument is empty`);
  }
  let best = items[0];
  let bestKey = key !== null ? callValue(key, [best]) : best;
  for (let i = 1; i < items.length; i++) {
    const v = items[i];
    const k = key !== null ? callValue(key, [v]) : v;
    if (name === 'min' ? lessThan(k, bestKey) : lessThan(bestKey, k)) {
      best = v;
      bestKey = k;
    }
  }
  return best;
}

function sum(args: PyValue[], kwargs: KwArgs): PyValue {
  checkKw('sum', kwargs, ['start']);
  if (args.length === 0) raiseTypeError('sum() takes at least 1 positional argument (0 given)');
  let start = args.length > 1 ? args[1] : kw(kwargs, 'start', 0n);
  if (typeof start === 'string') raiseTypeError("sum() can't sum strings [use ''.join(seq) instead]");
  const it = getIter(args[0]);
  let acc: PyValue = start;
  // int fast path, then Neumaier-compensated float path (CPython ≥ 3.12)
  let x = it.next();
  if (typeof acc === 'bigint' || typeof acc === 'boolean') {
    let i = typeof acc === 'boolean' ? (acc ? 1n : 0n) : acc;
    while (x !== STOP && (typeof x === 'bigint' || typeof x === 'boolean')) {
      i += typeof x === 'boolean' ? (x ? 1n : 0n) : x;
      x = it.next();
    }
    acc = i;
    if (x === STOP) return acc;
    if (typeof x === 'number') acc = toFloat(i);
  }
  if (typeof acc === 'number') {
    let f = acc;
    let c = 0;
    while (x !== STOP && (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean')) {
      const y = typeof x === 'number' ? x : typeof x === 'bigint' ? toFloat(x) : x ? 1 : 0;
      const t = f + y;
      if (Math.abs(f) >= Math.abs(y)) c += f - t + y;
      else c += y - t + f;
      f = t;
      x = it.next();
    }
    if (c && Number.isFinite(c)) f += c;
    acc = f;
    if (x === STOP) return acc;
  }
  start = acc;
  while (x !== STOP) {
    acc = binaryOp('+', acc, x);
    x = it.next();
  }
  return acc;
}

export function roundValue(x: PyValue, nd: PyValue): PyValue {
  if (typeof x === 'number') {
    if (nd === null) {
      if (!Number.isFinite(x)) floatToInt(x);
      const r = Math.round(x);
      // ties to even
      const fl = Math.floor(x);
      const res = x - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : r;
      return BigInt(res);
    }
    const n = Number(toIndexBig(nd, ''));
    if (!Number.isFinite(x) || x === 0) return x;
    if (n > 308) return x;
    if (n >= 0) {
      const s = toFixedExact(Math.abs(x), n);
      const v = parseFloat(s);
      return x < 0 ? -v : v === 0 ? 0 : v;
    }
    const p = 10 ** -n;
    const q = x / p;
    const fl = Math.floor(q);
    const rq = q - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(q);
    return rq * p;
  }
  if (typeof x === 'bigint' || typeof x === 'boolean') {
    const v = typeof x === 'boolean' ? (x ? 1n : 0n) : x;
    if (nd === null) return v;
    const n = toIndexBig(nd, '');
    if (n >= 0n) return v;
    const p = 10n ** -n;
    const q = floorDivBig(v, p);
    const r = v - q * p;
    let res = q;
    if (r * 2n > p || (r * 2n === p && q % 2n !== 0n)) res = q + 1n;
    return res * p;
  }
  const m = typeOf(x).lookup('__round__');
  if (m !== undefined) return callDescr(m, x, nd === null ? [] : [nd]);
  return raiseTypeError(`type ${typeName(x)} doesn't define __round__ method`);
}

function divmodValue(a: PyValue, b: PyValue): PyValue {
  const ai = typeof a === 'boolean' ? (a ? 1n : 0n) : a;
  const bi = typeof b === 'boolean' ? (b ? 1n : 0n) : b;
  if (typeof ai === 'bigint' && typeof bi === 'bigint') return new PyTuple([floorDivBig(ai, bi), modBig(ai, bi)]);
  if ((typeof ai === 'number' || typeof ai === 'bigint') && (typeof bi === 'number' || typeof bi === 'bigint')) {
    const x = typeof ai === 'bigint' ? toFloat(ai) : ai;
    const y = typeof bi === 'bigint' ? toFloat(bi) : bi;
    if (y === 0) raise(ZeroDivisionErrorType, 'division by zero');
    return new PyTuple([floatFloorDiv(x, y), floatMod(x, y)]);
  }
  const m = typeOf(a).lookup('__divmod__');
  if (m !== undefined) return callDescr(m, a, [b]);
  return raiseTypeError(`unsupported operand type(s) for divmod(): '${typeName(a)}' and '${typeName(b)}'`);
}

function absValue(v: PyValue): PyValue {
  switch (typeof v) {
    case 'bigint':
      return v < 0n ? -v : v;
    case 'number':
      return Math.abs(v);
    case 'boolean':
      return v ? 1n : 0n;
  }
  const m = typeOf(v).lookup('__abs__');
  if (m !== undefined) return callDescr(m, v, []);
  return raiseTypeError(`bad operand type for abs(): '${typeName(v)}'`);
}

function iterFn(args: PyValue[]): PyValue {
  argCount('iter', args, 1, 2);
  if (args.length === 2) {
    const [f, sentinel] = args;
    return new FnIterator(() => {
      const v = callValue(f, []);
      return eq(v, sentinel) ? STOP : v;
    });
  }
  return getIter(args[0]);
}

export function dirOf(v: PyValue): PyValue[] {
  const names = new Set<string>();
  if (v instanceof PyInstance) for (const k of v.dict.keys()) names.add(k);
  const t = v instanceof PyType ? v : typeOf(v);
  for (const c of t.mro) for (const k of c.dict.keys()) names.add(k);
  return [...names].sort();
}

function printFn(args: PyValue[], kwargs: KwArgs): PyValue {
  checkKw('print', kwargs, ['sep', 'end', 'file', 'flush']);
  const sep = kw(kwargs, 'sep', null);
  const end = kw(kwargs, 'end', null);
  if (sep !== null && typeof sep !== 'string') raiseTypeError(`sep must be None or a string, not ${typeName(sep)}`);
  if (end !== null && typeof end !== 'string') raiseTypeError(`end must be None or a string, not ${typeName(end)}`);
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) out += sep === null ? ' ' : (sep as string);
    out += str(args[i]);
  }
  out += end === null ? '\n' : (end as string);
  currentContext().stdout(out);
  return null;
}

function sandboxed(name: string): NativeFunction {
  return nf(name, () => raise(NotImplementedErrorType, `${name}() is not available: scripts run in Gradscope's sandbox (no files, processes, or dynamic code)`));
}

/** An eagerly-built iterator object with a Python type name (enumerate, zip, map...). */
function namedIterator(typeName: string, items: PyValue[]): PyIterator {
  const it = new ArrayIterator(items);
  it.cls = iteratorTypeNamed(typeName);
  return it;
}
const iterTypes = new Map<string, PyType>();
function iteratorTypeNamed(name: string): PyType {
  let t = iterTypes.get(name);
  if (!t) {
    t = new PyType(name, [iteratorType]);
    t.final = true;
    iterTypes.set(name, t);
  }
  return t;
}

function lazyIterator(name: string, next: () => PyValue | typeof STOP): PyIterator {
  const it = new FnIterator(next);
  it.cls = iteratorTypeNamed(name);
  return it;
}

// ---------------------------------------------------------------- the builtins table
let builtinsTable: Map<string, PyValue> | null = null;

export function getBuiltins(): Map<string, PyValue> {
  if (builtinsTable) return builtinsTable;
  const b = new Map<string, PyValue>();
  const def = (name: string, impl: (args: PyValue[], kwargs: KwArgs) => PyValue) => b.set(name, nf(name, impl));
  def('print', printFn);
  def('len', (args, kwargs) => {
    noKwargs('len', kwargs);
    argCount('len', args, 1, 1);
    return BigInt(pyLen(args[0]));
  });
  def('repr', (args) => {
    argCount('repr', args, 1, 1);
    return repr(args[0]);
  });
  def('ascii', (args) => {
    argCount('ascii', args, 1, 1);
    return asciiRepr(args[0]);
  });
  def('abs', (args) => {
    argCount('abs', args, 1, 1);
    return absValue(args[0]);
  });
  def('round', (args, kwargs) => {
    checkKw('round', kwargs, ['number', 'ndigits']);
    if (args.length > 2) raiseTypeError(`round() takes at most 2 arguments (${args.length} given)`);
    const x = args.length ? args[0] : kw(kwargs, 'number', null);
    const nd = args.length > 1 ? args[1] : kw(kwargs, 'ndigits', null);
    return roundValue(x, nd);
  });
  def('min', (args, kwargs) => minMax('min', args, kwargs));
  def('max', (args, kwargs) => minMax('max', args, kwargs));
  def('sum', sum);
  def('divmod', (args) => {
    argCount('divmod', args, 2, 2);
    return divmodValue(args[0], args[1]);
  });
  def('pow', (args, kwargs) => {
    const base = args[0] ?? kw(kwargs, 'base', null);
    const exp = args[1] ?? kw(kwargs, 'exp', null);
    const mod = args[2] ?? kw(kwargs, 'mod', null);
    if (mod !== null) {
      let r = 1n;
      let bb = toIndexBig(base, '');
      let e = toIndexBig(exp, '');
      const m = toIndexBig(mod, '');
      if (m === 0n) raiseValueError('pow() 3rd argument cannot be 0');
      bb = modBig(bb, m);
      if (e < 0n) {
        // a negative exponent means the modular inverse (extended Euclid)
        let [oldR, rr, oldS, ss] = [bb, m < 0n ? -m : m, 1n, 0n];
        while (rr !== 0n) {
          const q = oldR / rr;
          [oldR, rr] = [rr, oldR - q * rr];
          [oldS, ss] = [ss, oldS - q * ss];
        }
        if (oldR !== 1n && oldR !== -1n) raiseValueError('base is not invertible for the given modulus');
        bb = modBig(oldS * oldR, m);
        e = -e;
      }
      while (e > 0n) {
        if (e & 1n) r = (r * bb) % m;
        bb = (bb * bb) % m;
        e >>= 1n;
      }
      return modBig(r, m);
    }
    return binaryOp('**', base, exp);
  });
  def('hash', (args) => {
    argCount('hash', args, 1, 1);
    return hashValue(args[0]);
  });
  def('id', (args) => {
    argCount('id', args, 1, 1);
    const v = args[0];
    if (typeof v === 'object' && v !== null) return BigInt(0x7f0000000000 + objectId(v) * 16);
    return 0x7e0000000000n + (hashValue(v) & 0xffffffn) * 32n;
  });
  def('chr', (args) => {
    argCount('chr', args, 1, 1);
    const n = toIndexBig(args[0], `'${typeName(args[0])}' object cannot be interpreted as an integer`);
    if (n < 0n || n >= 0x110000n) raiseValueError('chr() arg not in range(0x110000)');
    return String.fromCodePoint(Number(n));
  });
  def('ord', (args) => {
    argCount('ord', args, 1, 1);
    const s = args[0];
    if (typeof s !== 'string') return raiseTypeError(`ord() expected string of length 1, but ${typeName(s)} found`);
    const cps = [...s];
    if (cps.length !== 1) raiseTypeError(`ord() expected a character, but string of length ${cps.length} found`);
    return BigInt(cps[0].codePointAt(0)!);
  });
  def('bin', (args) => formatPrefixed(args[0], 2, '0b'));
  def('oct', (args) => formatPrefixed(args[0], 8, '0o'));
  def('hex', (args) => formatPrefixed(args[0], 16, '0x'));
  def('format', (args) => {
    argCount('format', args, 1, 2);
    const spec = args.length > 1 ? args[1] : '';
    if (typeof spec !== 'string') raiseTypeError(`format() argument 2 must be str, not ${typeName(spec)}`);
    return formatValue(args[0], spec as string);
  });
  def('callable', (args) => {
    argCount('callable', args, 1, 1);
    return isCallable(args[0]);
  });
  def('isinstance', (args) => {
    argCount('isinstance', args, 2, 2);
    return isInstance(args[0], args[1]);
  });
  def('issubclass', (args) => {
    argCount('issubclass', args, 2, 2);
    const [c, t] = args;
    if (!(c instanceof PyType)) raiseTypeError('issubclass() arg 1 must be a class');
    const check = (x: PyValue): boolean => {
      if (x instanceof PyTuple) return x.items.some(check);
      if (!(x instanceof PyType)) return raiseTypeError('issubclass() arg 2 must be a class, a tuple of classes, or a union');
      return (c as PyType).isSubtypeOf(x);
    };
    return check(t);
  });
  def('hasattr', (args) => {
    argCount('hasattr', args, 2, 2);
    if (typeof args[1] !== 'string') raiseTypeError(`attribute name must be string, not '${typeName(args[1])}'`);
    try {
      return getAttrOrUndefined(args[0], args[1] as string) !== undefined;
    } catch (e) {
      if (e instanceof PyException && e.cls.isSubtypeOf(AttributeErrorType)) return false;
      throw e;
    }
  });
  def('getattr', (args) => {
    argCount('getattr', args, 2, 3);
    if (typeof args[1] !== 'string') raiseTypeError(`attribute name must be string, not '${typeName(args[1])}'`);
    if (args.length === 3) {
      try {
        const v = getAttrOrUndefined(args[0], args[1] as string);
        return v === undefined ? args[2] : v;
      } catch (e) {
        if (e instanceof PyException && e.cls.isSubtypeOf(AttributeErrorType)) return args[2];
        throw e;
      }
    }
    return getAttr(args[0], args[1] as string);
  });
  def('setattr', (args) => {
    argCount('setattr', args, 3, 3);
    if (typeof args[1] !== 'string') raiseTypeError(`attribute name must be string, not '${typeName(args[1])}'`);
    setAttr(args[0], args[1] as string, args[2]);
    return null;
  });
  def('delattr', (args) => {
    argCount('delattr', args, 2, 2);
    delAttr(args[0], String(args[1]));
    return null;
  });
  def('dir', (args) => {
    if (args.length === 0) return raise(NotImplementedErrorType, 'dir() without arguments is not supported');
    return new PyList(dirOf(args[0]));
  });
  def('iter', iterFn);
  def('next', (args) => {
    argCount('next', args, 1, 2);
    const it = args[0];
    if (!(it instanceof PyIterator) && typeOf(it).lookup('__next__') === undefined) raiseTypeError(`'${typeName(it)}' object is not an iterator`);
    if (args.length === 2) {
      try {
        return nextOrStop(it);
      } catch (e) {
        if (e instanceof PyException && e.cls.isSubtypeOf(StopIterationType)) return args[1];
        throw e;
      }
    }
    return nextOrStop(it);
  });
  def('enumerate', (args, kwargs) => {
    checkKw('enumerate', kwargs, ['iterable', 'start']);
    const src = args.length ? args[0] : kw(kwargs, 'iterable', undefined as unknown as PyValue);
    if (src === undefined) raiseTypeError("enumerate() missing required argument 'iterable'");
    let i = toIndexBig(args.length > 1 ? args[1] : kw(kwargs, 'start', 0n), '');
    const it = getIter(src);
    return lazyIterator('enumerate', () => {
      const x = it.next();
      if (x === STOP) return STOP;
      return new PyTuple([i++, x]);
    });
  });
  def('zip', (args, kwargs) => {
    checkKw('zip', kwargs, ['strict']);
    const strict = truthy(kw(kwargs, 'strict', false));
    const its = args.map(getIter);
    return lazyIterator('zip', () => {
      if (its.length === 0) return STOP;
      const row: PyValue[] = [];
      for (let k = 0; k < its.length; k++) {
        const x = its[k].next();
        if (x === STOP) {
          if (strict && (k > 0 || its.slice(1).some((o) => o.next() !== STOP))) {
            raiseValueError(k > 0 ? `zip() argument ${k + 1} is shorter than argument${k > 1 ? 's 1-' + k : ' 1'}` : `zip() argument 2 is longer than argument 1`);
          }
          return STOP;
        }
        row.push(x);
      }
      return new PyTuple(row);
    });
  });
  def('map', (args) => {
    if (args.length < 2) raiseTypeError('map() must have at least two arguments.');
    const f = args[0];
    const its = args.slice(1).map(getIter);
    return lazyIterator('map', () => {
      const xs: PyValue[] = [];
      for (const it of its) {
        const x = it.next();
        if (x === STOP) return STOP;
        xs.push(x);
      }
      return callValue(f, xs);
    });
  });
  def('filter', (args) => {
    argCount('filter', args, 2, 2);
    const f = args[0];
    const it = getIter(args[1]);
    return lazyIterator('filter', () => {
      for (;;) {
        const x = it.next();
        if (x === STOP) return STOP;
        if (truthy(f === null ? x : callValue(f, [x]))) return x;
      }
    });
  });
  def('reversed', (args) => {
    argCount('reversed', args, 1, 1);
    const v = args[0];
    if (v instanceof PyList || v instanceof PyTuple || typeof v === 'string' || v instanceof PyRange) return namedIterator(v instanceof PyList ? 'list_reverseiterator' : 'reversed', iterToArray(v).reverse());
    if (v instanceof PyDict) return namedIterator('dict_reversekeyiterator', v.keys().reverse());
    const m = typeOf(v).lookup('__reversed__');
    if (m !== undefined) return callDescr(m, v, []);
    if (typeOf(v).lookup('__len__') !== undefined && typeOf(v).lookup('__getitem__') !== undefined) return namedIterator('reversed', iterToArray(v).reverse());
    return raiseTypeError(`'${typeName(v)}' object is not reversible`);
  });
  def('sorted', (args, kwargs) => {
    checkKw('sort', kwargs, ['key', 'reverse']); // sorted() hands its keywords to list.sort
    argCount('sorted', args, 1, 1);
    const items = iterToArray(args[0]);
    sortValues(items, kw(kwargs, 'key', null), truthy(kw(kwargs, 'reverse', false)));
    return new PyList(items);
  });
  def('any', (args) => {
    argCount('any', args, 1, 1);
    const it = getIter(args[0]);
    for (let x = it.next(); x !== STOP; x = it.next()) if (truthy(x)) return true;
    return false;
  });
  def('all', (args) => {
    argCount('all', args, 1, 1);
    const it = getIter(args[0]);
    for (let x = it.next(); x !== STOP; x = it.next()) if (!truthy(x)) return false;
    return true;
  });
  for (const [name, t] of [
    ['int', intType], ['float', floatType], ['str', strType], ['bool', boolType], ['list', listType], ['tuple', tupleType],
    ['dict', dictType], ['set', setType], ['frozenset', frozensetType], ['type', typeType], ['object', objectType],
    ['range', rangeType], ['slice', sliceType], ['property', propertyType], ['staticmethod', staticmethodType],
    ['classmethod', classmethodType], ['super', superType],
  ] as [string, PyType][]) b.set(name, t);
  for (const t of EXCEPTION_TYPES) b.set(t.name, t);
  b.set('EnvironmentError', b.get('OSError')!);
  b.set('IOError', b.get('OSError')!);
  b.set('NotImplemented', NotImplemented);
  b.set('Ellipsis', Ellipsis);
  b.set('__name__', 'builtins');
  b.set('__debug__', true);
  const sandboxedVars = sandboxed('vars');
  b.set('vars', nf('vars', (args) => {
    if (args.length === 0) return sandboxedVars.impl(args, null);
    argCount('vars', args, 1, 1);
    if (!(args[0] instanceof PyInstance || args[0] instanceof PyFunction)) raiseTypeError('vars() argument must have __dict__ attribute');
    return instanceDictOf(args[0]);
  }));
  for (const name of ['open', '__import__', 'eval', 'exec', 'compile', 'globals', 'locals', 'input', 'exit', 'quit', 'breakpoint', 'help', 'memoryview', 'bytearray', 'bytes', 'copyright', 'credits', 'license', 'aiter', 'anext']) {
    b.set(name, sandboxed(name));
  }
  builtinsTable = b;
  return b;
}

export function asciiRepr(v: PyValue): string {
  let out = '';
  for (const ch of repr(v)) {
    const c = ch.codePointAt(0)!;
    if (c < 128) out += ch;
    else if (c < 0x100) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out;
}

function formatPrefixed(v: PyValue, base: number, prefix: string): string {
  const n = toIndexBig(v, `'${typeName(v)}' object cannot be interpreted as an integer`);
  return (n < 0n ? '-' : '') + prefix + (n < 0n ? -n : n).toString(base);
}

void [floatRepr, StopIterationType, TypeErrorType, BoundMethod, contains, typeOf, strRepr, NameErrorType];
