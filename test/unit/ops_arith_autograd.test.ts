// In-place ops and graph rebasing, CopySlices, detach/.data, version counters, PyTorch's error
// texts, creation ops, promotion, hooks/retain_grad order and accumulation, compared line by
// line with what PyTorch 2.14.1 printed for test/golden/ops_arith/autograd.py.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as G from '../../engine';
import type { Tensor } from '../../engine';

const f = G.pyFloat;
type Item = Tensor | string | number | boolean | null;

function show(v: Item): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return G.formatTensor(v);
}
const fnName = (t: Tensor): string => (t.gradFn === null ? 'None' : t.gradFn.name());
function edges(t: Tensor): string {
  const node = t.gradFn as unknown as { nextEdges: ({ node: { name(): string } } | null)[] };
  return node.nextEdges.map((e) => (e === null ? 'None' : e.node.name())).join(',');
}
const dt = (t: Tensor): string => `torch.${t.dtype}`;
const T = (data: G.NestedData, opts: G.CreateOptions = {}): Tensor => G.tensor(data, opts);
const fl = (xs: number[]): G.Scalar[] => xs.map((v) => f(v));

function produce(): string[] {
  const out: string[] = [];
  const print = (...items: Item[]): void => {
    out.push(...items.map(show).join(' ').split('\n'));
  };
  const err = (fn: () => unknown): void => {
    try {
      fn();
      print('no error');
    } catch (e) {
      if (e instanceof G.TorchError) print(`${e.pyType}: ${e.message}`);
      else throw e;
    }
  };

  const x = T(fl([1.5, -2.0, 3.0]), { requiresGrad: true });
  const y = T(fl([0.5, 2.0, -1.0]), { requiresGrad: true });
  const inplace: [string, (a: Tensor) => Tensor][] = [
    ['add_', (a) => G.addInPlace(a, y)], ['add_s', (a) => G.addInPlace(a, 1)], ['add_alpha', (a) => G.addInPlace(a, y, 2)], ['sub_', (a) => G.subInPlace(a, y)],
    ['mul_', (a) => G.mulInPlace(a, y)], ['mul_s', (a) => G.mulInPlace(a, 2)], ['div_', (a) => G.divInPlace(a, y)], ['div_s', (a) => G.divInPlace(a, 2)],
    ['pow_', (a) => G.powInPlace(a, 2)], ['pow_t', (a) => G.powInPlace(a, y)], ['clamp_', (a) => G.clampInPlace(a, -1, 1)], ['zero_', (a) => G.zeroInPlace(a)],
    ['fill_', (a) => G.fillInPlace(a, 3)], ['fill_t', (a) => G.fillInPlace(a, G.select(y, 0, 0))], ['copy_', (a) => G.copyInPlace(a, y)], ['neg_', (a) => G.negInPlace(a)],
    ['exp_', (a) => G.unaryInPlace(a, 'exp')], ['relu_', (a) => G.reluInPlace(a)], ['sigmoid_', (a) => G.unaryInPlace(a, 'sigmoid')], ['tanh_', (a) => G.unaryInPlace(a, 'tanh')],
    ['abs_', (a) => G.unaryInPlace(a, 'abs')], ['sqrt_', (a) => G.unaryInPlace(G.unaryInPlace(a, 'abs'), 'sqrt')],
  ];
  const weights = T(fl([1, 2, 3]));
  for (const [name, fn] of inplace) {
    x.grad = null;
    y.grad = null;
    const a = G.mul(x, 1);
    const r = fn(a);
    print(`${name} ${fnName(a)} [${edges(a)}] same=${show(r === a)} version=${a.version.value}`);
    print(a);
    G.backward(G.sum(G.mul(a, weights)));
    print(x.grad, y.grad);
  }

  let a = G.zeros([3]);
  G.addInPlace(a, y);
  print(`plain add_ ${fnName(a)} [${edges(a)}] leaf=${show(a.isLeaf)} requires_grad=${show(a.requiresGrad)}`);

  x.grad = null;
  const b = G.clone(x);
  const v = G.slice(b, 0, 1, null);
  G.mulInPlace(v, 2);
  print(`view mul_ base ${fnName(b)} [${edges(b)}] view ${fnName(v)} [${edges(v)}] versions ${b.version.value} ${v.version.value}`);
  print(b);
  print(v);
  G.backward(G.sum(G.mul(b, weights)));
  print(x.grad);
  x.grad = null;
  y.grad = null;
  const c = G.zeros([2, 3]);
  G.copyInPlace(G.select(c, 0, 1), G.mul(y, x));
  print(`copy into view ${fnName(c)} [${edges(c)}] leaf=${show(c.isLeaf)}`);
  G.backward(G.sum(c));
  print(x.grad, y.grad);

  const l = T([1, 2, 3]);
  err(() => G.addInPlace(x, 1));
  err(() => G.addInPlace(G.select(x, 0, 0), 1));
  err(() => G.addInPlace(l, f(1.5)));
  err(() => G.mulInPlace(l, T(fl([1.5, 2.0, 3.0]))));
  err(() => G.divInPlace(l, 2));
  err(() => G.unaryInPlace(l, 'exp'));
  err(() => G.addInPlace(T([true, false]), 1));
  err(() => G.addInPlace(G.zeros([3]), G.zeros([2, 3])));
  err(() => G.add(G.zeros([3]), G.zeros([2])));
  err(() => G.backward(G.sum(G.floorDivide(x, y))));
  let z = G.sum(G.mul(x, y));
  G.backward(z);
  err(() => G.backward(z));
  const w = T(fl([1.0, 2.0]), { requiresGrad: true });
  let h = G.mul(w, 2);
  const s = G.sigmoid(h);
  G.mulInPlace(s, 2);
  err(() => G.backward(G.sum(s)));
  h = G.mul(w, 2);
  let q = G.mul(h, h);
  G.addInPlace(h, 1);
  err(() => G.backward(G.sum(q)));
  h = G.exp(w);
  G.addInPlace(h, 1);
  err(() => G.backward(G.sum(h)));
  h = G.mul(w, 2);
  q = G.mul(h, T(fl([3.0, 4.0])));
  G.addInPlace(h, 1);
  err(() => G.backward(G.sum(q)));
  print(w.grad);
  err(() => T([1, 2], { requiresGrad: true }));
  err(() => G.requiresGrad_(T([1, 2]), true));
  err(() => G.requiresGrad_(G.mul(x, 2), false));
  err(() => G.grad([G.sum(G.mul(x, 2))], [x, y]));
  err(() => G.backward(G.sum(T(fl([1.0, 2.0])))));
  err(() => G.backward(G.mul(x, 2)));

  a = G.ones([3]);
  const d = G.detach(a);
  const dd = G.dataOf(a);
  G.addInPlace(a, 1);
  print(a.version.value, d.version.value, dd.version.value);
  G.addInPlace(dd, 1);
  print(a.version.value, d.version.value, dd.version.value, a);
  G.mulInPlace(d, 2);
  print(a.version.value, d.version.value, dd.version.value, a);
  const xd = G.detach(x);
  print(xd.requiresGrad, xd.isLeaf, G.dataOf(x).requiresGrad, fnName(xd));
  const nl = G.mul(x, 2);
  G.detachInPlace(nl);
  print(nl.requiresGrad, nl.isLeaf, fnName(nl));

  x.grad = null;
  z = G.sum(G.mul(x, x));
  G.backward(z, { retainGraph: true });
  print(x.grad);
  G.backward(z);
  print(x.grad);
  x.grad = null;
  z = G.sum(G.pow(x, 3));
  G.backward(z, { createGraph: true });
  print(x.grad, fnName(x.grad!));
  const [g2] = G.grad([G.sum(x.grad!)], [x]);
  print(g2);
  x.grad = null;
  const [gx, gy] = G.grad([G.sum(G.mul(x, y))], [x, y], { retainGraph: true });
  print(gx, gy, x.grad);

  x.grad = null;
  let m = G.mul(x, 2);
  G.retainGrad(m);
  G.registerHook(m, (g) => G.mul(g, 10));
  G.registerHook(m, (g) => G.add(g, 1));
  G.registerHook(x, (g) => G.div(g, 4));
  G.backward(G.sum(G.mul(m, m)));
  print(m.grad, x.grad);
  x.grad = null;
  m = G.mul(x, 2);
  G.registerHook(m, (g) => G.mul(g, 3));
  G.retainGrad(m);
  G.backward(G.sum(m));
  print(m.grad, x.grad);
  x.grad = null;
  m = G.mul(x, 1);
  G.retainGrad(m);
  G.addInPlace(m, 1);
  G.backward(G.sum(m));
  print(m.grad, x.grad);

  print(dt(T([1, 2])), dt(T([1, f(2.0)])), dt(T([true, false])), dt(T([true, 2])), dt(T(3)), dt(T(f(3.5))), dt(T([])));
  print(T([[1, 2], [3, 4]]), T(f(2.5), { dtype: 'int64' }), T([f(-2.7)], { dtype: 'int64' }), T([f(0.5), 0], { dtype: 'bool' }));
  err(() => T([[1, 2], [3]]));
  err(() => T([[1, 2], 3]));
  print(G.arange(0, 5), G.arange(1, 4), G.arange(0, 1, f(0.1)), G.arange(f(0), 3), G.arange(1, f(2.5), f(0.5)));
  print(G.arange(-1, 1, f(0.3)));
  print(G.arange(0, 10, 3, { dtype: 'float32' }), G.arange(0, 5, f(2.5)));
  err(() => G.arange(0, 10, 0));
  err(() => G.arange(10, 0, 1));
  print(G.linspace(0, 1, 5), G.linspace(-1, 1, 7), G.linspace(0, 10, 1), G.linspace(3, 3, 0));
  print(G.linspace(0, 1, 11));
  print(G.eye(3), G.eye(2, 3));
  print(G.full([2, 2], 7), G.full([2], f(1.5)), G.full([2], true), G.full([2], f(1.5), { dtype: 'int64' }));
  print(G.zeros([2, 3]), G.ones([]), G.zeros([]), G.ones([2], { dtype: 'int64' }), `torch.Size([${G.empty([2]).shape.join(', ')}])`);
  print(G.zerosLike(x), G.onesLike(x, { dtype: 'int64' }), G.fullLike(x, f(3.5)), G.fullLike(T([1, 2]), f(3.7)));
  print(G.linspace(0, 1, 5, { requiresGrad: true }), G.ones([2], { requiresGrad: true }));
  err(() => G.ones([-1]));
  err(() => G.setDefaultDtype('int64'));

  const i = T([1, 2, 3]);
  const fv = T(fl([1, 2, 3]));
  const dbl = T(fl([1, 2, 3]), { dtype: 'float64' });
  const bl = T([true, false, true]);
  const promo: [string, Tensor][] = [
    ['i+f', G.add(i, fv)], ['i*2.5', G.mul(i, f(2.5))], ['i/2', G.div(i, 2)], ['i//2', G.floorDivide(i, 2)], ['i%2', G.remainder(i, 2)], ['f+dbl', G.add(fv, dbl)],
    ['f+dbl0', G.add(fv, T(f(1), { dtype: 'float64' }))], ['i+dbl0', G.add(i, T(f(1), { dtype: 'float64' }))], ['bl+bl', G.add(bl, bl)], ['bl*2', G.mul(bl, 2)],
    ['bl+1.5', G.add(bl, f(1.5))], ['i**2', G.pow(i, 2)], ['i**0.5', G.pow(i, f(0.5))], ['2**i', G.pow(2, i)], ['2.0**i', G.pow(f(2), i)], ['sqrt(i)', G.sqrt(i)],
    ['abs(i)', G.abs(G.neg(i))], ['i>1', G.gt(i, 1)], ['where', G.where(bl, i, f(2.5))], ['clamp(i,0.5)', G.clamp(i, f(0.5))], ['i.float()', G.toDtype(i, 'float32')],
    ['f.long()', G.toDtype(T(fl([-1.7, 2.9])), 'int64')], ['f.bool()', G.toDtype(T(fl([0.0, -0.1])), 'bool')], ['neg(i)', G.neg(i)], ['i.to(f64)', G.toDtype(i, 'float64')],
  ];
  for (const [label, t] of promo) print(label, t);
  print(G.toDtype(x, 'float32') === x, G.toDtype(x, 'float32') === x, fnName(G.toDtype(x, 'float64')), fnName(G.clone(x)), fnName(G.toDtype(G.toDtype(x, 'float64'), 'float32')));
  err(() => G.sub(i, true));
  G.setDefaultDtype('float64');
  try {
    print(dt(T([f(1.5)])), dt(G.zeros([1])), dt(G.arange(f(0), 1)), dt(G.mul(i, f(1.5))), dt(G.div(i, 2)), dt(G.sqrt(i)), T([f(1.5)], { dtype: 'float32' }));
  } finally {
    G.setDefaultDtype('float32');
  }
  return out;
}

describe('ops_arith autograd golden (PyTorch 2.14.1)', () => {
  it('in-place, views, detach, errors, creation, promotion and hooks match autograd.out line by line', () => {
    const expected = readFileSync(join(__dirname, '../golden/ops_arith/autograd.out'), 'utf8').trimEnd().split('\n');
    const got = produce();
    for (let k = 0; k < expected.length; k++) expect(`${k + 1}: ${got[k]}`).toBe(`${k + 1}: ${expected[k]}`);
    expect(got.length).toBe(expected.length);
  });
});
