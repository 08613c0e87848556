// Gradscope's engine behind the benchmark's Library interface, through the typed engine API
// (the same ops the interpreter calls for `x * y`, `a @ b`, `.sum()`, `.backward()` …).
import * as G from '../engine';
import { Library, lcgFloats } from './workloads';

const f32 = (data: Float32Array, shape: number[], requiresGrad = false): G.Tensor => {
  const t = new G.Tensor(data, shape, 'float32');
  if (requiresGrad) G.requiresGrad_(t, true);
  return t;
};

/** Phase timings of the chain workload (W5 reports build and backward apart). */
export interface ChainPhases {
  buildMs: number;
  backwardMs: number;
}

export function chainPhases(steps: number): () => ChainPhases {
  const x0 = f32(lcgFloats(16, 5), [16], true);
  const mulBy = G.pyFloat(1.0001);
  const addBy = G.pyFloat(0.0001);
  return () => {
    x0.grad = null;
    const t0 = performance.now();
    let x = x0;
    for (let i = 0; i < steps; i++) x = G.add(G.mul(x, mulBy), addBy);
    const s = G.sum(x);
    const t1 = performance.now();
    G.backward(s);
    const t2 = performance.now();
    return { buildMs: t1 - t0, backwardMs: t2 - t1 };
  };
}

export function engineLibrary(): Library {
  return {
    name: 'gradscope',
    elementwise(n) {
      const x = f32(lcgFloats(n, 1), [n], true);
      const y = f32(lcgFloats(n, 2), [n], true);
      const scale = G.pyFloat(0.001);
      return () => {
        x.grad = null;
        y.grad = null;
        G.backward(G.sum(G.mul(G.exp(G.add(G.mul(x, y), x)), scale)));
      };
    },
    matmul(n) {
      const a = f32(lcgFloats(n * n, 3), [n, n], true);
      const b = f32(lcgFloats(n * n, 4), [n, n], true);
      return () => {
        a.grad = null;
        b.grad = null;
        G.backward(G.sum(G.matmul(a, b)));
      };
    },
    chain(steps) {
      const run = chainPhases(steps);
      return () => void run();
    },
    mlpStep() {
      // W2's step: h = (X @ w1 + b1).relu(); out = h @ w2 + b2; loss = ((out - T)²).mean();
      // backward; w -= lr * w.grad under no_grad; grads reset to None.
      const x = f32(lcgFloats(32 * 64, 6), [32, 64]);
      const target = f32(lcgFloats(32 * 10, 7), [32, 10]);
      const scaled = (data: Float32Array, s: number): Float32Array => data.map((v) => Math.fround(v * s));
      const w1 = f32(scaled(lcgFloats(64 * 128, 8), 0.125), [64, 128], true);
      const b1 = f32(new Float32Array(128), [128], true);
      const w2 = f32(scaled(lcgFloats(128 * 10, 9), 0.088), [128, 10], true);
      const b2 = f32(new Float32Array(10), [10], true);
      const params = [w1, b1, w2, b2];
      const lr = G.pyFloat(0.01);
      return () => {
        for (const p of params) p.grad = null;
        const h = G.relu(G.add(G.matmul(x, w1), b1));
        const out = G.add(G.matmul(h, w2), b2);
        const d = G.sub(out, target);
        const loss = G.mean(G.mul(d, d));
        G.backward(loss);
        G.noGrad(() => {
          for (const p of params) G.subInPlace(p, G.mul(p.grad!, lr));
        });
      };
    },
  };
}
