// The Python object model of the tensor script language.
//
// Value representation (chosen for speed: no boxing of the common scalars):
//   int   → JS bigint          float → JS number        bool → JS boolean
//   str   → JS string          None  → null
//   everything else → an instance of PyObject (this file) or a *foreign* JS object whose class
//   was registered with `registerNativeClass` (e.g. the engine's Tensor), which carries its
//   Python type under a private symbol on its prototype.
// A script can only reach what the type tables (PyType.dict) expose: attribute lookup never
// indexes a raw JS object by a script-controlled name.

export type PyValue = bigint | number | boolean | string | null | object;
export type KwArgs = Map<string, PyValue> | null;
export type NativeImpl = (args: PyValue[], kwargs: KwArgs) => PyValue;

/** Private key under which a registered foreign JS class stores its Python type. */
export const NATIVE_TYPE: unique symbol = Symbol('pyType');

export abstract class PyObject {
  // `declare`: no class-field initialiser runs per allocation (every subclass sets it)
  declare cls: PyType;
}

/** Global epoch bumped on any class-dict mutation: invalidates every attribute lookup cache. */
let typeEpoch = 0;
export function bumpTypeEpoch(): void {
  typeEpoch++;
}

export class PyType extends PyObject {
  name: string;
  qualname: string;
  module: string;
  bases: PyType[];
  mro: PyType[] = [];
  dict = new Map<string, PyValue>();
  /** Defined natively (not by a `class` statement). */
  isBuiltin: boolean;
  /** Native allocator used for instances of this type and its Python subclasses. */
  alloc: ((cls: PyType) => PyObject) | null = null;
  /** A Python class statement cannot subclass this type (bool, NoneType, function…). */
  final = false;
  /** Instances have an attribute dict (PyInstance) accepting arbitrary attributes. */
  hasInstanceDict = false;
  private cache = new Map<string, PyValue | undefined>();
  private cacheEpoch = -1;

  constructor(name: string, bases: PyType[], isBuiltin = true, module = 'builtins') {
    super();
    this.name = name;
    this.qualname = name;
    this.module = module;
    this.bases = bases;
    this.isBuiltin = isBuiltin;
    this.computeMro();
    if (typeTypeRef) this.cls = typeTypeRef;
    for (const b of bases) {
      if (b.alloc && !this.alloc) this.alloc = b.alloc;
      if (b.hasInstanceDict) this.hasInstanceDict = true;
    }
  }

  computeMro(): void {
    // C3 linearization.
    const seqs: PyType[][] = this.bases.map((b) => b.mro.slice());
    seqs.push(this.bases.slice());
    const out: PyType[] = [this];
    for (;;) {
      const nonEmpty = seqs.filter((s) => s.length > 0);
      if (nonEmpty.length === 0) break;
      let cand: PyType | null = null;
      for (const s of nonEmpty) {
        const head = s[0];
        if (!nonEmpty.some((t) => t.indexOf(head) > 0)) {
          cand = head;
          break;
        }
      }
      if (!cand) throw new PyException(TypeErrorType, 'Cannot create a consistent method resolution order (MRO)');
      out.push(cand);
      for (const s of nonEmpty) if (s[0] === cand) s.shift();
    }
    this.mro = out;
  }

  /** Looks `name` up along the MRO (class attributes only); undefined when absent. */
  lookup(name: string): PyValue | undefined {
    if (this.cacheEpoch !== typeEpoch) {
      this.cache.clear();
      this.cacheEpoch = typeEpoch;
    }
    const c = this.cache.get(name);
    if (c !== undefined || this.cache.has(name)) return c;
    let found: PyValue | undefined = undefined;
    for (const t of this.mro) {
      const v = t.dict.get(name);
      if (v !== undefined) {
        found = v;
        break;
      }
    }
    this.cache.set(name, found);
    return found;
  }

  isSubtypeOf(other: PyType): boolean {
    return this === other || this.mro.includes(other);
  }
}

let typeTypeRef: PyType | null = null;

// ---------------------------------------------------------------- core types
export const objectType = new PyType('object', []);
export const typeType = new PyType('type', [objectType]);
typeTypeRef = typeType;
objectType.cls = typeType;
typeType.cls = typeType;

function builtinType(name: string, base: PyType = objectType, final = false): PyType {
  const t = new PyType(name, [base]);
  t.final = final;
  return t;
}

export const intType = builtinType('int');
export const boolType = builtinType('bool', intType, true);
export const floatType = builtinType('float');
export const strType = builtinType('str');
export const noneType = builtinType('NoneType', objectType, true);
export const listType = builtinType('list');
export const tupleType = builtinType('tuple');
export const dictType = builtinType('dict');
export const setType = builtinType('set');
export const frozensetType = builtinType('frozenset');
export const functionType = builtinType('function', objectType, true);
export const builtinFunctionType = builtinType('builtin_function_or_method', objectType, true);
export const methodType = builtinType('method', objectType, true);
export const moduleType = builtinType('module');
export const rangeType = builtinType('range', objectType, true);
export const sliceType = builtinType('slice', objectType, true);
export const propertyType = builtinType('property');
export const staticmethodType = builtinType('staticmethod');
export const classmethodType = builtinType('classmethod');
export const superType = builtinType('super');
export const notImplementedType = builtinType('NotImplementedType', objectType, true);
export const ellipsisType = builtinType('ellipsis', objectType, true);
export const iteratorType = builtinType('iterator', objectType, true);
export const generatorType = builtinType('generator', objectType, true);
export const dictKeysType = builtinType('dict_keys', objectType, true);
export const dictValuesType = builtinType('dict_values', objectType, true);
export const dictItemsType = builtinType('dict_items', objectType, true);
export const cellType = builtinType('cell', objectType, true);
/** The type of a foreign JS object that was never registered: opaque, no attributes. */
export const opaqueType = builtinType('native_object', objectType, true);

// Hot classes declare their fields (`declare`) and assign them in the constructor: with
// ES2022 class-field semantics each plain field declaration costs a defineProperty per allocation.
export class PyInstance extends PyObject {
  declare dict: Map<string, PyValue>;
  constructor(cls: PyType) {
    super();
    this.cls = cls;
    this.dict = new Map<string, PyValue>();
  }
}
objectType.alloc = (cls) => new PyInstance(cls);

export function typeOf(v: PyValue): PyType {
  switch (typeof v) {
    case 'bigint':
      return intType;
    case 'number':
      return floatType;
    case 'string':
      return strType;
    case 'boolean':
      return boolType;
    case 'object':
      if (v === null) return noneType;
      if (v instanceof PyObject) return v.cls;
      return (v as { [NATIVE_TYPE]?: PyType })[NATIVE_TYPE] ?? opaqueType;
    default:
      return opaqueType;
  }
}

export function typeName(v: PyValue): string {
  return typeOf(v).name;
}

// ---------------------------------------------------------------- containers
export class PyList extends PyObject {
  declare items: PyValue[];
  constructor(items: PyValue[] = []) {
    super();
    this.items = items;
    this.cls = listType;
  }
}

export class PyTuple extends PyObject {
  declare readonly items: PyValue[];
  constructor(items: PyValue[]) {
    super();
    this.items = items;
    this.cls = tupleType;
  }
}
export const EMPTY_TUPLE = new PyTuple([]);

/**
 * Key normalisation for dict/set: Python equality classes map to one JS Map key.
 * 1 == 1.0 == True → 1n; strings as themselves (escaped if they start with \x01); tuples and
 * value-hashed objects → an encoded string starting with \x01; other objects by identity.
 */
export function hashKey(v: PyValue): unknown {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'boolean':
      return v ? 1n : 0n;
    case 'number':
      if (Number.isInteger(v)) return BigInt(v);
      return v;
    case 'string':
      return v.length > 0 && v.charCodeAt(0) === 1 ? '\x01' + v : v;
    case 'object':
      if (v === null) return null;
      if (v instanceof PyTuple) return '\x01(' + v.items.map(encodeKeyPart).join(',') + ')';
      if (v instanceof PyFrozenSet) {
        const parts = [...v.map.keys()].map((k) => encodeKeyPart(k as PyValue)).sort();
        return '\x01{' + parts.join(',') + '}';
      }
      return customHashKey(v);
  }
  return v;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
/** Immutable values (str, int, float…) have no JS identity: equal values share an id, as interned ones do in CPython. */
const valueIds = new Map<unknown, number>();
export function objectId(o: object): number {
  if (typeof o !== 'object' && typeof o !== 'function') {
    let vid = valueIds.get(o);
    if (vid === undefined) {
      vid = nextObjectId++;
      if (valueIds.size < 100000) valueIds.set(o, vid);
    }
    return vid;
  }
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

function encodeKeyPart(v: PyValue): string {
  const k = hashKey(v);
  switch (typeof k) {
    case 'bigint':
      return 'i' + k.toString();
    case 'number':
      return 'f' + String(k);
    case 'string':
      return 's' + JSON.stringify(k);
    case 'object':
      if (k === null) return 'N';
      return 'o' + objectId(k);
  }
  return '?';
}

/** Hook set by ops.ts: hashes objects with a Python `__hash__`/unhashable types. */
export let customHashKey: (v: object) => unknown = (v) => v;
export function setCustomHashKey(f: (v: object) => unknown): void {
  customHashKey = f;
}

export class PyDict extends PyObject {
  /** normalised key → [original key, value]; JS Map keeps Python's insertion order. */
  declare map: Map<unknown, [PyValue, PyValue]>;
  constructor() {
    super();
    this.cls = dictType;
    this.map = new Map<unknown, [PyValue, PyValue]>();
  }
  get size(): number {
    return this.map.size;
  }
  get(k: PyValue): PyValue | undefined {
    const e = this.map.get(hashKey(k));
    return e === undefined ? undefined : e[1];
  }
  set(k: PyValue, v: PyValue): void {
    const hk = hashKey(k);
    const e = this.map.get(hk);
    if (e !== undefined) e[1] = v;
    else this.map.set(hk, [k, v]);
  }
  has(k: PyValue): boolean {
    return this.map.has(hashKey(k));
  }
  delete(k: PyValue): boolean {
    return this.map.delete(hashKey(k));
  }
  keys(): PyValue[] {
    const out: PyValue[] = [];
    for (const e of this.map.values()) out.push(e[0]);
    return out;
  }
  values(): PyValue[] {
    const out: PyValue[] = [];
    for (const e of this.map.values()) out.push(e[1]);
    return out;
  }
  static fromEntries(entries: Iterable<[PyValue, PyValue]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }
}

export class PySet extends PyObject {
  map = new Map<unknown, PyValue>();
  /** CPython table mask the set started with (set literals of constants are pre-sized). */
  initialMask = 7;
  constructor(items?: Iterable<PyValue>) {
    super();
    this.cls = setType;
    if (items) for (const x of items) this.add(x);
  }
  add(v: PyValue): void {
    const k = hashKey(v);
    if (!this.map.has(k)) this.map.set(k, v);
  }
  has(v: PyValue): boolean {
    return this.map.has(hashKey(v));
  }
  delete(v: PyValue): boolean {
    return this.map.delete(hashKey(v));
  }
  get size(): number {
    return this.map.size;
  }
  values(): PyValue[] {
    return [...this.map.values()];
  }
}
export class PyFrozenSet extends PySet {
  constructor(items?: Iterable<PyValue>) {
    super(items);
    this.cls = frozensetType;
  }
}

export class PyDictView extends PyObject {
  constructor(
    readonly dict: PyDict,
    readonly kind: 'keys' | 'values' | 'items',
  ) {
    super();
    this.cls = kind === 'keys' ? dictKeysType : kind === 'values' ? dictValuesType : dictItemsType;
  }
}

export class PyRange extends PyObject {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {
    super();
    this.cls = rangeType;
  }
  get length(): bigint {
    const { start, stop, step } = this;
    if (step > 0n) return stop > start ? (stop - start + step - 1n) / step : 0n;
    return start > stop ? (start - stop - step - 1n) / -step : 0n;
  }
}

export class PySlice extends PyObject {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {
    super();
    this.cls = sliceType;
  }
}

export class PySingleton extends PyObject {
  constructor(
    cls: PyType,
    readonly repr: string,
  ) {
    super();
    this.cls = cls;
  }
}
export const NotImplemented = new PySingleton(notImplementedType, 'NotImplemented');
export const Ellipsis = new PySingleton(ellipsisType, 'Ellipsis');

// ---------------------------------------------------------------- callables
export class NativeFunction extends PyObject {
  /** When set, the function is a method descriptor: binds `self` as args[0] on attribute access. */
  readonly isMethod: boolean;
  constructor(
    readonly name: string,
    readonly impl: NativeImpl,
    isMethod = false,
    /** Owning type's name for reprs like `<method 'append' of 'list' objects>`. */
    readonly ownerName: string | null = null,
    /** For a bound builtin (e.g. `print`): the module it came from. */
    readonly self: PyValue | undefined = undefined,
  ) {
    super();
    this.cls = builtinFunctionType;
    this.isMethod = isMethod;
  }
}

/** A Python function (`def`/`lambda`); `code`/`scope` belong to the interpreter. */
export class PyFunction extends PyObject {
  name: string;
  qualname: string;
  defaults: PyValue[];
  kwDefaults: Map<string, PyValue>;
  dict: Map<string, PyValue> | null = null;
  module: string;
  doc: PyValue = null;
  /** The class whose body defined this function (CPython's `__class__` cell, for `super()`). */
  classCell: PyType | null = null;
  constructor(
    name: string,
    qualname: string,
    readonly code: unknown,
    readonly scope: unknown,
    readonly globals: Map<string, PyValue>,
    defaults: PyValue[],
    kwDefaults: Map<string, PyValue>,
    module = '__main__',
  ) {
    super();
    this.cls = functionType;
    this.name = name;
    this.qualname = qualname;
    this.defaults = defaults;
    this.kwDefaults = kwDefaults;
    this.module = module;
  }
}

export class BoundMethod extends PyObject {
  declare readonly func: PyValue;
  declare readonly self: PyValue;
  constructor(func: PyValue, self: PyValue) {
    super();
    this.cls = methodType;
    this.func = func;
    this.self = self;
  }
}

export class PyProperty extends PyObject {
  constructor(
    readonly fget: PyValue,
    readonly fset: PyValue,
    readonly fdel: PyValue,
    readonly doc: PyValue = null,
  ) {
    super();
    this.cls = propertyType;
  }
}

/** A native attribute (getter/setter) of a native type, e.g. `Tensor.grad`. */
export class NativeGetSet extends PyObject {
  constructor(
    readonly name: string,
    readonly get: (self: PyValue) => PyValue,
    readonly set: ((self: PyValue, value: PyValue) => void) | null,
  ) {
    super();
    this.cls = propertyType;
  }
}

export class StaticMethod extends PyObject {
  constructor(readonly func: PyValue) {
    super();
    this.cls = staticmethodType;
  }
}
export class ClassMethod extends PyObject {
  constructor(readonly func: PyValue) {
    super();
    this.cls = classmethodType;
  }
}
export class PySuper extends PyObject {
  constructor(
    readonly startAfter: PyType,
    readonly self: PyValue,
    /** The type whose MRO is searched (type(self), or self when self is a class). */
    readonly objType: PyType,
  ) {
    super();
    this.cls = superType;
  }
}

export class PyModule extends PyInstance {
  constructor(readonly name: string) {
    super(moduleType);
    this.dict.set('__name__', name);
  }
}

// ---------------------------------------------------------------- iterators
/** Sentinel returned by PyIterator.next() when exhausted (cheaper than StopIteration). */
export const STOP: unique symbol = Symbol('StopIteration');
export type IterResult = PyValue | typeof STOP;

export abstract class PyIterator extends PyObject {
  constructor(cls: PyType = iteratorType) {
    super();
    this.cls = cls;
  }
  abstract next(): IterResult;
}

export class ArrayIterator extends PyIterator {
  declare private i: number;
  declare private readonly arr: PyValue[];
  constructor(arr: PyValue[]) {
    super();
    this.arr = arr;
    this.i = 0;
  }
  next(): IterResult {
    return this.i < this.arr.length ? this.arr[this.i++] : STOP;
  }
}
export class RangeIterator extends PyIterator {
  declare private cur: bigint;
  declare private readonly stop: bigint;
  declare private readonly step: bigint;
  constructor(start: bigint, stop: bigint, step: bigint) {
    super();
    this.cur = start;
    this.stop = stop;
    this.step = step;
  }
  next(): IterResult {
    const c = this.cur;
    if (this.step > 0n ? c >= this.stop : c <= this.stop) return STOP;
    this.cur = c + this.step;
    return c;
  }
}
/**
 * A generator (from a `def` containing `yield`, or a generator expression). Its body runs as a
 * JS generator driven by the interpreter (`generatorDriver`), so a suspended Python frame costs
 * nothing to the non-generator code paths.
 */
export class PyGenerator extends PyIterator {
  declare readonly body: Generator<PyValue, PyValue, PyValue>;
  declare readonly name: string;
  declare readonly qualname: string;
  /** Inside next()/send()/throw() right now ("generator already executing"). */
  declare running: boolean;
  declare finished: boolean;
  /** Set once the body has started (send(non-None) is refused before). */
  declare started: boolean;
  /** The value of the body's `return` (StopIteration.value). */
  declare returnValue: PyValue;
  /** The generator's own stack of exceptions being handled (kept while suspended). */
  declare handling: PyException[];
  constructor(body: Generator<PyValue, PyValue, PyValue>, name: string, qualname: string) {
    super(generatorType);
    this.body = body;
    this.name = name;
    this.qualname = qualname;
    this.running = false;
    this.finished = false;
    this.started = false;
    this.returnValue = null;
    this.handling = [];
  }
  next(): IterResult {
    return generatorDriver.resume(this, GEN_SEND, null);
  }
}
export const GEN_SEND = 0;
export const GEN_THROW = 1;
export type GenMode = typeof GEN_SEND | typeof GEN_THROW;
/** Set by the interpreter: resumes a generator's body (depth accounting, exception state). */
export const generatorDriver: { resume(g: PyGenerator, mode: GenMode, value: PyValue): IterResult; close(g: PyGenerator): void } = {
  resume: () => {
    throw new Error('interpreter not initialised');
  },
  close: () => {
    throw new Error('interpreter not initialised');
  },
};

export class FnIterator extends PyIterator {
  constructor(private readonly fn: () => IterResult) {
    super();
  }
  next(): IterResult {
    return this.fn();
  }
}

// ---------------------------------------------------------------- exceptions
export interface SourceRange {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface TracebackEntry {
  filename: string;
  line: number;
  name: string;
  range?: SourceRange;
}

/**
 * A Python exception instance (BaseException or any subclass, including user classes).
 * It is thrown as-is through JS to propagate (it deliberately does not extend Error: no stack
 * capture cost).
 */
export class PyException extends PyInstance {
  args: PyValue[];
  /** Innermost first. */
  traceback: TracebackEntry[] = [];
  cause: PyException | null = null;
  context: PyException | null = null;
  suppressContext = false;
  /** Where it was raised (innermost range). */
  range: SourceRange | null = null;
  /** Interpreter bookkeeping: the last frame that added a traceback entry. */
  lastFrame: unknown = null;
  /** For NameError/AttributeError suggestions. */
  name: string | null = null;
  obj: PyValue | undefined = undefined;
  /** For SyntaxError: the offending text and position. */
  syntax: { filename: string; line: number; col: number; text: string; endCol?: number } | null = null;
  notes: string[] | null = null;

  constructor(cls: PyType, ...args: PyValue[]) {
    super(cls);
    this.args = args;
  }

  /** The message as `str(exc)` gives it (for the simple cases; KeyError quoting is in ops). */
  get message(): string {
    if (this.args.length === 0) return '';
    if (this.args.length === 1 && typeof this.args[0] === 'string') return this.args[0];
    return String(this.args[0]);
  }
}

export const BaseExceptionType = new PyType('BaseException', [objectType]);
BaseExceptionType.alloc = (cls) => new PyException(cls);
BaseExceptionType.hasInstanceDict = true;

function excType(name: string, base: PyType): PyType {
  return new PyType(name, [base]);
}
export const ExceptionType = excType('Exception', BaseExceptionType);
export const SystemExitType = excType('SystemExit', BaseExceptionType);
export const KeyboardInterruptType = excType('KeyboardInterrupt', BaseExceptionType);
export const GeneratorExitType = excType('GeneratorExit', BaseExceptionType);
export const ArithmeticErrorType = excType('ArithmeticError', ExceptionType);
export const ZeroDivisionErrorType = excType('ZeroDivisionError', ArithmeticErrorType);
export const OverflowErrorType = excType('OverflowError', ArithmeticErrorType);
export const AssertionErrorType = excType('AssertionError', ExceptionType);
export const AttributeErrorType = excType('AttributeError', ExceptionType);
export const LookupErrorType = excType('LookupError', ExceptionType);
export const IndexErrorType = excType('IndexError', LookupErrorType);
export const KeyErrorType = excType('KeyError', LookupErrorType);
export const NameErrorType = excType('NameError', ExceptionType);
export const UnboundLocalErrorType = excType('UnboundLocalError', NameErrorType);
export const RuntimeErrorType = excType('RuntimeError', ExceptionType);
export const NotImplementedErrorType = excType('NotImplementedError', RuntimeErrorType);
export const RecursionErrorType = excType('RecursionError', RuntimeErrorType);
export const StopIterationType = excType('StopIteration', ExceptionType);
export const TypeErrorType = excType('TypeError', ExceptionType);
export const ValueErrorType = excType('ValueError', ExceptionType);
export const UnicodeErrorType = excType('UnicodeError', ValueErrorType);
export const ImportErrorType = excType('ImportError', ExceptionType);
export const ModuleNotFoundErrorType = excType('ModuleNotFoundError', ImportErrorType);
export const OSErrorType = excType('OSError', ExceptionType);
export const TimeoutErrorType = excType('TimeoutError', OSErrorType);
export const SyntaxErrorType = excType('SyntaxError', ExceptionType);
export const IndentationErrorType = excType('IndentationError', SyntaxErrorType);
export const TabErrorType = excType('TabError', IndentationErrorType);
export const MemoryErrorType = excType('MemoryError', ExceptionType);
export const SystemErrorType = excType('SystemError', ExceptionType);
export const WarningType = excType('Warning', ExceptionType);
export const UserWarningType = excType('UserWarning', WarningType);
export const DeprecationWarningType = excType('DeprecationWarning', WarningType);
export const RuntimeWarningType = excType('RuntimeWarning', WarningType);
export const FutureWarningType = excType('FutureWarning', WarningType);

export const EXCEPTION_TYPES: PyType[] = [
  BaseExceptionType, ExceptionType, SystemExitType, KeyboardInterruptType, GeneratorExitType,
  ArithmeticErrorType, ZeroDivisionErrorType, OverflowErrorType, AssertionErrorType, AttributeErrorType,
  LookupErrorType, IndexErrorType, KeyErrorType, NameErrorType, UnboundLocalErrorType, RuntimeErrorType,
  NotImplementedErrorType, RecursionErrorType, StopIterationType, TypeErrorType, ValueErrorType,
  UnicodeErrorType, ImportErrorType, ModuleNotFoundErrorType, OSErrorType, TimeoutErrorType,
  SyntaxErrorType, IndentationErrorType, TabErrorType, WarningType, UserWarningType, DeprecationWarningType,
  RuntimeWarningType, FutureWarningType, MemoryErrorType, SystemErrorType,
];

export function raise(cls: PyType, msg?: string): never {
  throw msg === undefined ? new PyException(cls) : new PyException(cls, msg);
}
export const raiseTypeError = (msg: string): never => raise(TypeErrorType, msg);
export const raiseValueError = (msg: string): never => raise(ValueErrorType, msg);
export const raiseRuntimeError = (msg: string): never => raise(RuntimeErrorType, msg);
export const raiseIndexError = (msg: string): never => raise(IndexErrorType, msg);
export const raiseNotImplementedError = (msg: string): never => raise(NotImplementedErrorType, msg);
export function raiseAttributeError(obj: PyValue, name: string, msg?: string): never {
  const e = new PyException(AttributeErrorType, msg ?? `'${typeName(obj)}' object has no attribute '${name}'`);
  e.name = name;
  e.obj = obj;
  throw e;
}
export function raiseKeyError(key: PyValue): never {
  throw new PyException(KeyErrorType, key);
}

export function isException(v: unknown): v is PyException {
  return v instanceof PyException;
}
