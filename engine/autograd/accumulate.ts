// AccumulateGrad: the sink node of a leaf. One per leaf, shared by every graph that uses it.
import { Tensor } from '../tensor/tensor';
import { ACCUMULATE_PRIORITY, Node } from './node';
import { gradMode } from './grad_mode';
import { opHelpers } from './helpers';
import { autogradEvents } from './events';

export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    // Runs as soon as it is ready, before any other ready node (PyTorch gives it the top priority).
    super([], ACCUMULATE_PRIORITY);
    this.outputMeta.push({ shape: variable.shape, dtype: variable.dtype });
  }

  name(): string {
    return 'AccumulateGrad';
  }

  /** tensor.register_post_accumulate_grad_hook: run with the leaf once its .grad is updated. */
  readonly postAccumulateHooks: { fn: (leaf: Tensor) => void; removed: boolean }[] = [];

  apply(gradOutputs: (Tensor | null)[]): (Tensor | null)[] {
    const g = gradOutputs[0];
    if (g !== null) accumulateInto(this.variable, g);
    this.runPostAccumulateHooks();
    return [];
  }

  private runPostAccumulateHooks(): void {
    for (const h of this.postAccumulateHooks) if (!h.removed) h.fn(this.variable);
  }

  /**
   * Accumulates a gradient only the backward engine holds (no hook, trace or other buffer can
   * see it, grad mode off): a first gradient becomes .grad as it is, as PyTorch steals it,
   * instead of being copied.
   */
  accumulateOwned(g: Tensor): void {
    if (this.variable.grad === null && !gradMode.enabled && !autogradEvents.listener) this.variable.grad = g;
    else accumulateInto(this.variable, g);
    this.runPostAccumulateHooks();
  }
}

const accumulators = new WeakMap<Tensor, AccumulateGrad>();

export function gradAccumulator(leaf: Tensor): AccumulateGrad {
  let acc = accumulators.get(leaf);
  if (acc === undefined) {
    acc = new AccumulateGrad(leaf);
    accumulators.set(leaf, acc);
  }
  return acc;
}

/** The accumulator if one exists already (for the trace; never creates one). */
export function existingAccumulator(leaf: Tensor): AccumulateGrad | undefined {
  return accumulators.get(leaf);
}

/**
 * PyTorch's accumulation rule: the first gradient is stored (detached unless create_graph),
 * later ones are added in place, or out of place with a graph under create_graph.
 */
export function accumulateInto(variable: Tensor, g: Tensor): void {
  const h = opHelpers();
  const before = variable.grad;
  const listener = autogradEvents.listener;
  // In-place accumulation overwrites `before`: the observer gets a copy of the old value.
  const beforeSeen = listener && before !== null ? h.cloneDetached(before) : before;
  if (before === null) {
    // Under create_graph PyTorch stores empty_strided(...).copy_(grad): .grad gets CopyBackwards.
    variable.grad = gradMode.enabled ? h.copyWithGraph(g) : h.cloneDetached(g);
  } else if (!gradMode.enabled) {
    h.addInPlace(before, g);
  } else {
    variable.grad = h.add(before, g);
  }
  listener?.onAccumulate?.(variable, beforeSeen, variable.grad!);
}
