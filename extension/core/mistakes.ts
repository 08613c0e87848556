// Recognises PyTorch's own texts for the classic autograd mistakes (verified with PyTorch 2.14).
import type { AutogradMistake } from '../../engine/protocol/trace';

const PATTERNS: [RegExp, AutogradMistake][] = [
  [/grad can be implicitly created only for scalar outputs/, 'non_scalar_backward'],
  [/Trying to backward through the graph a second time/, 'second_backward'],
  [/a leaf Variable that requires grad is being used in an in-place operation/, 'leaf_inplace'],
  [/The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed/, 'non_leaf_grad'],
  [/you can only change requires_grad flags of leaf variables/, 'non_leaf_requires_grad'],
  [/appears to not have been used in the graph/, 'unused_input'],
  [/Can't call numpy\(\) on Tensor that requires grad/, 'numpy_requires_grad'],
  [/element 0 of tensors does not require grad and does not have a grad_fn/, 'no_grad_fn'],
];

export function classifyMistake(message: string): AutogradMistake | undefined {
  for (const [re, mistake] of PATTERNS) if (re.test(message)) return mistake;
  return undefined;
}
