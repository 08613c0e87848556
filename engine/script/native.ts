/**
 * Native extension API: how host code (engine/torch) gives scripts Python modules, functions and
 * types implemented in TypeScript. The interpreter itself knows nothing of torch.
 *
 * Values crossing the boundary are Python values (see objects.ts): int = bigint,
 * float = number, bool = boolean, str = string, None = null, containers = PyList/PyTuple/PyDict,
 * and instances of registered native classes (e.g. the engine's Tensor) as themselves.
 * Raise Python exceptions by throwing (`raiseTypeError(msg)`, `raise(RuntimeErrorType, msg)`,
 * or `throw new PyException(SomeType, msg)`); a JS Error with a string `pyType` property
 * (e.g. engine/tensor's TorchError) is converted to that Python exception automatically.
 *
 * Example (what engine/torch does):
 *
 * ```ts
 * import { defineNativeType, defineModule, fn, method, getter, toFloat, PyTuple } from '../script/native';
 *
 * const TensorType = defineNativeType({
 *   name: 'Tensor', module: 'torch', jsClass: Tensor,         // Tensor instances ARE Python values
 *   methods: {
 *     item: method('item', '', (self: Tensor) => self.item()),
 *     sum: method('sum', 'dim=None, keepdim=False, *, dtype=None', (self, dim, keepdim, dtype) => ...),
 *     __add__: method('__add__', 'other', (self, other) => add(self, other)),
 *     __radd__: method('__radd__', 'other', (self, other) => add(other, self)),
 *     __repr__: method('__repr__', '', (self) => formatTensor(self)),
 *   },
 *   getters: {
 *     grad: { get: (self) => self.grad, set: (self, v) => { self.grad = v as Tensor | null; } },
 *     shape: { get: (self) => new PyTuple(self.shape.map(BigInt)) },
 *   },
 * });
 *
 * // a Python-subclassable type whose instances are PyInstance subclasses (nn.Module):
 * class ModuleObject extends PyInstance { params = new Map<string, Tensor>(); }
 * const ModuleType = defineNativeType({
 *   name: 'Module', module: 'torch.nn', alloc: (cls) => new ModuleObject(cls),
 *   methods: {
 *     __init__: method('__init__', '*args, **kwargs', (self) => null),
 *     __setattr__: method('__setattr__', 'name, value', (self, name, value) => {
 *       if (value instanceof Tensor && value.isParameter) self.params.set(name, value);
 *       genericSetAttr(self, name, value);         // the normal instance-dict store
 *       return null;
 *     }),
 *     __call__: rawMethod('__call__', (self, args, kwargs) => callMethod(self, 'forward', args, kwargs)),
 *   },
 * });
 *
 * defineModule('torch', (m) => {
 *   m.set('Tensor', TensorType);
 *   m.set('tensor', fn('tensor', 'data, *, dtype=None, requires_grad=False', (data, dtype, rg) => ...));
 *   m.set('float32', dtypeObject);
 * });
 * defineModule('torch.nn', (m) => { m.set('Module', ModuleType); });   // `import torch.nn as nn`
 * ```
 *
 * Signature strings use Python syntax without annotations: `a, b=1, /, c=None, *args, d, e=2.5, **kw`.
 * Defaults are Python literals (None, True, False, ints, floats, 'strings', ()). The
 * implementation receives the bound values in parameter order: positional parameters, then
 * `*args` as a JS array, then keyword-only parameters, then `**kw` as a Map. Binding errors
 * use CPython's messages (`f() missing 1 required positional argument: 'x'`...).
 */

import {
  KwArgs, NATIVE_TYPE, NativeFunction, NativeGetSet, NativeImpl, PyDict, PyException, PyInstance, PyList, PyModule,
  PyObject, PyTuple, PyType, PyValue, ClassMethod, StaticMethod, objectType, raiseTypeError, typeName, bumpTypeEpoch,
} from './objects';
import { setTypeConstructor, TypeConstructor } from './ops';
import { registerModuleFactory } from './modules';
import type { RunContext } from './context';

// ---------------------------------------------------------------- signatures
interface Param {
  name: string;
  kind: 'pos' | 'posonly' | 'kwonly' | 'varargs' | 'varkw';
  /** undefined = required */
  dflt: PyValue | undefined;
}

export interface Signature {
  params: Param[];
  nPositional: number;
  hasVarargs: boolean;
  hasVarkw: boolean;
}

const sigCache = new Map<string, Signature>();

function parseLiteral(s: string): PyValue {
  s = s.trim();
  if (s === 'None') return null;
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (s === '()') return new PyTuple([]);
  if (/^[-+]?\d+$/.test(s)) return BigInt(s);
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)(e[-+]?\d+)?$/i.test(s) || /^[-+]?(inf|nan)$/.test(s)) return parseFloat(s.replace('inf', 'Infinity'));
  const m = /^(['"])(.*)\1$/.exec(s);
  if (m) return m[2];
  throw new Error(`native signature: unsupported default literal ${s}`);
}

export function parseSignature(sig: string): Signature {
  const cached = sigCache.get(sig);
  if (cached) return cached;
  const params: Param[] = [];
  let kwOnly = false;
  const parts = sig.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  for (const p of parts) {
    if (p === '/') {
      for (const q of params) if (q.kind === 'pos') q.kind = 'posonly';
      continue;
    }
    if (p === '*') {
      kwOnly = true;
      continue;
    }
    if (p.startsWith('**')) {
      params.push({ name: p.slice(2), kind: 'varkw', dflt: undefined });
      continue;
    }
    if (p.startsWith('*')) {
      params.push({ name: p.slice(1), kind: 'varargs', dflt: undefined });
      kwOnly = true;
      continue;
    }
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq).trim();
    const dflt = eq < 0 ? undefined : parseLiteral(p.slice(eq + 1));
    params.push({ name, kind: kwOnly ? 'kwonly' : 'pos', dflt });
  }
  const s: Signature = {
    params,
    nPositional: params.filter((p) => p.kind === 'pos' || p.kind === 'posonly').length,
    hasVarargs: params.some((p) => p.kind === 'varargs'),
    hasVarkw: params.some((p) => p.kind === 'varkw'),
  };
  sigCache.set(sig, s);
  return s;
}

function names(list: string[]): string {
  const q = list.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return q[0] + ' and ' + q[1];
  return q.slice(0, -1).join(', ') + ', and ' + q[q.length - 1];
}

/**
 * Binds Python call arguments to a signature; returns the values in parameter order
 * (`*args` as PyValue[], `**kw` as Map). `fname` is used in error messages (`fname()`).
 */
export function bindArgs(fname: string, sig: Signature, args: PyValue[], kwargs: KwArgs): unknown[] {
  const ps = sig.params;
  const out: unknown[] = new Array(ps.length);
  const nPos = sig.nPositional;
  // fast path: positional only, all given
  if (kwargs === null && !sig.hasVarargs && args.length <= nPos && nPos === ps.length) {
    let i = 0;
    for (; i < args.length; i++) out[i] = args[i];
    for (; i < nPos; i++) {
      const d = ps[i].dflt;
      if (d === undefined) return bindArgsSlow(fname, sig, args, kwargs);
      out[i] = d;
    }
    return out;
  }
  return bindArgsSlow(fname, sig, args, kwargs);
}

function bindArgsSlow(fname: string, sig: Signature, args: PyValue[], kwargs: KwArgs): unknown[] {
  const ps = sig.params;
  const out: unknown[] = new Array(ps.length).fill(undefined);
  const nPos = sig.nPositional;
  let ai = 0;
  let varargsIdx = -1;
  let varkwIdx = -1;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if ((p.kind === 'pos' || p.kind === 'posonly') && ai < args.length) out[i] = args[ai++];
    if (p.kind === 'varargs') varargsIdx = i;
    if (p.kind === 'varkw') varkwIdx = i;
  }
  if (ai < args.length) {
    if (varargsIdx < 0) {
      const nReq = ps.filter((p) => (p.kind === 'pos' || p.kind === 'posonly') && p.dflt === undefined).length;
      const takes = nReq < nPos ? `from ${nReq} to ${nPos}` : String(nPos);
      raiseTypeError(`${fname}() takes ${takes} positional argument${nPos === 1 && nReq === nPos ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
    }
  }
  if (varargsIdx >= 0) out[varargsIdx] = args.slice(ai);
  const extra = new Map<string, PyValue>();
  if (kwargs !== null) {
    for (const [k, v] of kwargs) {
      const i = ps.findIndex((p) => p.name === k && (p.kind === 'pos' || p.kind === 'kwonly'));
      if (i < 0) {
        if (varkwIdx >= 0) {
          extra.set(k, v);
          continue;
        }
        raiseTypeError(`${fname}() got an unexpected keyword argument '${k}'`);
      }
      if (out[i] !== undefined) raiseTypeError(`${fname}() got multiple values for argument '${k}'`);
      out[i] = v;
    }
  }
  if (varkwIdx >= 0) out[varkwIdx] = extra;
  const missingPos: string[] = [];
  const missingKw: string[] = [];
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (out[i] !== undefined || p.kind === 'varargs' || p.kind === 'varkw') continue;
    if (p.dflt !== undefined) out[i] = p.dflt;
    else if (p.kind === 'kwonly') missingKw.push(p.name);
    else missingPos.push(p.name);
  }
  if (missingPos.length) raiseTypeError(`${fname}() missing ${missingPos.length} required positional argument${missingPos.length > 1 ? 's' : ''}: ${names(missingPos)}`);
  if (missingKw.length) raiseTypeError(`${fname}() missing ${missingKw.length} required keyword-only argument${missingKw.length > 1 ? 's' : ''}: ${names(missingKw)}`);
  return out;
}

// ---------------------------------------------------------------- functions
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyImpl = (...args: any[]) => PyValue;

/**
 * Calls `impl(...prefix, ...bound)` for the common case without building intermediate arrays:
 * no keywords, only positional parameters, every required one given. Returns NO_FAST when the
 * general binder is needed (keywords, *args, missing arguments → its error messages).
 */
const NO_FAST: unique symbol = Symbol('noFast');
function fastPositional(sig: Signature, impl: AnyImpl, self: unknown, hasSelf: boolean, args: PyValue[], first: number): PyValue | typeof NO_FAST {
  const n = sig.nPositional;
  const given = args.length - first;
  if (given > n) return NO_FAST;
  const ps = sig.params;
  // arguments in parameter order, defaults filled in
  const a0 = n > 0 ? (given > 0 ? args[first] : ps[0].dflt) : undefined;
  const a1 = n > 1 ? (given > 1 ? args[first + 1] : ps[1].dflt) : undefined;
  const a2 = n > 2 ? (given > 2 ? args[first + 2] : ps[2].dflt) : undefined;
  switch (n) {
    case 0:
      return hasSelf ? impl(self) : impl();
    case 1:
      if (a0 === undefined) return NO_FAST;
      return hasSelf ? impl(self, a0) : impl(a0);
    case 2:
      if (a0 === undefined || a1 === undefined) return NO_FAST;
      return hasSelf ? impl(self, a0, a1) : impl(a0, a1);
    case 3:
      if (a0 === undefined || a1 === undefined || a2 === undefined) return NO_FAST;
      return hasSelf ? impl(self, a0, a1, a2) : impl(a0, a1, a2);
  }
  return NO_FAST;
}

/** The signature has only plain positional parameters (no `*args`, keyword-only or `**kw`). */
function onlyPositional(sig: Signature): boolean {
  return !sig.hasVarargs && !sig.hasVarkw && sig.nPositional === sig.params.length && sig.nPositional <= 3;
}

/** A module-level native function with a Python signature. */
export function fn(name: string, signature: string, impl: AnyImpl): NativeFunction {
  const sig = parseSignature(signature);
  if (onlyPositional(sig)) {
    return new NativeFunction(name, (args, kwargs) => {
      if (kwargs === null) {
        const r = fastPositional(sig, impl, undefined, false, args, 0);
        if (r !== NO_FAST) return r;
      }
      return impl(...bindArgs(name, sig, args, kwargs));
    });
  }
  return new NativeFunction(name, (args, kwargs) => impl(...bindArgs(name, sig, args, kwargs)));
}

/** A function receiving the raw Python arguments (full control over binding and messages). */
export function rawFn(name: string, impl: NativeImpl): NativeFunction {
  return new NativeFunction(name, impl);
}

/** A method of a native type: `impl(self, ...boundArgs)`; the signature excludes `self`. */
export function method(name: string, signature: string, impl: AnyImpl, ownerName: string | null = null): NativeFunction {
  const sig = parseSignature(signature);
  const fast = onlyPositional(sig);
  return new NativeFunction(
    name,
    (args, kwargs) => {
      const self = args[0];
      // hot path (tensor dunders, small methods): no slice, no spread of a bound array
      if (fast && kwargs === null) {
        const r = fastPositional(sig, impl, self, true, args, 1);
        if (r !== NO_FAST) return r;
      }
      const rest = args.length === 1 ? EMPTY : args.slice(1);
      return impl(self, ...bindArgs(name, sig, rest, kwargs));
    },
    true,
    ownerName,
  );
}
const EMPTY: PyValue[] = [];

/** A method receiving `(self, args, kwargs)` unbound. */
export function rawMethod(name: string, impl: (self: PyValue, args: PyValue[], kwargs: KwArgs) => PyValue, ownerName: string | null = null): NativeFunction {
  return new NativeFunction(name, (args, kwargs) => impl(args[0], args.slice(1), kwargs), true, ownerName);
}

export function staticMethod(f: NativeFunction): StaticMethod {
  return new StaticMethod(f);
}
export function classMethod(f: NativeFunction): ClassMethod {
  return new ClassMethod(f);
}

// ---------------------------------------------------------------- types
export interface NativeTypeSpec {
  name: string;
  /** Module shown in reprs (`<class 'torch.Tensor'>`); default 'builtins'. */
  module?: string;
  /** Base types (default: object). */
  bases?: PyType[];
  /** A foreign JS class whose instances are this Python type (e.g. Tensor). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  jsClass?: abstract new (...args: any[]) => object;
  /** Methods: NativeFunction made with `method`/`rawMethod` (or staticMethod/classMethod). Dunders go here too. */
  methods?: Record<string, NativeFunction | StaticMethod | ClassMethod>;
  /** Attributes computed by getters (and optional setters). */
  getters?: Record<string, { get: (self: never) => PyValue; set?: (self: never, value: PyValue) => void }>;
  /** Plain class attributes (constants). */
  attributes?: Record<string, PyValue>;
  /** `Type(...)` from Python: builds the object (receives the class, for subclasses). */
  construct?: TypeConstructor;
  /** Allocator for instances (subclassable from Python: `class Net(nn.Module)`); instances should extend PyInstance. */
  alloc?: (cls: PyType) => PyObject;
  /** Whether Python classes may subclass it (default: true when alloc is given). */
  subclassable?: boolean;
}

/** Creates a Python type backed by native code. See the module comment for an example. */
export function defineNativeType(spec: NativeTypeSpec): PyType {
  const t = new PyType(spec.name, spec.bases ?? [objectType], true, spec.module ?? 'builtins');
  t.qualname = spec.name;
  if (spec.alloc) {
    t.alloc = spec.alloc;
    t.hasInstanceDict = true;
  }
  t.final = spec.subclassable === undefined ? !spec.alloc && !spec.construct : !spec.subclassable;
  for (const [k, v] of Object.entries(spec.methods ?? {})) t.dict.set(k, v);
  for (const [k, g] of Object.entries(spec.getters ?? {})) {
    t.dict.set(k, new NativeGetSet(k, g.get as (self: PyValue) => PyValue, (g.set as ((self: PyValue, v: PyValue) => void) | undefined) ?? null));
  }
  for (const [k, v] of Object.entries(spec.attributes ?? {})) t.dict.set(k, v);
  if (spec.construct) setTypeConstructor(t, spec.construct);
  if (spec.jsClass) registerNativeClass(spec.jsClass, t);
  bumpTypeEpoch();
  return t;
}

/** Makes every instance of a JS class a Python value of type `t` (stored under a private symbol). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function registerNativeClass(jsClass: abstract new (...args: any[]) => object, t: PyType): void {
  Object.defineProperty(jsClass.prototype, NATIVE_TYPE, { value: t, writable: true, configurable: true, enumerable: false });
}

/** Adds or replaces a method/attribute on an existing type (e.g. from a second file). */
export function addToType(t: PyType, name: string, value: PyValue): void {
  t.dict.set(name, value);
  bumpTypeEpoch();
}

// ---------------------------------------------------------------- modules
export interface ModuleBuilder {
  /** Sets a module attribute. */
  set(name: string, value: PyValue): void;
  readonly module: PyModule;
  readonly ctx: RunContext;
}

/**
 * Registers a module importable by `name` (dotted names for submodules: 'torch.nn.functional').
 * `build` runs once per script run, on first import (so per-run state can live in closures or
 * in ctx.moduleState). Parent packages are imported first and get the submodule as attribute.
 */
export function defineModule(name: string, build: (m: ModuleBuilder) => void): void {
  registerModuleFactory(name, (ctx) => {
    const module = new PyModule(name);
    build({ set: (k, v) => module.dict.set(k, v), module, ctx });
    return module;
  });
}

// ---------------------------------------------------------------- conversions
export function isInt(v: PyValue): v is bigint | boolean {
  return typeof v === 'bigint' || typeof v === 'boolean';
}
/** Python int/bool/float → JS number, else TypeError naming `what`. */
export function toNumber(v: PyValue, what = 'argument'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return raiseTypeError(`${what} must be a real number, not ${typeName(v)}`);
}
/** Python int/bool → JS number (integers only). */
export function toInt(v: PyValue, what = 'argument'): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return raiseTypeError(`'${typeName(v)}' object cannot be interpreted as an integer` + (what === 'argument' ? '' : ''));
}
export function toStr(v: PyValue, what = 'argument'): string {
  if (typeof v === 'string') return v;
  return raiseTypeError(`${what} must be str, not ${typeName(v)}`);
}
export function pyList(items: PyValue[]): PyList {
  return new PyList(items);
}
export function pyTuple(items: PyValue[]): PyTuple {
  return new PyTuple(items);
}
export function pyDict(entries: Iterable<[PyValue, PyValue]>): PyDict {
  return PyDict.fromEntries(entries);
}
/** JS number → Python float; integer-valued JS number → Python int with `asInt`. */
export function pyNumber(x: number, asInt = false): PyValue {
  return asInt ? BigInt(Math.trunc(x)) : x;
}

export { PyException, PyInstance, PyModule, PyType };
export * from './objects';
export {
  callValue, callMethod, callDescr, getAttr, getAttrOrUndefined, setAttr, genericSetAttr, getItem, setItem, getIter,
  iterToArray, repr, str, truthy, binaryOp, unaryOp, compare, eq, isInstance, pyLen, hashValue, toIndex, nextOrStop,
} from './ops';
export { formatValue } from './builtins';
export { currentContext } from './context';
export type { RunContext, TraceHooks } from './context';
