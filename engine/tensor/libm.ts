// Correctly rounded (in practice) double-precision log, exp, sin and cos.
//
// Why: PyTorch's float64 normal_ and CPython's math/random call glibc's libm, whose results
// are the correctly rounded ones in all but ~0.1% of arguments. V8's Math.log/sin/cos (an
// fdlibm port) differ from those in several percent of arguments, by one ulp, which shows in
// any printed float64 digits. These functions evaluate in double-double arithmetic to ~2^-68
// relative error and then round once, so they agree with the correctly rounded value except
// in about 1 of 30 000 arguments.
//
// The small tables (log(1 + j/64), 2^(j/64), sin/cos(j/64)) are computed at load time from
// long double-double series, so no constants beyond pi/2 and ln 2 are transcribed.

// ---- double-double primitives (results in the module registers RH, RL; no allocation) ----

let RH = 0;
let RL = 0;

const SPLIT = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  RL = (a - (s - bb)) + (b - bb);
  RH = s;
}

function quickTwoSum(a: number, b: number): void {
  const s = a + b;
  RL = b - (s - a);
  RH = s;
}

function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  RL = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  RH = p;
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s = RH;
  const e = RL + al + bl;
  quickTwoSum(s, e);
}

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = RH;
  const e = RL + (ah * bl + al * bh);
  quickTwoSum(p, e);
}

function ddDiv(ah: number, al: number, bh: number, bl: number): void {
  const q1 = ah / bh;
  ddMul(bh, bl, q1, 0);
  const ph = RH;
  const pl = RL;
  ddAdd(ah, al, -ph, -pl);
  const q2 = (RH + RL) / bh;
  quickTwoSum(q1, q2);
}

const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;

// ---- tables, built once from long series ----

ddDiv(2, 0, 3, 0);
const TWO_THIRDS_HI = RH;
const TWO_THIRDS_LO = RL;

const LOG_J_MIN = -20;
const LOG_J_MAX = 28;
const logTableHi = new Float64Array(LOG_J_MAX - LOG_J_MIN + 1);
const logTableLo = new Float64Array(LOG_J_MAX - LOG_J_MIN + 1);
const exp2TableHi = new Float64Array(64);
const exp2TableLo = new Float64Array(64);
const SINCOS_J_MAX = 52;
const sinTableHi = new Float64Array(SINCOS_J_MAX + 1);
const sinTableLo = new Float64Array(SINCOS_J_MAX + 1);
const cosTableHi = new Float64Array(SINCOS_J_MAX + 1);
const cosTableLo = new Float64Array(SINCOS_J_MAX + 1);

/** log(c) for c in [0.6, 1.5] via 2·atanh((c-1)/(c+1)), all in double-double. */
function logSlow(c: number): void {
  twoSum(c, 1);
  ddDiv(c - 1, 0, RH, RL);
  const sh = RH, sl = RL;
  ddMul(sh, sl, sh, sl);
  const s2h = RH, s2l = RL;
  let acch = 0, accl = 0;
  for (let n = 40; n >= 0; n--) {
    ddMul(acch, accl, s2h, s2l);
    const mh = RH, ml = RL;
    ddDiv(1, 0, 2 * n + 1, 0);
    ddAdd(mh, ml, RH, RL);
    acch = RH; accl = RL;
  }
  ddMul(acch, accl, sh, sl);
  RH *= 2;
  RL *= 2;
}

/** sum a^n / n! over 40 terms (|a| < 1), double-double. */
function expSlow(ah: number, al: number): void {
  let acch = 1, accl = 0;
  for (let n = 40; n >= 1; n--) {
    // acc = 1 + a * acc / n
    ddMul(acch, accl, ah, al);
    ddDiv(RH, RL, n, 0);
    ddAdd(1, 0, RH, RL);
    acch = RH; accl = RL;
  }
  RH = acch; RL = accl;
}

/** sin(a) or cos(a) by Taylor series in double-double, |a| < 1. */
function sinCosSlow(a: number, wantSin: boolean): void {
  ddMul(a, 0, a, 0);
  const a2h = RH, a2l = RL;
  let acch = 1, accl = 0;
  // sin a = a (1 - a²/(2·3) (1 - a²/(4·5) (...))); cos a = 1 - a²/(1·2) (1 - a²/(3·4) (...))
  for (let n = 30; n >= 1; n--) {
    const d = wantSin ? (2 * n) * (2 * n + 1) : (2 * n - 1) * (2 * n);
    ddMul(acch, accl, a2h, a2l);
    ddDiv(RH, RL, d, 0);
    ddAdd(1, 0, -RH, -RL);
    acch = RH; accl = RL;
  }
  if (wantSin) ddMul(acch, accl, a, 0);
  else { RH = acch; RL = accl; }
}

for (let j = LOG_J_MIN; j <= LOG_J_MAX; j++) {
  logSlow(1 + j / 64);
  logTableHi[j - LOG_J_MIN] = RH;
  logTableLo[j - LOG_J_MIN] = RL;
}
for (let j = 0; j < 64; j++) {
  // 2^(j/64) = exp(j·ln2/64)
  twoProd(j, LN2_HI);
  const h = RH, l = RL + j * LN2_LO;
  quickTwoSum(h / 64, l / 64);
  expSlow(RH, RL);
  exp2TableHi[j] = RH;
  exp2TableLo[j] = RL;
}
for (let j = 0; j <= SINCOS_J_MAX; j++) {
  sinCosSlow(j / 64, true);
  sinTableHi[j] = RH; sinTableLo[j] = RL;
  sinCosSlow(j / 64, false);
  cosTableHi[j] = RH; cosTableLo[j] = RL;
}

// ---- log ----

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[1] is the high word

/** Natural logarithm, correctly rounded except in rare near-midpoint cases. */
export function crLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  if (x === 1) return 0;
  logDD(x);
  return RH + RL;
}

/** log(x) for finite x > 0 as a double-double in RH, RL (~2^-68 relative). */
function logDD(x: number): void {
  let k = 0;
  if (x < 2.2250738585072014e-308) { x *= 18014398509481984; k = -54; } // subnormal: scale by 2^54
  f64[0] = x;
  const hi = u32[1];
  k += ((hi >>> 20) & 0x7ff) - 1023;
  u32[1] = (hi & 0x000fffff) | 0x3ff00000; // mantissa in [1, 2)
  let m = f64[0];
  if (m > Math.SQRT2) { m *= 0.5; k += 1; }
  // log(m) = log(c) + 2·atanh((m - c)/(m + c)), c = 1 + j/64 nearest to m.
  const j = Math.round((m - 1) * 64);
  const c = 1 + j / 64;
  twoSum(m, c);
  ddDiv(m - c, 0, RH, RL); // m - c is exact (Sterbenz)
  const sh = RH, sl = RL;
  // (2/3)s³ in double-double (it is up to 2^-16 of the result), the rest in double (< 2^-32).
  ddMul(sh, sl, sh, sl);
  const s2h = RH, s2l = RL;
  ddMul(s2h, s2l, sh, sl);
  ddMul(RH, RL, TWO_THIRDS_HI, TWO_THIRDS_LO);
  const cubeH = RH, cubeL = RL;
  const s2 = s2h;
  const rest = sh * s2 * s2 * (2 / 5 + s2 * (2 / 7 + s2 * (2 / 9 + s2 * (2 / 11))));
  // k·ln2 + log(c) + 2s + (2/3)s³ + rest
  twoProd(k, LN2_HI);
  const kh = RH, kl = RL + k * LN2_LO;
  ddAdd(kh, kl, logTableHi[j - LOG_J_MIN], logTableLo[j - LOG_J_MIN]);
  const ah = RH, al = RL;
  ddAdd(2 * sh, 2 * sl, cubeH, cubeL + rest);
  ddAdd(ah, al, RH, RL);
}

// ---- exp ----

const LN2_64_HI = LN2_HI / 64;
const LN2_64_LO = LN2_LO / 64;

/** e^x, correctly rounded except in rare near-midpoint cases (and in the subnormal range). */
export function crExp(x: number): number {
  if (x !== x) return NaN;
  if (Math.abs(x) < 1e-300) return 1;
  return expDD(x, 0);
}

/** e^(xh + xl), rounded to a double. */
function expDD(xh: number, xl: number): number {
  if (xh > 709.782712893384) return Infinity;
  if (xh < -745.1332191019412) return 0;
  const n = Math.round(xh / LN2_64_HI);
  const j = ((n % 64) + 64) % 64;
  const k = (n - j) / 64;
  // r = x - n·ln2/64 in double-double
  twoProd(n, LN2_64_HI);
  const ph = RH, pl = RL;
  ddAdd(xh, xl, -ph, -pl - n * LN2_64_LO);
  const rh = RH, rl = RL;
  // e^r - 1 = r + r²/2 + tail
  twoProd(rh, rh);
  const q2h = RH * 0.5, q2l = (RL + 2 * rh * rl) * 0.5;
  const tail = rh * rh * rh * (1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720 + rh / 5040))));
  ddAdd(rh, rl, q2h, q2l + tail);
  const emh = RH, eml = RL;
  // 2^(j/64)·(1 + em) = T + T·em
  ddMul(exp2TableHi[j], exp2TableLo[j], emh, eml);
  ddAdd(exp2TableHi[j], exp2TableLo[j], RH, RL);
  const y = RH + RL;
  // scale by 2^k in two exact steps (k can be -1075 .. 1024)
  const k1 = k >> 1;
  return y * 2 ** k1 * 2 ** (k - k1);
}

/**
 * x^y as C's pow: special cases per C99 Annex F (pow(1, NaN) = 1, pow(-1, ±inf) = 1), and
 * otherwise e^(y·log|x|) in double-double with the sign of an odd integer power.
 */
export function crPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x !== x || y !== y) return NaN;
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0) {
    if (x === -1) return 1; // (-1)^±inf
    return x ** y;
  }
  const yIsInteger = Number.isInteger(y);
  if (x < 0 && !yIsInteger) return NaN;
  const negate = x < 0 && yIsInteger && Math.abs(y) < 9007199254740992 && Math.abs(y % 2) === 1;
  if (y === 1) return x;
  logDD(Math.abs(x));
  ddMul(RH, RL, y, 0);
  const v = expDD(RH, RL);
  return negate ? -v : v;
}

// ---- sin / cos ----

let SIN = 0;
let COS = 0;

/** Computes sin(x) and cos(x) together (Box-Muller needs both). */
function sinCos(x: number): void {
  if (!Number.isFinite(x)) { SIN = NaN; COS = NaN; return; }
  const ax = Math.abs(x);
  if (ax < 7.450580596923828e-9) { SIN = x; COS = 1; return; } // 2^-27: exact roundings
  if (ax > 1048576) { SIN = Math.sin(x); COS = Math.cos(x); return; } // beyond our reduction
  // r = x - k·pi/2 in double-double (pi/2 to ~160 bits)
  const k = Math.round(x / PIO2_1);
  twoProd(k, PIO2_1);
  const p1h = RH, p1l = RL;
  twoSum(x - p1h, -p1l); // x - p1h is exact (Sterbenz) for |r| <= pi/4
  let rh = RH, rl = RL;
  twoProd(k, PIO2_2);
  ddAdd(rh, rl, -RH, -RL - k * PIO2_3);
  rh = RH; rl = RL;
  // r = a + t, a = j/64
  const j = Math.round(rh * 64);
  const aj = Math.abs(j);
  const th = rh - j / 64; // exact
  const tl = rl;
  const t2 = th * th;
  // sin t = t + t³·(...); cos t - 1 = -t²/2 + t⁴·(...)
  const sinTail = th * t2 * (-1 / 6 + t2 * (1 / 120 + t2 * (-1 / 5040 + t2 * (1 / 362880))));
  quickTwoSum(th, tl + sinTail);
  const sth = RH, stl = RL;
  twoProd(th, th);
  const cmh = -0.5 * RH;
  const cml = -0.5 * (RL + 2 * th * tl) + t2 * t2 * (1 / 24 + t2 * (-1 / 720 + t2 * (1 / 40320)));
  quickTwoSum(cmh, cml);
  const cth = RH, ctl = RL;
  const sign = j < 0 ? -1 : 1;
  const sah = sign * sinTableHi[aj], sal = sign * sinTableLo[aj];
  const cah = cosTableHi[aj], cal = cosTableLo[aj];
  // sin r = sin a + sin a·(cos t - 1) + cos a·sin t
  ddMul(sah, sal, cth, ctl);
  const u1h = RH, u1l = RL;
  ddMul(cah, cal, sth, stl);
  ddAdd(u1h, u1l, RH, RL);
  ddAdd(sah, sal, RH, RL);
  const sinR = RH + RL;
  // cos r = cos a + cos a·(cos t - 1) - sin a·sin t
  ddMul(cah, cal, cth, ctl);
  const v1h = RH, v1l = RL;
  ddMul(sah, sal, sth, stl);
  ddAdd(v1h, v1l, -RH, -RL);
  ddAdd(cah, cal, RH, RL);
  const cosR = RH + RL;
  switch (((k % 4) + 4) % 4) {
    case 0: SIN = sinR; COS = cosR; break;
    case 1: SIN = cosR; COS = -sinR; break;
    case 2: SIN = -sinR; COS = -cosR; break;
    default: SIN = -cosR; COS = sinR; break;
  }
}

export function crSin(x: number): number {
  sinCos(x);
  return SIN;
}

export function crCos(x: number): number {
  sinCos(x);
  return COS;
}

/** The math functions with glibc-like (correctly rounded) results, for injection. */
export const exactMath = { log: crLog, exp: crExp, sin: crSin, cos: crCos, pow: crPow };
