// PyTorch CPU's default random generator and its per-distribution recipes, bit for bit.
//
// The engine is a 32-bit Mersenne Twister (ATen's mt19937, seeded like std::mt19937 from the
// low 32 bits of the 64-bit seed). Every recipe below follows the CPU kernels of
// aten/src/ATen/native/cpu/DistributionTemplates.h and core/DistributionsHelper.h /
// TransformationHelper.h: which draw (32-bit `random()` or 64-bit `random64()`) each element
// consumes, how the bits become a float, and in which precision the arithmetic is done.
// Float32 arithmetic is reproduced with Math.fround after every operation; the places where
// the compiled kernel fuses a multiply-add are reproduced with an exact float32 FMA.
import type { DType, Storage } from './dtype';
import { crCos, crLog, crSin } from './libm';
import { TorchError } from './errors';
import { fmaF64 } from './kernels/vecmath';

/** `torch.Generator()`'s seed (`default_rng_seed_val` in c10). */
export const DEFAULT_SEED = 67280421310721n;

const MT_N = 624;
const MT_M = 397;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_24 = 1 / 16777216;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/** What `get_rng_state()` captures: the twister and the cached Box-Muller samples. */
export interface GeneratorState {
  readonly seed: bigint;
  readonly mt: Uint32Array;
  readonly next: number;
  readonly left: number;
  readonly nextDoubleNormal: number | null;
  readonly nextFloatNormal: number | null;
}

/** A CPU generator (`torch.Generator()`); `defaultGenerator` is `torch.default_generator`. */
export class Generator {
  private readonly mt = new Uint32Array(MT_N);
  private next = 0;
  private left = 1;
  private seed = DEFAULT_SEED;
  /**
   * The second Box-Muller sample of the scalar normal path (`normal_distribution<double>`),
   * kept between calls as CPUGeneratorImpl does; cleared by `manualSeed`.
   */
  nextDoubleNormal: number | null = null;
  nextFloatNormal: number | null = null;

  constructor(seed: number | bigint = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /**
   * `torch.manual_seed(s)` / `Generator.manual_seed(s)`: the seed is kept as an unsigned
   * 64-bit value (a negative Python int wraps, as PyTorch does); the twister uses its low 32 bits.
   */
  manualSeed(seed: number | bigint): this {
    const s = BigInt.asUintN(64, typeof seed === 'bigint' ? seed : BigInt(Math.trunc(seed)));
    this.seed = s;
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    const mt = this.mt;
    mt[0] = Number(s & 0xffffffffn);
    for (let j = 1; j < MT_N; j++) {
      const prev = mt[j - 1] ^ (mt[j - 1] >>> 30);
      // 1812433253 * prev + j modulo 2^32, without losing bits in a double.
      mt[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
    return this;
  }

  /** `torch.initial_seed()`: the last seed given, as an unsigned 64-bit integer. */
  initialSeed(): bigint {
    return this.seed;
  }

  getState(): GeneratorState {
    return {
      seed: this.seed, mt: this.mt.slice(), next: this.next, left: this.left,
      nextDoubleNormal: this.nextDoubleNormal, nextFloatNormal: this.nextFloatNormal,
    };
  }

  setState(state: GeneratorState): void {
    this.seed = state.seed;
    this.mt.set(state.mt);
    this.next = state.next;
    this.left = state.left;
    this.nextDoubleNormal = state.nextDoubleNormal;
    this.nextFloatNormal = state.nextFloatNormal;
  }

  /** Regenerates the whole 624-word block (the classic MT19937 twist). */
  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    for (; kk < MT_N - MT_M; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + MT_M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < MT_N - 1; kk++) {
      const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (mt[MT_N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.left = MT_N;
    this.next = 0;
  }

  /** `random()`: the next 32-bit output, as an unsigned integer in a number. */
  random(): number {
    if (--this.left === 0) this.twist();
    let y = this.mt[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random64()` as a bigint: the first 32-bit draw is the high word. */
  random64(): bigint {
    const hi = this.random();
    const lo = this.random();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A float32 in [0, 1): the low 24 bits of one 32-bit draw, times 2^-24. */
  uniformFloat01(): number {
    return (this.random() & 0xffffff) * TWO_POW_MINUS_24;
  }

  /** A float64 in [0, 1): the low 53 bits of a 64-bit draw (high word first), times 2^-53. */
  uniformDouble01(): number {
    const hi = this.random();
    const lo = this.random();
    return ((hi & 0x1fffff) * TWO_POW_32 + lo) * TWO_POW_MINUS_53;
  }
}

/**
 * The process-wide generator behind `torch.manual_seed` and every draw without `generator=`.
 * Real PyTorch seeds it randomly at import; we start from `DEFAULT_SEED` so runs repeat.
 */
export const defaultGenerator = new Generator();

export type FloatDType = 'float32' | 'float64';

// ------------------------------------------------------------------------------------------
// Float32 arithmetic helpers.

const f32 = Math.fround;

/** A double as C++'s `ostream << double` writes it in PyTorch's messages (%g, 6 digits). */
function cxxNumber(v: number): string {
  if (!Number.isFinite(v)) return v !== v ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = Number(v.toExponential(5).split('e')[1]);
  const strip = (t: string) => (t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t);
  if (exp < -4 || exp >= 6) {
    const [mant, e] = v.toExponential(5).split('e');
    const n = Number(e);
    return `${strip(mant)}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return strip(v.toFixed(5 - exp));
}

/**
 * Correctly rounded float32 fused multiply-add of float32 operands. a*b is exact in a double
 * (24 + 24 bits); only a + c rounded to double and then to float can round twice, which
 * matters solely when the double lands exactly on a float32 midpoint: then the sign of the
 * lost part decides.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = f32(s);
  if (r === s || !Number.isFinite(s)) return r;
  // Error of the double addition (TwoSum).
  const bv = s - p;
  const err = (p - (s - bv)) + (c - bv);
  if (err === 0) return r;
  const diff = s - r;
  const other = r + 2 * diff;
  if (f32(other) !== other) return r; // s was not a midpoint: no double rounding
  return (err > 0) === (diff > 0) ? other : r;
}

/** Correctly rounded double a·b + c (one implementation, in kernels/vecmath.ts). */
export { fmaF64 };

// ------------------------------------------------------------------------------------------
// uniform_ (torch.rand, nn.init.uniform_, nn.Linear init)

/**
 * `uniform_(from, to)` on a contiguous buffer (torch.rand is `uniform_(0, 1)`).
 *
 * float32: each element takes one 32-bit draw: x = (r & 0xFFFFFF) * 2^-24, then
 * `x * (to - from) + from` in float32 with `from`/`to` first cast to float32 (the kernel's
 * `static_cast<scalar_t>`). float64: each element takes one 64-bit draw (53 bits), same formula
 * in double.
 *
 * nn.Linear(in, out) default init calls this twice, weight first, on float32 buffers:
 *   const { weightBound, biasBound } = linearInitBounds(in);
 *   fillUniform(gen, weight, -weightBound, weightBound, 'float32');  // kaiming_uniform_(a=√5)
 *   fillUniform(gen, bias, -biasBound, biasBound, 'float32');
 * (the bounds are Python doubles; the float32 cast happens inside, as in PyTorch). `initLinear`
 * below does exactly that.
 */
export function fillUniform(
  gen: Generator, out: Float32Array | Float64Array, from: number, to: number, dtype: FloatDType,
): void {
  if (!(from <= to)) {
    throw new TorchError('RuntimeError', `uniform_ expects to return a [from, to) range, but found from=${cxxNumber(from)} > to=${cxxNumber(to)}`);
  }
  const n = out.length;
  if (dtype === 'float32') {
    const lo = f32(from);
    const range = f32(f32(to) - lo);
    for (let i = 0; i < n; i++) {
      const x = (gen.random() & 0xffffff) * TWO_POW_MINUS_24;
      out[i] = fmaF32(x, range, lo); // the compiled kernel fuses x * range + from
    }
  } else {
    const range = to - from;
    for (let i = 0; i < n; i++) out[i] = fmaF64(gen.uniformDouble01(), range, from);
  }
}

/** `nn.init.calculate_gain(nonlinearity, param)` (leaky_relu's slope defaults to 0.01). */
export function calculateGain(nonlinearity: string, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh': return 5.0 / 3;
    case 'relu': return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case 'selu': return 3.0 / 4;
    default: throw new TorchError('ValueError', `Unsupported nonlinearity ${nonlinearity}`);
  }
}

/** `_calculate_fan_in_and_fan_out`: dims 1 and 0 times the receptive field (dims 2…). */
export function fanInOut(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new TorchError('ValueError', 'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  let receptive = 1;
  for (let d = 2; d < shape.length; d++) receptive *= shape[d];
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

/** kaiming_uniform_'s bound: sqrt(3) * (gain / sqrt(fan)), in Python's order of operations. */
export function kaimingUniformBound(fan: number, gain: number): number {
  const std = gain / Math.sqrt(fan);
  return Math.sqrt(3.0) * std;
}

/** kaiming_normal_'s std: gain / sqrt(fan). */
export function kaimingNormalStd(fan: number, gain: number): number {
  return gain / Math.sqrt(fan);
}

/** xavier_normal_'s std: gain * sqrt(2 / (fan_in + fan_out)). */
export function xavierNormalStd(fanIn: number, fanOut: number, gain = 1.0): number {
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/** xavier_uniform_'s bound: sqrt(3) * xavier std. */
export function xavierUniformBound(fanIn: number, fanOut: number, gain = 1.0): number {
  return Math.sqrt(3.0) * xavierNormalStd(fanIn, fanOut, gain);
}

/**
 * The two uniform bounds of nn.Linear's (and nn.ConvNd's) `reset_parameters`, as Python
 * doubles: kaiming_uniform_(a=sqrt(5)) for the weight, 1/sqrt(fan_in) for the bias.
 */
export function linearInitBounds(fanIn: number): { weightBound: number; biasBound: number } {
  return {
    weightBound: fanIn > 0 ? kaimingUniformBound(fanIn, calculateGain('leaky_relu', Math.sqrt(5))) : 0,
    biasBound: fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0,
  };
}

/**
 * nn.Linear's default init: weight (out×in, row-major) by kaiming_uniform_(a=√5), then the
 * bias (if any) by uniform_(-1/√in, 1/√in) — in that order, from the same generator.
 * nn.Conv1d/2d/3d do the same with fanIn = in_channels/groups × kernel elements.
 * (nn.RNN/LSTM/GRU instead fill every parameter, in `parameters()` order, with
 * uniform_(-1/√hidden, 1/√hidden); nn.Embedding's weight is normal_(0, 1).)
 */
export function initLinear(
  gen: Generator, weight: Float32Array | Float64Array, bias: Float32Array | Float64Array | null,
  fanIn: number, dtype: FloatDType = 'float32',
): void {
  const { weightBound, biasBound } = linearInitBounds(fanIn);
  fillUniform(gen, weight, -weightBound, weightBound, dtype);
  if (bias) fillUniform(gen, bias, -biasBound, biasBound, dtype);
}

// ------------------------------------------------------------------------------------------
// normal_ (torch.randn, torch.normal, nn.init.normal_)

/**
 * `normal_(mean, std)` on a buffer. Three paths, as in PyTorch's CPU `normal_kernel`:
 *  - float32, >= 16 elements, contiguous: the AVX2 kernel (x86 PyTorch uses it even on AVX512
 *    machines): all uniforms first, then Box-Muller over 16-element chunks with the Cephes
 *    float32 log/sincos of avx_mathfun.h; a ragged tail redraws and recomputes the last 16.
 *  - float64, >= 16 elements, contiguous: the same chunked scheme in double (`normal_fill`).
 *  - otherwise: element by element through `normal_distribution<double>` (two 53-bit
 *    uniforms give two samples; the second is cached in the generator for the next element,
 *    even across calls), then cast to the dtype.
 * For a non-contiguous tensor pass contiguous=false and a buffer in the order PyTorch's
 * TensorIterator visits it, which is memory (stride) order: e.g. `x.t().normal_()` fills the
 * storage of x in order. The same holds for every fill in this file.
 */
export function fillNormal(
  gen: Generator, out: Float32Array | Float64Array, mean: number, std: number, dtype: FloatDType,
  contiguous = true,
): void {
  if (!(std >= 0)) throw new TorchError('RuntimeError', `normal expects std >= 0.0, but found std ${cxxNumber(std)}`);
  const n = out.length;
  if (n >= 16 && contiguous) {
    if (dtype === 'float32') normalFillFloat32(gen, out, f32(mean), f32(std));
    else normalFillFloat64(gen, out, mean, std);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = fmaF64(normalDistributionDouble(gen), std, mean);
    out[i] = dtype === 'float32' ? f32(v) : v;
  }
}

/** One standard normal sample from `normal_distribution<double>` (Box-Muller, cached pair). */
export function normalDistributionDouble(gen: Generator): number {
  const cached = gen.nextDoubleNormal;
  if (cached !== null) {
    gen.nextDoubleNormal = null;
    return cached;
  }
  const u1 = gen.uniformDouble01();
  const u2 = gen.uniformDouble01();
  const r = Math.sqrt(-2.0 * Math.log1p(-u2));
  const theta = 2.0 * Math.PI * u1;
  gen.nextDoubleNormal = r * crSin(theta);
  return r * crCos(theta);
}

function normalFillFloat64(gen: Generator, data: Float32Array | Float64Array, mean: number, std: number): void {
  const n = data.length;
  for (let i = 0; i < n; i++) data[i] = gen.uniformDouble01();
  for (let i = 0; i + 16 <= n; i += 16) normalFill16Float64(data, i, mean, std);
  if (n % 16 !== 0) {
    const start = n - 16;
    for (let i = 0; i < 16; i++) data[start + i] = gen.uniformDouble01();
    normalFill16Float64(data, start, mean, std);
  }
}

function normalFill16Float64(data: Float32Array | Float64Array, at: number, mean: number, std: number): void {
  const twoPi = 2.0 * Math.PI;
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[at + j];
    const u2 = data[at + j + 8];
    const radius = Math.sqrt(-2 * crLog(u1));
    const theta = twoPi * u2;
    data[at + j] = fmaF64(radius * crCos(theta), std, mean);
    data[at + j + 8] = fmaF64(radius * crSin(theta), std, mean);
  }
}

function normalFillFloat32(gen: Generator, data: Float32Array | Float64Array, mean: number, std: number): void {
  const n = data.length;
  for (let i = 0; i < n; i++) data[i] = gen.uniformFloat01();
  for (let i = 0; i + 16 <= n; i += 16) normalFill16Float32(data, i, mean, std);
  if (n % 16 !== 0) {
    const start = n - 16;
    for (let i = 0; i < 16; i++) data[start + i] = gen.uniformFloat01();
    normalFill16Float32(data, start, mean, std);
  }
}

const TWO_PI_F32 = f32(2 * Math.PI);
const sincosOut = new Float64Array(2); // [sin, cos]: reused, the kernel is not re-entrant

function normalFill16Float32(data: Float32Array | Float64Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = f32(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const radius = f32(Math.sqrt(f32(-2 * logCephesF32(u1))));
    const theta = f32(TWO_PI_F32 * u2);
    sincosCephesF32(theta, sincosOut);
    const n1 = f32(radius * sincosOut[1]);
    const n2 = f32(radius * sincosOut[0]);
    data[at + j] = fmaF32(n1, std, mean);
    data[at + j + 8] = fmaF32(n2, std, mean);
  }
}

// Cephes float32 log and sincos exactly as avx_mathfun.h evaluates them: one float32 rounding
// per operation, except that GCC contracts each multiply whose only use is an add into an FMA
// (checked against PyTorch's output: without the fusions ~1% of samples differ by an ulp).
const SQRTHF = f32(0.707106781186547524);
const LOG_P0 = f32(7.0376836292e-2);
const LOG_P1 = f32(-1.1514610310e-1);
const LOG_P2 = f32(1.1676998740e-1);
const LOG_P3 = f32(-1.2420140846e-1);
const LOG_P4 = f32(1.4249322787e-1);
const LOG_P5 = f32(-1.6668057665e-1);
const LOG_P6 = f32(2.0000714765e-1);
const LOG_P7 = f32(-2.4999993993e-1);
const LOG_P8 = f32(3.3333331174e-1);
const LOG_Q1 = f32(-2.12194440e-4);
const LOG_Q2 = f32(0.693359375);

const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/** log256_ps for one positive, normal float32. */
export function logCephesF32(input: number): number {
  bitsF32[0] = input;
  const bits = bitsU32[0];
  let e = f32(((bits >>> 23) - 0x7f) + 1);
  bitsU32[0] = (bits & ~0x7f800000) | 0x3f000000; // mantissa with 0.5's exponent: [0.5, 1)
  let x = bitsF32[0];
  const below = x < SQRTHF;
  const tmp = below ? x : 0;
  x = f32(x - 1);
  if (below) e = f32(e - 1);
  x = f32(x + tmp);
  const z = f32(x * x);
  // The AVX2 kernel is compiled with FMA contraction: every multiply feeding an add is fused.
  let y = LOG_P0;
  y = fmaF32(y, x, LOG_P1);
  y = fmaF32(y, x, LOG_P2);
  y = fmaF32(y, x, LOG_P3);
  y = fmaF32(y, x, LOG_P4);
  y = fmaF32(y, x, LOG_P5);
  y = fmaF32(y, x, LOG_P6);
  y = fmaF32(y, x, LOG_P7);
  y = fmaF32(y, x, LOG_P8);
  y = f32(y * x);
  y = fmaF32(y, z, f32(e * LOG_Q1));
  y = fmaF32(-z, 0.5, y);
  x = f32(x + y);
  x = fmaF32(e, LOG_Q2, x);
  return x;
}

const FOPI = f32(1.27323954473516);
const MINUS_DP1 = f32(-0.78515625);
const MINUS_DP2 = f32(-2.4187564849853515625e-4);
const MINUS_DP3 = f32(-3.77489497744594108e-8);
const SINCOF_P0 = f32(-1.9515295891e-4);
const SINCOF_P1 = f32(8.3321608736e-3);
const SINCOF_P2 = f32(-1.6666654611e-1);
const COSCOF_P0 = f32(2.443315711809948e-5);
const COSCOF_P1 = f32(-1.388731625493765e-3);
const COSCOF_P2 = f32(4.166664568298827e-2);

/** sincos256_ps for one float32: writes [sin, cos] into `out`. */
export function sincosCephesF32(input: number, out: Float64Array): void {
  const negative = input < 0 || Object.is(input, -0);
  let x = Math.abs(input);
  // j = (trunc(x * 4/pi) + 1) & ~1: the octant, rounded to even.
  let j = Math.trunc(f32(x * FOPI)) | 0;
  j = (j + 1) & ~1;
  const y = f32(j);
  const sinFlip = ((j & 4) !== 0) !== negative;
  const cosFlip = ((j - 2) & 4) === 0;
  const polyMask = (j & 2) === 0;
  x = fmaF32(y, MINUS_DP1, x);
  x = fmaF32(y, MINUS_DP2, x);
  x = fmaF32(y, MINUS_DP3, x);
  const z = f32(x * x);
  // cos polynomial on [0, pi/4] (multiplies feeding adds are fused, as compiled)
  let yc = fmaF32(COSCOF_P0, z, COSCOF_P1);
  yc = fmaF32(yc, z, COSCOF_P2);
  yc = f32(yc * z);
  yc = fmaF32(yc, z, -f32(z * 0.5));
  yc = f32(yc + 1);
  // sin polynomial on [0, pi/4]
  let ys = fmaF32(SINCOF_P0, z, SINCOF_P1);
  ys = fmaF32(ys, z, SINCOF_P2);
  ys = f32(ys * z);
  ys = fmaF32(ys, x, x);
  // The kernel selects with masks and adds +0 to the other lane; +0 + v keeps v except -0.
  let s = polyMask ? 0 + ys : 0 + yc;
  let c = polyMask ? yc + 0 : ys + 0;
  if (sinFlip) s = -s;
  if (cosFlip) c = -c;
  out[0] = s;
  out[1] = c;
}

// ------------------------------------------------------------------------------------------
// random_(from, to) / randint, randperm, bernoulli

/**
 * `random_(low, high)` = torch.randint(low, high): `(draw % (high - low)) + low`, with a 32-bit
 * draw, or a 64-bit one when the range is >= 2^32 and the dtype is int64/float32/float64.
 * int64 results are stored as doubles (exact below 2^53).
 */
export function fillRandint(
  gen: Generator, out: Storage, low: number, high: number,
  dtype: DType = 'int64',
): void {
  const range = high - low;
  if (!(range > 0)) {
    throw new TorchError('RuntimeError', `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  }
  const n = out.length;
  const wide = range >= TWO_POW_32 && (dtype === 'int64' || dtype === 'float32' || dtype === 'float64');
  if (!wide) {
    for (let i = 0; i < n; i++) out[i] = castDraw((gen.random() % range) + low, dtype);
    return;
  }
  const bigRange = BigInt(range);
  const bigLow = BigInt(low);
  for (let i = 0; i < n; i++) out[i] = castDraw(Number((gen.random64() % bigRange) + bigLow), dtype);
}

function castDraw(v: number, dtype: DType): number {
  switch (dtype) {
    case 'float32': return f32(v);
    case 'int32': return v | 0;
    case 'uint8': return v & 0xff;
    case 'bool': return v !== 0 ? 1 : 0;
    default: return v;
  }
}

/**
 * `random_()` without bounds: integers drawn over the dtype's range — 32-bit draws modulo
 * 2^24 + 1 (float32), 2^31 (int32), 256 (uint8), the low bit (bool); 64-bit draws modulo
 * 2^53 + 1 (float64) or 2^63 (int64, whose values beyond 2^53 lose their low bits here).
 */
export function fillRandomFull(
  gen: Generator, out: Float32Array | Float64Array | Int32Array | Uint8Array, dtype: DType,
): void {
  const n = out.length;
  switch (dtype) {
    case 'float32': for (let i = 0; i < n; i++) out[i] = gen.random() % 16777217; break;
    case 'int32': for (let i = 0; i < n; i++) out[i] = gen.random() % 2147483648; break;
    case 'uint8': for (let i = 0; i < n; i++) out[i] = gen.random() % 256; break;
    case 'bool': for (let i = 0; i < n; i++) out[i] = gen.random() & 1; break;
    case 'float64': for (let i = 0; i < n; i++) out[i] = Number(gen.random64() % 9007199254740993n); break;
    case 'int64': for (let i = 0; i < n; i++) out[i] = Number(gen.random64() % 9223372036854775808n); break;
  }
}

/** `exponential_(lambd)`: -1/λ · log1p(-u) with a 53-bit uniform u, cast to the dtype. */
export function fillExponential(gen: Generator, out: Float32Array | Float64Array, lambd: number): void {
  if (!(lambd > 0)) throw new TorchError('RuntimeError', `exponential_ expects lambda > 0.0, but found lambda=${cxxNumber(lambd)}`);
  const scale = -1.0 / lambd;
  for (let i = 0; i < out.length; i++) out[i] = scale * Math.log1p(-gen.uniformDouble01());
}

/**
 * torch.multinomial on CPU, for `numDists` rows of `numCategories` probabilities (row-major,
 * float32 in a Float32Array or float64 in a Float64Array). Returns the sampled indices,
 * row-major numDists × numSamples.
 *  - one sample, or no replacement: q = exponential_(1) over the whole input (in its dtype),
 *    then argmax / topk of p / q per row (Gumbel trick);
 *  - with replacement: per row, the cumulative sum in the input's dtype divided by its total,
 *    the last bucket forced to 1, then per sample a 53-bit uniform located by binary search.
 */
export function multinomial(
  gen: Generator, probs: Float32Array | Float64Array, numDists: number, numCategories: number,
  numSamples: number, replacement: boolean,
): Float64Array {
  const isFloat = probs instanceof Float32Array;
  const round = isFloat ? f32 : (v: number) => v;
  const out = new Float64Array(numDists * numSamples);
  if (!replacement && numSamples > numCategories) {
    throw new TorchError('RuntimeError', 'cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  if (!replacement || numSamples === 1) {
    let valid = true;
    for (let i = 0; i < probs.length; i++) if (!(probs[i] >= 0 && probs[i] < Infinity)) valid = false;
    if (!valid) throw new TorchError('RuntimeError', 'probability tensor contains either `inf`, `nan` or element < 0');
    for (let r = 0; r < numDists; r++) {
      let sum = 0;
      for (let c = 0; c < numCategories; c++) sum += probs[r * numCategories + c];
      if (sum === 0) throw new TorchError('RuntimeError', 'invalid multinomial distribution (sum of probabilities <= 0)');
    }
    const q = isFloat ? new Float32Array(probs.length) : new Float64Array(probs.length);
    fillExponential(gen, q, 1);
    for (let i = 0; i < q.length; i++) q[i] = round(probs[i] / q[i]);
    for (let r = 0; r < numDists; r++) {
      const base = r * numCategories;
      if (numSamples === 1) {
        let best = 0;
        for (let c = 1; c < numCategories; c++) if (q[base + c] > q[base + best]) best = c;
        out[r] = best;
        continue;
      }
      // topk(largest, sorted): indices by decreasing p / q
      const order: number[] = [];
      for (let c = 0; c < numCategories; c++) order.push(c);
      order.sort((a, b) => q[base + b] - q[base + a] || a - b);
      for (let k = 0; k < numSamples; k++) out[r * numSamples + k] = order[k];
    }
    return out;
  }
  const cum = isFloat ? new Float32Array(numCategories) : new Float64Array(numCategories);
  for (let r = 0; r < numDists; r++) {
    let sum = 0;
    for (let c = 0; c < numCategories; c++) {
      const v = probs[r * numCategories + c];
      if (!(v >= 0)) throw new TorchError('RuntimeError', 'invalid multinomial distribution (encountering probability entry < 0)');
      if (!Number.isFinite(v)) {
        throw new TorchError('RuntimeError', 'invalid multinomial distribution (encountering probability entry = infinity or NaN)');
      }
      sum = round(sum + v);
      cum[c] = sum;
    }
    if (!(sum > 0)) throw new TorchError('RuntimeError', 'invalid multinomial distribution (sum of probabilities <= 0)');
    for (let c = 0; c < numCategories; c++) cum[c] = round(cum[c] / sum);
    cum[numCategories - 1] = 1;
    for (let k = 0; k < numSamples; k++) {
      const u = gen.uniformDouble01();
      let left = 0;
      let right = numCategories;
      while (right - left > 0) {
        const mid = left + ((right - left) >> 1);
        if (cum[mid] < u) left = mid + 1;
        else right = mid;
      }
      out[r * numSamples + k] = left;
    }
  }
  return out;
}

/**
 * torch.randperm(n) on CPU. For n < 2^32/20 (every practical n) PyTorch keeps the old
 * shuffle: position i swaps with i + (random() % (n - i)). Larger n use the "inside-out"
 * Fisher-Yates with 64-bit draws.
 */
export function randperm(gen: Generator, n: number): Float64Array {
  if (n < 0) throw new TorchError('RuntimeError', `Trying to create tensor with negative dimension ${n}: [${n}]`);
  const out = new Float64Array(n);
  if (n < Math.floor(0xffffffff / 20)) {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = 0; i < n - 1; i++) {
      const z = gen.random() % (n - i);
      const saved = out[i];
      out[i] = out[z + i];
      out[z + i] = saved;
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const z = Number(gen.random64() % BigInt(i + 1));
    out[i] = out[z];
    out[z] = i;
  }
  return out;
}

/**
 * `bernoulli_(p)` with a scalar p (also F.dropout's mask, `bernoulli_(1 - p)`), on a build
 * without MKL: one 53-bit uniform per element, 1 when it is < p.
 */
export function fillBernoulliScalar(gen: Generator, out: Storage, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new TorchError('RuntimeError', `bernoulli_ expects p to be in [0, 1], but got p=${cxxNumber(p)}`);
  for (let i = 0; i < out.length; i++) out[i] = gen.uniformDouble01() < p ? 1 : 0;
}

/**
 * torch.bernoulli(probs) / `bernoulli_(probs)`: per element, a float32 uniform (one 32-bit
 * draw) against a float32 p, or a 53-bit uniform when the probabilities are float64.
 */
export function fillBernoulliTensor(
  gen: Generator, out: Float32Array | Float64Array | Uint8Array, probs: Float32Array | Float64Array,
): void {
  const doubleP = probs instanceof Float64Array;
  for (let i = 0; i < out.length; i++) {
    const u = doubleP ? gen.uniformDouble01() : gen.uniformFloat01();
    out[i] = u < probs[i] ? 1 : 0;
  }
}
