// Unary elementwise kernels (math functions and activations) with PyTorch's dtype rules:
// integer inputs to floating functions give float32; neg/abs/floor/… keep the dtype.
// Float32 results are computed in double and rounded on store; the transcendental functions
// and activations PyTorch evaluates with SLEEF / its own vector code / oneDNN take the
// bit-exact emulations of vecmath.ts (vector path, scalar tail) instead.
import { DType, dtypeDefaults, isFloating, Storage } from '../dtype';
import { scalarTypeName, TorchError } from '../errors';
import { numelOf, Tensor } from '../tensor';
import { maximum, minimum } from './elementwise';
import { coalesce, emptyForOverwrite, emptyLike, isTensor, Operand, readAs } from './util';
import { expRowF32Wasm } from './wasm-elementwise';
import * as vm from './vecmath';

export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'floor' | 'ceil' | 'round' | 'trunc' | 'frac' | 'relu' | 'square'
  | 'exp' | 'exp2' | 'log' | 'log2' | 'log10' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt'
  | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'tanh' | 'asinh' | 'acosh' | 'atanh'
  | 'sigmoid' | 'reciprocal' | 'erf' | 'erfc' | 'gelu' | 'gelu_tanh' | 'silu' | 'mish'
  | 'logical_not' | 'bitwise_not' | 'isnan' | 'isinf' | 'isfinite' | 'signbit';

/** Ops that keep an integer dtype (others promote ints/bools to float32). */
const KEEPS_INT = new Set<UnaryOp>(['neg', 'abs', 'sign', 'floor', 'ceil', 'round', 'trunc', 'relu', 'square', 'bitwise_not']);
/** Ops whose result is bool. */
const TO_BOOL = new Set<UnaryOp>(['logical_not', 'isnan', 'isinf', 'isfinite', 'signbit']);
/** Activations that PyTorch only implements for floating dtypes, with the kernel name in its error. */
const FLOAT_ONLY: Partial<Record<UnaryOp, string>> = {
  frac: 'frac_cpu', gelu: 'GeluKernelImpl', gelu_tanh: 'GeluKernelImpl', silu: 'silu_cpu', mish: 'mish_cpu',
};

const enum U {
  Neg, Abs, Sign, Floor, Ceil, Round, Trunc, Frac, Relu, Square, Exp, Exp2, Log, Log2, Log10, Log1p, Expm1,
  Sqrt, Rsqrt, RsqrtF32, Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh, Asinh, Acosh, Atanh,
  Sigmoid, SigmoidF32, Reciprocal, Erf, ErfF32, Erfc, Gelu, GeluF32, GeluTanh, Silu, SiluF32, Mish,
  LogicalNot, BitwiseNot, BoolNot, IsNan, IsInf, IsFinite, SignBit, Copy,
  LeakyRelu, Elu, Softplus, HardTanh, ClampScalar, Threshold,
  // float32 codes that reproduce PyTorch's kernels bit for bit (see vecmath.ts)
  Exp2F32, Log2F32, Log10F32, TanF32, ExpF32, LogF32, TanhF32, Log1pF32, Expm1F32, SinF32, CosF32, GeluTanhF32, MishF32, EluF32, SoftplusF32,
}

// ---- erf: series near 0, continued fraction for the tail (double accurate to ~1e-15) ----

const INV_SQRT_PI = 0.5641895835477563;

/** erf(x) to near double precision (one implementation, in vecmath.ts). */
export const erf = vm.erfDouble;

/** erfc(x) for x >= 2.5 by the Lentz continued fraction erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    D = x + an * D;
    D = D === 0 ? tiny : 1 / D;
    C = x + an / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) * INV_SQRT_PI) / f;
}

export function erfc(x: number): number {
  if (x !== x) return NaN;
  if (x < 0.5) return 1 - erf(x);
  if (x < 2.5) {
    return 1 - erf(x); // cancellation costs < 3 digits here: erfc(2.5) ≈ 4e-4
  }
  return erfcLarge(x);
}

// exp as V8's Math.exp computes it (fdlibm's __ieee754_exp: reduction by k·ln2 split in hi
// and lo parts, the rational Remez form, then scaling by 2^k), written out so that TurboFan
// inlines it in the element loop instead of calling into C for every element. Same double
// operations in the same order, so the same bits (checked against Math.exp in
// test/unit/kernels-exp.test.ts); |x| >= 700, NaN and infinities go to Math.exp itself.
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00;
const EXP_P1 = 1.66666666666666019037e-01;
const EXP_P2 = -2.77777777770155933842e-03;
const EXP_P3 = 6.61375632143793436117e-05;
const EXP_P4 = -1.65339022054652515390e-06;
const EXP_P5 = 4.13813679705723846039e-08;
/** The double whose high word is `hi` and low word 0 (fdlibm compares high words only). */
function fromHighWord(hi: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, hi);
  return v.getFloat64(0);
}
const HALF_LN2_BOUND = fromHighWord(0x3fd62e43); // |x| >= this  ⟺  high word > 0x3fd62e42
const THREE_HALVES_LN2_BOUND = fromHighWord(0x3ff0a2b2); // |x| < this  ⟺  high word < 0x3ff0a2b2
const EXP_TINY = fromHighWord(0x3e300000); // 2^-28
const POW2_BIAS = 1024;
/** 2^k for |k| <= 1024 (exact): y·2^k is fdlibm's exponent add for normal results. */
const POW2 = (() => {
  const t = new Float64Array(2 * POW2_BIAS + 1);
  for (let k = -POW2_BIAS; k <= POW2_BIAS; k++) t[k + POW2_BIAS] = Math.pow(2, k);
  return t;
})();

export function expFdlibm(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 700)) return Math.exp(x);
  let hi = 0, lo = 0, k = 0;
  if (ax >= HALF_LN2_BOUND) {
    if (ax < THREE_HALVES_LN2_BOUND) {
      if (x > 0) { hi = x - LN2_HI; lo = LN2_LO; k = 1; } else { hi = x + LN2_HI; lo = -LN2_LO; k = -1; }
    } else {
      k = (INV_LN2 * x + (x > 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < EXP_TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - ((lo - (x * c) / (2.0 - c)) - hi);
  return y * POW2[k + POW2_BIAS];
}

/** The exp loop on its own, small enough for V8 to inline expFdlibm into it (inside the big switch it is not). */
function expRow(n: number, out: Storage, o: number, os: number, a: Storage, ai: number, as: number): void {
  // float64 exp as PyTorch: SLEEF's xexp (vecmath.ts), not V8's fdlibm exp
  if (os === 1 && as === 1) {
    for (let k = 0; k < n; k++) out[o + k] = vm.expF64(a[ai + k]);
    return;
  }
  for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.expF64(a[ai]);
}

/** From this many elements the SIMD exp (same bits) beats the JavaScript loop. */
const WASM_EXP_MIN = 16;

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds halves up; PyTorch (nearbyint) rounds them to even.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0; // NaN → 0, as PyTorch's sign
}

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function unaryRow(code: U, n: number, out: Storage, o: number, os: number, a: Storage, ai: number, as: number, p1: number, p2: number): void {
  const f = Math.fround;
  switch (code) {
    case U.Copy: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = a[ai]; return;
    case U.Neg: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = -a[ai]; return;
    case U.Abs: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.abs(a[ai]); return;
    case U.Sign: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = sign(a[ai]); return;
    case U.Floor: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.floor(a[ai]); return;
    case U.Ceil: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.ceil(a[ai]); return;
    case U.Round: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = roundHalfEven(a[ai]); return;
    case U.Trunc: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.trunc(a[ai]); return;
    case U.Frac: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x - Math.trunc(x); } return;
    // relu keeps NaN and -0.0 (x < 0 ? 0 : x)
    case U.Relu: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x < 0 ? 0 : x; } return;
    case U.Square: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x * x; } return;
    case U.Exp: expRow(n, out, o, os, a, ai, as); return;
    case U.Exp2: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.pow(2, a[ai]); return;
    case U.Log: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.logF64(a[ai]); return;
    case U.Log2: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.log2(a[ai]); return;
    case U.Log10: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.log10(a[ai]); return;
    case U.Log1p: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.log1p(a[ai]); return;
    case U.Expm1: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.expm1(a[ai]); return;
    case U.Sqrt: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.sqrt(a[ai]); return;
    case U.Rsqrt: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = 1 / Math.sqrt(a[ai]); return;
    case U.RsqrtF32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = 1 / f(Math.sqrt(a[ai])); return;
    case U.Sin: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.sin(a[ai]); return;
    case U.Cos: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.cos(a[ai]); return;
    case U.Tan: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.tan(a[ai]); return;
    case U.Asin: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.asin(a[ai]); return;
    case U.Acos: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.acos(a[ai]); return;
    case U.Atan: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.atan(a[ai]); return;
    case U.Sinh: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.sinh(a[ai]); return;
    case U.Cosh: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.cosh(a[ai]); return;
    case U.Tanh: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.tanhF64(a[ai]); return;
    case U.Asinh: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.asinh(a[ai]); return;
    case U.Acosh: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.acosh(a[ai]); return;
    case U.Atanh: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Math.atanh(a[ai]); return;
    case U.Sigmoid: vm.mapRowF64(n, out, o, os, a, ai, as, vm.sigmoidF64, vm.sigmoidF64Scalar); return;
    // PyTorch's float kernel: ((0 - x).exp() + 1).reciprocal(), each step in float32
    case U.SigmoidF32: vm.mapRowF32(n, out, o, os, a, ai, as, vm.sigmoidF32, vm.sigmoidF32Scalar); return;
    case U.Reciprocal: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = 1 / a[ai]; return;
    case U.Erf: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = erf(a[ai]); return;
    case U.Erfc: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = erfc(a[ai]); return;
    case U.Gelu: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x * 0.5 * (1 + erf(x * SQRT1_2)); } return;
    // (x * 0.5) * (1 + erf(x * M_SQRT1_2)), each step in float32
    // p1 = 1: a contiguous tensor of > 1 element, which PyTorch hands to oneDNN
    case U.GeluF32: if (p1 === 1) { for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.geluOneDnnF32(a[ai]); } else vm.mapRowF32(n, out, o, os, a, ai, as, vm.geluF32, vm.geluF32Scalar); return;
    case U.ErfF32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.erfF32(a[ai]); return;
    case U.GeluTanh:
      for (let k = 0; k < n; k++, o += os, ai += as) {
        const x = a[ai];
        out[o] = 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
      }
      return;
    case U.Silu: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x / (1 + expFdlibm(-x)); } return;
    case U.SiluF32: vm.mapRowF32(n, out, o, os, a, ai, as, vm.siluF32, vm.siluF32Scalar); return;
    case U.TanF32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.tanF32(a[ai]); return;
    case U.Exp2F32: vm.mapRowF32(n, out, o, os, a, ai, as, vm.exp2F32, vm.exp2F32Scalar); return;
    case U.Log2F32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.log2F32(a[ai]); return;
    case U.Log10F32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.log10F32(a[ai]); return;
    case U.ExpF32:
      if (os === 1 && as === 1 && n >= WASM_EXP_MIN && out instanceof Float32Array && a instanceof Float32Array
        && expRowF32Wasm(n, out, o, a, ai)) return;
      vm.expRowF32(n, out, o, os, a, ai, as);
      return;
    case U.LogF32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.logF32(a[ai]); return;
    case U.TanhF32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.tanhF32(a[ai]); return;
    case U.Log1pF32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.log1pF32(a[ai]); return;
    case U.Expm1F32: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = vm.expm1F32(a[ai]); return;
    case U.SinF32: vm.sinCosRowF32(n, out, o, os, a, ai, as, false); return;
    case U.CosF32: vm.sinCosRowF32(n, out, o, os, a, ai, as, true); return;
    case U.GeluTanhF32: vm.mapRowF32(n, out, o, os, a, ai, as, vm.geluTanhF32, vm.geluTanhF32Scalar); return;
    case U.MishF32: vm.mapRowF32(n, out, o, os, a, ai, as, vm.mishF32, vm.mishF32Scalar); return;
    // elu(alpha = p1) / softplus(beta = p1, threshold = p2) with the parameters as float32
    case U.EluF32: vm.mapRowF32(n, out, o, os, a, ai, as, (x) => vm.eluF32(x, p1), (x) => vm.eluF32Scalar(x, p1)); return;
    case U.SoftplusF32: vm.mapRowF32(n, out, o, os, a, ai, as, (x) => vm.softplusF32(x, p1, p2), (x) => vm.softplusF32Scalar(x, p1, p2)); return;
    case U.Mish: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x * Math.tanh(Math.log1p(Math.exp(x))); } return;
    case U.LogicalNot: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = a[ai] === 0 ? 1 : 0; return;
    case U.BoolNot: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = a[ai] === 0 ? 1 : 0; return;
    case U.BitwiseNot: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = -a[ai] - 1; return;
    case U.IsNan: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = a[ai] !== a[ai] ? 1 : 0; return;
    case U.IsInf: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x === Infinity || x === -Infinity ? 1 : 0; } return;
    case U.IsFinite: for (let k = 0; k < n; k++, o += os, ai += as) out[o] = Number.isFinite(a[ai]) ? 1 : 0; return;
    case U.SignBit: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x < 0 || Object.is(x, -0) ? 1 : 0; } return;
    case U.LeakyRelu: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x > 0 ? x : x * p1; } return;
    // elu(alpha = p1): x > 0 ? x : alpha * expm1(x)
    case U.Elu: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x > 0 ? x : p1 * Math.expm1(x); } return;
    // softplus(beta = p1, threshold = p2): x*beta > threshold ? x : log1p(exp(x*beta)) / beta
    case U.Softplus: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; const xb = x * p1; out[o] = xb > p2 ? x : Math.log1p(Math.exp(xb)) / p1; } return;
    case U.HardTanh: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x < p1 ? p1 : x > p2 ? p2 : x; } return;
    // clamp with scalar bounds (NaN propagates; min > max gives max)
    case U.ClampScalar: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x !== x ? x : Math.min(Math.max(x, p1), p2); } return;
    // threshold(threshold = p1, value = p2): x > threshold ? x : value
    case U.Threshold: for (let k = 0; k < n; k++, o += os, ai += as) { const x = a[ai]; out[o] = x > p1 ? x : p2; } return;
  }
}

function runUnary(code: U, src: Tensor, out: Tensor, p1 = 0, p2 = 0): Tensor {
  const n = numelOf(src.shape);
  if (n === 0) return out;
  const { shape: cs, strides: [os, as] } = coalesce(src.shape, [out.strides, src.strides]);
  const nd = cs.length;
  if (nd === 0) {
    unaryRow(code, 1, out.storage, out.offset, 0, src.storage, src.offset, 0, p1, p2);
    return out;
  }
  const last = nd - 1;
  const rowLen = cs[last];
  const idx = new Array<number>(nd).fill(0);
  let op = out.offset, ap = src.offset;
  const rows = n / rowLen;
  for (let r = 0; r < rows; r++) {
    unaryRow(code, rowLen, out.storage, op, os[last], src.storage, ap, as[last], p1, p2);
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      op += os[d]; ap += as[d];
      if (idx[d] < cs[d]) break;
      op -= os[d] * cs[d]; ap -= as[d] * cs[d];
      idx[d] = 0;
    }
  }
  return out;
}

function unaryCode(op: UnaryOp, d: DType): U {
  const f32 = d === 'float32';
  switch (op) {
    case 'neg': return U.Neg;
    case 'abs': return U.Abs;
    case 'sign': return U.Sign;
    case 'floor': return U.Floor;
    case 'ceil': return U.Ceil;
    case 'round': return U.Round;
    case 'trunc': return U.Trunc;
    case 'frac': return U.Frac;
    case 'relu': return U.Relu;
    case 'square': return U.Square;
    case 'exp': return f32 ? U.ExpF32 : U.Exp;
    case 'exp2': return f32 ? U.Exp2F32 : U.Exp2;
    case 'log': return f32 ? U.LogF32 : U.Log;
    case 'log2': return f32 ? U.Log2F32 : U.Log2;
    case 'log10': return f32 ? U.Log10F32 : U.Log10;
    case 'log1p': return f32 ? U.Log1pF32 : U.Log1p;
    case 'expm1': return f32 ? U.Expm1F32 : U.Expm1;
    case 'sqrt': return U.Sqrt;
    case 'rsqrt': return f32 ? U.RsqrtF32 : U.Rsqrt;
    case 'sin': return f32 ? U.SinF32 : U.Sin;
    case 'cos': return f32 ? U.CosF32 : U.Cos;
    case 'tan': return f32 ? U.TanF32 : U.Tan;
    case 'asin': return U.Asin;
    case 'acos': return U.Acos;
    case 'atan': return U.Atan;
    case 'sinh': return U.Sinh;
    case 'cosh': return U.Cosh;
    case 'tanh': return f32 ? U.TanhF32 : U.Tanh;
    case 'asinh': return U.Asinh;
    case 'acosh': return U.Acosh;
    case 'atanh': return U.Atanh;
    case 'sigmoid': return f32 ? U.SigmoidF32 : U.Sigmoid;
    case 'reciprocal': return U.Reciprocal;
    case 'erf': return f32 ? U.ErfF32 : U.Erf;
    case 'erfc': return U.Erfc;
    case 'gelu': return f32 ? U.GeluF32 : U.Gelu;
    case 'gelu_tanh': return f32 ? U.GeluTanhF32 : U.GeluTanh;
    case 'silu': return f32 ? U.SiluF32 : U.Silu;
    case 'mish': return f32 ? U.MishF32 : U.Mish;
    case 'logical_not': return U.LogicalNot;
    case 'bitwise_not': return d === 'bool' ? U.BoolNot : U.BitwiseNot;
    case 'isnan': return U.IsNan;
    case 'isinf': return U.IsInf;
    case 'isfinite': return U.IsFinite;
    case 'signbit': return U.SignBit;
  }
}

/** 1 when PyTorch runs this op through oneDNN (float32 gelu of a contiguous tensor of > 1 element). */
function oneDnnFlag(op: UnaryOp, src: Tensor): number {
  return op === 'gelu' && src.dtype === 'float32' && numelOf(src.shape) > 1 && src.isContiguous() ? 1 : 0;
}

/** Result dtype of a unary op on a tensor of dtype `d` (throws PyTorch's error where it has none). */
export function unaryResultType(op: UnaryOp, d: DType): DType {
  if (TO_BOOL.has(op)) return 'bool';
  const floatOnly = FLOAT_ONLY[op];
  if (floatOnly !== undefined && !isFloating(d)) {
    throw new TorchError('NotImplementedError', `"${floatOnly}" not implemented for '${scalarTypeName(d)}'`);
  }
  if (d === 'bool') {
    switch (op) {
      case 'neg':
        throw new TorchError('NotImplementedError', 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
      case 'abs': throw new TorchError('NotImplementedError', `"abs_cpu" not implemented for 'Bool'`);
      case 'floor': case 'ceil': case 'round': case 'trunc':
        throw new TorchError('NotImplementedError', `"${op}_vml_cpu" not implemented for 'Bool'`);
      case 'relu': throw new TorchError('NotImplementedError', 'Boolean inputs not supported for relu');
      case 'square': return 'int64';
      case 'sign': case 'bitwise_not': return 'bool';
    }
  }
  if (op === 'bitwise_not' && isFloating(d)) {
    throw new TorchError('NotImplementedError', `"bitwise_not_cpu" not implemented for '${scalarTypeName(d)}'`);
  }
  if (KEEPS_INT.has(op)) return d;
  return isFloating(d) ? d : dtypeDefaults.float;
}

/** A unary op into a new contiguous tensor. */
export function unary(op: UnaryOp, x: Tensor): Tensor {
  const rd = unaryResultType(op, x.dtype);
  const src = TO_BOOL.has(op) ? x : readAs(x, rd === 'bool' ? x.dtype : rd);
  // Integer floor/ceil/round/trunc are identities (their loops would also be exact).
  // runUnary writes every element
  return runUnary(unaryCode(op, rd === 'bool' ? x.dtype : rd), src, emptyForOverwrite(x.shape.slice(), rd), oneDnnFlag(op, src));
}

/** A unary op written into `self` (`x.exp_()`): the result dtype must be self's own. Returns self. */
export function unaryInPlace(op: UnaryOp, self: Tensor): Tensor {
  const rd = unaryResultType(op, self.dtype);
  if (rd !== self.dtype) {
    throw new TorchError('RuntimeError', `result type ${scalarTypeName(rd)} can't be cast to the desired output type ${scalarTypeName(self.dtype)}`);
  }
  return runUnary(unaryCode(op, rd), self, self, oneDnnFlag(op, self));
}

function floatActivation(kernel: string, x: Tensor): void {
  if (!isFloating(x.dtype)) throw new TorchError('NotImplementedError', `"${kernel}" not implemented for '${scalarTypeName(x.dtype)}'`);
}

/** F.leaky_relu(x, negative_slope). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  floatActivation('leaky_relu_cpu', x);
  const slope = x.dtype === 'float32' ? Math.fround(negativeSlope) : negativeSlope;
  return runUnary(U.LeakyRelu, x, emptyLike(x.shape.slice(), x.dtype), slope);
}

/** F.elu(x, alpha). */
export function elu(x: Tensor, alpha = 1): Tensor {
  floatActivation('elu_cpu', x);
  if (x.dtype === 'float32') return runUnary(U.EluF32, x, emptyLike(x.shape.slice(), x.dtype), Math.fround(alpha));
  return runUnary(U.Elu, x, emptyLike(x.shape.slice(), x.dtype), alpha);
}

/** F.softplus(x, beta, threshold). */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  floatActivation('softplus_cpu', x);
  if (x.dtype === 'float32') return runUnary(U.SoftplusF32, x, emptyLike(x.shape.slice(), x.dtype), Math.fround(beta), Math.fround(threshold));
  return runUnary(U.Softplus, x, emptyLike(x.shape.slice(), x.dtype), beta, threshold);
}

/** F.hardtanh(x, min_val, max_val); keeps integer dtypes as PyTorch does. */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  return runUnary(U.HardTanh, x, emptyLike(x.shape.slice(), x.dtype), minVal, maxVal);
}

/** F.threshold(x, threshold, value). */
export function threshold(x: Tensor, thresholdValue: number, value: number): Tensor {
  return runUnary(U.Threshold, x, emptyLike(x.shape.slice(), x.dtype), thresholdValue, value);
}

/**
 * torch.clamp(x, min, max) with Python-scalar or tensor bounds (at least one given). The
 * result dtype is result_type(x, min, max): an int tensor clamped by 0.5 is float32.
 */
export function clamp(x: Tensor, min: Operand | null, max: Operand | null): Tensor {
  if (min === null && max === null) {
    throw new TorchError('RuntimeError', "torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  if ((min === null || !isTensor(min)) && (max === null || !isTensor(max))) {
    // Scalar bounds: one pass.
    let d = x.dtype;
    for (const s of [min, max]) if (s !== null && !isTensor(s) && s.kind === 'float' && !isFloating(d)) d = dtypeDefaults.float;
    if (d === 'bool' && ((min !== null && (min as { kind: string }).kind === 'int') || (max !== null && (max as { kind: string }).kind === 'int'))) d = 'int64';
    const cast = (v: number): number => (d === 'float32' ? Math.fround(v) : isFloating(d) ? v : Math.trunc(v));
    const lo = min === null ? -Infinity : cast(min.value);
    const hi = max === null ? Infinity : cast(max.value);
    return runUnary(U.ClampScalar, readAs(x, d), emptyLike(x.shape.slice(), d), lo, hi);
  }
  let r: Tensor = x;
  if (min !== null) r = maximum(r, min);
  if (max !== null) r = minimum(r, max);
  return r === x ? runUnary(U.Copy, x, emptyLike(x.shape.slice(), x.dtype)) : r;
}

// Named forms for the most used ops.
export const neg = (x: Tensor): Tensor => unary('neg', x);
export const abs = (x: Tensor): Tensor => unary('abs', x);
export const exp = (x: Tensor): Tensor => unary('exp', x);
export const log = (x: Tensor): Tensor => unary('log', x);
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x);
export const tanh = (x: Tensor): Tensor => unary('tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x);
export const relu = (x: Tensor): Tensor => unary('relu', x);
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => unary(approximate === 'tanh' ? 'gelu_tanh' : 'gelu', x);
export const silu = (x: Tensor): Tensor => unary('silu', x);
