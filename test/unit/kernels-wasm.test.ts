// The WebAssembly SIMD kernels stand in for JavaScript loops whose bits are pinned by PyTorch
// goldens elsewhere; here every SIMD path must give exactly the JavaScript loop's bits
// (NaN counts as equal to NaN), around every size threshold, chunk edge and special value.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { makeView, Tensor } from '../../engine/tensor/tensor';
import { binary, binaryInPlace } from '../../engine/tensor/kernels/elementwise';
import { unary } from '../../engine/tensor/kernels/unary';
import { sum } from '../../engine/tensor/kernels/reduce';
import { expRowF32 } from '../../engine/tensor/kernels/vecmath';
import { CHUNK, expRowF32Wasm, setWasmKernelsEnabled } from '../../engine/tensor/kernels/wasm-elementwise';
import { pyFloat } from '../../engine/tensor/kernels/util';

afterEach(() => setWasmKernelsEnabled(true));

/** Runs `f` with the SIMD kernels on and off; returns both results' storages. */
function bothPaths(f: () => Tensor): [Float32Array | Float64Array, Float32Array | Float64Array] {
  setWasmKernelsEnabled(true);
  const fast = f().storage.slice() as Float32Array | Float64Array;
  setWasmKernelsEnabled(false);
  const slow = f().storage.slice() as Float32Array | Float64Array;
  setWasmKernelsEnabled(true);
  return [fast, slow];
}

/** Index of the first element whose bits differ (NaN equals NaN), or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}

const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 1.1754942e-38, 1e-30, -1e-20, 2 ** -60, 88.72283, 88.72284, -87.33655,
  -103.97208, -104, Math.fround(-104.00001), 100, Math.fround(100.00001), 1, -1, 0.5, 0.34657359, 0.34657362, 3.4028235e38, -3.4028235e38];

/** Deterministic float32 data mixing every magnitude exp meets with the special values. */
function data(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const u = s / 2 ** 32;
    out[i] = i % 11 === 0 ? SPECIALS[(s >>> 8) % SPECIALS.length] : i % 3 === 0 ? (u - 0.5) * 240 : i % 3 === 1 ? (u - 0.5) * 3 : (u - 0.5) * 1e-6;
  }
  return out;
}

describe('float32 exp: the SIMD kernel gives SLEEF expf_u10 bits (the JavaScript routine)', () => {
  // `npm run check:exp` compares all 2^32 inputs (4 minutes); this sweep runs on every test run.
  it('matches on a sweep of every 4096th float32 bit pattern (all signs, exponents and mantissa tops)', () => {
    const n = 2 ** 20;
    const x = new Float32Array(n);
    const bits = new Uint32Array(x.buffer);
    for (let i = 0; i < n; i++) bits[i] = i * 4096 + (i % 4093);
    const fast = new Float32Array(n), slow = new Float32Array(n);
    expect(expRowF32Wasm(n, fast, 0, x, 0)).toBe(true);
    expRowF32(n, slow, 0, 1, x, 0, 1);
    expect(firstDifference(fast, slow)).toBe(-1);
  });

  it('matches through unary() for any length, offset and special values (tails, chunk edges)', () => {
    fc.assert(fc.property(
      fc.constantFrom(1, 15, 16, 17, 31, 1000, CHUNK - 1, CHUNK, CHUNK + 9, 2 * CHUNK + 3), fc.nat(20), fc.nat(1000),
      (n, offset, seed) => {
        const base = new Tensor(data(n + offset, seed), [n + offset], 'float32');
        const view = new Tensor(base.storage.subarray(offset), [n], 'float32');
        const [fast, slow] = bothPaths(() => unary('exp', view));
        return firstDifference(fast, slow) === -1;
      },
    ), { numRuns: 40 });
  });
});

describe('dense float add/sub/mul/div: the SIMD loop gives the IEEE results of the JavaScript loop', () => {
  const ops = ['add', 'sub', 'mul', 'div'] as const;
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: tensor (op) tensor and tensor (op) number around the size thresholds`, () => {
      for (const n of [1023, 1024, 1025, CHUNK - 1, CHUNK + 1, 3 * CHUNK + 5]) {
        const mk = (seed: number): Tensor => new Tensor(dtype === 'float32' ? data(n, seed) : Float64Array.from(data(n, seed), (v) => v * (1 + 1e-9)), [n], dtype);
        const a = mk(n), b = mk(n + 7);
        for (const op of ops) {
          const [f1, s1] = bothPaths(() => binary(op, a, b));
          expect(firstDifference(f1, s1), `${op} ${n}`).toBe(-1);
          const [f2, s2] = bothPaths(() => binary(op, a, pyFloat(0.1)));
          expect(firstDifference(f2, s2), `${op} scalar ${n}`).toBe(-1);
        }
      }
    });
  }

  it('in place (.grad += g, w -= lr·g, x *= x) gives the same values as the general path', () => {
    const n = 5000;
    for (const op of ops) {
      const [f1, s1] = bothPaths(() => binaryInPlace(op, new Tensor(data(n, 1), [n], 'float32'), new Tensor(data(n, 2), [n], 'float32')));
      expect(firstDifference(f1, s1), op).toBe(-1);
      const [f2, s2] = bothPaths(() => binaryInPlace(op, new Tensor(data(n, 3), [n], 'float32'), pyFloat(0.01)));
      expect(firstDifference(f2, s2), `${op} scalar`).toBe(-1);
      const [f3, s3] = bothPaths(() => { const x = new Tensor(data(n, 4), [n], 'float32'); return binaryInPlace(op, x, x); });
      expect(firstDifference(f3, s3), `${op} self`).toBe(-1);
    }
  });

  it('an operand overlapping the destination at another offset is read before it is written', () => {
    const n = 3000;
    const [fast, slow] = bothPaths(() => {
      const x = new Tensor(data(n + 1, 5), [n + 1], 'float32');
      const head = makeView(x, [n], [1], 0);
      const tail = makeView(x, [n], [1], 1);
      binaryInPlace('add', tail, head);
      return x;
    });
    expect(firstDifference(fast, slow)).toBe(-1);
  });
});

describe('float32 cascade sum: the SIMD columns give the JavaScript cascade bits', () => {
  it('full sums of any length (one and two reduction threads, level carries, lane tails)', () => {
    fc.assert(fc.property(fc.integer({ min: 2000, max: 300_000 }), fc.nat(1000), (n, seed) => {
      const x = new Tensor(data(n, seed).map((v) => (Number.isFinite(v) ? v : 1)), [n], 'float32');
      const [fast, slow] = bothPaths(() => sum(x, null, false));
      return firstDifference(fast, slow) === -1;
    }), { numRuns: 30 });
  });

  it('sums over the last dim of a matrix (one cascade row per output)', () => {
    const x = new Tensor(data(64 * 9000, 9).map((v) => (Number.isFinite(v) ? v : 2)), [64, 9000], 'float32');
    const [fast, slow] = bothPaths(() => sum(x, 1, false));
    expect(firstDifference(fast, slow)).toBe(-1);
  });
});
