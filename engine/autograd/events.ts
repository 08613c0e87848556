// What autograd tells an observer (the trace recorder). Costs one null check when unset.
import type { Tensor } from '../tensor/tensor';
import type { Node } from './node';

export type CutKind = 'no_grad' | 'inference_mode' | 'detach' | 'data' | 'requires_grad_false';

/** Which hook ran: a tensor hook (register_hook), retain_grad's, a node pre-hook or a node (post) hook. */
export type HookKind = 'tensor' | 'retain_grad' | 'node_pre' | 'node';

export interface AutogradListener {
  onNodeCreated?(node: Node, inputs: Tensor[], outputs: Tensor[]): void;
  /** `rootGrads`: the gradients the pass starts from (explicit or the implicit ones of scalar outputs). */
  onBackwardStart?(roots: Tensor[], kind: 'backward' | 'grad', options?: { retainGraph: boolean; createGraph: boolean; rootGrads?: Tensor[] }): void;
  /** backward()/grad() refused before its pass began (non-scalar output without a gradient, a root without grad_fn). */
  onBackwardRejected?(roots: Tensor[], error: unknown): void;
  onNodeRun?(node: Node, gradOutputs: (Tensor | null)[], gradInputs: (Tensor | null)[]): void;
  onAccumulate?(leaf: Tensor, before: Tensor | null, after: Tensor): void;
  /**
   * A hook ran during a backward pass. `tensor`: the tensor it belongs to when known (retain_grad);
   * before/after: the gradient it received and the one passed on (first slot for node hooks; for
   * retain_grad, the tensor's .grad before and after).
   */
  onHookFired?(tensor: Tensor | null, node: Node, before: Tensor | null, after: Tensor | null, kind?: HookKind): void;
  onSavedFreed?(node: Node): void;
  /** `error`: what the pass threw (e.g. a second backward through freed buffers), else undefined. */
  onBackwardEnd?(error?: unknown): void;
  onVersionBump?(t: Tensor): void;
  /** A result computed from tensors that require grad, with the graph cut (why: see CutKind). */
  onCut?(inputs: Tensor[], outputs: Tensor[], kind: CutKind): void;
  /** Python read `t.grad` (for "why is .grad None"). */
  onGradRead?(t: Tensor, value: Tensor | null): void;
  /** `.grad` replaced from Python: `t.grad = value` or zero_grad(set_to_none=True). */
  onGradSet?(t: Tensor, value: Tensor | null, via: 'assign' | 'zero_grad'): void;
}

export const autogradEvents: { listener: AutogradListener | null } = { listener: null };
