// Tensor hooks, retain_grad and requires_grad rules: the user-facing autograd switches.
import { Tensor, TensorHook } from '../tensor/tensor';
import { isFloating } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { Node } from './node';
import { gradAccumulator } from './accumulate';
import { autogradEvents } from './events';

let nextHookId = 1;

export interface RemovableHandle {
  id: number;
  remove(): void;
}

/** tensor.register_hook(fn): on a leaf it runs before accumulation, on a non-leaf before its grad_fn. */
export function registerTensorHook(t: Tensor, fn: TensorHook['fn']): RemovableHandle {
  if (!t.requiresGrad) {
    throw new TorchError('RuntimeError', "cannot register a hook on a tensor that doesn't require gradient");
  }
  const hook: TensorHook = { id: nextHookId++, fn, removed: false };
  const node: Node = (t.gradFn as Node | null) ?? gradAccumulator(t);
  const slot = t.gradFn ? t.outputNr : 0;
  (node.tensorPreHooks[slot] ??= []).push(hook);
  (t.hooks ??= []).push(hook);
  return {
    id: hook.id,
    remove() {
      hook.removed = true;
    },
  };
}

/** tensor.register_post_accumulate_grad_hook(fn): leaves only; fn(leaf) after each accumulation into .grad. */
export function registerPostAccumulateGradHook(t: Tensor, fn: (leaf: Tensor) => void): RemovableHandle {
  if (!t.requiresGrad) {
    throw new TorchError('RuntimeError', "cannot register a hook on a tensor that doesn't require gradient");
  }
  if (!t.isLeaf) throw new TorchError('RuntimeError', 'post accumulate grad hooks cannot be registered on non-leaf tensors');
  const hook = { fn, removed: false };
  gradAccumulator(t).postAccumulateHooks.push(hook);
  return {
    id: nextHookId++,
    remove() {
      hook.removed = true;
    },
  };
}

/** tensor.retain_grad(): a non-leaf keeps its gradient in .grad (a no-op on leaves). */
export function retainGrad(t: Tensor): void {
  if (!t.requiresGrad) throw new TorchError('RuntimeError', "can't retain_grad on Tensor that has requires_grad=False");
  if (t.isLeaf || t.retainsGrad) return;
  (t.gradFn as Node).retainGradTensors[t.outputNr] = t;
  t.retainsGrad = true;
}

/** tensor.requires_grad_(flag) / tensor.requires_grad = flag. */
export function setRequiresGrad(t: Tensor, flag: boolean, viaMethod: boolean): void {
  if (!t.isLeaf) {
    if (flag) return; // already requires grad
    throw new TorchError(
      'RuntimeError',
      "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
    );
  }
  if (flag && !isFloating(t.dtype)) {
    throw new TorchError(
      'RuntimeError',
      viaMethod ? 'only Tensors of floating point dtype can require gradients' : 'only Tensors of floating point and complex dtype can require gradients',
    );
  }
  if (!flag && t.leafRequiresGrad) autogradEvents.listener?.onCut?.([t], [t], 'requires_grad_false');
  t.leafRequiresGrad = flag;
}
