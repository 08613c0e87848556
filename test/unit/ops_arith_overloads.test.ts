// grad_fn names and next-function kinds per overload (tensor / Python scalar / reflected forms),
// and the subgradients PyTorch 2.14.1 defines at non-smooth points (clamp bounds and ties,
// maximum/minimum ties, relu/abs/leaky_relu at 0, hardtanh at its bounds, sqrt at 0),
// compared with test/golden/ops_arith/overloads.out.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as G from '../../engine';
import type { Tensor } from '../../engine';

const f = G.pyFloat;
function show(label: string, t: Tensor): string {
  const node = t.gradFn as unknown as { name(): string; nextEdges: ({ node: { name(): string } } | null)[] };
  const nxt = node.nextEdges.map((e) => (e === null ? 'None' : e.node.name())).join(',');
  return `${label}: ${node.name()} [${nxt}] torch.${t.dtype}`;
}

function produce(): string[] {
  const out: string[] = [];
  const x = G.tensor([f(1.5), f(-2), f(3)], { requiresGrad: true });
  const y = G.tensor([f(0.5), f(2), f(-1)], { requiresGrad: true });
  const i = G.tensor([1, 2, 3]);
  const graphs: [string, Tensor][] = [
    ['add tt', G.add(x, y)], ['add ts', G.add(x, 2)], ['add st', G.add(x, 2)], ['add alpha', G.add(x, y, 2)], ['add t0d', G.add(x, G.tensor(f(2)))],
    ['add int', G.add(x, i)], ['add f64 0d', G.add(x, G.tensor(f(2), { dtype: 'float64', requiresGrad: true }))],
    ['sub tt', G.sub(x, y)], ['sub ts', G.sub(x, 2)], ['rsub s', G.rsub(x, 1)], ['rsub t', G.rsub(x, y)],
    ['mul tt', G.mul(x, y)], ['mul ts', G.mul(x, 2)], ['mul st', G.mul(2, x)], ['div tt', G.div(x, y)], ['div ts', G.div(x, 2)], ['div st', G.div(2, x)],
    ['div floor', G.div(x, y, 'floor')], ['div trunc s', G.div(x, 2, 'trunc')],
    ['floordiv', G.floorDivide(x, y)], ['floordiv s', G.floorDivide(x, 2)], ['rem', G.remainder(x, y)], ['rem s', G.remainder(x, 2)], ['fmod s', G.fmod(x, 2)],
    ['pow s', G.pow(x, 2)], ['pow t', G.pow(x, y)], ['pow base', G.pow(2, x)], ['pow 0', G.pow(x, 0)], ['square', G.square(x)],
    ['neg', G.neg(x)], ['maximum', G.maximum(x, y)], ['minimum', G.minimum(x, y)],
    ['clamp ss', G.clamp(x, -1, 1)], ['clamp min', G.clamp(x, 0)], ['clamp_min', G.clampMin(x, 0)], ['clamp_max', G.clampMax(x, 0)],
    ['clamp tt', G.clamp(x, y, G.add(y, 1))], ['clamp t min', G.clamp(x, y)], ['clamp t max', G.clamp(x, null, y)], ['clamp_min t', G.clampMin(x, y)],
    ['clip', G.clip(x, -1, 1)], ['where', G.where(G.gt(x, 0), x, y)], ['where s', G.where(G.gt(x, 0), x, f(0))], ['where s2', G.where(G.gt(x, 0), f(1), y)],
    ['relu6', G.relu6(x)], ['hardtanh', G.hardtanh(x)], ['threshold', G.threshold(x, 0.5, -1)], ['sgn', G.sgn(x)],
    ['clone', G.clone(x)], ['to', G.toDtype(x, 'float64')], ['double', G.toDtype(x, 'float64')], ['detach mul', G.mul(G.detach(x), y)],
  ];
  for (const [label, t] of graphs) out.push(show(label, t));

  const z = G.tensor([f(-1), f(-0.5), f(0), f(0.5), f(1)], { requiresGrad: true });
  const lo = G.tensor([f(-0.5), f(-0.5), f(-0.5), f(-0.5), f(2)], { requiresGrad: true });
  const hi = G.tensor([f(0.5), f(0.5), f(0.5), f(0.5), f(1)], { requiresGrad: true });
  const run = (label: string, fn: () => Tensor, ...ins: Tensor[]): void => {
    for (const t of [z, lo, hi]) t.grad = null;
    const r = fn();
    G.backward(r, { gradient: G.ones([5]) });
    out.push(...[label, G.formatTensor(r), ...ins.map((t) => (t.grad === null ? 'None' : G.formatTensor(t.grad)))].join(' ').split('\n'));
  };
  run('clamp scalar', () => G.clamp(z, f(-0.5), f(0.5)), z);
  run('clamp_min scalar', () => G.clamp(z, f(0)), z);
  run('clamp_max scalar', () => G.clampMax(z, f(0.5)), z);
  run('clamp reversed', () => G.clamp(z, f(0.5), f(-0.5)), z);
  run('clamp tensors', () => G.clamp(z, lo, hi), z, lo, hi);
  run('clamp_min tensor', () => G.clampMin(z, lo), z, lo);
  run('clamp_max tensor', () => G.clampMax(z, hi), z, hi);
  run('clamp min only tensor', () => G.clamp(z, lo), z, lo);
  run('maximum ties', () => G.maximum(z, lo), z, lo);
  run('minimum ties', () => G.minimum(z, hi), z, hi);
  run('relu at 0', () => G.relu(z), z);
  run('abs at 0', () => G.abs(z), z);
  run('leaky at 0', () => G.leakyRelu(z, 0.2), z);
  run('hardtanh at bounds', () => G.hardtanh(z, -0.5, 0.5), z);
  run('sqrt at 0', () => G.sqrt(G.abs(z)), z);
  return out;
}

describe('ops_arith overloads golden (PyTorch 2.14.1)', () => {
  it('grad_fn names per overload and subgradients at non-smooth points match overloads.out', () => {
    const expected = readFileSync(join(__dirname, '../golden/ops_arith/overloads.out'), 'utf8').trimEnd().split('\n');
    const got = produce();
    for (let k = 0; k < expected.length; k++) expect(`${k + 1}: ${got[k]}`).toBe(`${k + 1}: ${expected[k]}`);
    expect(got.length).toBe(expected.length);
  });
});
