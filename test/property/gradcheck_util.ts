/**
 * Reusable gradient checks for every op family (the other ops developers: import these).
 *
 *   import { gradcheck, gradgradcheck, f64 } from './gradcheck_util';
 *   gradcheck((a, b) => G.mul(a, b), [f64([1, 2, 3]), f64([[4, 5, 6]], [1, 3])]);
 *   gradgradcheck((a) => G.tanh(a), [f64([0.3, -0.2])]);
 *
 * `gradcheck` compares autograd's vector-Jacobian product v·J (through `G.grad`, for a fixed
 * pseudo-random v) with central finite differences computed in float64 (eps = 1e-6), input
 * element by input element. `gradgradcheck` runs the same check on the function
 * x ↦ Σ w·grad(fn(x), x, v, create_graph=True), i.e. it checks second derivatives. Inputs
 * must be float64 leaves (use `f64`); points where the op is not smooth must be avoided by
 * the caller. Both throw an Error naming the input, element, analytic and numeric values.
 */
import * as G from '../../engine';
import type { Tensor } from '../../engine';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Inputs that are not differentiated (e.g. an index or a mask): their positions. */
  nondiff?: number[];
}

/** A float64 leaf that requires grad, from nested numbers (shape inferred) or a flat list + shape. */
export function f64(data: G.NestedData, shape?: number[]): Tensor {
  const t = G.tensor(data, { dtype: 'float64' });
  const out = shape ? G.clone(G.reshape(t, shape)) : t;
  const leaf = G.detach(out);
  G.requiresGrad_(leaf, true);
  return leaf;
}

/** Deterministic values in [-1, 1) for the vectors v and w (no Math.random in tests). */
function pattern(n: number, seed: number): number[] {
  const out: number[] = [];
  let s = (seed * 2654435761) >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push((s / 2 ** 32) * 2 - 1);
  }
  return out;
}

function vectorLike(t: Tensor, seed: number): Tensor {
  const v = G.zeros(t.shape, { dtype: 'float64' });
  v.storage.set(pattern(t.numel, seed));
  return v;
}

/** Σ v·out in float64 (no graph). */
function dot(out: Tensor, v: Tensor): number {
  const a = G.toDtype(out, 'float64').data();
  const b = v.data();
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): void {
  const eps = opts.eps ?? 1e-6;
  const atol = opts.atol ?? 1e-5;
  const rtol = opts.rtol ?? 1e-3;
  const nondiff = new Set(opts.nondiff ?? []);
  const diffIdx = inputs.map((_, i) => i).filter((i) => !nondiff.has(i));
  for (const i of diffIdx) {
    const t = inputs[i];
    if (t.dtype !== 'float64' || !t.isLeaf || !t.requiresGrad || !t.isContiguous() || t.offset !== 0) {
      throw new Error(`gradcheck: input ${i} must be a contiguous float64 leaf that requires grad (use f64)`);
    }
  }
  const out = fn(...inputs);
  const v = vectorLike(out, 7);
  // An output that does not depend on the inputs through the graph has zero gradients.
  const analytic = out.requiresGrad
    ? G.grad([out], diffIdx.map((i) => inputs[i]), { gradOutputs: [v], allowUnused: true })
    : diffIdx.map(() => null);
  diffIdx.forEach((inputIndex, k) => {
    const t = inputs[inputIndex];
    const a = analytic[k];
    const aData = a === null ? new Float64Array(t.numel) : G.toDtype(a, 'float64').data();
    if (a !== null && a.shape.join(',') !== t.shape.join(',')) {
      throw new Error(`gradcheck: gradient of input ${inputIndex} has shape [${a.shape}] but the input has [${t.shape}]`);
    }
    for (let j = 0; j < t.numel; j++) {
      const orig = t.storage[j];
      t.storage[j] = orig + eps;
      const plus = dot(fn(...inputs), v);
      t.storage[j] = orig - eps;
      const minus = dot(fn(...inputs), v);
      t.storage[j] = orig;
      const numeric = (plus - minus) / (2 * eps);
      const got = aData[j];
      if (!(Math.abs(got - numeric) <= atol + rtol * Math.abs(numeric))) {
        throw new Error(`gradcheck: input ${inputIndex} element ${j} (value ${orig}): analytic ${got} vs numeric ${numeric}`);
      }
    }
  });
}

/** Checks second derivatives: gradcheck of x ↦ Σ w·grad(fn(x), x, v, create_graph=True). */
export function gradgradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): void {
  const nondiff = new Set(opts.nondiff ?? []);
  const first = (...xs: Tensor[]): Tensor => {
    const diff = xs.filter((_, i) => !nondiff.has(i));
    const out = fn(...xs);
    const v = vectorLike(out, 7);
    const gs = G.grad([out], diff, { gradOutputs: [v], createGraph: true, allowUnused: true });
    let total: Tensor | null = null;
    gs.forEach((g, k) => {
      if (g === null) return;
      const term = G.sum(G.mul(g, vectorLike(g, 11 + k)));
      total = total === null ? term : G.add(total, term);
    });
    return total ?? G.zeros([], { dtype: 'float64' });
  };
  gradcheck(first, inputs, { ...opts, atol: opts.atol ?? 1e-4, rtol: opts.rtol ?? 1e-3 });
}
