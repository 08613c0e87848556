// Property tests: every arithmetic / unary / activation / clamp / where op's backward against
// float64 central finite differences, over scalar, 1-D, 2-D and broadcast shapes.
import { describe, it } from 'vitest';
import fc from 'fast-check';
import * as G from '../../engine';
import type { Tensor } from '../../engine';
import { f64, gradcheck, gradgradcheck } from './gradcheck_util';

const RUNS = { numRuns: 12 };

/** Shapes: scalar, 1-D, 2-D. */
const shapeArb = fc.constantFrom<number[]>([], [3], [2, 3]);
/** Pairs that broadcast against each other. */
const pairArb = fc.constantFrom<[number[], number[]]>([[3], [3]], [[2, 3], [3]], [[2, 1], [1, 3]], [[], [2, 2]], [[2, 3], []], [[2, 3], [2, 3]]);

function numel(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A float64 leaf of `shape` with values drawn in [lo, hi], kept at least `gap` away from each of `avoid`. */
function tensorArb(shape: number[], lo: number, hi: number, avoid: number[] = [], gap = 1e-2): fc.Arbitrary<Tensor> {
  const value = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).filter((x) => avoid.every((a) => Math.abs(x - a) > gap));
  return fc.array(value, { minLength: numel(shape), maxLength: numel(shape) }).map((vals) => f64(vals.length === 0 ? [] : vals, shape));
}
const oneArb = (lo: number, hi: number, avoid: number[] = []) => shapeArb.chain((s) => tensorArb(s, lo, hi, avoid));
const twoArb = (lo: number, hi: number, lo2 = lo, hi2 = hi, avoid2: number[] = []) =>
  pairArb.chain(([a, b]) => fc.tuple(tensorArb(a, lo, hi), tensorArb(b, lo2, hi2, avoid2)));

function check1(fn: (x: Tensor) => Tensor, lo: number, hi: number, avoid: number[] = []): void {
  fc.assert(fc.property(oneArb(lo, hi, avoid), (x) => gradcheck(fn, [x])), RUNS);
}
function check2(fn: (a: Tensor, b: Tensor) => Tensor, lo: number, hi: number, lo2 = lo, hi2 = hi, avoid2: number[] = []): void {
  fc.assert(fc.property(twoArb(lo, hi, lo2, hi2, avoid2), ([a, b]) => gradcheck(fn, [a, b])), RUNS);
}

describe('binary arithmetic gradients match finite differences (broadcast shapes)', () => {
  it('add, add with alpha, sub with alpha', () => {
    check2((a, b) => G.add(a, b), -3, 3);
    check2((a, b) => G.add(a, b, G.pyFloat(2.5)), -3, 3);
    check2((a, b) => G.sub(a, b, 3), -3, 3);
  });
  it('rsub (tensor and scalar forms)', () => {
    check2((a, b) => G.rsub(a, b, 2), -3, 3);
    check1((a) => G.rsub(a, G.pyFloat(1.5)), -3, 3);
  });
  it('mul and div (divisor kept away from 0)', () => {
    check2((a, b) => G.mul(a, b), -3, 3);
    check2((a, b) => G.div(a, b), -3, 3, 0.5, 3);
    check2((a, b) => G.div(a, b), -3, 3, -3, -0.5);
  });
  it('tensor-scalar and scalar-tensor forms', () => {
    check1((a) => G.add(a, G.pyFloat(0.5)), -2, 2);
    check1((a) => G.mul(a, G.pyFloat(-1.5)), -2, 2);
    check1((a) => G.div(a, 4), -2, 2);
    check1((a) => G.div(G.pyFloat(2), a), 0.5, 3);
  });
  it('pow: scalar exponent, tensor exponent, scalar base', () => {
    for (const e of [2, 3, 0.5, -1, -2, 1.7]) check1((a) => G.pow(a, G.pyFloat(e)), 0.3, 3);
    check1((a) => G.pow(a, 3), -2, 2);
    check2((a, b) => G.pow(a, b), 0.3, 3, -2, 2);
    check1((a) => G.pow(G.pyFloat(2), a), -2, 2);
    check1((a) => G.pow(G.pyFloat(0.5), a), -2, 2);
    check1((a) => G.square(a), -2, 2);
  });
  it('maximum / minimum away from ties', () => {
    fc.assert(
      fc.property(twoArb(-3, 3), ([a, b]) => {
        const d = G.sub(G.detach(a), G.detach(b)).data();
        fc.pre(Array.from(d).every((x) => Math.abs(x) > 1e-2));
        gradcheck((x, y) => G.maximum(x, y), [a, b]);
        gradcheck((x, y) => G.minimum(x, y), [a, b]);
      }),
      RUNS,
    );
  });
  it('remainder and fmod in self (smooth away from the jumps)', () => {
    check1((a) => G.remainder(a, G.pyFloat(10)), 0.5, 3);
    check1((a) => G.fmod(a, G.pyFloat(10)), 0.5, 3);
  });
  it('neg', () => check1((a) => G.neg(a), -3, 3));
});

describe('unary math gradients match finite differences', () => {
  const cases: [string, (x: Tensor) => Tensor, number, number, number[]?][] = [
    ['exp', G.exp, -2, 2], ['exp2', G.exp2, -2, 2], ['log', G.log, 0.2, 3], ['log2', G.log2, 0.2, 3], ['log10', G.log10, 0.2, 3],
    ['log1p', G.log1p, -0.5, 3], ['expm1', G.expm1, -2, 2], ['sqrt', G.sqrt, 0.2, 3], ['rsqrt', G.rsqrt, 0.2, 3],
    ['sin', G.sin, -3, 3], ['cos', G.cos, -3, 3], ['tan', G.tan, -1.2, 1.2], ['tanh', G.tanh, -3, 3], ['sigmoid', G.sigmoid, -4, 4],
    ['asin', G.asin, -0.9, 0.9], ['acos', G.acos, -0.9, 0.9], ['atan', G.atan, -3, 3], ['sinh', G.sinh, -2, 2], ['cosh', G.cosh, -2, 2],
    ['asinh', G.asinh, -2, 2], ['acosh', G.acosh, 1.2, 3], ['atanh', G.atanh, -0.9, 0.9],
    ['reciprocal', G.reciprocal, 0.3, 3], ['erf', G.erf, -2, 2], ['erfc', G.erfc, -2, 2], ['abs', G.abs, -3, 3, [0]],
    ['frac', G.frac, 0.1, 0.9], ['floor (zero)', G.floor, 0.1, 0.9], ['sign (zero)', G.sign, 0.1, 0.9],
  ];
  for (const [name, fn, lo, hi, avoid] of cases) it(name, () => check1(fn, lo, hi, avoid));
});

describe('activation gradients match finite differences (away from kinks)', () => {
  const cases: [string, (x: Tensor) => Tensor, number, number, number[]?][] = [
    ['relu', G.relu, -3, 3, [0]], ['leaky_relu', (x) => G.leakyRelu(x, 0.2), -3, 3, [0]], ['elu', (x) => G.elu(x, 1.3), -3, 3, [0]],
    ['softplus', (x) => G.softplus(x, 2, 3), -3, 3, [1.5]], ['silu', G.silu, -4, 4], ['gelu', (x) => G.gelu(x), -4, 4],
    ['gelu tanh', (x) => G.gelu(x, 'tanh'), -4, 4], ['mish', G.mish, -3, 3], ['hardtanh', (x) => G.hardtanh(x, -1, 2), -3, 3, [-1, 2]],
    ['relu6', G.relu6, -2, 8, [0, 6]], ['threshold', (x) => G.threshold(x, 0.5, -1), -3, 3, [0.5]],
  ];
  for (const [name, fn, lo, hi, avoid] of cases) it(name, () => check1(fn, lo, hi, avoid));
});

describe('clamp and where gradients match finite differences', () => {
  it('clamp with scalar bounds, clamp_min, clamp_max', () => {
    check1((x) => G.clamp(x, -1, 1), -3, 3, [-1, 1]);
    check1((x) => G.clamp(x, G.pyFloat(0.5)), -3, 3, [0.5]);
    check1((x) => G.clamp(x, null, 0), -3, 3, [0]);
    check1((x) => G.clampMin(x, 0), -3, 3, [0]);
    check1((x) => G.clampMax(x, 0), -3, 3, [0]);
  });
  it('clamp with tensor bounds (self, min and max all differentiated)', () => {
    fc.assert(
      fc.property(twoArb(-3, 3), ([x, lo]) => {
        const hi = f64(Array.from(G.add(G.detach(lo), 1.5).data()), lo.shape);
        const xs = G.detach(x).data(), ls = G.detach(lo).data();
        fc.pre(x.shape.length >= lo.shape.length);
        const diffs = G.sub(G.detach(x), G.detach(lo)).data();
        fc.pre(Array.from(diffs).every((d) => Math.abs(d) > 1e-2 && Math.abs(d - 1.5) > 1e-2));
        void xs; void ls;
        gradcheck((a, b, c) => G.clamp(a, b, c), [x, lo, hi]);
        gradcheck((a, b) => G.clampMin(a, b), [x, lo]);
        gradcheck((a, b) => G.clampMax(a, b), [x, lo]);
      }),
      RUNS,
    );
  });
  it('where (condition fixed from the unperturbed values)', () => {
    fc.assert(
      fc.property(twoArb(-3, 3), ([a, b]) => {
        const cond = G.gt(G.detach(a), 0);
        gradcheck((x, y) => G.where(cond, x, y), [a, b]);
        gradcheck((x) => G.where(cond, x, G.pyFloat(2)), [a]);
      }),
      RUNS,
    );
  });
});

describe('second derivatives (create_graph) match finite differences of the first', () => {
  const cases: [string, (x: Tensor) => Tensor, number, number][] = [
    ['pow 3', (x) => G.pow(x, 3), -2, 2], ['exp', G.exp, -2, 2], ['log', G.log, 0.3, 3], ['sin', G.sin, -3, 3], ['tanh', G.tanh, -2, 2],
    ['sigmoid', G.sigmoid, -3, 3], ['sqrt', G.sqrt, 0.3, 3], ['silu', G.silu, -3, 3], ['gelu', (x) => G.gelu(x), -3, 3],
    ['softplus', (x) => G.softplus(x), -3, 3], ['elu', (x) => G.elu(x), -3, -0.1], ['reciprocal', G.reciprocal, 0.3, 3], ['erf', G.erf, -2, 2],
    ['rsqrt', G.rsqrt, 0.3, 3], ['tan', G.tan, -1, 1],
  ];
  for (const [name, fn, lo, hi] of cases) {
    it(name, () => fc.assert(fc.property(oneArb(lo, hi), (x) => gradgradcheck(fn, [x])), { numRuns: 6 }));
  }
  it('mul, div and pow with two tensors', () => {
    fc.assert(fc.property(twoArb(0.5, 2), ([a, b]) => {
      gradgradcheck((x, y) => G.mul(x, y), [a, b]);
      gradgradcheck((x, y) => G.div(x, y), [a, b]);
      gradgradcheck((x, y) => G.pow(x, y), [a, b]);
    }), { numRuns: 6 });
  });
});
