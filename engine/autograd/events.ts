// What autograd tells an observer (the trace recorder). Costs one null check when unset.
import type { Tensor } from '../tensor/tensor';
import type { Node } from './node';

export type CutKind = 'no_grad' | 'inference_mode' | 'detach' | 'data' | 'requires_grad_false';

export interface AutogradListener {
  onNodeCreated?(node: Node, inputs: Tensor[], outputs: Tensor[]): void;
  onBackwardStart?(roots: Tensor[], kind: 'backward' | 'grad'): void;
  onNodeRun?(node: Node, gradOutputs: (Tensor | null)[], gradInputs: (Tensor | null)[]): void;
  onAccumulate?(leaf: Tensor, before: Tensor | null, after: Tensor): void;
  onHookFired?(tensor: Tensor | null, node: Node, before: Tensor, after: Tensor): void;
  onSavedFreed?(node: Node): void;
  onBackwardEnd?(): void;
  onVersionBump?(t: Tensor): void;
  /** A result computed from tensors that require grad, with the graph cut (why: see CutKind). */
  onCut?(inputs: Tensor[], outputs: Tensor[], kind: CutKind): void;
}

export const autogradEvents: { listener: AutogradListener | null } = { listener: null };
