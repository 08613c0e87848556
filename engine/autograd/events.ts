// What autograd tells an observer (the trace recorder). Costs one null check when unset.
import type { Tensor } from '../tensor/tensor';
import type { Node } from './node';

export interface AutogradListener {
  onNodeCreated?(node: Node, inputs: Tensor[], outputs: Tensor[]): void;
  onBackwardStart?(roots: Tensor[], kind: 'backward' | 'grad'): void;
  onNodeRun?(node: Node, gradOutputs: (Tensor | null)[], gradInputs: (Tensor | null)[]): void;
  onAccumulate?(leaf: Tensor, before: Tensor | null, after: Tensor): void;
  onHookFired?(tensor: Tensor | null, node: Node, before: Tensor, after: Tensor): void;
  onSavedFreed?(node: Node): void;
  onBackwardEnd?(): void;
  onVersionBump?(t: Tensor): void;
}

export const autogradEvents: { listener: AutogradListener | null } = { listener: null };
