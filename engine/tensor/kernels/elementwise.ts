// Binary elementwise kernels: broadcasting, PyTorch's type promotion, tensor-scalar forms
// and in-place variants. Every op runs through one strided row loop per op (the switch on
// the op sits outside the element loop), after the dims are coalesced into long rows.
import { category, DType, dtypeDefaults, isFloating, promoteWithScalar, resultType, Storage } from '../dtype';
import { scalarTypeName, TorchError } from '../errors';
import { numelOf, sameShape, Tensor } from '../tensor';
import { broadcastOrThrow, castValue, coalesce, emptyForOverwrite, emptyLike, expandStrides, isTensor, Operand, readAs, Scalar } from './util';
import * as vm from './vecmath';
import { BinOp, binaryRowWasm } from './wasm-elementwise';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'div_trunc' | 'div_floor' | 'remainder' | 'fmod' | 'pow'
  | 'maximum' | 'minimum' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'logical_and' | 'logical_or' | 'logical_xor'
  | 'bitwise_and' | 'bitwise_or' | 'bitwise_xor';

// Loop codes: one specialised element loop each (see binaryRow).
const enum K {
  Add, AddAlpha, Mul, Div, DivTruncF, DivTruncI, DivFloorF, DivFloorF32, DivFloorI, RemF, RemI, FmodF, FmodI,
  PowF, PowF32, PowF32Scalar, PowI, Square, CubeF32, Cube, Sqrt, RsqrtF32, Rsqrt, Recip, RecipSquareF32, RecipSquare,
  Max, Min, Atan2, Eq, Ne, Lt, Le, Gt, Ge, LAnd, LOr, LXor, BAnd, BOr, BXor, MulI32,
}

const COMPARISONS = new Set<BinaryOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const LOGICAL = new Set<BinaryOp>(['logical_and', 'logical_or', 'logical_xor']);
const BITWISE = new Set<BinaryOp>(['bitwise_and', 'bitwise_or', 'bitwise_xor']);

/** Whether PyTorch lets a value of dtype `from` be written into a tensor of dtype `to` by an in-place op. */
export function canCast(from: DType, to: DType): boolean {
  return category(from) <= category(to);
}

/** The common dtype of the operands (PyTorch's result_type with 0-d and Python-scalar tiers). */
export function commonDType(a: Operand, b: Operand): DType {
  const tensors: Tensor[] = [];
  const scalars: Scalar[] = [];
  for (const x of [a, b]) {
    if (isTensor(x)) tensors.push(x);
    else scalars.push(x);
  }
  if (tensors.length === 0) throw new Error('binary kernel needs at least one tensor operand');
  let d = resultType(tensors);
  for (const s of scalars) d = promoteWithScalar(d, s.kind);
  return d;
}

/** The dtype the op computes in and the dtype of its result. */
export function binaryTypes(op: BinaryOp, a: Operand, b: Operand): { compute: DType; result: DType } {
  const common = commonDType(a, b);
  if (COMPARISONS.has(op)) return { compute: common, result: 'bool' };
  if (LOGICAL.has(op)) return { compute: common, result: 'bool' };
  if ((op === 'div' || op === 'atan2') && !isFloating(common)) return { compute: dtypeDefaults.float, result: dtypeDefaults.float };
  return { compute: common, result: common };
}

function opLabel(op: BinaryOp): string {
  return op === 'div_trunc' || op === 'div_floor' ? 'div' : op;
}

/** Validates dtype-specific rules and picks the loop code. */
function selectLoop(op: BinaryOp, compute: DType, a: Operand, b: Operand, alpha: Scalar | undefined): { loop: K; alpha: number } {
  const isBool = compute === 'bool';
  const isInt = !isFloating(compute) && !isBool;
  const f32 = compute === 'float32';
  let alphaValue = 1;
  if (alpha !== undefined && (op === 'add' || op === 'sub')) {
    if (!isFloating(compute) && alpha.kind === 'float') {
      throw new TorchError('RuntimeError', 'For integral input tensors, argument alpha must not be a floating point number.');
    }
    if (alpha.kind === 'bool' && !isBool) throw new TorchError('RuntimeError', 'Boolean alpha only supported for Boolean results.');
    alphaValue = castValue(f32 ? Math.fround(alpha.value) : alpha.value, compute);
  }
  if (BITWISE.has(op) && isFloating(compute)) {
    throw new TorchError('NotImplementedError', `"${op}_cpu" not implemented for '${scalarTypeName(compute)}'`);
  }
  switch (op) {
    case 'add':
      if (isBool) return { loop: K.LOr, alpha: 1 };
      return alphaValue === 1 ? { loop: K.Add, alpha: 1 } : { loop: K.AddAlpha, alpha: alphaValue };
    case 'sub':
      if (isBool) {
        throw new TorchError('NotImplementedError', 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
      }
      return { loop: K.AddAlpha, alpha: -alphaValue };
    case 'mul':
      if (isBool) return { loop: K.LAnd, alpha: 1 };
      return { loop: compute === 'int32' ? K.MulI32 : K.Mul, alpha: 1 };
    case 'div': return { loop: K.Div, alpha: 1 };
    case 'div_trunc': return { loop: isFloating(compute) ? K.DivTruncF : K.DivTruncI, alpha: 1 };
    case 'div_floor': return { loop: isFloating(compute) ? (f32 ? K.DivFloorF32 : K.DivFloorF) : K.DivFloorI, alpha: 1 };
    case 'remainder': return { loop: isFloating(compute) ? K.RemF : K.RemI, alpha: 1 };
    case 'fmod': return { loop: isFloating(compute) ? K.FmodF : K.FmodI, alpha: 1 };
    case 'pow': {
      if (!isTensor(b)) {
        // Tensor ** Python scalar: PyTorch's pow_tensor_scalar special-cases these exponents.
        const e = b.value;
        if (isInt && b.kind !== 'float' && e < 0) {
          throw new TorchError('RuntimeError', 'Integers to negative integer powers are not allowed.');
        }
        if (isFloating(compute)) {
          if (e === 2) return { loop: K.Square, alpha: 1 };
          if (e === 3) return { loop: f32 ? K.CubeF32 : K.Cube, alpha: 1 };
          if (e === 0.5) return { loop: K.Sqrt, alpha: 1 };
          if (e === -0.5) return { loop: f32 ? K.RsqrtF32 : K.Rsqrt, alpha: 1 };
          if (e === -1) return { loop: K.Recip, alpha: 1 };
          if (e === -2) return { loop: f32 ? K.RecipSquareF32 : K.RecipSquare, alpha: 1 };
          // float32 ** Python float: the scalar loop's std::pow takes the exponent as a double
          if (f32) return { loop: K.PowF32Scalar, alpha: e };
        }
      }
      return { loop: isInt || isBool ? K.PowI : f32 ? K.PowF32 : K.PowF, alpha: 1 };
    }
    case 'maximum': return { loop: isBool ? K.LOr : K.Max, alpha: 1 };
    case 'minimum': return { loop: isBool ? K.LAnd : K.Min, alpha: 1 };
    case 'atan2': return { loop: K.Atan2, alpha: 1 };
    case 'eq': return { loop: K.Eq, alpha: 1 };
    case 'ne': return { loop: K.Ne, alpha: 1 };
    case 'lt': return { loop: K.Lt, alpha: 1 };
    case 'le': return { loop: K.Le, alpha: 1 };
    case 'gt': return { loop: K.Gt, alpha: 1 };
    case 'ge': return { loop: K.Ge, alpha: 1 };
    case 'logical_and': return { loop: K.LAnd, alpha: 1 };
    case 'logical_or': return { loop: K.LOr, alpha: 1 };
    case 'logical_xor': return { loop: K.LXor, alpha: 1 };
    case 'bitwise_and': return { loop: isBool ? K.LAnd : K.BAnd, alpha: 1 };
    case 'bitwise_or': return { loop: isBool ? K.LOr : K.BOr, alpha: 1 };
    case 'bitwise_xor': return { loop: isBool ? K.LXor : K.BXor, alpha: 1 };
  }
}

const zeroDivision = (): TorchError => new TorchError('RuntimeError', 'ZeroDivisionError');

/** c10::div_floor_floating in double. */
function divFloorF(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) div -= 1;
  if (div !== 0) {
    let fl = Math.floor(div);
    if (div - fl > 0.5) fl += 1;
    return fl;
  }
  return (a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
}
/** The same in float32 arithmetic (each step rounded), as PyTorch computes it for float tensors. */
function divFloorF32(a: number, b: number): number {
  const f = Math.fround;
  if (b === 0) return a / b;
  const mod = a % b; // fmod is exact
  let div = f(f(a - mod) / b);
  if (mod !== 0 && (b < 0) !== (mod < 0)) div = f(div - 1);
  if (div !== 0) {
    let fl = Math.floor(div);
    if (f(div - fl) > 0.5) fl += 1;
    return fl;
  }
  const q = a / b;
  return q < 0 || Object.is(q, -0) ? -0 : 0;
}
/** Integer power as PyTorch's powi: negative exponents give 1, ±1 or 0. */
function powInt(base: number, exp: number): number {
  if (exp < 0) {
    if (base === 1) return 1;
    if (base === -1) return exp % 2 === 0 ? 1 : -1;
    return 0;
  }
  return Math.pow(base, exp);
}
function bitOp(a: number, b: number, which: number): number {
  if (a === (a | 0) && b === (b | 0)) return which === 0 ? a & b : which === 1 ? a | b : a ^ b;
  const x = BigInt(a), y = BigInt(b);
  return Number(which === 0 ? x & y : which === 1 ? x | y : x ^ y);
}

// The hottest loops live in small functions of their own, so V8 optimises each one early
// and keeps its type feedback narrow.
function addRow(n: number, out: Storage, o: number, os: number, a: Storage | Float64Array, ai: number, as: number, b: Storage | Float64Array, bi: number, bs: number): void {
  if (os === 1 && as === 1 && bs === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ai + k] + b[bi + k];
    return;
  }
  for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] + b[bi];
}
function addAlphaRow(alpha: number, n: number, out: Storage, o: number, os: number, a: Storage | Float64Array, ai: number, as: number, b: Storage | Float64Array, bi: number, bs: number): void {
  for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] + alpha * b[bi];
}
function mulRow(n: number, out: Storage, o: number, os: number, a: Storage | Float64Array, ai: number, as: number, b: Storage | Float64Array, bi: number, bs: number): void {
  if (os === 1 && as === 1 && bs === 1) {
    for (let k = 0; k < n; k++) out[o + k] = a[ai + k] * b[bi + k];
    return;
  }
  for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] * b[bi];
}

/** out[o+k] = a[ai+k] (op) v for the common ops; false for the others (the general loop runs). */
function scalarRightRow(loop: K, alpha: number, n: number, out: Storage, o: number, a: Storage | Float64Array, ai: number, v: number): boolean {
  switch (loop) {
    case K.Add: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] + v; return true;
    case K.AddAlpha: { const s = alpha * v; for (let k = 0; k < n; k++) out[o + k] = a[ai + k] + s; return true; }
    case K.Mul: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] * v; return true;
    case K.Div: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] / v; return true;
    case K.Lt: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] < v ? 1 : 0; return true;
    case K.Le: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] <= v ? 1 : 0; return true;
    case K.Gt: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] > v ? 1 : 0; return true;
    case K.Ge: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] >= v ? 1 : 0; return true;
    case K.Eq: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] === v ? 1 : 0; return true;
    case K.Ne: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] !== v ? 1 : 0; return true;
    default: return false;
  }
}

/**
 * The element loop: out[o] = a[ai] (op) b[bi] for n elements, each pointer advancing by its
 * stride. One tight loop per op so V8 compiles each without a call per element.
 */
function binaryRow(
  loop: K, alpha: number, n: number,
  out: Storage, o: number, os: number,
  a: Storage | Float64Array, ai: number, as: number,
  b: Storage | Float64Array, bi: number, bs: number,
): void {
  const f = Math.fround;
  // A dense row against one value (x * 0.01, x <= 0, x + b[j] …): read the value once, so the
  // loop touches a single input array (a Float64Array scalar slot beside a Float32Array row
  // would make every element load polymorphic).
  if (bs === 0 && as === 1 && os === 1 && scalarRightRow(loop, alpha, n, out, o, a, ai, b[bi])) return;
  switch (loop) {
    case K.Add: addRow(n, out, o, os, a, ai, as, b, bi, bs); return;
    case K.AddAlpha: addAlphaRow(alpha, n, out, o, os, a, ai, as, b, bi, bs); return;
    case K.Mul: mulRow(n, out, o, os, a, ai, as, b, bi, bs); return;
    case K.MulI32: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = Math.imul(a[ai], b[bi]); return;
    case K.Div: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] / b[bi]; return;
    case K.DivTruncF: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = Math.trunc(a[ai] / b[bi]); return;
    case K.DivTruncI:
      for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) {
        const x = a[ai], y = b[bi];
        if (y === 0) throw zeroDivision();
        out[o] = (x - (x % y)) / y;
      }
      return;
    case K.DivFloorF: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = divFloorF(a[ai], b[bi]); return;
    case K.DivFloorF32: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = divFloorF32(a[ai], b[bi]); return;
    case K.DivFloorI:
      for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) {
        const x = a[ai], y = b[bi];
        if (y === 0) throw zeroDivision();
        let r = x % y;
        if (r !== 0 && (r < 0) !== (y < 0)) r += y;
        out[o] = (x - r) / y;
      }
      return;
    case K.RemF:
      for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) {
        const y = b[bi];
        let r = a[ai] % y;
        if (r !== 0 && (r < 0) !== (y < 0)) r += y;
        out[o] = r;
      }
      return;
    case K.RemI:
      for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) {
        const y = b[bi];
        if (y === 0) throw zeroDivision();
        let r = a[ai] % y;
        if (r !== 0 && (r < 0) !== (y < 0)) r += y;
        out[o] = r;
      }
      return;
    case K.FmodF: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] % b[bi]; return;
    case K.FmodI:
      for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) {
        const y = b[bi];
        if (y === 0) throw zeroDivision();
        out[o] = a[ai] % y;
      }
      return;
    case K.PowF: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = Math.pow(a[ai], b[bi]); return;
    case K.PowI: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = powInt(a[ai], b[bi]); return;
    // float32: SLEEF powf on the vector blocks, std::pow on the rest (see vecmath.ts)
    case K.PowF32: vm.mapRow2F32(n, out, o, os, a, ai, as, b, bi, bs, vm.powF32, vm.powF32Scalar); return;
    case K.PowF32Scalar: { // alpha: the exponent as the Python double; SLEEF gets it as a float
      const e = alpha, ef = f(alpha);
      vm.mapRowF32(n, out, o, os, a, ai, as, (x) => vm.powF32(x, ef), (x) => vm.powF32Scalar(x, e));
      return;
    }
    case K.Square: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x * x; } return;
    case K.Cube: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x * x * x; } return;
    case K.CubeF32: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = f(x * x) * x; } return;
    case K.Sqrt: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.sqrt(a[ai]); return;
    case K.Rsqrt: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = 1 / Math.sqrt(a[ai]); return;
    case K.RsqrtF32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = 1 / f(Math.sqrt(a[ai])); return;
    case K.Recip: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = 1 / a[ai]; return;
    case K.RecipSquare: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = 1 / (x * x); } return;
    case K.RecipSquareF32: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = 1 / f(x * x); } return;
    case K.Max:
      for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) {
        const x = a[ai], y = b[bi];
        out[o] = x !== x || y !== y ? NaN : x > y ? x : y;
      }
      return;
    case K.Min:
      for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) {
        const x = a[ai], y = b[bi];
        out[o] = x !== x || y !== y ? NaN : x < y ? x : y;
      }
      return;
    case K.Atan2: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = Math.atan2(a[ai], b[bi]); return;
    case K.Eq: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] === b[bi] ? 1 : 0; return;
    case K.Ne: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] !== b[bi] ? 1 : 0; return;
    case K.Lt: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] < b[bi] ? 1 : 0; return;
    case K.Le: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] <= b[bi] ? 1 : 0; return;
    case K.Gt: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] > b[bi] ? 1 : 0; return;
    case K.Ge: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] >= b[bi] ? 1 : 0; return;
    case K.LAnd: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0; return;
    case K.LOr: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0; return;
    case K.LXor: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = (a[ai] !== 0) !== (b[bi] !== 0) ? 1 : 0; return;
    case K.BAnd: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = bitOp(a[ai], b[bi], 0); return;
    case K.BOr: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = bitOp(a[ai], b[bi], 1); return;
    case K.BXor: for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = bitOp(a[ai], b[bi], 2); return;
  }
}

/** An operand as storage + offset + strides over the output shape (a scalar is a 1-slot storage with 0 strides). */
interface Source {
  data: Storage | Float64Array;
  offset: number;
  strides: number[];
}

function toSource(x: Operand, compute: DType | null, shape: readonly number[]): Source {
  if (isTensor(x)) {
    const t = compute === null ? x : readAs(x, compute);
    return { data: t.storage, offset: t.offset, strides: expandStrides(t, shape) };
  }
  let v = x.value;
  // float16/bfloat16 ops take Python scalars in float32 (their opmath type)
  if (compute === 'float16' || compute === 'bfloat16') v = Math.fround(v);
  else if (compute !== null) v = castValue(compute === 'float32' ? Math.fround(v) : v, compute);
  return { data: new Float64Array([v]), offset: 0, strides: new Array<number>(shape.length).fill(0) };
}

/** Runs `loop` over `shape`, writing `out` (storage with its own strides/offset). */
function runBinary(loop: K, alpha: number, shape: readonly number[], out: Storage, outOffset: number, outStrides: readonly number[], a: Source, b: Source): void {
  const n = numelOf(shape);
  if (n === 0) return;
  const { shape: cs, strides: [os, as, bs] } = coalesce(shape, [outStrides, a.strides, b.strides]);
  const nd = cs.length;
  if (nd === 0) {
    binaryRow(loop, alpha, 1, out, outOffset, 0, a.data, a.offset, 0, b.data, b.offset, 0);
    return;
  }
  const last = nd - 1;
  const rowLen = cs[last];
  if (nd === 1) {
    if (as[0] === 0 && bs[0] === 0 && os[0] === 1) {
      // Both operands are one value broadcast (an expanded gradient times a number …): one result, filled.
      binaryRow(loop, alpha, 1, out, outOffset, 0, a.data, a.offset, 0, b.data, b.offset, 0);
      out.fill(out[outOffset], outOffset + 1, outOffset + rowLen);
      return;
    }
    binaryRow(loop, alpha, rowLen, out, outOffset, os[0], a.data, a.offset, as[0], b.data, b.offset, bs[0]);
    return;
  }
  // Odometer over the outer dims; each step runs one row of the innermost dim.
  const idx = new Array<number>(nd).fill(0);
  let op = outOffset, ap = a.offset, bp = b.offset;
  const rows = n / rowLen;
  for (let r = 0; r < rows; r++) {
    binaryRow(loop, alpha, rowLen, out, op, os[last], a.data, ap, as[last], b.data, bp, bs[last]);
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      op += os[d]; ap += as[d]; bp += bs[d];
      if (idx[d] < cs[d]) break;
      op -= os[d] * cs[d]; ap -= as[d] * cs[d]; bp -= bs[d] * cs[d];
      idx[d] = 0;
    }
  }
}

function shapeOf(x: Operand): readonly number[] {
  return isTensor(x) ? x.shape : [];
}

/**
 * The common case without the general machinery (promotion tables, broadcasting, dimension
 * coalescing, per-operand source records): a dense float tensor (op) a Python number or a
 * dense tensor of the same shape and dtype. Same results as the general path (which computes
 * `a - b` as `a + (-1)·b`, the same IEEE value); null when the case does not apply.
 */
function binaryDense(op: BinaryOp, a: Tensor, b: Operand): Tensor | null {
  if (op !== 'add' && op !== 'sub' && op !== 'mul' && op !== 'div') return null;
  const d = a.dtype;
  if ((d !== 'float32' && d !== 'float64') || !a.isContiguous()) return null;
  let bData: Storage | null = null;
  let bOff = 0;
  let v = 0;
  if (isTensor(b)) {
    if (b.dtype !== d || !sameShape(a.shape, b.shape) || !b.isContiguous()) return null;
    bData = b.storage;
    bOff = b.offset;
  } else {
    if (b.kind === 'bool') return null;
    v = d === 'float32' ? Math.fround(b.value) : b.value;
  }
  const out = emptyForOverwrite(a.shape.slice(), d);
  denseOrScalarRow(op, out.storage.length, out.storage, 0, a.storage, a.offset, bData, bOff, v);
  return out;
}

/** Below this many elements a JavaScript loop beats the copies into the SIMD kernel's memory. */
const WASM_MIN_ELEMENTS = 1024;
const WASM_OPS: Record<string, BinOp> = { add: BinOp.Add, sub: BinOp.Sub, mul: BinOp.Mul, div: BinOp.Div };

/** out = a (op) b over dense float rows of one dtype, or a (op) v when b is null. */
function denseOrScalarRow(op: 'add' | 'sub' | 'mul' | 'div', n: number, out: Storage, o: number, a: Storage, ai: number, b: Storage | null, bi: number, v: number): void {
  if (n >= WASM_MIN_ELEMENTS && (out instanceof Float32Array || out instanceof Float64Array)
    && binaryRowWasm(WASM_OPS[op], n, out, o, a as typeof out, ai, b as typeof out | null, bi, v)) return;
  if (b === null) scalarRightRow(op === 'add' ? K.Add : op === 'sub' ? K.AddAlpha : op === 'mul' ? K.Mul : K.Div, -1, n, out, o, a, ai, v);
  else denseRow(op, n, out, o, a, ai, b, bi);
}

function denseRow(op: BinaryOp, n: number, out: Storage, o: number, a: Storage, ai: number, b: Storage, bi: number): void {
  switch (op) {
    case 'add': for (let k = 0; k < n; k++) out[o + k] = a[ai + k] + b[bi + k]; return;
    case 'sub': for (let k = 0; k < n; k++) out[o + k] = a[ai + k] - b[bi + k]; return;
    case 'mul': for (let k = 0; k < n; k++) out[o + k] = a[ai + k] * b[bi + k]; return;
    default: for (let k = 0; k < n; k++) out[o + k] = a[ai + k] / b[bi + k]; return;
  }
}

/**
 * `a (op) b` with broadcasting and PyTorch's promotion; returns a new contiguous tensor.
 * `alpha` scales `b` for add/sub (`torch.add(a, b, alpha=…)`).
 */
export function binary(op: BinaryOp, a: Operand, b: Operand, alpha?: Scalar): Tensor {
  if (alpha === undefined && isTensor(a)) {
    const fast = binaryDense(op, a, b);
    if (fast !== null) return fast;
  }
  const { compute, result } = binaryTypes(op, a, b);
  const { loop, alpha: alphaValue } = selectLoop(op, compute, a, b, alpha);
  const shape = broadcastOrThrow(shapeOf(a), shapeOf(b));
  const out = emptyForOverwrite(shape, result); // runBinary writes every element
  // Logical ops test "!= 0" on each operand's own values: no cast needed.
  const readDType = LOGICAL.has(op) ? null : compute;
  const sa = toSource(a, readDType, shape);
  const sb = toSource(b, readDType, shape);
  // Loops that produce a non-integral intermediate for an int64 slot never happen: int
  // division is routed to the exact trunc/floor loops and true division computes in float.
  runBinary(loop, alphaValue, shape, out.storage, 0, out.strides, sa, sb);
  return out;
}

/**
 * In-place `self (op)= other` (`add_`, `mul_`…): the result type must be castable to self's
 * dtype and the broadcast shape must be self's shape, as PyTorch requires. Returns self.
 * The caller bumps the version counter.
 */
export function binaryInPlace(op: BinaryOp, self: Tensor, other: Operand, alpha?: Scalar): Tensor {
  const { compute, result } = binaryTypes(op, self, other);
  if (!canCast(result, self.dtype)) {
    throw new TorchError('RuntimeError', `result type ${scalarTypeName(result)} can't be cast to the desired output type ${scalarTypeName(self.dtype)}`);
  }
  const { loop, alpha: alphaValue } = selectLoop(op, compute, self, other, alpha);
  const shape = broadcastOrThrow(self.shape, shapeOf(other));
  if (!sameShape(shape, self.shape)) {
    throw new TorchError('RuntimeError', `output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
  }
  if (self.dtype === compute && self.dtype === result) {
    if (alpha === undefined && denseInPlace(op, self, other)) return self;
    const readDType = LOGICAL.has(op) ? null : compute;
    // Read `other` before writing when it shares self's storage (x.add_(x.flip(0))).
    const otherSrc = isTensor(other) && other.storage === self.storage ? toSource(readAs(copyOf(other), compute), readDType, shape) : toSource(other, readDType, shape);
    runBinary(loop, alphaValue, shape, self.storage, self.offset, self.strides, toSource(self, readDType, shape), otherSrc);
    return self;
  }
  copyInto(self, binary(op, self, other, alpha));
  return self;
}

/** binaryInPlace's common case (`.grad += g`, `w -= lr * g` …) on one dense float row; false when it does not apply. */
function denseInPlace(op: BinaryOp, self: Tensor, other: Operand): boolean {
  if (op !== 'add' && op !== 'sub' && op !== 'mul' && op !== 'div') return false;
  const d = self.dtype;
  if ((d !== 'float32' && d !== 'float64') || !self.isContiguous()) return false;
  const n = numelOf(self.shape);
  if (isTensor(other)) {
    if (other.dtype !== d || !sameShape(self.shape, other.shape) || !other.isContiguous()) return false;
    // An operand overlapping self elsewhere must be read before it is written (the general path copies it).
    if (other.storage === self.storage && other.offset !== self.offset) return false;
    denseOrScalarRow(op, n, self.storage, self.offset, self.storage, self.offset, other.storage, other.offset, 0);
    return true;
  }
  if (other.kind === 'bool') return false;
  denseOrScalarRow(op, n, self.storage, self.offset, self.storage, self.offset, null, 0, d === 'float32' ? Math.fround(other.value) : other.value);
  return true;
}

function copyOf(t: Tensor): Tensor {
  const c = emptyLike(t.shape.slice(), t.dtype);
  copyInto(c, t);
  return c;
}

/**
 * `dst.copy_(src)`: broadcasts `src` to dst's shape and casts to dst's dtype (trunc for
 * float→int, != 0 for →bool). Writes through dst's strides.
 */
export function copyInto(dst: Tensor, src: Operand): void {
  if (isTensor(src)) {
    const shape = broadcastOrThrow(dst.shape, src.shape);
    if (!sameShape(shape, dst.shape)) {
      throw new TorchError('RuntimeError', `output with shape [${dst.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
    }
  }
  const n = dst.numel;
  if (n === 0) return;
  const s = isTensor(src) && src.storage === dst.storage ? toSource(copyOf(src), null, dst.shape) : toSource(src, null, dst.shape);
  const mode = castMode(isTensor(src) ? src.dtype : src.kind === 'float' ? 'float64' : 'int64', dst.dtype);
  const { shape: cs, strides: [os, ss] } = coalesce(dst.shape, [dst.strides, s.strides]);
  const nd = cs.length;
  const out = dst.storage;
  if (nd === 0) {
    copyRow(mode, 1, out, dst.offset, 0, s.data, s.offset, 0);
    return;
  }
  const last = nd - 1;
  const rowLen = cs[last];
  const idx = new Array<number>(nd).fill(0);
  let op = dst.offset, sp = s.offset;
  const rows = n / rowLen;
  for (let r = 0; r < rows; r++) {
    copyRow(mode, rowLen, out, op, os[last], s.data, sp, ss[last]);
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      op += os[d]; sp += ss[d];
      if (idx[d] < cs[d]) break;
      op -= os[d] * cs[d]; sp -= ss[d] * cs[d];
      idx[d] = 0;
    }
  }
}

const enum CastMode { Plain, Trunc, ToBool }
function castMode(from: DType, to: DType): CastMode {
  if (to === 'bool' && from !== 'bool') return CastMode.ToBool;
  if (to === 'int64' && isFloating(from)) return CastMode.Trunc;
  return CastMode.Plain;
}
function copyRow(mode: CastMode, n: number, out: Storage, o: number, os: number, s: Storage | Float64Array, si: number, ss: number): void {
  switch (mode) {
    case CastMode.Plain: for (let k = 0; k < n; k++, o += os, si += ss) out[o] = s[si]; return;
    case CastMode.Trunc: for (let k = 0; k < n; k++, o += os, si += ss) out[o] = Math.trunc(s[si]); return;
    case CastMode.ToBool: for (let k = 0; k < n; k++, o += os, si += ss) out[o] = s[si] !== 0 ? 1 : 0; return;
  }
}

// ---- named forms (what engine/ops calls) ----

export const add = (a: Operand, b: Operand, alpha?: Scalar): Tensor => binary('add', a, b, alpha);
export const sub = (a: Operand, b: Operand, alpha?: Scalar): Tensor => binary('sub', a, b, alpha);
export const mul = (a: Operand, b: Operand): Tensor => binary('mul', a, b);
/** torch.div with rounding_mode null (true division), 'trunc' or 'floor'. */
export function div(a: Operand, b: Operand, roundingMode: 'trunc' | 'floor' | null = null): Tensor {
  return binary(roundingMode === null ? 'div' : roundingMode === 'trunc' ? 'div_trunc' : 'div_floor', a, b);
}
export const floorDivide = (a: Operand, b: Operand): Tensor => binary('div_floor', a, b);
export const remainder = (a: Operand, b: Operand): Tensor => binary('remainder', a, b);
export const fmod = (a: Operand, b: Operand): Tensor => binary('fmod', a, b);
export const pow = (a: Operand, b: Operand): Tensor => binary('pow', a, b);
export const maximum = (a: Operand, b: Operand): Tensor => binary('maximum', a, b);
export const minimum = (a: Operand, b: Operand): Tensor => binary('minimum', a, b);
export const atan2 = (a: Operand, b: Operand): Tensor => binary('atan2', a, b);
export const eq = (a: Operand, b: Operand): Tensor => binary('eq', a, b);
export const ne = (a: Operand, b: Operand): Tensor => binary('ne', a, b);
export const lt = (a: Operand, b: Operand): Tensor => binary('lt', a, b);
export const le = (a: Operand, b: Operand): Tensor => binary('le', a, b);
export const gt = (a: Operand, b: Operand): Tensor => binary('gt', a, b);
export const ge = (a: Operand, b: Operand): Tensor => binary('ge', a, b);
export const logicalAnd = (a: Operand, b: Operand): Tensor => binary('logical_and', a, b);
export const logicalOr = (a: Operand, b: Operand): Tensor => binary('logical_or', a, b);
export const logicalXor = (a: Operand, b: Operand): Tensor => binary('logical_xor', a, b);
export const bitwiseAnd = (a: Operand, b: Operand): Tensor => binary('bitwise_and', a, b);
export const bitwiseOr = (a: Operand, b: Operand): Tensor => binary('bitwise_or', a, b);
export const bitwiseXor = (a: Operand, b: Operand): Tensor => binary('bitwise_xor', a, b);

/** Whether two tensors have the same shape and elements (torch.equal). */
export function equal(a: Tensor, b: Tensor): boolean {
  if (!sameShape(a.shape, b.shape)) return false;
  const e = binary('eq', a, b).storage;
  for (let i = 0; i < e.length; i++) if (e[i] === 0) return false;
  return true;
}
