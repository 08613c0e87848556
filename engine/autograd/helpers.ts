// Differentiable helpers the autograd core needs but that are ops (defined in engine/ops):
// ops/ registers them at load time, so autograd/ does not import ops/.
import type { Tensor } from '../tensor/tensor';
import type { DType } from '../tensor/dtype';

export interface AutogradOpHelpers {
  /** Sums a broadcast gradient back down to `shape` (differentiable). */
  sumToShape(grad: Tensor, shape: number[]): Tensor;
  /** Casts a gradient to an input's dtype (differentiable). */
  toDtype(grad: Tensor, dtype: DType): Tensor;
  /** a + b, differentiable when grad mode is on. */
  add(a: Tensor, b: Tensor): Tensor;
  /** In-place a += b without recording (for accumulating .grad). */
  addInPlace(a: Tensor, b: Tensor): void;
  zeros(shape: number[], dtype: DType): Tensor;
  /** A copy that shares nothing and has no graph. */
  cloneDetached(t: Tensor): Tensor;
  /** clone() — differentiable when grad mode is on. */
  clone(t: Tensor): Tensor;
  /** empty(shape).copy_(t) — differentiable (CopyBackwards) when grad mode is on: the first .grad under create_graph. */
  copyWithGraph(t: Tensor): Tensor;
}

let registered: AutogradOpHelpers | null = null;

export function registerAutogradHelpers(h: AutogradOpHelpers): void {
  registered = h;
}

export function opHelpers(): AutogradOpHelpers {
  if (registered === null) throw new Error('engine/ops not loaded: import engine/index');
  return registered;
}
