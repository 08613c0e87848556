// TensorFlow.js implementations of the workloads (CPU backend and, if it loads offline, WASM).
import * as tf from '@tensorflow/tfjs';
import { Library, lcgFloats } from './workloads';

export async function loadTfjs(backend: 'cpu' | 'wasm'): Promise<Library | null> {
  try {
    if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const { dirname, join } = await import('node:path');
      const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
      wasm.setWasmPaths(dir);
    }
    const ok = await tf.setBackend(backend);
    if (!ok) return null;
    await tf.ready();
  } catch {
    return null;
  }
  const name = `tfjs-${backend}`;
  return {
    name,
    async activate() {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
    },
    elementwise(n) {
      const x = tf.tensor1d(lcgFloats(n, 1));
      const y = tf.tensor1d(lcgFloats(n, 2));
      const f = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.exp(tf.add(tf.mul(a, b), a)), 0.001)));
      return () => {
        tf.tidy(() => {
          const [ga, gb] = f([x, y]);
          ga.dataSync();
          gb.dataSync();
        });
      };
    },
    matmul(n) {
      const a = tf.tensor2d(lcgFloats(n * n, 3), [n, n]);
      const b = tf.tensor2d(lcgFloats(n * n, 4), [n, n]);
      const f = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.matMul(p as tf.Tensor2D, q as tf.Tensor2D)));
      return () => {
        tf.tidy(() => {
          const [ga, gb] = f([a, b]);
          ga.dataSync();
          gb.dataSync();
        });
      };
    },
    chain(steps) {
      const x0 = tf.tensor1d(lcgFloats(16, 5));
      const f = tf.grad((x: tf.Tensor) => {
        let y = x;
        for (let i = 0; i < steps; i++) y = tf.add(tf.mul(y, 1.0001), 0.0001);
        return tf.sum(y);
      });
      return () => {
        tf.tidy(() => {
          f(x0).dataSync();
        });
      };
    },
    mlpStep() {
      const x = tf.tensor2d(lcgFloats(32 * 64, 6), [32, 64]);
      const target = tf.tensor2d(lcgFloats(32 * 10, 7), [32, 10]);
      const w1 = tf.variable(tf.tensor2d(lcgFloats(64 * 128, 8), [64, 128]).mul(0.125));
      const b1 = tf.variable(tf.zeros([128]));
      const w2 = tf.variable(tf.tensor2d(lcgFloats(128 * 10, 9), [128, 10]).mul(0.088));
      const b2 = tf.variable(tf.zeros([10]));
      const vars = [w1, b1, w2, b2];
      return () => {
        tf.tidy(() => {
          const { grads } = tf.variableGrads(() => {
            const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
            const out = tf.add(tf.matMul(h, w2), b2);
            return tf.mean(tf.square(tf.sub(out, target))) as tf.Scalar;
          }, vars);
          for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.01)));
          w2.dataSync();
        });
      };
    },
  };
}
