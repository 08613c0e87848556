// Bit-exact emulations of the math PyTorch CPU runs (float32 first, float64 exp/log/tanh/
// sigmoid), so that printed values and `.item()` reprs match the reference to the last bit.
// Every function here was checked against the reference PyTorch 2.14.1 (AVX-512 machine) on
// thousands of inputs; test/unit/vecmath*.test.ts replays goldens made there.
//
// What the reference does:
//  * exp, log, tanh, log1p, expm1, exp2, log2, log10, sin, cos, erf on float tensors run the
//    vml kernels: SLEEF over the whole buffer, the tail included (vec::map loads a partial
//    vector), so every element gets the SLEEF value: xexpf, xlogf_u1, xtanhf, xlog1pf, xexpm1f,
//    xlog2f, xlog10f (u10) and, for sin/cos, the u35 xsinf/xcosf, which choose their range
//    reduction per 8-lane vector (the widest lane decides). erf is PyTorch's own
//    Abramowitz–Stegun vector code with SLEEF exp. AVX2 and AVX-512 builds give equal bits.
//  * SLEEF is compiled with -ffp-contract=off: only its explicit FMAs are fused; PyTorch's own
//    vector code is compiled with contraction, so a multiply feeding an add is fused there
//    (checked per expression against the oracle).
//  * cpu_kernel_vec kernels (sigmoid, silu, mish, softplus, elu, gelu-tanh, exp2, pow and the
//    activation backwards) run the vector lambda over whole blocks of 2 vectors (32 floats:
//    the AVX-512 kernels) and the scalar lambda — glibc, correctly rounded in practice — on
//    the rest; strided operands take the scalar lambda throughout. Kernels of >= 32768
//    elements (vml: >= 2048) are split over 2 threads, and each chunk restarts its blocks.
//  * F.gelu (and its backward) of a contiguous float32 tensor of > 1 element goes to oneDNN's
//    JIT (minimax polynomial forward, Abramowitz–Stegun with oneDNN's exp backward).
//  * pow: SLEEF powf on the vector blocks; the scalar lambda calls std::pow with the Python
//    exponent as a double.
//
// Each float32 function takes a float32 value (a double holding one) and returns one; float32
// arithmetic is Math.fround per operation (a double computation of one float op rounds
// correctly) and `fma` (exact) for fused multiply-adds. Double-float pairs (SLEEF's vfloat2)
// come back in the DF register (a Float64Array): no allocation per element.
import { crExp, crPow } from '../libm';

const f = Math.fround;

/**
 * Correctly rounded float32 fused multiply-add of float32 operands (as fmaF32 in random.ts,
 * with the cheap test first). a·b is exact in a double, so only the double sum s = a·b + c can
 * round twice; that matters only when s lands exactly on a float32 midpoint (then 2s - r is
 * the other neighbour, a float), and then the sign of the sum's rounding error decides.
 */
export function fma(a: number, b: number, c: number): number {
  const s = a * b + c;
  const r = f(s);
  const other = s + (s - r);
  return r === s || f(other) !== other ? r : fmaMidpoint(a * b, c, s, r, other);
}

/** fma's rare case: the double sum s is a float32 midpoint between r and other. */
function fmaMidpoint(p: number, c: number, s: number, r: number, other: number): number {
  if (!Number.isFinite(s)) return r;
  const bv = s - p;
  const err = (p - (s - bv)) + (c - bv);
  if (err === 0) return r;
  return (err > 0) === (s > r) ? other : r;
}

const bitsF32 = new Float32Array(1);
const bitsI32 = new Int32Array(bitsF32.buffer);

/** Float32 with the bits `b` (a 32-bit integer pattern). */
function fromBits(b: number): number {
  bitsI32[0] = b;
  return bitsF32[0];
}

/** The int32 bit pattern of a float32 value. */
function toBits(x: number): number {
  bitsF32[0] = x;
  return bitsI32[0];
}

/** cvtps_epi32: round half to even; NaN and out-of-range values give INT32_MIN. */
function rintToInt(x: number): number {
  if (!(Math.abs(x) < 2147483648)) return -2147483648;
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r;
}

/** roundps to nearest even, as a float. */
function rintF(x: number): number {
  if (!(Math.abs(x) < 8388608)) return x;
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r === 0 && x < 0 ? -0 : r;
}

/** vpow2i: 2^q built in the exponent field (q + 127 in [1, 254] gives a normal power). */
function pow2i(q: number): number {
  return fromBits(((q + 0x7f) << 23) | 0);
}

/** vldexp2: d · 2^(q>>1) · 2^(q - (q>>1)), two float multiplies. */
function ldexp2(d: number, q: number): number {
  const h = q >> 1;
  return f(f(d * pow2i(h)) * pow2i(q - h));
}

/** vldexp3: adds q to the exponent field directly (d normal, result normal). */
function ldexp3(d: number, q: number): number {
  return fromBits((toBits(d) + (q << 23)) | 0);
}

/** vilogb2k: the unbiased exponent field of a normal float. */
function ilogb2k(d: number): number {
  return ((toBits(d) >> 23) & 0xff) - 0x7f;
}

/** x with y's sign bit xored in (vmulsign). */
function mulsign(x: number, y: number): number {
  return y < 0 || Object.is(y, -0) ? -x : x;
}

// ---- SLEEF double-float ops (df.h, FMA variants), results in DF[0] + DF[1] ----

/** The double-float result register [hi, lo]: a typed array keeps the values unboxed. */
const DF = new Float64Array(2);

/** dfadd2_vf2_vf_vf: exact sum of two floats. */
function dfAdd2FF(x: number, y: number): void {
  const s = f(x + y);
  const v = f(s - x);
  DF[1] = f(f(x - f(s - v)) + f(y - v));
  DF[0] = s;
}

/** dfadd_vf2_vf_vf (|x| >= |y|). */
function dfAddFF(x: number, y: number): void {
  const s = f(x + y);
  DF[1] = f(f(x - s) + y);
  DF[0] = s;
}

/** dfadd2_vf2_vf2_vf. */
function dfAdd2DF(xh: number, xl: number, y: number): void {
  const s = f(xh + y);
  const v = f(s - xh);
  const t = f(f(xh - f(s - v)) + f(y - v));
  DF[1] = f(t + xl);
  DF[0] = s;
}

/** dfadd_vf2_vf2_vf (|x| >= |y|). */
function dfAddDF(xh: number, xl: number, y: number): void {
  const s = f(xh + y);
  DF[1] = f(f(f(xh - s) + y) + xl);
  DF[0] = s;
}

/** dfadd_vf2_vf_vf2 (|x| >= |y|). */
function dfAddFD(x: number, yh: number, yl: number): void {
  const s = f(x + yh);
  DF[1] = f(f(f(x - s) + yh) + yl);
  DF[0] = s;
}

/** dfadd2_vf2_vf_vf2. */
function dfAdd2FD(x: number, yh: number, yl: number): void {
  const s = f(x + yh);
  const v = f(s - x);
  DF[1] = f(f(f(x - f(s - v)) + f(yh - v)) + yl);
  DF[0] = s;
}

/** dfadd_vf2_vf2_vf2 (|x| >= |y|). */
function dfAddDD(xh: number, xl: number, yh: number, yl: number): void {
  const s = f(xh + yh);
  DF[1] = f(f(f(f(xh - s) + yh) + xl) + yl);
  DF[0] = s;
}

/** dfadd2_vf2_vf2_vf2. */
function dfAdd2DD(xh: number, xl: number, yh: number, yl: number): void {
  const s = f(xh + yh);
  const v = f(s - xh);
  const t = f(f(xh - f(s - v)) + f(yh - v));
  DF[1] = f(t + f(xl + yl));
  DF[0] = s;
}

/** dfmul_vf2_vf_vf. */
function dfMulFF(x: number, y: number): void {
  const s = f(x * y);
  DF[1] = fma(x, y, -s);
  DF[0] = s;
}

/** dfmul_vf2_vf2_vf. */
function dfMulDF(xh: number, xl: number, y: number): void {
  const s = f(xh * y);
  DF[1] = fma(xl, y, fma(xh, y, -s));
  DF[0] = s;
}

/** dfmul_vf2_vf2_vf2. */
function dfMulDD(xh: number, xl: number, yh: number, yl: number): void {
  const s = f(xh * yh);
  DF[1] = fma(xh, yl, fma(xl, yh, fma(xh, yh, -s)));
  DF[0] = s;
}

/** dfmul_vf_vf2_vf2: the product rounded to one float. */
function dfMulDDtoF(xh: number, xl: number, yh: number, yl: number): number {
  return fma(xh, yh, fma(xl, yh, f(xh * yl)));
}

/** dfsqu_vf2_vf2. */
function dfSqu(xh: number, xl: number): void {
  const s = f(xh * xh);
  DF[1] = fma(f(xh + xh), xl, fma(xh, xh, -s));
  DF[0] = s;
}

/** dfdiv_vf2_vf2_vf2. */
function dfDiv(nh: number, nl: number, dh: number, dl: number): void {
  const t = f(1 / dh);
  const s = f(nh * t);
  const u = fma(t, nh, -s);
  const v = fma(-dl, t, fma(-dh, t, 1));
  DF[1] = fma(s, v, fma(nl, t, u));
  DF[0] = s;
}

/** dfrec_vf2_vf2. */
function dfRec(dh: number, dl: number): void {
  const s = f(1 / dh);
  DF[1] = f(s * fma(-dl, s, fma(-dh, s, 1)));
  DF[0] = s;
}

/** dfnormalize_vf2_vf2. */
function dfNormalize(xh: number, xl: number): void {
  const s = f(xh + xl);
  DF[1] = f(f(xh - s) + xl);
  DF[0] = s;
}

// ---- constants (misc.h) ----

export const R_LN2F = f(1.442695040888963407359924681001892137426645954152985934135449406931);
export const L2UF = f(0.693145751953125);
export const L2LF = f(1.428606765330187045e-06);
const FLT_MIN = f(1.17549435e-38);
const TWO_POW_64 = f(18446744073709551616);
const INV_075 = f(1 / 0.75);
const LN2_HI_F = f(0.69314718246459960938);
const LN2_LO_F = f(-1.904654323148236017e-09);

// ---- exp ----

export const EXP_C0 = f(0.000198527617612853646278381);
export const EXP_C1 = f(0.00139304355252534151077271);
export const EXP_C2 = f(0.00833336077630519866943359);
export const EXP_C3 = f(0.0416664853692054748535156);
export const EXP_C4 = f(0.166666671633720397949219);

/** Sleef_expf_u10 (xexpf): PyTorch's float `exp`. */
export function expF32(d: number): number {
  const q = rintToInt(f(d * R_LN2F));
  let s = fma(q, -L2UF, d);
  s = fma(q, -L2LF, s);
  let u = EXP_C0;
  u = fma(u, s, EXP_C1);
  u = fma(u, s, EXP_C2);
  u = fma(u, s, EXP_C3);
  u = fma(u, s, EXP_C4);
  u = fma(u, s, 0.5);
  u = f(1 + fma(f(s * s), u, s));
  if (d < -104) return 0;
  if (d > 100) return Infinity;
  return ldexp2(u, q);
}

// ---- log ----

const LOG_C0 = f(0.3027294874);
const LOG_C1 = f(0.3996108174);
const LOG_C2 = f(0.6666694880);

/** Sleef_logf_u10 (xlogf_u1): PyTorch's float `log`. */
export function logF32(input: number): number {
  let d = input;
  const tiny = d < FLT_MIN;
  if (tiny) d = f(d * TWO_POW_64);
  let e = ilogb2k(f(d * INV_075));
  const m = ldexp3(d, -e);
  if (tiny) e -= 64;
  dfMulDF(LN2_HI_F, LN2_LO_F, e);
  let sh = DF[0], sl = DF[1];
  dfAdd2FF(-1, m);
  const nh = DF[0], nl = DF[1];
  dfAdd2FF(1, m);
  dfDiv(nh, nl, DF[0], DF[1]);
  const xh = DF[0], xl = DF[1];
  const x2 = f(xh * xh);
  let t = fma(LOG_C0, x2, LOG_C1);
  t = fma(t, x2, LOG_C2);
  dfAddDD(sh, sl, f(xh * 2), f(xl * 2));
  sh = DF[0]; sl = DF[1];
  dfAddDF(sh, sl, f(f(x2 * xh) * t));
  const r = f(DF[0] + DF[1]);
  if (input === Infinity) return Infinity;
  if (input < 0 || input !== input) return NaN;
  if (input === 0) return -Infinity;
  return r;
}

// ---- expk2f / tanh / expm1 ----

const EXPK2_C0 = f(0.1980960224e-3);
const EXPK2_C1 = f(0.1394256484e-2);
const EXPK2_C2 = f(0.8333456703e-2);
const EXPK2_C3 = f(0.4166637361e-1);
const EXPK2_C4 = f(0.166666659414234244790680580464);

/** expk2f: exp of the double-float (dh, dl) as a double-float in DF[0] + DF[1]. */
function expk2f(dh: number, dl: number): void {
  const q = rintToInt(f(f(dh + dl) * R_LN2F));
  dfAdd2DF(dh, dl, f(q * -L2UF));
  dfAdd2DF(DF[0], DF[1], f(q * -L2LF));
  const sh = DF[0], sl = DF[1];
  let u = fma(EXPK2_C0, sh, EXPK2_C1);
  u = fma(u, sh, EXPK2_C2);
  u = fma(u, sh, EXPK2_C3);
  dfMulDF(sh, sl, u);
  dfAdd2DF(DF[0], DF[1], EXPK2_C4);
  dfMulDD(sh, sl, DF[0], DF[1]);
  dfAdd2DF(DF[0], DF[1], 0.5);
  const th = DF[0], tl = DF[1];
  dfSqu(sh, sl);
  dfMulDD(DF[0], DF[1], th, tl);
  dfAdd2DD(sh, sl, DF[0], DF[1]);
  dfAddFD(1, DF[0], DF[1]);
  if (dh < -104) { DF[0] = 0; DF[1] = 0; return; }
  const rh = ldexp2(DF[0], q);
  DF[1] = ldexp2(DF[1], q);
  DF[0] = rh;
}

const TANH_BOUND = f(8.664339742);

/** Sleef_tanhf_u10 (xtanhf): PyTorch's float `tanh`. */
export function tanhF32(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  expk2f(ax, 0);
  const dh = DF[0], dl = DF[1];
  dfRec(dh, dl);
  const eh = DF[0], el = DF[1];
  dfAddDD(dh, dl, -eh, -el);
  const nh = DF[0], nl = DF[1];
  dfAddDD(dh, dl, eh, el);
  dfDiv(nh, nl, DF[0], DF[1]);
  let y = f(DF[0] + DF[1]);
  if (ax > TANH_BOUND || y !== y) y = 1;
  return mulsign(y, x);
}

const EXPM1_HI = f(88.72283172607421875);
const EXPM1_LO = f(-16.635532333438687426013570);

/** Sleef_expm1f_u10 (xexpm1f). */
export function expm1F32(a: number): number {
  expk2f(a, 0);
  dfAdd2DF(DF[0], DF[1], -1);
  let x = f(DF[0] + DF[1]);
  if (a > EXPM1_HI) x = Infinity;
  if (a < EXPM1_LO) x = -1;
  if (Object.is(a, -0)) x = -0;
  return x;
}

// ---- log1p ----

const LOG1PF_BOUND = f(1e38);

/** Sleef_log1pf_u10 (xlog1pf). */
export function log1pF32(d: number): number {
  let dp1 = f(d + 1);
  const tiny = dp1 < FLT_MIN;
  if (tiny) dp1 = f(dp1 * TWO_POW_64);
  let e = ilogb2k(f(dp1 * INV_075));
  const t0 = ldexp3(1, -e);
  const m = fma(d, t0, f(t0 - 1));
  if (tiny) e -= 64;
  dfMulDF(LN2_HI_F, LN2_LO_F, e);
  let sh = DF[0], sl = DF[1];
  dfAddFF(2, m);
  dfDiv(m, 0, DF[0], DF[1]);
  const xh = DF[0], xl = DF[1];
  const x2 = f(xh * xh);
  let t = fma(LOG_C0, x2, LOG_C1);
  t = fma(t, x2, LOG_C2);
  dfAddDD(sh, sl, f(xh * 2), f(xl * 2));
  sh = DF[0]; sl = DF[1];
  dfAddDF(sh, sl, f(f(x2 * xh) * t));
  let r = f(DF[0] + DF[1]);
  if (!(d <= LOG1PF_BOUND)) r = logF32(d);
  if (d < -1) r = NaN;
  if (d === -1) r = -Infinity;
  if (Object.is(d, -0)) r = -0;
  if (d !== d) r = NaN;
  return r;
}

// ---- sin / cos ----

const M_1_PI_F = f(0.318309886183790671537767526745028724);
const PI_A2F = f(3.1414794921875);
const PI_B2F = f(0.00011315941810607910156);
const PI_C2F = f(1.9841872589410058936e-09);
const TRIGRANGEMAX2F = 125;
const SIN_C0 = f(2.6083159809786593541503e-06);
const SIN_C1 = f(-0.0001981069071916863322258);
const SIN_C2 = f(0.00833307858556509017944336);
const SIN_C3 = f(-0.166666597127914428710938);

// ---- sin / cos (u35: Sleef_sinf_u35 / Sleef_cosf_u35, what Vectorized<float>::sin/cos call) ----

const PI_AF = f(3.140625);
const PI_BF = f(0.0009670257568359375);
const PI_CF = f(6.2771141529083251953e-07);
const PI_DF = f(1.2154201256553420762e-10);
const TRIGRANGEMAXF = 39000;

/** The u35 polynomial on the reduced argument d (already sign-adjusted by the quadrant). */
function sinPoly35(d: number): number {
  const s = f(d * d);
  let u = fma(SIN_C0, s, SIN_C1);
  u = fma(u, s, SIN_C2);
  u = fma(u, s, SIN_C3);
  return f(f(s * f(u * d)) + d);
}

/** Reduction methods of SLEEF's u35 sin/cos: 0 below 125, 1 below 39000, 2 beyond (Payne–Hanek). */
export type TrigRange = 0 | 1 | 2;

/** The range an element alone selects (the vector's widest lane decides in a kernel). */
function ownRange(a: number): TrigRange {
  return a < TRIGRANGEMAX2F ? 0 : a < TRIGRANGEMAXF ? 1 : 2;
}

/** Reduces r by q·π/2-multiples (`scale` 1 for sin's q·π, 0.5 for cos's odd multiples of π/2). */
function reduceTrig(r: number, q: number, range: TrigRange, scale: number): number {
  let d: number;
  if (range === 0) {
    d = fma(q, f(-PI_A2F * scale), r);
    d = fma(q, f(-PI_B2F * scale), d);
    d = fma(q, f(-PI_C2F * scale), d);
  } else {
    d = fma(q, f(-PI_AF * scale), r);
    d = fma(q, f(-PI_BF * scale), d);
    d = fma(q, f(-PI_CF * scale), d);
    d = fma(q, f(-PI_DF * scale), d);
  }
  return d;
}

/**
 * Sleef_sinf_u35 (xsinf), what Vectorized<float>::sin calls. `range` is the reduction its
 * vector chose (default: the element's own). Arguments beyond 39000 take a correctly rounded
 * sin in place of SLEEF's Payne–Hanek path (equal in practice: SLEEF's error there is < 1 ulp
 * and rarely visible).
 */
export function sinF32(r: number, range: TrigRange = ownRange(Math.abs(r))): number {
  const a = Math.abs(r);
  if (r !== r || a === Infinity) return NaN;
  if (range === 2 || a >= TRIGRANGEMAXF) return f(Math.sin(r));
  const q = rintToInt(f(r * M_1_PI_F));
  let d = reduceTrig(r, q, range, 1);
  if ((q & 1) !== 0) d = -d;
  const u = sinPoly35(d);
  return Object.is(r, -0) ? r : u;
}

/** Sleef_cosf_u35 (xcosf); same notes as sinF32. */
export function cosF32(r: number, range: TrigRange = ownRange(Math.abs(r))): number {
  const a = Math.abs(r);
  if (r !== r || a === Infinity) return NaN;
  if (range === 2 || a >= TRIGRANGEMAXF) return f(Math.cos(r));
  const q = 2 * rintToInt(f(f(r * M_1_PI_F) - 0.5)) + 1;
  let d = reduceTrig(r, q, range, 0.5);
  if ((q & 2) === 0) d = -d;
  return sinPoly35(d);
}

// ---- pow (Sleef_powf_u10 = xpowf: expkf(logkf(|x|) · y) in double-float) ----

const LOGK_C0 = f(0.240320354700088500976562);
const LOGK_C1 = f(0.285112679004669189453125);
const LOGK_C2 = f(0.400007992982864379882812);
const LOGK_CH = f(0.66666662693023681640625);
const LOGK_CL = f(3.69183861259614332084311e-09);

/** logkf: log of a positive float as a double-float in DF[0] + DF[1]. */
function logkf(input: number): void {
  let d = input;
  const tiny = d < FLT_MIN;
  if (tiny) d = f(d * TWO_POW_64);
  let e = ilogb2k(f(d * INV_075));
  const m = ldexp3(d, -e);
  if (tiny) e -= 64;
  dfAdd2FF(-1, m);
  const nh = DF[0], nl = DF[1];
  dfAdd2FF(1, m);
  dfDiv(nh, nl, DF[0], DF[1]);
  const xh = DF[0], xl = DF[1];
  dfSqu(xh, xl);
  const x2h = DF[0], x2l = DF[1];
  let t = fma(LOGK_C0, x2h, LOGK_C1);
  t = fma(t, x2h, LOGK_C2);
  dfMulDF(LN2_HI_F, LN2_LO_F, e);
  dfAddDD(DF[0], DF[1], f(xh * 2), f(xl * 2));
  const sh = DF[0], sl = DF[1];
  dfMulDF(x2h, x2l, t);
  dfAdd2DD(DF[0], DF[1], LOGK_CH, LOGK_CL);
  const ch = DF[0], cl = DF[1];
  dfMulDD(x2h, x2l, xh, xl);
  dfMulDD(DF[0], DF[1], ch, cl);
  dfAddDD(sh, sl, DF[0], DF[1]);
}

/** vldexp_vf_vf_vi2: x · 2^q for any int q, in five multiplies as SLEEF splits it. */
function ldexpk(x: number, q: number): number {
  let m = q >> 31;
  m = (((m + q) >> 6) - m) << 4;
  q = q - (m << 2);
  m += 0x7f;
  m = m > 0 ? m : 0;
  m = m > 0xff ? 0xff : m;
  const u = fromBits(m << 23);
  x = f(f(f(f(x * u) * u) * u) * u);
  return f(x * fromBits(((q + 0x7f) << 23) | 0));
}

const EXPK_C0 = f(0.00136324646882712841033936);
const EXPK_C1 = f(0.00836596917361021041870117);
const EXPK_C2 = f(0.0416710823774337768554688);
const EXPK_C3 = f(0.166665524244308471679688);
const EXPK_C4 = f(0.499999850988388061523438);

/** expkf: exp of the double-float (dh, dl), rounded to a float. */
function expkf(dh: number, dl: number): number {
  const q = rintToInt(f(f(dh + dl) * R_LN2F));
  dfAdd2DF(dh, dl, f(q * -L2UF));
  dfAdd2DF(DF[0], DF[1], f(q * -L2LF));
  dfNormalize(DF[0], DF[1]);
  const sh = DF[0], sl = DF[1];
  let u = fma(EXPK_C0, sh, EXPK_C1);
  u = fma(u, sh, EXPK_C2);
  u = fma(u, sh, EXPK_C3);
  u = fma(u, sh, EXPK_C4);
  dfSqu(sh, sl);
  dfMulDF(DF[0], DF[1], u);
  dfAddDD(sh, sl, DF[0], DF[1]);
  dfAddFD(1, DF[0], DF[1]);
  const r = ldexpk(f(DF[0] + DF[1]), q);
  return dh < -104 ? 0 : r;
}

/** Sleef_powf_u10 (xpowf) with its special cases. */
export function powF32(x: number, y: number): number {
  const yIsInt = Math.trunc(y) === y || Math.abs(y) > 16777216;
  const yIsOdd = yIsInt && Math.abs(y) < 16777216 && (Math.trunc(y) & 1) === 1;
  logkf(Math.abs(x));
  dfMulDF(DF[0], DF[1], y);
  let result = expkf(DF[0], DF[1]);
  if (result !== result) result = Infinity;
  result = f(result * (x > 0 ? 1 : yIsInt ? (yIsOdd ? -1 : 1) : NaN));
  const efx = mulsign(f(Math.abs(x) - 1), y);
  if (Math.abs(y) === Infinity) result = efx < 0 ? 0 : efx === 0 ? 1 : Infinity;
  if (Math.abs(x) === Infinity || x === 0) {
    const ySignbit = y < 0 || Object.is(y, -0);
    result = mulsign(ySignbit !== (x === 0) ? 0 : Infinity, yIsOdd ? x : 1);
  }
  if (x !== x || y !== y) result = NaN;
  if (y === 0 || x === 1) result = 1;
  return result;
}

// ---- composites in PyTorch's kernels ----

/** sigmoid's vector path: ((0 - x).exp() + 1).reciprocal(). */
export function sigmoidF32(x: number): number {
  return f(1 / f(1 + expF32(-x)));
}

/** sigmoid's scalar path (tails and strided operands): 1 / (1 + std::exp(-x)) in float. */
export function sigmoidF32Scalar(x: number): number {
  return f(1 / f(1 + f(Math.exp(-x))));
}

const ERF_P = f(0.3275911);
const ERF_P1 = f(0.254829592);
const ERF_P2 = f(-0.284496736);
const ERF_P3 = f(1.421413741);
const ERF_P4 = f(-1.453152027);
const ERF_P5 = f(1.061405429);

/** PyTorch's vectorised erf (Abramowitz–Stegun 7.1.26 with its explicit FMAs and SLEEF exp). */
export function erfF32(x: number): number {
  const ax = Math.abs(x);
  const t = f(1 / fma(ERF_P, ax, 1));
  let r = fma(ERF_P5, t, ERF_P4);
  r = fma(r, t, ERF_P3);
  r = fma(r, t, ERF_P2);
  r = fma(r, t, ERF_P1);
  const e = expF32(-f(x * x));
  const y = fma(f(-e * t), r, 1);
  return x < 0 || Object.is(x, -0) ? -y : y;
}

// Scalar paths: cpu_kernel_vec's scalar lambda (tails, strided operands) calls glibc's float
// functions, which return the correctly rounded value in practice; a double evaluation rounded
// once to float gives the same bits except within ~2^-29 of a float midpoint.

/** glibc expf. */
export function expF32Scalar(x: number): number {
  return f(Math.exp(x));
}

/** silu's vector path: x / (1 + exp(-x)). */
export function siluF32(x: number): number {
  return f(x / f(1 + expF32(-x)));
}

/** silu's scalar path. */
export function siluF32Scalar(x: number): number {
  return f(x / f(1 + f(Math.exp(-x))));
}

/** mish's vector path: x · tanh(log1p(exp(x))). */
export function mishF32(x: number): number {
  return f(x * tanhF32(log1pF32(expF32(x))));
}

/** mish's scalar path. */
export function mishF32Scalar(x: number): number {
  return f(x * f(Math.tanh(f(Math.log1p(f(Math.exp(x)))))));
}

/** softplus's vector path: x·β > threshold ? x : log1p(exp(x·β)) / β (β, threshold as float). */
export function softplusF32(x: number, beta: number, threshold: number): number {
  const xb = f(x * beta);
  return xb > threshold ? x : f(log1pF32(expF32(xb)) / beta);
}

/** softplus's scalar path. */
export function softplusF32Scalar(x: number, beta: number, threshold: number): number {
  const xb = f(x * beta);
  return xb > threshold ? x : f(f(Math.log1p(f(Math.exp(xb)))) / beta);
}

/** erf in double to ~1e-14 relative: Maclaurin series below 2.5, Lentz continued fraction above. */
export function erfDouble(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1.1283791670955126 * sum;
  }
  if (ax > 6) return x > 0 ? 1 : -1;
  // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  let fr = ax, c = ax, dd = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    dd = ax + an * dd;
    dd = dd === 0 ? 1e-300 : 1 / dd;
    c = ax + an / c;
    if (c === 0) c = 1e-300;
    const delta = c * dd;
    fr *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = (Math.exp(-ax * ax) * 0.5641895835477563) / fr;
  return x > 0 ? 1 - erfc : erfc - 1;
}

/** glibc erff (correctly rounded). */
export function erfF32Scalar(x: number): number {
  return f(erfDouble(x));
}

const SQRT1_2_F = f(Math.SQRT1_2);

/** gelu's vector path: x · 0.5 · (1 + erf(x · √½)) with PyTorch's vector erf. */
export function geluF32(x: number): number {
  return f(f(x * 0.5) * f(1 + erfF32(f(x * SQRT1_2_F))));
}

/** gelu's scalar path (std::erf). */
export function geluF32Scalar(x: number): number {
  return f(f(x * 0.5) * f(1 + f(erfDouble(f(x * SQRT1_2_F)))));
}

const GELU_BETA_F = f(Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5);
const GELU_KAPPA_F = f(0.044715);

/** gelu(approximate='tanh') vector path: 0.5 · x · (1 + tanh(β · (x + κ · x³))), κ·x³ + x fused. */
export function geluTanhF32(x: number): number {
  const cube = f(f(x * x) * x);
  const inner = f(GELU_BETA_F * fma(GELU_KAPPA_F, cube, x));
  return f(f(0.5 * x) * f(1 + tanhF32(inner)));
}

/** gelu(approximate='tanh') scalar path (std::tanh). */
export function geluTanhF32Scalar(x: number): number {
  const cube = f(f(x * x) * x);
  const inner = f(GELU_BETA_F * fma(GELU_KAPPA_F, cube, x));
  return f(f(0.5 * x) * f(1 + f(Math.tanh(inner))));
}

/** elu's vector path (scale = input_scale = 1): x > 0 ? x : expm1(x) · alpha. */
export function eluF32(x: number, alpha: number): number {
  return x > 0 ? x : f(expm1F32(x) * alpha);
}

/** elu's scalar path (std::expm1). */
export function eluF32Scalar(x: number, alpha: number): number {
  return x <= 0 ? f(f(Math.expm1(x)) * alpha) : x;
}

// ---- gelu on contiguous float tensors: oneDNN's eltwise gelu_erf ----
// PyTorch hands F.gelu (approximate='none') of a contiguous float32 tensor with more than one
// element to oneDNN (use_mkldnn), whose AVX-512 JIT evaluates erf(x/√2) by a piecewise
// minimax polynomial of degree 5 in |x|: the interval is picked from the float's bits
// ((bits + 0xc21fffff) >> 21, clamped to [1, 24]; 23 above the right bound is erf = 1), then
// Horner with FMAs, then x · (1 ± p) · 0.5. Coefficients: oneDNN v3.12
// (jit_uni_eltwise_injector.cpp, gelu_erf_minimax_polynomial), 25 polynomials per degree.
const GELU_ERF_POLY_BITS = [
  // degree 0
  0xa6f2cb94, 0x32827792, 0x3381cc0c, 0x34523d4a, 0x351ac44d, 0x35f36d88, 0x36ee8229, 0x37b8a3bb, 0x3867a213, 0x3940033b, 0x3a2a5a1d, 0x3ae35863, 0x3b7828f2, 0x3c08b14b, 0x3c515ed3, 0xbb503236, 0xbd8d8e5e, 0xbe8abcd9, 0xbf0c19a2, 0xbeccb328, 0x3e176ced, 0x3f470d99, 0x3f7abb28, 0x3f800000, 0x00000000,
  // degree 1
  0x3f4c422a, 0x3f4c421f, 0x3f4c4207, 0x3f4c41cb, 0x3f4c413b, 0x3f4c3fad, 0x3f4c3a2f, 0x3f4c2d40, 0x3f4c146a, 0x3f4bc341, 0x3f4ad08c, 0x3f48f8cf, 0x3f45fac7, 0x3f404e07, 0x3f3b980f, 0x3f48dff3, 0x3f78b21b, 0x3fbb0704, 0x40019c32, 0x3fe536d6, 0x3f81331e, 0x3e6c8684, 0x3c98f936, 0x00000000, 0x3f800000,
  // degree 2
  0xb62173f4, 0x3735e4cf, 0x37f2ff89, 0x388c23be, 0x3917535c, 0x39ab2ab0, 0x3a60fadb, 0x3af9b960, 0x3b6e5491, 0x3c0a4ec5, 0x3ca5aa8c, 0x3d2138d9, 0x3d8737d4, 0x3ddfb660, 0x3e0f27ab, 0x3d94004b, 0xbe0efdeb, 0xbf1d96c3, 0xbf89db58, 0xbf6d9897, 0xbef69fb8, 0xbdc4f8a8, 0xbbde6422, 0x00000000, 0x00000000,
  // degree 3
  0xbe081a19, 0xbe084570, 0xbe08639b, 0xbe089837, 0xbe08f409, 0xbe09ab95, 0xbe0b66d0, 0xbe0e400a, 0xbe124df8, 0xbe1bde02, 0xbe2f19c9, 0xbe4931bf, 0xbe685fbc, 0xbe89c95f, 0xbe96cbca, 0xbe8044aa, 0xbe0550f2, 0x3dcfd6a1, 0x3e94c826, 0x3e79345f, 0x3decec91, 0x3ca46568, 0x3aa1e00a, 0x00000000, 0x00000000,
  // degree 4
  0xba3d61db, 0x39f097a3, 0x3a5845dc, 0x3ab1fa35, 0x3b0cefb8, 0x3b653ab6, 0x3bcae527, 0x3c221712, 0x3c6c5840, 0x3cc0a703, 0x3d1dcc19, 0x3d63656d, 0x3d955907, 0x3dbf9910, 0x3dd53f69, 0x3db7dcef, 0x3d639ebe, 0xba6ede48, 0xbd22be69, 0xbd041cf1, 0xbc64f5ab, 0xbb097a32, 0xb8ebf380, 0x00000000, 0x00000000,
  // degree 5
  0x3cb7d80c, 0x3c9b6050, 0x3c978d11, 0x3c92e850, 0x3c8d058b, 0x3c848454, 0x3c6cd623, 0x3c4c824b, 0x3c2a7935, 0x3be0b390, 0x3b0651ac, 0xbb232f53, 0xbbd42fa0, 0xbc2c5366, 0xbc492c9e, 0xbc2a7aa6, 0xbbd55d04, 0xba823a76, 0x3b102aa8, 0x3ae25a7e, 0x3a31f792, 0x38b84375, 0x3689bb5a, 0x00000000, 0x00000000,
];
const GELU_ERF_POLY = new Float32Array(new Uint32Array(GELU_ERF_POLY_BITS).buffer);
const GELU_ERF_RBOUND = fromBits(0x40b15cee);

/** oneDNN's gelu_erf forward (the path of contiguous float32 tensors with numel > 1). */
export function geluOneDnnF32(x: number): number {
  const ax = Math.abs(x);
  let idx = ((toBits(ax) + 0xc21fffff) | 0) >> 21;
  idx = idx < 1 ? 1 : idx > 24 ? 24 : idx;
  if (GELU_ERF_RBOUND < ax) idx = 23;
  let p = GELU_ERF_POLY[5 * 25 + idx];
  for (let deg = 4; deg >= 0; deg--) p = fma(p, ax, GELU_ERF_POLY[deg * 25 + idx]);
  if (x < 0 || Object.is(x, -0)) p = -p;
  return f(f(x * f(p + 1)) * 0.5);
}

// ---- row drivers: which elements take the vector path ----

type Row = { [i: number]: number };

/**
 * Threads PyTorch's parallel_for splits a large kernel over (torch.get_num_threads() on the
 * reference machine). Each chunk restarts the vector blocks, so the tail positions depend on it.
 */
export const VEC_THREADS = 2;
/** at::internal::GRAIN_SIZE: TensorIterator kernels of fewer elements run on one thread. */
const GRAIN_SIZE = 32768;
/** cpu_kernel_vec's vector step: 2 vectors of 16 floats (the AVX-512 kernels run here). */
const VEC_BLOCK_F32 = 32;

/**
 * A row of a cpu_kernel_vec kernel (sigmoid, silu, mish, softplus, elu, gelu …): contiguous
 * rows run `vec` over whole 32-element blocks and `scalar` over the rest of each thread's
 * chunk; strided rows run `scalar` everywhere (TensorIterator's basic loop).
 */
export function mapRowF32(
  n: number, out: Row, o: number, os: number, a: Row, ai: number, as: number,
  vec: (x: number) => number, scalar: (x: number) => number,
): void {
  if (os !== 1 || as !== 1) {
    for (let k = 0; k < n; k++, o += os, ai += as) out[o] = scalar(a[ai]);
    return;
  }
  const chunks = n < GRAIN_SIZE ? 1 : Math.min(VEC_THREADS, Math.ceil(n / GRAIN_SIZE));
  const chunk = Math.ceil(n / chunks);
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    const vecEnd = start + len - (len % VEC_BLOCK_F32);
    let k = start;
    for (; k < vecEnd; k++) out[o + k] = vec(a[ai + k]);
    for (; k < start + len; k++) out[o + k] = scalar(a[ai + k]);
  }
}

/** The grain of the vml kernels (exp, sin, cos …): smaller tensors run on one thread. */
const VML_GRAIN_SIZE = 2048;
/** SLEEF's sin/cos pick their range reduction per AVX2 vector of 8 lanes (the kernel PyTorch runs). */
const TRIG_LANES = 8;

/**
 * torch.sin / torch.cos on a float32 row: SLEEF u35 over 8-lane vectors, each vector reduced
 * with the cheapest method that covers its largest lane (so a large neighbour changes the
 * bits of small values).
 */
export function sinCosRowF32(n: number, out: Row, o: number, os: number, a: Row, ai: number, as: number, cos: boolean): void {
  const chunks = n < VML_GRAIN_SIZE ? 1 : Math.min(VEC_THREADS, Math.ceil(n / VML_GRAIN_SIZE));
  const chunk = Math.ceil(n / chunks);
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    for (let g = start; g < end; g += TRIG_LANES) {
      const gEnd = Math.min(end, g + TRIG_LANES);
      let widest = 0;
      for (let k = g; k < gEnd; k++) {
        const v = Math.abs(a[ai + k * as]);
        if (!(v <= widest)) widest = v !== v ? Infinity : v;
      }
      const range = widest < TRIGRANGEMAX2F ? 0 : widest < TRIGRANGEMAXF ? 1 : 2;
      for (let k = g; k < gEnd; k++) {
        const x = a[ai + k * as];
        out[o + k * os] = cos ? cosF32(x, range) : sinF32(x, range);
      }
    }
  }
}

/**
 * A row of a two-input cpu_kernel_vec kernel (pow): vectorised when the output and every
 * input are contiguous or a broadcast scalar, as mapRowF32; otherwise the scalar loop.
 */
export function mapRow2F32(
  n: number, out: Row, o: number, os: number, a: Row, ai: number, as: number, b: Row, bi: number, bs: number,
  vec: (x: number, y: number) => number, scalar: (x: number, y: number) => number,
): void {
  if (os !== 1 || (as !== 1 && as !== 0) || (bs !== 1 && bs !== 0)) {
    for (let k = 0; k < n; k++, o += os, ai += as, bi += bs) out[o] = scalar(a[ai], b[bi]);
    return;
  }
  const chunks = n < GRAIN_SIZE ? 1 : Math.min(VEC_THREADS, Math.ceil(n / GRAIN_SIZE));
  const chunk = Math.ceil(n / chunks);
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    const vecEnd = start + len - (len % VEC_BLOCK_F32);
    let k = start;
    for (; k < vecEnd; k++) out[o + k] = vec(a[ai + k * as], b[bi + k * bs]);
    for (; k < start + len; k++) out[o + k] = scalar(a[ai + k * as], b[bi + k * bs]);
  }
}

/** pow's scalar path: std::pow in double (correctly rounded in practice), rounded to float. */
export function powF32Scalar(x: number, y: number): number {
  return f(crPow(x, y));
}

// ---- activation backward kernels: (grad, self) → grad_input ----

const ONEDNN_LN_FLT_MIN = fromBits(0xc2aeac50 | 0);
const ONEDNN_LN_FLT_MAX = fromBits(0x42b17218);
const ONEDNN_LOG2E = fromBits(0x3fb8aa3b);
const ONEDNN_LN2 = fromBits(0x3f317218);
const ONEDNN_EXP_P1 = fromBits(0x3f7ffffb);
const ONEDNN_EXP_P2 = fromBits(0x3efffee3);
const ONEDNN_EXP_P3 = fromBits(0x3e2aad40);
const ONEDNN_EXP_P4 = fromBits(0x3d2b9d0d);
const ONEDNN_EXP_P5 = fromBits(0x3c07cfce);

/** oneDNN's JIT exp (exp_compute_vector_fwd): 2^n · p(r), p of degree 5, ~20 ulp. */
export function expOneDnnF32(input: number): number {
  let x = input < ONEDNN_LN_FLT_MAX ? input : ONEDNN_LN_FLT_MAX; // minps returns the 2nd operand on NaN
  x = x > ONEDNN_LN_FLT_MIN ? x : ONEDNN_LN_FLT_MIN;
  const fx = Math.floor(f(f(x * ONEDNN_LOG2E) + 0.5));
  const r = fma(-fx, ONEDNN_LN2, x);
  const scale = input < ONEDNN_LN_FLT_MIN ? 0 : fromBits(((fx - 1) + 127) << 23);
  let p = fma(ONEDNN_EXP_P5, r, ONEDNN_EXP_P4);
  p = fma(p, r, ONEDNN_EXP_P3);
  p = fma(p, r, ONEDNN_EXP_P2);
  p = fma(p, r, ONEDNN_EXP_P1);
  p = fma(p, r, 1);
  return f(f(p * scale) * 2);
}

const AS_P = fromBits(0x3ea7ba05);
const AS_ONE_OVER_SQRT2 = fromBits(0x3f3504f3);
const AS_ONE_OVER_SQRT_PI = fromBits(0x3f106eba);

/** oneDNN gelu_erf backward (contiguous float32 tensors of > 1 element): dy · gelu'(x). */
export function geluBackwardOneDnnF32(dy: number, s: number): number {
  const r = f(s * AS_ONE_OVER_SQRT2);
  const q = expOneDnnF32(-f(r * r));
  const t = f(f(r * AS_ONE_OVER_SQRT_PI) * q);
  const w = f(1 / fma(AS_P, Math.abs(r), 1));
  const qw = f(-q * w);
  let p = fma(ERF_P5, w, ERF_P4);
  p = fma(p, w, ERF_P3);
  p = fma(p, w, ERF_P2);
  p = fma(p, w, ERF_P1);
  let erf = fma(qw, p, 1);
  if (r < 0 || Object.is(r, -0)) erf = -erf;
  const deriv = fma(erf, 0.5, f(t + 0.5));
  return f(deriv * dy);
}

const GELU_BWD_BETA_F = f(2 / Math.sqrt(Math.PI) * Math.SQRT1_2 * 0.5);

/** GeluBackwardKernelImpl, vector path: dy · (cdf + x · pdf), cdf with PyTorch's vector erf. */
export function geluBackwardF32(dy: number, x: number): number {
  const cdf = f(0.5 * f(1 + erfF32(f(x * SQRT1_2_F))));
  const pdf = f(GELU_BWD_BETA_F * expF32(f(f(x * x) * -0.5)));
  return f(dy * f(cdf + f(x * pdf)));
}

/** GeluBackwardKernelImpl, scalar path (std::erf, std::exp; not contracted, per the oracle). */
export function geluBackwardF32Scalar(dy: number, x: number): number {
  const cdf = f(0.5 * f(1 + f(erfDouble(f(x * SQRT1_2_F)))));
  const pdf = f(GELU_BWD_BETA_F * f(Math.exp(f(f(x * x) * -0.5))));
  return f(dy * f(cdf + f(x * pdf)));
}

/** gelu_backward(approximate='tanh'), vector path (PyTorch's Vectorized expression). */
export function geluTanhBackwardF32(dy: number, x: number): number {
  return geluTanhBackwardWith(dy, x, tanhF32);
}

/** gelu_backward(approximate='tanh'), scalar path (std::tanh). */
export function geluTanhBackwardF32Scalar(dy: number, x: number): number {
  return geluTanhBackwardWith(dy, x, tanhCR);
}

function tanhCR(x: number): number {
  return f(Math.tanh(x));
}

const GELU_KAPPA3_F = f(3 * GELU_KAPPA_F);

function geluTanhBackwardWith(dy: number, x: number, th: (v: number) => number): number {
  const xSq = f(x * x);
  const cube = f(xSq * x);
  const inner = f(GELU_BETA_F * fma(GELU_KAPPA_F, cube, x));
  const t = th(inner);
  const left = f(0.5 * x);
  const right = f(1 + t);
  const leftDerivative = f(0.5 * right);
  const tanhDerivative = fma(-t, t, 1);
  const innerDerivative = f(GELU_BETA_F * fma(GELU_KAPPA3_F, xSq, 1));
  const rightDerivative = f(f(left * tanhDerivative) * innerDerivative);
  return f(dy * f(leftDerivative + rightDerivative));
}

/** silu_backward, vector path: dy · σ · (1 + x(1 - σ)), σ = 1 / (1 + exp(-x)). */
export function siluBackwardF32(dy: number, x: number): number {
  const s = f(1 / f(1 + expF32(-x)));
  return f(f(dy * s) * fma(x, f(1 - s), 1));
}

/** silu_backward, scalar path. */
export function siluBackwardF32Scalar(dy: number, x: number): number {
  const s = f(1 / f(1 + f(Math.exp(-x))));
  return f(f(dy * s) * fma(x, f(1 - s), 1));
}

/** mish_backward, vector path: dy · (tsp + x·σ·(1 - tsp²)), tsp = tanh(softplus(x)). */
export function mishBackwardF32(dy: number, x: number): number {
  const s = f(1 / f(1 + expF32(-x)));
  const tsp = tanhF32(log1pF32(expF32(x)));
  return f(dy * fma(f(x * s), fma(-tsp, tsp, 1), tsp));
}

/** mish_backward, scalar path. */
export function mishBackwardF32Scalar(dy: number, x: number): number {
  const s = f(1 / f(1 + f(Math.exp(-x))));
  const tsp = f(Math.tanh(f(Math.log1p(f(Math.exp(x))))));
  return f(dy * fma(f(x * s), fma(-tsp, tsp, 1), tsp));
}

/**
 * A two-input cpu_kernel_vec kernel over dense arrays a, b (e.g. grad and self of a backward):
 * `vectorizable` (all operands contiguous in PyTorch) runs `vec` on whole 32-element blocks
 * and `scalar` on the rest; otherwise `scalar` everywhere.
 */
export function mapPairF32(
  n: number, out: Row, a: Row, b: Row, vectorizable: boolean,
  vec: (x: number, y: number) => number, scalar: (x: number, y: number) => number,
): void {
  if (!vectorizable) {
    for (let k = 0; k < n; k++) out[k] = scalar(a[k], b[k]);
    return;
  }
  mapRow2F32(n, out, 0, 1, a, 0, 1, b, 0, 1, vec, scalar);
}

/** elu_backward (scale = input_scale = 1), vector path: x > 0 ? dy : dy · alpha · exp(x). */
export function eluBackwardF32(dy: number, x: number, alpha: number): number {
  return x > 0 ? dy : f(f(dy * alpha) * expF32(x));
}

/** elu_backward, scalar path (std::exp). */
export function eluBackwardF32Scalar(dy: number, x: number, alpha: number): number {
  return x <= 0 ? f(f(dy * alpha) * f(Math.exp(x))) : dy;
}

/** softplus_backward, vector path: x·β > threshold ? dy : dy · z / (z + 1), z = exp(x·β). */
export function softplusBackwardF32(dy: number, x: number, beta: number, threshold: number): number {
  const xb = f(x * beta);
  if (xb > threshold) return dy;
  const z = expF32(xb);
  return f(f(dy * z) / f(z + 1));
}

/** softplus_backward, scalar path (std::exp). */
export function softplusBackwardF32Scalar(dy: number, x: number, beta: number, threshold: number): number {
  const xb = f(x * beta);
  if (xb > threshold) return dy;
  const z = f(Math.exp(xb));
  return f(f(dy * z) / f(z + 1));
}

// ---- a double fused multiply-add without BigInt (random.ts's fmaF64 steps ulps with BigInt,
// far too slow for a per-element kernel). Same algorithm: Dekker's exact product, then
// Boldo–Melquiond's RN(th + RO(tl + ul)) with round-to-odd done on the low 32-bit word. ----

const fmaBits = new Float64Array(1);
const fmaWords = new Uint32Array(fmaBits.buffer); // [low, high] on little-endian hosts
const SPLITTER = 134217729; // 2^27 + 1

/** Correctly rounded a·b + c in double (finite, non-overflowing operands as in these kernels). */
export function fmaF64(a: number, b: number, c: number): number {
  const uh = a * b;
  if (uh === 0 || !Number.isFinite(uh) || !Number.isFinite(c)) return uh + c;
  let t = SPLITTER * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b), bl = b - bh;
  const ul = ((ah * bh - uh) + ah * bl + al * bh) + al * bl;
  const th = c + uh;
  let bv = th - c;
  const tl = (c - (th - bv)) + (uh - bv);
  let v = tl + ul;
  bv = v - tl;
  const err = (tl - (v - bv)) + (ul - bv);
  if (err !== 0 && v !== 0) {
    fmaBits[0] = v;
    if ((fmaWords[0] & 1) === 0) {
      // one ulp toward err: away from zero when err has v's sign, else toward zero
      const away = (err > 0) === (v > 0);
      if (away) {
        fmaWords[0] = (fmaWords[0] + 1) >>> 0;
        if (fmaWords[0] === 0) fmaWords[1] = (fmaWords[1] + 1) >>> 0;
      } else {
        if (fmaWords[0] === 0) fmaWords[1] = (fmaWords[1] - 1) >>> 0;
        fmaWords[0] = (fmaWords[0] - 1) >>> 0;
      }
      v = fmaBits[0];
    }
  }
  return th + v;
}

// ---- float64: SLEEF's double functions (Sleef_expd8_u10 = xexp, Sleef_logd8_u10 = xlog_u1,
// Sleef_tanhd8_u10 = xtanh), FMA variants; double arithmetic is JavaScript's own. ----

/** Round half to even for |x| < 2^52 (vrint_vd_vd). */
function rintD(x: number): number {
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r;
}

/** vldexp2_vd_vd_vi: d · 2^(q>>1) · 2^(q - (q>>1)). */
function ldexp2D(d: number, q: number): number {
  const h = q >> 1;
  return d * 2 ** h * 2 ** (q - h);
}

const R_LN2D = 1.442695040888963407359924681001892137426645954152985934135449406931;
const L2UD = 0.69314718055966295651160180568695068359375;
const L2LD = 0.28235290563031577122588448175013436025525412068e-12;
const LOG_DBL_MAX = 709.782712893384;

/** Sleef_exp_u10 (xexp, FMA build): PyTorch's double `exp`. */
export function expF64(d: number): number {
  const u0 = rintD(d * R_LN2D);
  if (!(Math.abs(u0) < 4096)) return d !== d ? NaN : d > 0 ? Infinity : 0;
  const q = u0;
  let s = fmaF64(u0, -L2UD, d);
  s = fmaF64(u0, -L2LD, s);
  const s2 = s * s, s4 = s2 * s2, s8 = s4 * s4;
  const p98 = fmaF64(s, 0.2081276378237164457e-8, 0.2511210703042288022e-7);
  const p76 = fmaF64(s, 0.2755762628169491192e-6, 0.2755723402025388239e-5);
  const p54 = fmaF64(s, 0.2480158687479686264e-4, 0.1984126989855865850e-3);
  const p32 = fmaF64(s, 0.1388888888914497797e-2, 0.8333333333314938210e-2);
  const p10 = fmaF64(s, 0.4166666666666602598e-1, 0.1666666666666669072e+0);
  const p7to0 = fmaF64(s4, fmaF64(s2, p76, p54), fmaF64(s2, p32, p10));
  let u = fmaF64(s8, p98, p7to0);
  u = fmaF64(u, s, 0.5);
  u = fmaF64(u, s, 1);
  u = fmaF64(u, s, 1);
  u = ldexp2D(u, q);
  if (d > LOG_DBL_MAX) u = Infinity;
  if (d < -1000) u = 0;
  return u;
}

const DD = new Float64Array(2);

function ddAdd2DD(xh: number, xl: number, yh: number, yl: number): void {
  const s = xh + yh;
  const v = s - xh;
  const t = (xh - (s - v)) + (yh - v);
  DD[1] = t + (xl + yl);
  DD[0] = s;
}
function ddAddDD(xh: number, xl: number, yh: number, yl: number): void {
  const s = xh + yh;
  DD[1] = (((xh - s) + yh) + xl) + yl;
  DD[0] = s;
}
function ddAdd2FF(x: number, y: number): void {
  const s = x + y;
  const v = s - x;
  DD[1] = (x - (s - v)) + (y - v);
  DD[0] = s;
}
function ddAdd2DF(xh: number, xl: number, y: number): void {
  const s = xh + y;
  const v = s - xh;
  const t = (xh - (s - v)) + (y - v);
  DD[1] = t + xl;
  DD[0] = s;
}
function ddAddDF(xh: number, xl: number, y: number): void {
  const s = xh + y;
  DD[1] = ((xh - s) + y) + xl;
  DD[0] = s;
}
function ddAddFD(x: number, yh: number, yl: number): void {
  const s = x + yh;
  DD[1] = ((x - s) + yh) + yl;
  DD[0] = s;
}
function ddMulDF(xh: number, xl: number, y: number): void {
  const s = xh * y;
  DD[1] = fmaF64(xl, y, fmaF64(xh, y, -s));
  DD[0] = s;
}
function ddMulDD(xh: number, xl: number, yh: number, yl: number): void {
  const s = xh * yh;
  DD[1] = fmaF64(xh, yl, fmaF64(xl, yh, fmaF64(xh, yh, -s)));
  DD[0] = s;
}
function ddSqu(xh: number, xl: number): void {
  const s = xh * xh;
  DD[1] = fmaF64(xh + xh, xl, fmaF64(xh, xh, -s));
  DD[0] = s;
}
function ddDiv(nh: number, nl: number, dh: number, dl: number): void {
  const t = 1 / dh;
  const s = nh * t;
  const u = fmaF64(t, nh, -s);
  const v = fmaF64(-dl, t, fmaF64(-dh, t, 1));
  DD[1] = fmaF64(s, v, fmaF64(nl, t, u));
  DD[0] = s;
}
function ddRec(dh: number, dl: number): void {
  const s = 1 / dh;
  DD[1] = s * fmaF64(-dl, s, fmaF64(-dh, s, 1));
  DD[0] = s;
}

const LN2_HI_D = 0.693147180559945286226764;
const LN2_LO_D = 2.319046813846299558417771e-17;
const DBL_MIN = 2 ** -1022;

const bitsF64 = new Float64Array(1);
const bitsF64Hi = new Uint32Array(bitsF64.buffer, 4, 1);

/** vilogb2k_vi_vd: the unbiased exponent field of a normal double. */
function exponentOf(d: number): number {
  bitsF64[0] = d;
  return ((bitsF64Hi[0] >>> 20) & 0x7ff) - 0x3ff;
}

/** Sleef_log_u10 (xlog_u1): PyTorch's double `log`. */
export function logF64(input: number): number {
  if (input === Infinity) return Infinity;
  if (input < 0 || input !== input) return NaN;
  if (input === 0) return -Infinity;
  let d = input;
  const tiny = d < DBL_MIN;
  if (tiny) d *= 2 ** 64;
  let e = exponentOf(d * (1 / 0.75));
  const m = d * 2 ** -e;
  if (tiny) e -= 64;
  ddAdd2FF(-1, m);
  const nh = DD[0], nl = DD[1];
  ddAdd2FF(1, m);
  ddDiv(nh, nl, DD[0], DD[1]);
  const xh = DD[0], xl = DD[1];
  const x2 = xh * xh, x4 = x2 * x2, x8 = x4 * x4;
  const p654 = fmaF64(x4, 0.1532076988502701353e+0, fmaF64(x2, 0.1525629051003428716e+0, 0.1818605932937785996e+0));
  const p3210 = fmaF64(x4, fmaF64(x2, 0.2222214519839380009e+0, 0.2857142932794299317e+0), fmaF64(x2, 0.3999999999635251990e+0, 0.6666666666667333541e+0));
  const t = fmaF64(x8, p654, p3210);
  ddMulDF(LN2_HI_D, LN2_LO_D, e);
  ddAddDD(DD[0], DD[1], xh * 2, xl * 2);
  ddAddDF(DD[0], DD[1], (x2 * xh) * t);
  return DD[0] + DD[1];
}

/** expk2 (double): exp of (dh, dl) as a double-double in DD. */
function expk2D(dh: number, dl: number): void {
  const dq = rintD((dh + dl) * R_LN2D);
  ddAdd2DF(dh, dl, dq * -L2UD);
  ddAdd2DF(DD[0], DD[1], dq * -L2LD);
  const sh = DD[0], sl = DD[1];
  ddSqu(sh, sl);
  const s2h = DD[0], s2l = DD[1];
  ddSqu(s2h, s2l);
  const s4h = DD[0], s4l = DD[1];
  const s8 = s4h * s4h;
  const x = sh, x2 = s2h, x4 = s4h;
  const p98 = fmaF64(x, 0.1602472219709932072e-9, 0.2092255183563157007e-8);
  const p7to0 = fmaF64(x4,
    fmaF64(x2, fmaF64(x, 0.2505230023782644465e-7, 0.2755724800902135303e-6), fmaF64(x, 0.2755731892386044373e-5, 0.2480158735605815065e-4)),
    fmaF64(x2, fmaF64(x, 0.1984126984148071858e-3, 0.1388888888886763255e-2), fmaF64(x, 0.8333333333333347095e-2, 0.4166666666666669905e-1)));
  const u = fmaF64(s8, p98, p7to0);
  ddMulDF(sh, sl, 0.1666666666666666574e+0);
  ddAddFD(0.5, DD[0], DD[1]);
  ddMulDD(DD[0], DD[1], sh, sl);
  ddAddFD(1, DD[0], DD[1]);
  ddMulDD(DD[0], DD[1], sh, sl);
  ddAddFD(1, DD[0], DD[1]);
  const th = DD[0], tl = DD[1];
  ddMulDF(s4h, s4l, u);
  ddAddDD(th, tl, DD[0], DD[1]);
  if (dh < -1000) { DD[0] = 0; DD[1] = 0; return; }
  const q = dq;
  DD[0] = ldexp2D(DD[0], q);
  DD[1] = ldexp2D(DD[1], q);
}

/** Sleef_tanh_u10 (xtanh): PyTorch's double `tanh`. */
export function tanhF64(x: number): number {
  if (x !== x) return NaN;
  const ax = Math.abs(x);
  if (ax > 18.714973875) return x < 0 ? -1 : 1;
  expk2D(ax, 0);
  const dh = DD[0], dl = DD[1];
  ddRec(dh, dl);
  const eh = DD[0], el = DD[1];
  ddAdd2DD(dh, dl, -eh, -el);
  const nh = DD[0], nl = DD[1];
  ddAdd2DD(dh, dl, eh, el);
  ddDiv(nh, nl, DD[0], DD[1]);
  const y = DD[0] + DD[1];
  return x < 0 || Object.is(x, -0) ? -y : y;
}

/** sigmoid (double), vector path: 1 / (1 + exp(-x)) with SLEEF exp. */
export function sigmoidF64(x: number): number {
  return 1 / (1 + expF64(-x));
}

/** sigmoid (double), scalar path: glibc exp (correctly rounded in practice). */
export function sigmoidF64Scalar(x: number): number {
  return 1 / (1 + crExp(-x));
}

/** cpu_kernel_vec's vector step for doubles: 2 vectors of 8. */
const VEC_BLOCK_F64 = 16;

/** mapRowF32 for float64 kernels (blocks of 16). */
export function mapRowF64(
  n: number, out: Row, o: number, os: number, a: Row, ai: number, as: number,
  vec: (x: number) => number, scalar: (x: number) => number,
): void {
  if (os !== 1 || as !== 1) {
    for (let k = 0; k < n; k++, o += os, ai += as) out[o] = scalar(a[ai]);
    return;
  }
  const chunks = n < GRAIN_SIZE ? 1 : Math.min(VEC_THREADS, Math.ceil(n / GRAIN_SIZE));
  const chunk = Math.ceil(n / chunks);
  for (let start = 0; start < n; start += chunk) {
    const len = Math.min(chunk, n - start);
    const vecEnd = start + len - (len % VEC_BLOCK_F64);
    let k = start;
    for (; k < vecEnd; k++) out[o + k] = vec(a[ai + k]);
    for (; k < start + len; k++) out[o + k] = scalar(a[ai + k]);
  }
}

/** _vec_log_sigmoid (every element on the vector path): min(x, 0) - log1p(exp(-|x|)). */
export function logSigmoidF32(x: number): number {
  return f(Math.min(x, 0) - log1pF32(expF32(-Math.abs(x))));
}

// ---- exp2 / log2 / log10 (SLEEF u10) ----

const EXP2_C0 = f(0.1535920892e-3);
const EXP2_C1 = f(0.1339262701e-2);
const EXP2_C2 = f(0.9618384764e-2);
const EXP2_C3 = f(0.5550347269e-1);
const EXP2_C4 = f(0.2402264476e+0);
const EXP2_C5 = f(0.6931471825e+0);

/** Sleef_exp2f_u10 (xexp2f): exp2's vector path. */
export function exp2F32(d: number): number {
  if (d !== d) return NaN;
  if (d >= 128) return Infinity;
  if (d < -150) return 0;
  const u0 = rintF(d);
  const s = f(d - u0);
  let u = fma(EXP2_C0, s, EXP2_C1);
  u = fma(u, s, EXP2_C2);
  u = fma(u, s, EXP2_C3);
  u = fma(u, s, EXP2_C4);
  u = fma(u, s, EXP2_C5);
  u = fma(u, s, 1);
  return ldexp2(u, u0);
}

/** exp2's scalar path (std::exp2, correctly rounded). */
export function exp2F32Scalar(d: number): number {
  return f(2 ** d);
}

/** The shared front of xlog2f/xlog10f: exponent e and x = (m-1)/(m+1) as a double-float. */
function logReduce(input: number): number {
  let d = input;
  const tiny = d < FLT_MIN;
  if (tiny) d = f(d * TWO_POW_64);
  let e = ilogb2k(f(d * INV_075));
  const m = ldexp3(d, -e);
  if (tiny) e -= 64;
  dfAdd2FF(-1, m);
  const nh = DF[0], nl = DF[1];
  dfAdd2FF(1, m);
  dfDiv(nh, nl, DF[0], DF[1]);
  return e;
}

function logSpecial(input: number): number {
  if (input === Infinity) return Infinity;
  if (input < 0 || input !== input) return NaN;
  return -Infinity; // input === 0
}

const LOG10_C0 = f(0.1314289868e+0);
const LOG10_C1 = f(0.1735493541e+0);
const LOG10_C2 = f(0.2895309627e+0);
const LOG10_2_HI = f(0.30103001);
const LOG10_2_LO = f(-1.432098889e-08);
const LOG10_E2_HI = f(0.868588984);
const LOG10_E2_LO = f(-2.170757285e-08);

/** Sleef_log10f_u10 (xlog10f). */
export function log10F32(input: number): number {
  if (!(input > 0 && input < Infinity)) return logSpecial(input);
  const e = logReduce(input);
  const xh = DF[0], xl = DF[1];
  const x2 = f(xh * xh);
  let t = fma(LOG10_C0, x2, LOG10_C1);
  t = fma(t, x2, LOG10_C2);
  dfMulDF(LOG10_2_HI, LOG10_2_LO, e);
  const sh = DF[0], sl = DF[1];
  dfMulDD(xh, xl, LOG10_E2_HI, LOG10_E2_LO);
  dfAddDD(sh, sl, DF[0], DF[1]);
  dfAddDF(DF[0], DF[1], f(f(x2 * xh) * t));
  return f(DF[0] + DF[1]);
}

const LOG2_C0 = f(0.4374550283e+0);
const LOG2_C1 = f(0.5764790177e+0);
const LOG2_C2 = f(0.9618012905120);
const LOG2_E2_HI = f(2.8853900432586669922);
const LOG2_E2_LO = f(3.2734474483568488616e-08);

/** Sleef_log2f_u10 (xlog2f). */
export function log2F32(input: number): number {
  if (!(input > 0 && input < Infinity)) return logSpecial(input);
  const e = logReduce(input);
  const xh = DF[0], xl = DF[1];
  const x2 = f(xh * xh);
  let t = fma(LOG2_C0, x2, LOG2_C1);
  t = fma(t, x2, LOG2_C2);
  dfMulDD(xh, xl, LOG2_E2_HI, LOG2_E2_LO);
  dfAdd2FD(e, DF[0], DF[1]);
  dfAdd2DF(DF[0], DF[1], f(f(x2 * xh) * t));
  return f(DF[0] + DF[1]);
}

/**
 * expF32 over a row, the body written out in the loop: calling expF32 per element costs a
 * boxed double per call (it is too big to inline into every loop).
 */
export function expRowF32(n: number, out: Row, o: number, os: number, a: Row, ai: number, as: number): void {
  for (let k = 0; k < n; k++, o += os, ai += as) {
    const d = a[ai];
    if (!(d >= -104 && d <= 100)) {
      out[o] = d !== d ? NaN : d < -104 ? 0 : Infinity;
      continue;
    }
    const v = f(d * R_LN2F);
    let q = Math.round(v);
    if (q - v === 0.5 && (q & 1) !== 0) q -= 1; // cvtps_epi32 rounds half to even
    let s = fma(q, -L2UF, d);
    s = fma(q, -L2LF, s);
    let u = fma(EXP_C0, s, EXP_C1);
    u = fma(u, s, EXP_C2);
    u = fma(u, s, EXP_C3);
    u = fma(u, s, EXP_C4);
    u = fma(u, s, 0.5);
    u = f(1 + fma(f(s * s), u, s));
    const h = q >> 1;
    out[o] = f(f(u * POW2_F32[h + 127]) * POW2_F32[q - h + 127]);
  }
}

/** 2^k for k in [-127, 128] as float32 values (vpow2i for the exponents exp can produce). */
const POW2_F32 = (() => {
  const t = new Float64Array(256);
  for (let k = -127; k <= 128; k++) t[k + 127] = pow2i(k);
  return t;
})();

// ---- tan (Sleef_tanf_u10 = xtanf_u1) ----

const TWO_OVER_PI_F = f(2 * 0.318309886183790671537767526745028724);
const TAN_C0 = f(0.00446636462584137916564941);
const TAN_C1 = f(-8.3920182078145444393158e-05);
const TAN_C2 = f(0.0109639242291450500488281);
const TAN_C3 = f(0.0212360303848981857299805);
const TAN_C4 = f(0.0540687143802642822265625);
const TAN_C5 = f(0.133325666189193725585938);
const TAN_C6 = f(0.33333361148834228515625);

/**
 * Sleef_tanf_u10 (xtanf_u1) for |d| < 125; beyond, where SLEEF reduces with Payne–Hanek, a
 * correctly rounded tan stands in.
 */
export function tanF32(d: number): number {
  if (d !== d || Math.abs(d) === Infinity) return NaN;
  if (!(Math.abs(d) < TRIGRANGEMAX2F)) return f(Math.tan(d));
  const u0 = rintF(f(d * TWO_OVER_PI_F));
  const q = u0 | 0;
  const v = fma(u0, f(-PI_A2F * 0.5), d);
  dfAdd2FF(v, f(u0 * f(-PI_B2F * 0.5)));
  dfAddDF(DF[0], DF[1], f(u0 * f(-PI_C2F * 0.5)));
  let sh = DF[0], sl = DF[1];
  const odd = (q & 1) === 1;
  if (odd) { sh = -sh; sl = -sl; }
  const th = sh, tl = sl;
  dfSqu(sh, sl);
  dfNormalize(DF[0], DF[1]);
  sh = DF[0]; sl = DF[1];
  let u = fma(TAN_C0, sh, TAN_C1);
  u = fma(u, sh, TAN_C2);
  u = fma(u, sh, TAN_C3);
  u = fma(u, sh, TAN_C4);
  dfAddFF(TAN_C5, f(u * sh));
  dfMulDD(sh, sl, DF[0], DF[1]);
  dfAddFD(TAN_C6, DF[0], DF[1]);
  dfMulDD(DF[0], DF[1], sh, sl);
  dfAddFD(1, DF[0], DF[1]);
  dfMulDD(th, tl, DF[0], DF[1]);
  if (odd) dfRec(DF[0], DF[1]);
  const r = f(DF[0] + DF[1]);
  return Object.is(d, -0) ? d : r;
}
