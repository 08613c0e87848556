// The kernels' inlined exp (expFdlibm) must give exactly Math.exp's bits: every exp-based
// kernel (exp, sigmoid, silu, softmax) relies on it to keep PyTorch-golden outputs unchanged.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expFdlibm } from '../../engine/tensor/kernels/unary';

describe('expFdlibm', () => {
  it('equals Math.exp on a sweep of float32 values over the whole finite exp range of float32', () => {
    const f32 = new Float32Array(1);
    const bits = new Uint32Array(f32.buffer);
    let mismatches = 0;
    for (let b = 0; b < 0x100000000; b += 4099) {
      bits[0] = b;
      const x = f32[0];
      if (!Object.is(expFdlibm(x), Math.exp(x))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('equals Math.exp on arbitrary doubles, reduction boundaries and special values', () => {
    fc.assert(fc.property(fc.double({ min: -800, max: 800 }), (x) => Object.is(expFdlibm(x), Math.exp(x))), { numRuns: 20000 });
    const edges = [0, -0, 1e-300, -1e-300, 2 ** -28, -(2 ** -28), 2 ** -29, 0.5 * Math.LN2, -0.5 * Math.LN2, 1.5 * Math.LN2,
      -1.5 * Math.LN2, 699.99, -699.99, 700, -700, 709.8, -745.2, 88.72283, -103.97, NaN, Infinity, -Infinity];
    for (const x of edges) expect(Object.is(expFdlibm(x), Math.exp(x)), `exp(${x})`).toBe(true);
  });
});
