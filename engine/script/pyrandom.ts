// CPython's `random` module core, number for number: the Mersenne Twister of
// Modules/_randommodule.c (seeded by init_by_array over the seed's 32-bit words) and the
// Python-level recipes of Lib/random.py (randbelow via getrandbits, shuffle, choice, sample,
// gauss with its kept second sample, normalvariate, ...). Numbers only: the interpreter wraps
// a PyRandom into the Python module and maps sequences to indices.
import { exactMath } from '../tensor/libm';

/** A Python-level failure; `pyType` names the exception class CPython raises. */
export class PyRandomError extends Error {
  constructor(readonly pyType: 'ValueError' | 'IndexError' | 'TypeError', message: string) {
    super(message);
  }
}

/** The math functions the variates use (CPython calls the C library's). */
export interface PyRandomMath {
  log(x: number): number;
  sin(x: number): number;
  cos(x: number): number;
  exp(x: number): number;
  pow(x: number, y: number): number;
}

const N = 624;
const M = 397;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MATRIX_A = 0x9908b0df;
const TWO_POW_32 = 4294967296;

const TWOPI = 2.0 * Math.PI;
const LOG4 = Math.log(4.0);
const HASH_BITS = 61n;
const HASH_MODULUS = (1n << HASH_BITS) - 1n;

/** What `random.getstate()` captures. */
export interface PyRandomState {
  readonly mt: Uint32Array;
  readonly index: number;
  readonly gaussNext: number | null;
}

export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private index = N + 1;
  /** gauss() produces two samples at a time and keeps the second for the next call. */
  gaussNext: number | null = null;
  private readonly math: PyRandomMath;

  /**
   * `seed` as `random.seed(seed)`; without one, an arbitrary seed (CPython uses urandom).
   * `math` defaults to correctly rounded log/exp/sin/cos, which agree with CPython's libm far
   * more often than Math.* does.
   */
  constructor(seed?: number | bigint, math: PyRandomMath = exactMath) {
    this.math = math;
    this.seed(seed);
  }

  // ---- seeding ----

  /**
   * `random.seed(a)` for None, int (its absolute value, all bits), bool and float (its hash,
   * as an unsigned 64-bit word). String seeds are the caller's business (version 2 hashes
   * them with SHA-512 into an int: pass that int).
   */
  seed(a?: number | bigint | boolean | null): void {
    let n: bigint;
    if (a === undefined || a === null) {
      const high = BigInt(Math.floor(Math.random() * TWO_POW_32));
      const low = BigInt(Math.floor(Math.random() * TWO_POW_32));
      n = ((high << 32n) | low) ^ BigInt(Date.now());
    } else if (typeof a === 'boolean') {
      n = a ? 1n : 0n;
    } else if (typeof a === 'bigint') {
      n = a < 0n ? -a : a;
    } else if (Number.isInteger(a)) {
      n = BigInt(Math.abs(a)); // an integral JS number is taken as a Python int (seedFloat for floats)
    } else {
      n = BigInt.asUintN(64, pyHashFloat(a));
    }
    this.initByArray(wordsOf(n));
    this.gaussNext = null;
  }

  /**
   * Seeds with a float value (`random.seed(3.5)`): Python hashes it, so an integral float seeds
   * like its int except for the sign (`seed(-3.0)` uses hash(-3.0) = -3 cast unsigned).
   */
  seedFloat(a: number): void {
    this.initByArray(wordsOf(BigInt.asUintN(64, pyHashFloat(a))));
    this.gaussNext = null;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: Uint32Array): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    }
    mt[0] = 0x80000000;
  }

  getState(): PyRandomState {
    return { mt: this.mt.slice(), index: this.index, gaussNext: this.gaussNext };
  }

  setState(state: PyRandomState): void {
    this.mt.set(state.mt);
    this.index = state.index;
    this.gaussNext = state.gaussNext;
  }

  // ---- raw bits ----

  /** genrand_uint32: the next 32-bit output. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random.random()`: 53 bits from two outputs (genrand_res53). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** `random.getrandbits(k)`: 32-bit words from least significant up; the last one truncated. */
  getrandbits(k: number): bigint {
    if (k < 0) throw new PyRandomError('ValueError', 'number of bits must be non-negative');
    if (k === 0) return 0n;
    if (k <= 32) return BigInt(this.nextUint32() >>> (32 - k));
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32, shift += 32n) {
      let r = this.nextUint32();
      if (left < 32) r >>>= 32 - left;
      result |= BigInt(r) << shift;
    }
    return result;
  }

  /** getrandbits(k) for k <= 53, as a number (no BigInt on the common path). */
  private randbitsSmall(k: number): number {
    if (k <= 32) return this.nextUint32() >>> (32 - k);
    const low = this.nextUint32();
    const high = this.nextUint32() >>> (64 - k);
    return high * TWO_POW_32 + low;
  }

  /** `_randbelow_with_getrandbits(n)`: uniform in [0, n), for 0 < n <= 2^53. */
  randbelow(n: number): number {
    const k = bitLength(n);
    let r = this.randbitsSmall(k);
    while (r >= n) r = this.randbitsSmall(k);
    return r;
  }

  /** `_randbelow` for arbitrarily large n. */
  randbelowBig(n: bigint): bigint {
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  // ---- integers and sequences ----

  /** `random.randrange(start[, stop[, step]])` (integers within ±2^53). */
  randrange(start: number, stop?: number | null, step = 1): number {
    if (stop === undefined || stop === null) {
      if (step !== 1) throw new PyRandomError('TypeError', 'Missing a non-None stop argument');
      if (start > 0) return this.randbelow(start);
      throw new PyRandomError('ValueError', 'empty range for randrange()');
    }
    const width = stop - start;
    if (step === 1) {
      if (width > 0) return start + this.randbelow(width);
      throw new PyRandomError('ValueError', `empty range in randrange(${start}, ${stop})`);
    }
    let n: number;
    if (step > 0) n = Math.floor((width + step - 1) / step);
    else if (step < 0) n = Math.floor((width + step + 1) / step);
    else throw new PyRandomError('ValueError', 'zero step for randrange()');
    if (n <= 0) throw new PyRandomError('ValueError', `empty range in randrange(${start}, ${stop}, ${step})`);
    return start + step * this.randbelow(n);
  }

  /** `random.randint(a, b)`: randrange(a, b + 1). */
  randint(a: number, b: number): number {
    const width = b + 1 - a;
    if (width > 0) return a + this.randbelow(width);
    throw new PyRandomError('ValueError', `empty range in randrange(${a}, ${b + 1})`);
  }

  /** `random.choice(seq)` as an index into a sequence of length `length`. */
  choiceIndex(length: number): number {
    if (length === 0) throw new PyRandomError('IndexError', 'Cannot choose from an empty sequence');
    return this.randbelow(length);
  }

  /** `random.shuffle(x)` in place (swap order exactly as CPython's). */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /**
   * `random.sample(population, k)` as indices into a population of length `n` (without the
   * `counts` argument): the pool method for small populations, the set method otherwise.
   */
  sampleIndices(n: number, k: number): number[] {
    if (!(k >= 0 && k <= n)) throw new PyRandomError('ValueError', 'Sample larger than population or is negative');
    const result = new Array<number>(k);
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(this.math.log(k * 3) / this.math.log(4));
    if (n <= setsize) {
      const pool: number[] = [];
      for (let i = 0; i < n; i++) pool.push(i);
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result[i] = pool[j];
        pool[j] = pool[n - i - 1];
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        result[i] = j;
      }
    }
    return result;
  }

  /**
   * `random.choices(population, weights, cum_weights=..., k=k)` as indices: without weights,
   * floor(random() * n); with cumulative weights, bisect_right(cum, random() * total, 0, n-1).
   * Pass `weights` or `cumWeights` (not both), or neither.
   */
  choicesIndices(n: number, k: number, weights?: ArrayLike<number> | null, cumWeights?: ArrayLike<number> | null): number[] {
    const out: number[] = [];
    if (!cumWeights) {
      if (!weights) {
        for (let i = 0; i < k; i++) out.push(Math.floor(this.random() * n));
        return out;
      }
      const acc: number[] = [];
      let sum = 0;
      for (let i = 0; i < weights.length; i++) acc.push(sum = i === 0 ? weights[0] : sum + weights[i]);
      cumWeights = acc;
    } else if (weights) {
      throw new PyRandomError('TypeError', 'Cannot specify both weights and cumulative weights');
    }
    if (cumWeights.length !== n) throw new PyRandomError('ValueError', 'The number of weights does not match the population');
    const total = cumWeights[n - 1] + 0.0;
    if (total <= 0.0) throw new PyRandomError('ValueError', 'Total of weights must be greater than zero');
    if (!Number.isFinite(total)) throw new PyRandomError('ValueError', 'Total of weights must be finite');
    const hi = n - 1;
    for (let i = 0; i < k; i++) out.push(bisectRight(cumWeights, this.random() * total, 0, hi));
    return out;
  }

  // ---- real-valued distributions ----

  /** `random.uniform(a, b)` = a + (b - a) * random(). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** `random.triangular(low, high, mode)`; `mode` null means the midpoint. */
  triangular(low = 0.0, high = 1.0, mode: number | null = null): number {
    let u = this.random();
    const span = high - low;
    if (span === 0) return low; // CPython: ZeroDivisionError caught → low
    let c = mode === null ? 0.5 : (mode - low) / span;
    if (u > c) {
      u = 1.0 - u;
      c = 1.0 - c;
      const t = low; low = high; high = t;
    }
    return low + (high - low) * Math.sqrt(u * c);
  }

  /** `random.gauss(mu, sigma)`: Box-Muller, keeping the second sample for the next call. */
  gauss(mu = 0.0, sigma = 1.0): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2.0 * this.math.log(1.0 - this.random()));
      z = this.math.cos(x2pi) * g2rad;
      this.gaussNext = this.math.sin(x2pi) * g2rad;
    }
    return mu + z * sigma;
  }

  /** `random.normalvariate(mu, sigma)`: Kinderman and Monahan's ratio method. */
  normalvariate(mu = 0.0, sigma = 1.0): number {
    let z: number;
    for (;;) {
      const u1 = this.random();
      const u2 = 1.0 - this.random();
      z = NV_MAGICCONST * (u1 - 0.5) / u2;
      const zz = z * z / 4.0;
      if (zz <= -this.math.log(u2)) break;
    }
    return mu + z * sigma;
  }

  /** `random.lognormvariate(mu, sigma)`. */
  lognormvariate(mu: number, sigma: number): number {
    return this.math.exp(this.normalvariate(mu, sigma));
  }

  /** `random.expovariate(lambd)`. */
  expovariate(lambd = 1.0): number {
    return -this.math.log(1.0 - this.random()) / lambd;
  }

  /** `random.betavariate`'s helper and a common variate: `random.gammavariate(alpha, beta)`. */
  gammavariate(alpha: number, beta: number): number {
    if (alpha <= 0.0 || beta <= 0.0) throw new PyRandomError('ValueError', 'gammavariate: alpha and beta must be > 0.0');
    const { log, exp } = this.math;
    if (alpha > 1.0) {
      const ainv = Math.sqrt(2.0 * alpha - 1.0);
      const bbb = alpha - LOG4;
      const ccc = alpha + ainv;
      for (;;) {
        const u1 = this.random();
        if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
        const u2 = 1.0 - this.random();
        const v = log(u1 / (1.0 - u1)) / ainv;
        const x = alpha * exp(v);
        const z = u1 * u1 * u2;
        const r = bbb + ccc * v - x;
        if (r + SG_MAGICCONST - 4.5 * z >= 0.0 || r >= log(z)) return x * beta;
      }
    }
    if (alpha === 1.0) return -log(1.0 - this.random()) * beta;
    let x: number;
    for (;;) {
      const u = this.random();
      const b = (Math.E + alpha) / Math.E;
      const p = b * u;
      if (p <= 1.0) x = this.math.pow(p, 1.0 / alpha);
      else x = -log((b - p) / alpha);
      const u1 = this.random();
      if (p > 1.0) {
        if (u1 <= this.math.pow(x, alpha - 1.0)) break;
      } else if (u1 <= exp(-x)) {
        break;
      }
    }
    return x * beta;
  }

  /** `random.paretovariate(alpha)`. */
  paretovariate(alpha: number): number {
    const u = 1.0 - this.random();
    return this.math.pow(u, -1.0 / alpha);
  }

  /** `random.weibullvariate(alpha, beta)`. */
  weibullvariate(alpha: number, beta: number): number {
    const u = 1.0 - this.random();
    return alpha * this.math.pow(-this.math.log(u), 1.0 / beta);
  }

  /** `random.randbytes(n)`: getrandbits(8n) as n little-endian bytes. */
  randbytes(n: number): Uint8Array {
    if (n < 0) throw new PyRandomError('ValueError', 'number of bits must be non-negative');
    let v = this.getrandbits(n * 8);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }

  /** `random.betavariate(alpha, beta)`. */
  betavariate(alpha: number, beta: number): number {
    const y = this.gammavariate(alpha, 1.0);
    if (y) return y / (y + this.gammavariate(beta, 1.0));
    return 0.0;
  }
}

const NV_MAGICCONST = 4 * Math.exp(-0.5) / Math.sqrt(2.0);
const SG_MAGICCONST = 1.0 + Math.log(4.5);

function bitLength(n: number): number {
  return n < TWO_POW_32 ? 32 - Math.clz32(n) : 32 + (32 - Math.clz32(Math.floor(n / TWO_POW_32)));
}

function bisectRight(a: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The seed's 32-bit words, least significant first; zero gives one zero word. */
function wordsOf(n: bigint): Uint32Array {
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  if (words.length === 0) words.push(0);
  return Uint32Array.from(words);
}

/** CPython's hash(float) (Python/pyhash.c `_Py_HashDouble`), as a signed 64-bit value. */
export function pyHashFloat(v: number): bigint {
  if (!Number.isFinite(v)) return v !== v ? 0n : v > 0 ? 314159n : -314159n;
  if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
    // Same value as the int's hash: reduce modulo 2^61 - 1 keeping the sign.
    const big = BigInt(v);
    let h = (big < 0n ? -big : big) % HASH_MODULUS;
    if (big < 0n) h = -h;
    return h === -1n ? -2n : h;
  }
  // frexp: v = m * 2^e with 0.5 <= |m| < 1
  let m = Math.abs(v);
  let e = 0;
  while (m >= 1) { m /= 2; e++; }
  while (m < 0.5) { m *= 2; e--; }
  const negative = v < 0;
  let x = 0n;
  while (m !== 0) {
    x = ((x << 28n) & HASH_MODULUS) | (x >> (HASH_BITS - 28n));
    m *= 268435456.0;
    e -= 28;
    const y = Math.floor(m);
    m -= y;
    x += BigInt(y);
    if (x >= HASH_MODULUS) x -= HASH_MODULUS;
  }
  const shift = BigInt(e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61));
  x = ((x << shift) & HASH_MODULUS) | (x >> (HASH_BITS - shift));
  let h = negative ? -x : x;
  if (h === -1n) h = -2n;
  return h;
}
