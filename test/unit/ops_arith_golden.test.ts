// Compares forward values, gradients, grad_fn names and next-function kinds of the arithmetic,
// unary and activation ops with the output real PyTorch 2.14.1 printed for
// test/golden/ops_arith/values.py (the same computations, in the same order, via engine/index).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as G from '../../engine';
import type { Tensor } from '../../engine';

const f = G.pyFloat;
const fnName = (t: Tensor): string => (t.gradFn === null ? 'None' : t.gradFn.name());
function edges(t: Tensor): string {
  const node = t.gradFn as unknown as { nextEdges: ({ node: { name(): string } } | null)[] };
  return node.nextEdges.map((e) => (e === null ? 'None' : e.node.name())).join(',');
}

const GENERAL = [-1.5, -0.5, 0.0, 0.5, 2.0];
const POSITIVE = [0.0, 0.25, 0.5, 1.0, 4.0];
const UNIT = [-0.9, -0.5, 0.0, 0.5, 0.9];

const unary: [string, (x: Tensor) => Tensor, number[]][] = [
  ['abs', G.abs, GENERAL], ['neg', G.neg, GENERAL], ['exp', G.exp, GENERAL], ['exp2', G.exp2, GENERAL],
  ['log', G.log, POSITIVE], ['log2', G.log2, POSITIVE], ['log10', G.log10, POSITIVE], ['log1p', G.log1p, GENERAL.slice(1)],
  ['expm1', G.expm1, GENERAL], ['sqrt', G.sqrt, POSITIVE], ['rsqrt', G.rsqrt, POSITIVE], ['sin', G.sin, GENERAL],
  ['cos', G.cos, GENERAL], ['tan', G.tan, GENERAL], ['tanh', G.tanh, GENERAL], ['sigmoid', G.sigmoid, GENERAL],
  ['relu', G.relu, GENERAL], ['sign', G.sign, GENERAL], ['floor', G.floor, GENERAL], ['ceil', G.ceil, GENERAL],
  ['round', (x) => G.round(x), GENERAL], ['trunc', G.trunc, GENERAL], ['frac', G.frac, GENERAL], ['reciprocal', G.reciprocal, POSITIVE],
  ['square', G.square, GENERAL], ['erf', G.erf, GENERAL], ['asin', G.asin, UNIT], ['acos', G.acos, UNIT],
  ['atan', G.atan, GENERAL], ['sinh', G.sinh, GENERAL], ['cosh', G.cosh, GENERAL],
  ['leaky_relu', (x) => G.leakyRelu(x, 0.1), GENERAL], ['gelu', (x) => G.gelu(x), GENERAL], ['gelu_tanh', (x) => G.gelu(x, 'tanh'), GENERAL],
  ['silu', G.silu, GENERAL], ['softplus', (x) => G.softplus(x), GENERAL], ['elu', (x) => G.elu(x), GENERAL], ['mish', G.mish, GENERAL],
  ['hardtanh', (x) => G.hardtanh(x), GENERAL], ['relu6', G.relu6, [-1.0, 0.0, 3.0, 6.0, 7.0]],
  ['clamp', (x) => G.clamp(x, f(-0.5), f(0.5)), GENERAL], ['clamp_min', (x) => G.clamp(x, f(0)), GENERAL],
  ['clamp_max', (x) => G.clamp(x, null, f(0.5)), GENERAL], ['clamp_min_fn', (x) => G.clampMin(x, f(0.5)), GENERAL],
  ['pow2', (x) => G.pow(x, 2), GENERAL], ['pow3', (x) => G.pow(x, 3), GENERAL], ['pow_half', (x) => G.pow(x, f(0.5)), POSITIVE],
  ['pow0', (x) => G.pow(x, 0), GENERAL], ['pow_neg1', (x) => G.pow(x, -1), POSITIVE], ['rpow', (x) => G.pow(2, x), GENERAL],
  ['rdiv', (x) => G.div(2, x), POSITIVE], ['rsub', (x) => G.rsub(x, 1), GENERAL], ['mul_s', (x) => G.mul(x, 3), GENERAL],
  ['div_s', (x) => G.div(x, 3), GENERAL], ['add_s', (x) => G.add(x, f(0.1)), GENERAL], ['rem_s', (x) => G.remainder(x, f(1.5)), GENERAL],
];

function produce(): string[] {
  const out: string[] = [];
  const print = (s: string): void => {
    out.push(...s.split('\n'));
  };
  for (const [name, fn, data] of unary) {
    const x = G.tensor(data.map((v) => f(v)), { requiresGrad: true });
    const y = fn(x);
    G.backward(y, { gradient: G.tensor([1.0, -2.0, 0.5, 3.0, 1.0].slice(0, y.numel).map((v) => f(v))) });
    print(`${name} ${fnName(y)} [${edges(y)}]`);
    print(G.formatTensor(y));
    print(G.formatTensor(x.grad!));
  }
  const a = G.tensor([[1.5, -2.0, 3.0], [0.5, 0.0, -1.0]].map((r) => r.map((v) => f(v))), { requiresGrad: true });
  const b = G.tensor([2.0, -0.5, 3.0].map((v) => f(v)), { requiresGrad: true });
  const pos = G.tensor([[1.5, 2.0, 3.0], [0.5, 0.25, 1.0]].map((r) => r.map((v) => f(v))), { requiresGrad: true });
  const binary: [string, (p: Tensor, q: Tensor) => Tensor, Tensor][] = [
    ['add', (p, q) => G.add(p, q), a], ['add_alpha', (p, q) => G.add(p, q, f(2.5)), a], ['sub', (p, q) => G.sub(p, q), a],
    ['sub_alpha', (p, q) => G.sub(p, q, 2), a], ['rsub_t', (p, q) => G.rsub(p, q), a], ['mul', (p, q) => G.mul(p, q), a],
    ['div', (p, q) => G.div(p, q), a], ['pow', (p, q) => G.pow(p, q), pos], ['maximum', G.maximum, a], ['minimum', G.minimum, a],
    ['remainder', (p, q) => G.remainder(p, q), a], ['where', (p, q) => G.where(G.gt(p, f(0.7)), p, q), a],
    ['clamp_t', (p, q) => G.clamp(p, G.sub(q, 1), q), a], ['div_floor', (p, q) => G.div(p, q, 'floor'), a],
  ];
  for (const [name, fn, first] of binary) {
    first.grad = null;
    b.grad = null;
    const y = fn(first, b);
    G.backward(y, { gradient: G.mul(G.onesLike(y), G.tensor([[f(1.0)], [f(-0.5)]])) });
    print(`${name} ${fnName(y)} [${edges(y)}]`);
    print(G.formatTensor(y));
    print(G.formatTensor(first.grad!));
    print(G.formatTensor(b.grad!));
  }
  const second: [string, (x: Tensor) => Tensor][] = [
    ['pow3', (x) => G.pow(x, 3)], ['tanh', G.tanh], ['sigmoid', G.sigmoid], ['exp', G.exp], ['relu', G.relu],
    ['silu', G.silu], ['gelu', (x) => G.gelu(x)], ['softplus', (x) => G.softplus(x)], ['elu', (x) => G.elu(x)], ['leaky_relu', (x) => G.leakyRelu(x)],
    ['sin', G.sin], ['log', (x) => G.log(G.add(x, 2))], ['sqrt', (x) => G.sqrt(G.add(x, 2))], ['div', (x) => G.div(1, G.add(x, 3))],
  ];
  for (const [name, fn] of second) {
    const x = G.tensor([-1.5, -0.5, 0.5, 2.0], { requiresGrad: true });
    const [g] = G.grad([G.sum(fn(x))], [x], { createGraph: true });
    print(`gg ${name} ${fnName(g!)}`);
    print(G.formatTensor(g!));
    const [gg] = G.grad([G.sum(g!)], [x]);
    print(G.formatTensor(gg!));
  }
  return out;
}

describe('ops_arith golden (PyTorch 2.14.1)', () => {
  it('values, gradients and grad_fn names match values.out line by line', () => {
    const expected = readFileSync(join(__dirname, '../golden/ops_arith/values.out'), 'utf8').trimEnd().split('\n');
    const got = produce();
    for (let i = 0; i < expected.length; i++) expect(`${i + 1}: ${got[i]}`).toBe(`${i + 1}: ${expected[i]}`);
    expect(got.length).toBe(expected.length);
  });
});
