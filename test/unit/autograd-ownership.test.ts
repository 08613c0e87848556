// The backward engine takes over gradients only it can reach (first .grad without a copy,
// buffer sums in place) and keeps its per-pass state on the nodes. These tests prove that no
// user-visible tensor ever aliases another through those shortcuts, and that a backward run
// inside a hook (a nested pass over shared nodes) leaves the outer pass intact.
import { describe, expect, it } from 'vitest';
import * as G from '../../engine';

const N = 1024; // above the size where the engine tracks ownership
const vec = (f: (i: number) => number, requiresGrad = true): G.Tensor => {
  const t = new G.Tensor(Float32Array.from({ length: N }, (_, i) => f(i)), [N], 'float32');
  if (requiresGrad) G.requiresGrad_(t, true);
  return t;
};
const values = (t: G.Tensor): number[] => Array.from(t.data());

describe('gradient ownership in backward', () => {
  it('gives two leaves fed the same gradient (x + y) separate .grad tensors', () => {
    const x = vec((i) => i), y = vec((i) => -i);
    G.backward(G.sum(G.mul(G.add(x, y), G.pyFloat(3))));
    expect(x.grad!.storage).not.toBe(y.grad!.storage);
    G.addInPlace(x.grad!, 1);
    expect(values(y.grad!).every((v) => v === 3)).toBe(true);
    expect(values(x.grad!).every((v) => v === 4)).toBe(true);
  });

  it('sums two gradients for one input correctly (in place in the buffer) and accumulates across passes', () => {
    const x = vec((i) => i / N);
    const run = (): void => G.backward(G.sum(G.add(G.mul(x, x), x))); // d/dx = 2x + 1
    run();
    const first = values(x.grad!);
    expect(first.every((v, i) => v === Math.fround(Math.fround(2 * (i / N)) + 1) || Math.abs(v - (2 * i / N + 1)) < 1e-6)).toBe(true);
    run();
    expect(values(x.grad!).every((v, i) => Math.abs(v - 2 * first[i]) < 1e-5)).toBe(true);
  });

  it('never takes over a gradient the caller passed in', () => {
    const x = vec((i) => i);
    const g = vec(() => 2, false);
    G.backward(G.mul(x, G.pyFloat(1)), { gradient: g });
    expect(x.grad!.storage).not.toBe(g.storage);
    const leaf = vec((i) => i);
    G.backward(leaf, { gradient: g });
    expect(leaf.grad!.storage).not.toBe(g.storage);
    g.storage.fill(7);
    expect(values(x.grad!).every((v) => v === 2)).toBe(true);
    expect(values(leaf.grad!).every((v) => v === 2)).toBe(true);
  });

  it('copies a gradient a hook has seen, so keeping it in the hook stays safe', () => {
    const x = vec((i) => i);
    const seen: G.Tensor[] = [];
    G.registerHook(x, (g) => {
      seen.push(g);
      return undefined;
    });
    G.backward(G.sum(G.mul(x, x)));
    const before = values(seen[0]);
    G.addInPlace(x.grad!, 100);
    expect(values(seen[0])).toEqual(before);
  });

  it('runs a backward nested in a hook over shared nodes without disturbing the outer pass', () => {
    const x = vec((i) => i / N);
    const shared = G.mul(x, x); // both passes go through this node
    const w = vec(() => 1);
    let inner: G.Tensor | null = null;
    const y = G.mul(shared, G.pyFloat(2));
    const innerRoot = G.sum(G.mul(shared, w)); // d/dx = 2x
    G.registerHook(y, (g) => {
      inner = G.grad([innerRoot], [x], { retainGraph: true })[0];
      return g;
    });
    G.backward(G.sum(G.add(y, shared)), { retainGraph: true }); // d/dx = 2·2x + 2x = 6x
    expect(values(x.grad!).every((v, i) => Math.abs(v - 6 * (i / N)) < 1e-5)).toBe(true);
    expect(values(inner!).every((v, i) => Math.abs(v - 2 * (i / N)) < 1e-5)).toBe(true);
  });
});
