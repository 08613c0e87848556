// Argument binding with PyTorch's signatures and error texts, and the Python value ↔ engine
// value conversions every torch-facing file needs (tensors, scalars, dims, shapes, dtypes).
//
// A function is described by PyTorch's own signature lines, as its error messages print them:
//
//   const sumSig = sigs('sum', ['(*, torch.dtype dtype = None)', '(tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)']);
//   const { index, a } = sumSig.bind(args, kwargs);       // a.dim, a.keepdim, a.dtype
//
// Binding follows torch/csrc/utils/python_arg_parser.cpp: the first signature that accepts the
// arguments wins; on failure, when exactly one signature has a plausible argument count its
// specific error is raised (`argument 'dim' (position 1) must be int, not float`), otherwise
// "received an invalid combination of arguments" lists every signature.
import { Tensor } from '../tensor/tensor';
import type { DType } from '../tensor/dtype';
import { isFloating, dtypeDefaults, elementSize as elementSizeOf } from '../tensor/dtype';
import { pyBool, pyFloat, pyInt, Scalar } from '../tensor/kernels/util';
import type { Num } from '../ops/arithmetic';
import {
  defineNativeType, method, PyList, PyTuple, PyType, PyValue, KwArgs, raiseTypeError, typeName, tupleType, repr, toIndex, typeOf,
  NotImplemented,
} from '../script/native';

// ---------------------------------------------------------------- dtype objects

/** A `torch.dtype` value: one instance per dtype, so `is` works. */
export class DTypeValue {
  constructor(readonly dtype: DType) {}
}

export const DTypeType: PyType = defineNativeType({
  name: 'dtype',
  module: 'torch',
  jsClass: DTypeValue,
  methods: {
    __repr__: method('__repr__', '', (self: DTypeValue) => 'torch.' + self.dtype),
  },
  getters: {
    is_floating_point: { get: (self: DTypeValue) => isFloating(self.dtype) },
    is_signed: { get: (self: DTypeValue) => self.dtype !== 'uint8' && self.dtype !== 'bool' },
    is_complex: { get: (self: DTypeValue) => self === COMPLEX_DTYPE },
    itemsize: { get: (self: DTypeValue) => BigInt(elementSizeOf(self.dtype)) },
  },
});


export const DTYPE_OBJECTS: Record<DType, DTypeValue> = {
  float32: new DTypeValue('float32'),
  float64: new DTypeValue('float64'),
  int64: new DTypeValue('int64'),
  int32: new DTypeValue('int32'),
  uint8: new DTypeValue('uint8'),
  bool: new DTypeValue('bool'),
  int8: new DTypeValue('int8'),
  int16: new DTypeValue('int16'),
  float16: new DTypeValue('float16'),
  bfloat16: new DTypeValue('bfloat16'),
};
export function dtypeObject(d: DType): DTypeValue {
  return DTYPE_OBJECTS[d];
}
export { elementSize } from '../tensor/dtype';

// ---------------------------------------------------------------- device objects

/** A `torch.device`: only 'cpu' computes; 'cuda' devices can be named but not used. */
export class DeviceValue {
  constructor(
    readonly type: string,
    readonly index: number | null = null,
  ) {}
}
export const CPU = new DeviceValue('cpu');

export const DeviceType: PyType = defineNativeType({
  name: 'device',
  module: 'torch',
  jsClass: DeviceValue,
  methods: {
    __repr__: method('__repr__', '', (self: DeviceValue) => (self.index === null ? `device(type='${self.type}')` : `device(type='${self.type}', index=${self.index})`)),
    __str__: method('__str__', '', (self: DeviceValue) => (self.index === null ? self.type : `${self.type}:${self.index}`)),
    __eq__: method('__eq__', 'other', (self: DeviceValue, other: PyValue) =>
      other instanceof DeviceValue ? other.type === self.type && other.index === self.index : NotImplemented),
    __hash__: method('__hash__', '', (self: DeviceValue) => BigInt(self.type.length * 31 + (self.index ?? -1))),
  },
  getters: {
    type: { get: (self: DeviceValue) => self.type },
    index: { get: (self: DeviceValue) => (self.index === null ? null : BigInt(self.index)) },
  },
  construct: (_cls, args) => parseDevice(args[0] ?? null, args[1] ?? null),
});

const DEVICE_TYPES = new Set(['cpu', 'cuda', 'mps', 'meta', 'xpu']);

export function parseDevice(v: PyValue, index: PyValue = null): DeviceValue {
  if (v instanceof DeviceValue) return v;
  if (typeof v === 'string') {
    const m = /^([a-z]+)(?::(\d+))?$/.exec(v);
    if (!m || !DEVICE_TYPES.has(m[1])) {
      throw new TorchErrorLike('RuntimeError', `Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: ${v}`);
    }
    const idx = m[2] !== undefined ? Number(m[2]) : index === null ? null : toIndex(index);
    return m[1] === 'cpu' && idx === null ? CPU : new DeviceValue(m[1], idx);
  }
  if (typeof v === 'bigint') return new DeviceValue('cuda', Number(v));
  return raiseTypeError(`device() received an invalid combination of arguments - got (${typeName(v)}), but expected one of:\n * (torch.device device)\n * (str type, int index = -1)\n`);
}

/** Raises "Torch not compiled with CUDA enabled" for any non-cpu device (what a CPU build says). */
export function checkDeviceUsable(d: DeviceValue): void {
  if (d.type === 'cuda') throw new TorchErrorLike('AssertionError', 'Torch not compiled with CUDA enabled');
  if (d.type !== 'cpu') throw new TorchErrorLike('RuntimeError', `PyTorch is not linked with support for ${d.type} devices`);
}

/** An error converted to the named Python exception by the interpreter (like TorchError, any type name). */
export class TorchErrorLike extends Error {
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- torch.Size

/** `torch.Size`: a tuple subclass printing `torch.Size([2, 3])`. */
export const SizeType: PyType = defineNativeType({
  name: 'Size',
  module: 'torch',
  bases: [tupleType],
  methods: {
    __repr__: method('__repr__', '', (self: PyTuple) => 'torch.Size([' + self.items.map((v) => repr(v)).join(', ') + '])'),
    __str__: method('__str__', '', (self: PyTuple) => 'torch.Size([' + self.items.map((v) => repr(v)).join(', ') + '])'),
    numel: method('numel', '', (self: PyTuple) => self.items.reduce<bigint>((acc, v) => acc * BigInt(v as bigint), 1n)),
  },
  construct: (_cls, args) => makeSize(args.length === 0 ? [] : intList(args[0], 'Size', 'sizes', 1)),
  subclassable: false,
});

export function makeSize(shape: readonly number[]): PyTuple {
  const t = new PyTuple(shape.map((s) => BigInt(s)));
  t.cls = SizeType;
  return t;
}

// ---------------------------------------------------------------- conversions

export function isTensor(v: PyValue): v is Tensor {
  return v instanceof Tensor;
}

/** A Python number as the engine's typed scalar (int / float / bool kinds kept apart). */
export function scalarOf(v: PyValue): Scalar | undefined {
  switch (typeof v) {
    case 'bigint':
      return pyInt(Number(v));
    case 'number':
      return pyFloat(v);
    case 'boolean':
      return pyBool(v);
  }
  return undefined;
}

/** A tensor or Python number as an op operand; undefined for anything else. */
export function numOf(v: PyValue): Num | undefined {
  if (v instanceof Tensor) return v;
  return scalarOf(v);
}

/** Python int/bool/float → JS number. */
export function jsNumber(v: PyValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor) return v.at(0);
  return raiseTypeError(`must be real number, not ${typeName(v)}`);
}

/** A Python value's type name as PyTorch's messages print it. */
export function argTypeName(v: PyValue): string {
  if (v instanceof Tensor) return v.isParameter ? 'Parameter' : 'Tensor';
  if (v instanceof PyTuple && typeOf(v) === tupleType) return 'tuple of (' + v.items.map(argTypeName).join(', ') + ')';
  if (v instanceof PyList) return 'list of [' + v.items.map(argTypeName).join(', ') + ']';
  return typeName(v);
}

function isIntLike(v: PyValue): boolean {
  if (typeof v === 'bigint' || typeof v === 'boolean') return true;
  return v instanceof Tensor && v.numel === 1 && v.ndim === 0 && !isFloating(v.dtype) && v.dtype !== 'bool';
}
function intValue(v: PyValue): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return (v as Tensor).at(0);
}

/** A tuple/list/Size of ints (or a single int) → number[], with PyTorch's texts. */
export function intList(v: PyValue, fname: string, argName: string, position: number | null): number[] {
  if (isIntLike(v)) return [intValue(v)];
  if (v instanceof PyTuple || v instanceof PyList) {
    const out: number[] = [];
    v.items.forEach((e, i) => {
      if (!isIntLike(e)) {
        raiseTypeError(`${fname}(): argument '${argName}' failed to unpack the object at pos ${i + 1} with error "type must be tuple of ints,but got ${typeName(e)}"`);
      }
      out.push(intValue(e));
    });
    return out;
  }
  const pos = position === null ? '' : ` (position ${position})`;
  return raiseTypeError(`${fname}(): argument '${argName}'${pos} must be tuple of ints, not ${typeName(v)}`);
}

/** Shape from `f(2, 3)` / `f((2, 3))` / `f([2, 3])` / `f(torch.Size)` varargs. */
export function shapeFromArgs(args: PyValue[], fname: string, argName = 'size'): number[] {
  if (args.length === 1) return intList(args[0], fname, argName, 1);
  return intList(new PyTuple(args), fname, argName, 1);
}

// ---------------------------------------------------------------- PyTorch signatures

type ParamType =
  | 'Tensor' | 'Number' | 'int' | 'float' | 'bool' | 'str' | 'tuple of ints' | 'tuple of Tensors' | 'torch.dtype'
  | 'torch.device' | 'any'
  /** `Tensor~` in a signature line: a tensor or a Python number (printed as `Tensor`). */
  | 'TensorOrNumber';

interface SigParam {
  name: string;
  type: ParamType;
  /** As printed in messages (`Tensor other`, `bool keepdim = False`). */
  text: string;
  kwOnly: boolean;
  /** undefined = required. */
  dflt: PyValue | undefined;
}

interface ParsedSig {
  text: string;
  params: SigParam[];
  nPositional: number;
  minArgs: number;
}

function parseDefault(s: string): PyValue {
  if (s === 'None') return null;
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (/^-?\d+$/.test(s)) return BigInt(s);
  if (/^-?[\d.e+-]+$/.test(s)) return Number(s);
  if (s === '()' || s === '[]') return new PyTuple([]);
  const m = /^["'](.*)["']$/.exec(s);
  if (m) return m[1];
  return null;
}

const KNOWN_TYPES = new Set<string>(['Tensor', 'Number', 'int', 'float', 'bool', 'str', 'tuple of ints', 'tuple of Tensors', 'torch.dtype', 'torch.device']);

function parseSig(text: string): ParsedSig {
  const inner = text.trim().replace(/^\(/, '').replace(/\)$/, '');
  text = text.replace(/~/g, '');
  const params: SigParam[] = [];
  let kwOnly = false;
  for (const raw of inner.split(', ').map((s) => s.trim()).filter((s) => s.length)) {
    if (raw === '*') {
      kwOnly = true;
      continue;
    }
    const [decl, dfltText] = raw.split(' = ');
    const sp = decl.lastIndexOf(' ');
    const typeText = decl.slice(0, sp);
    const name = decl.slice(sp + 1);
    const type = (typeText === 'Tensor~' ? 'TensorOrNumber' : KNOWN_TYPES.has(typeText) ? typeText : 'any') as ParamType;
    params.push({ name, type, text: raw.replace('~', ''), kwOnly, dflt: dfltText === undefined ? undefined : parseDefault(dfltText) });
  }
  return {
    text,
    params,
    nPositional: params.filter((p) => !p.kwOnly).length,
    minArgs: params.filter((p) => p.dflt === undefined).length,
  };
}

function matchesType(p: SigParam, v: PyValue): boolean {
  if (v === null && p.dflt === null) return true;
  switch (p.type) {
    case 'Tensor':
      return v instanceof Tensor;
    case 'TensorOrNumber':
      return v instanceof Tensor || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
    case 'Number':
      return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || (v instanceof Tensor && v.ndim === 0 && !v.requiresGrad);
    case 'int':
      return isIntLike(v) && typeof v !== 'boolean';
    case 'float':
      return typeof v === 'number' || typeof v === 'bigint' || (v instanceof Tensor && v.ndim === 0 && v.numel === 1);
    case 'bool':
      return typeof v === 'boolean';
    case 'str':
      return typeof v === 'string';
    case 'tuple of ints':
      // PyTorch looks at the first element only; a later bad element fails while unpacking.
      if (typeof v === 'boolean') return false;
      return isIntLike(v) || ((v instanceof PyTuple || v instanceof PyList) && (v.items.length === 0 || isIntLike(v.items[0])));
    case 'tuple of Tensors':
      return (v instanceof PyTuple || v instanceof PyList) && v.items.every((e) => e instanceof Tensor);
    case 'torch.dtype':
      return v instanceof DTypeValue;
    case 'torch.device':
      return v instanceof DeviceValue || typeof v === 'string';
    case 'any':
      return true;
  }
}

/** Converted argument values, by parameter name. */
export type BoundArgs = Record<string, PyValue>;

class ArgMismatch {
  constructor(readonly message: string) {}
}

export class Signatures {
  readonly sigs: ParsedSig[];
  constructor(
    readonly name: string,
    texts: string[],
    /** Methods without arguments print CPython's `TensorBase.x() takes no arguments (1 given)`. */
    readonly noArgsMethod = false,
    /** PyTorch has hidden (deprecated) overloads too: no single-signature shortcut in errors. */
    readonly hasHiddenOverloads = false,
  ) {
    this.sigs = texts.map(parseSig);
  }

  /** Binds to the first matching signature; raises PyTorch's TypeError otherwise. */
  bind(args: PyValue[], kwargs: KwArgs): { index: number; a: BoundArgs } {
    for (let i = 0; i < this.sigs.length; i++) {
      const r = this.tryBind(this.sigs[i], args, kwargs);
      if (!(r instanceof ArgMismatch)) return { index: i, a: r };
    }
    return this.fail(args, kwargs);
  }

  private tryBind(sig: ParsedSig, args: PyValue[], kwargs: KwArgs): BoundArgs | ArgMismatch {
    const out: BoundArgs = {};
    const fname = this.name;
    let positional = args;
    // `f(2, 3)` for a leading `tuple of ints` parameter (PyTorch's varargs int-list, when the first argument is an int).
    if (args.length > 1 && sig.nPositional === 1 && sig.params[0].type === 'tuple of ints' && isIntLike(args[0])) {
      positional = [new PyTuple(args)];
    }
    if (positional.length > sig.nPositional) {
      const n = sig.nPositional;
      return new ArgMismatch(`${fname}() takes ${n} positional argument${n === 1 ? '' : 's'} but ${positional.length} ${positional.length === 1 ? 'was' : 'were'} given`);
    }
    let used = 0;
    for (let i = 0; i < sig.params.length; i++) {
      const p = sig.params[i];
      let v: PyValue | undefined;
      let position: number | null = null;
      if (!p.kwOnly && i < positional.length) {
        v = positional[i];
        position = i + 1;
        if (kwargs?.has(p.name)) return new ArgMismatch(`${fname}() got multiple values for argument '${p.name}'`);
      } else if (kwargs?.has(p.name)) {
        v = kwargs.get(p.name);
        used++;
      }
      if (v === undefined) {
        if (p.dflt === undefined) return new ArgMismatch(`${fname}() missing 1 required positional arguments: "${p.name}"`);
        out[p.name] = p.dflt;
        continue;
      }
      if (p.type === 'tuple of ints' && (v instanceof PyTuple || v instanceof PyList) && matchesType(p, v)) {
        const bad = v.items.findIndex((e) => !isIntLike(e));
        if (bad >= 0) raiseTypeError(`${fname}(): argument '${p.name}' failed to unpack the object at pos ${bad + 1} with error "type must be tuple of ints,but got ${typeName(v.items[bad])}"`);
      }
      if (!matchesType(p, v)) {
        const pos = position === null ? '' : ` (position ${position})`;
        const shown = p.type === 'TensorOrNumber' ? 'Tensor' : p.type;
        return new ArgMismatch(`${fname}(): argument '${p.name}'${pos} must be ${shown}, not ${typeName(v)}`);
      }
      out[p.name] = v;
    }
    if (kwargs !== null && used < kwargs.size) {
      for (const k of kwargs.keys()) {
        if (!sig.params.some((p) => p.name === k)) return new ArgMismatch(`${fname}() got an unexpected keyword argument '${k}'`);
      }
    }
    return out;
  }

  private fail(args: PyValue[], kwargs: KwArgs): never {
    if (this.noArgsMethod && this.sigs.length === 1 && this.sigs[0].params.length === 0 && !kwargs) {
      raiseTypeError(`TensorBase.${this.name}() takes no arguments (${args.length} given)`);
    }
    // One signature: its own first error (python_arg_parser parses it with raise_exception).
    if (this.sigs.length === 1 && !this.hasHiddenOverloads) {
      const r = this.tryBind(this.sigs[0], args, kwargs);
      if (r instanceof ArgMismatch) raiseTypeError(r.message);
    }
    const nArgs = args.length + (kwargs?.size ?? 0);
    // A leading int list takes varargs: any count is plausible (python_arg_parser's print_error).
    const plausible = this.sigs.filter((s) => nArgs >= s.minArgs && (nArgs <= s.params.length || (s.nPositional === 1 && s.params[0].type === 'tuple of ints')));
    if (plausible.length === 1) {
      const r = this.tryBind(plausible[0], args, kwargs);
      if (r instanceof ArgMismatch) raiseTypeError(r.message);
    }
    return raiseTypeError(formatInvalidArgs(`${this.name}()`, this.sigs.map((sg) => sg.text), args, kwargs));
  }
}

// ---------------------------------------------------------------- format_invalid_args

/**
 * torch/csrc/utils/invalid_arguments.cpp, followed literally: each signature text is split
 * at ", " into tokens (`*` and an empty `()` count as one); a signature whose token count
 * equals the number of arguments gets a "didn't match" line in which an argument is marked
 * !…! unless its token's type names the argument's Python type exactly (int/float accept
 * int; a token with a default never matches, neither does Number).
 */
export function formatInvalidArgs(fname: string, options: string[], args: PyValue[], kwargs: KwArgs): string {
  const kw = [...(kwargs?.entries() ?? [])];
  const nGot = args.length + kw.length;
  let msg = `${fname} received an invalid combination of arguments - `;
  if (options.length === 1) {
    const tokens = optionTokens(options[0]);
    const unmatched = unmatchedKwargs(tokens, kw);
    if (unmatched.length > 0) return msg + 'got unrecognized keyword arguments: ' + unmatched.join(', ');
    msg += 'got ' + (tokens.length === nGot ? formattedArgDesc(tokens, args, kw) : argDesc(args, kw));
    return msg + ', but expected ' + options[0];
  }
  msg += 'got ' + argDesc(args, kw) + ', but expected one of:\n';
  for (const option of options) {
    msg += ` * ${option}\n`;
    const tokens = optionTokens(option);
    if (tokens.length !== nGot) continue;
    const unmatched = kw.length > 0 ? unmatchedKwargs(tokens, kw) : [];
    if (unmatched.length > 0) msg += `      didn't match because some of the keywords were incorrect: ${unmatched.join(', ')}\n`;
    else msg += `      didn't match because some of the arguments have invalid types: ${formattedArgDesc(tokens, args, kw)}\n`;
  }
  return msg;
}

function optionTokens(option: string): string[] {
  return option.slice(1, -1).split(', ');
}
/** A token's name: its last word (`None` for `bool keepdim = None`, as the C++ parses it). */
function tokenName(token: string): string {
  return token.slice(token.lastIndexOf(' ') + 1);
}
function tokenMatches(token: string, v: PyValue): boolean {
  const sp = token.lastIndexOf(' ');
  const type = sp < 0 ? token : token.slice(0, sp);
  const t = pyTypename(v);
  if (type === 'int') return t === 'int';
  if (type === 'float') return t === 'float' || t === 'int';
  return type === t;
}
function pyTypename(v: PyValue): string {
  if (v instanceof Tensor) return v.isParameter ? 'Parameter' : 'Tensor';
  if (v instanceof DTypeValue) return 'torch.dtype';
  return typeName(v);
}
function describe(v: PyValue): string {
  const isTuple = v instanceof PyTuple && typeOf(v) === tupleType;
  if (isTuple || v instanceof PyList) {
    const items = (v as PyTuple).items.map(pyTypename).join(', ');
    return isTuple ? `tuple of (${items}${(v as PyTuple).items.length === 1 ? ',' : ''})` : `list of [${items}]`;
  }
  return pyTypename(v);
}
function formattedArgDesc(tokens: string[], args: PyValue[], kw: [string, PyValue][]): string {
  const parts: string[] = [];
  const n = args.length + kw.length;
  for (let i = 0; i < n; i++) {
    const isKw = i >= args.length;
    const name = isKw ? tokenName(tokens[i]) : '';
    const v = isKw ? (kw.find(([k]) => k === name)?.[1] ?? kw[i - args.length][1]) : args[i];
    const ok = i < tokens.length && tokenMatches(tokens[i], v);
    const text = (isKw ? `${name}=` : '') + describe(v);
    parts.push(ok ? text : `!${text}!`);
  }
  // the C++ drops the trailing ", " only when there are positional arguments
  return '(' + parts.join(', ') + (args.length === 0 && parts.length > 0 ? ', ' : '') + ')';
}
function argDesc(args: PyValue[], kw: [string, PyValue][]): string {
  const parts = [...args.map(pyTypename), ...kw.map(([k, v]) => `${k}=${pyTypename(v)}`)];
  return '(' + parts.join(', ') + (args.length === 0 && parts.length > 0 ? ', ' : '') + ')';
}
function unmatchedKwargs(tokens: string[], kw: [string, PyValue][]): string[] {
  const start = Math.max(tokens.length - kw.length, 0);
  const names = tokens.slice(start).map(tokenName);
  return kw.map(([k]) => k).filter((k) => !names.includes(k));
}

export function sigs(name: string, texts: string[], noArgsMethod = false, hasHiddenOverloads = false): Signatures {
  return new Signatures(name, texts, noArgsMethod, hasHiddenOverloads);
}

// ---------------------------------------------------------------- typed readers of bound args

export function optDtype(v: PyValue): DType | undefined {
  if (v === COMPLEX_DTYPE) complexUnsupported();
  return v instanceof DTypeValue ? v.dtype : undefined;
}

// ---------------------------------------------------------------- complex (unsupported)

/** torch.complex64 & co.: a dtype object that names the limitation wherever it is used. */
export const COMPLEX_DTYPE = new DTypeValue('complex64' as DType);
export function complexUnsupported(): never {
  throw new TorchErrorLike('NotImplementedError', 'complex tensors are not supported by Gradscope');
}

// ---------------------------------------------------------------- torch.finfo / torch.iinfo

/** C++ ostream formatting of a double (precision 6, %g), as finfo/iinfo reprs print. */
export function cppG(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return v !== v ? 'nan' : v > 0 ? 'inf' : '-inf';
  const { digits, exp } = sixDigits(Math.abs(v));
  const sign = v < 0 ? '-' : '';
  const trim = (s: string) => s.replace(/0+$/, '').replace(/\.$/, '');
  let out: string;
  if (exp < -4 || exp >= 6) out = `${trim(digits[0] + '.' + digits.slice(1))}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  else if (exp < 0) out = trim('0.' + '0'.repeat(-exp - 1) + digits);
  else out = trim(digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1));
  return sign + out;
}

/** The 6 significant digits of a positive v and its decimal exponent, rounded half to even on the exact binary value (printf). */
function sixDigits(v: number): { digits: string; exp: number } {
  const [mant, e] = v.toExponential(40).split('e');
  const all = mant.replace('.', '');
  let exp = Number(e);
  let head = Number(all.slice(0, 6));
  const rest = all.slice(6);
  const above = rest[0] > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)));
  const tie = rest[0] === '5' && !/[1-9]/.test(rest.slice(1));
  if (above || (tie && head % 2 === 1)) head++;
  if (head === 1000000) {
    head = 100000;
    exp++;
  }
  return { digits: String(head), exp };
}

interface FloatInfo { bits: number; eps: number; max: number; tiny: number; resolution: number }
const FLOAT_INFO: Partial<Record<DType, FloatInfo>> = {
  float16: { bits: 16, eps: 2 ** -10, max: 65504, tiny: 2 ** -14, resolution: 0.001 },
  bfloat16: { bits: 16, eps: 2 ** -7, max: 3.3895313892515355e38, tiny: 2 ** -126, resolution: 0.01 },
  float32: { bits: 32, eps: 2 ** -23, max: 3.4028234663852886e38, tiny: 2 ** -126, resolution: 1e-6 },
  float64: { bits: 64, eps: 2 ** -52, max: Number.MAX_VALUE, tiny: 2 ** -1022, resolution: 1e-15 },
};
const INT_INFO: Partial<Record<DType, { bits: number; min: bigint; max: bigint }>> = {
  uint8: { bits: 8, min: 0n, max: 255n },
  int8: { bits: 8, min: -128n, max: 127n },
  int16: { bits: 16, min: -32768n, max: 32767n },
  int32: { bits: 32, min: -2147483648n, max: 2147483647n },
  int64: { bits: 64, min: -9223372036854775808n, max: 9223372036854775807n },
};

export class FinfoValue {
  constructor(readonly dtype: DType, readonly info: FloatInfo) {}
}
export class IinfoValue {
  constructor(readonly dtype: DType, readonly info: { bits: number; min: bigint; max: bigint }) {}
}

export const FinfoType: PyType = defineNativeType({
  name: 'finfo',
  module: 'torch',
  jsClass: FinfoValue,
  construct: (_cls, args) => {
    const d = args.length === 0 ? defaultFloatDtype() : args[0] instanceof DTypeValue ? (args[0] as DTypeValue).dtype : null;
    const info = d === null ? undefined : FLOAT_INFO[d];
    if (d === null || info === undefined) raiseTypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
    return new FinfoValue(d!, info!);
  },
  methods: {
    __repr__: method('__repr__', '', (self: FinfoValue) => {
      const i = self.info;
      return `finfo(resolution=${cppG(i.resolution)}, min=${cppG(-i.max)}, max=${cppG(i.max)}, eps=${cppG(i.eps)}, smallest_normal=${cppG(i.tiny)}, tiny=${cppG(i.tiny)}, dtype=${self.dtype})`;
    }),
  },
  getters: {
    bits: { get: (self: FinfoValue) => BigInt(self.info.bits) },
    eps: { get: (self: FinfoValue) => self.info.eps },
    max: { get: (self: FinfoValue) => self.info.max },
    min: { get: (self: FinfoValue) => -self.info.max },
    tiny: { get: (self: FinfoValue) => self.info.tiny },
    smallest_normal: { get: (self: FinfoValue) => self.info.tiny },
    resolution: { get: (self: FinfoValue) => self.info.resolution },
    dtype: { get: (self: FinfoValue) => self.dtype },
  },
  subclassable: false,
});

export const IinfoType: PyType = defineNativeType({
  name: 'iinfo',
  module: 'torch',
  jsClass: IinfoValue,
  construct: (_cls, args) => {
    const d = args[0] instanceof DTypeValue ? (args[0] as DTypeValue).dtype : null;
    const info = d === null ? undefined : INT_INFO[d];
    if (d === null || info === undefined) raiseTypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
    return new IinfoValue(d!, info!);
  },
  methods: {
    __repr__: method('__repr__', '', (self: IinfoValue) =>
      `iinfo(min=${cppG(Number(self.info.min))}, max=${cppG(Number(self.info.max))}, dtype=${self.dtype})`),
  },
  getters: {
    bits: { get: (self: IinfoValue) => BigInt(self.info.bits) },
    max: { get: (self: IinfoValue) => self.info.max },
    min: { get: (self: IinfoValue) => self.info.min },
    dtype: { get: (self: IinfoValue) => self.dtype },
  },
  subclassable: false,
});
export function optInt(v: PyValue): number | undefined {
  return v === null || v === undefined ? undefined : intValue(v);
}
export function toInt(v: PyValue): number {
  return intValue(v);
}
/** A bound `tuple of ints` (or single int) → number[]. */
export function ints(v: PyValue): number[] {
  if (isIntLike(v)) return [intValue(v)];
  return (v as PyTuple).items.map(intValue);
}
/** A bound dim argument: null → null, int → number, tuple → number[]. */
export function dimsOf(v: PyValue): number | number[] | null {
  if (v === null || v === undefined) return null;
  if (isIntLike(v)) return intValue(v);
  return (v as PyTuple).items.map(intValue);
}
export function tensors(v: PyValue): Tensor[] {
  return (v as PyTuple).items as Tensor[];
}
/** A bound `Number` → engine operand (0-d tensors give their value with the tensor's kind). */
export function numberOf(v: PyValue): Scalar {
  if (v instanceof Tensor) {
    const x = v.at(0);
    return isFloating(v.dtype) ? pyFloat(x) : v.dtype === 'bool' ? pyBool(x !== 0) : pyInt(x);
  }
  return scalarOf(v)!;
}
export function bool(v: PyValue): boolean {
  return v === true;
}

function defaultFloatDtype(): DType {
  return dtypeDefaults.float;
}
