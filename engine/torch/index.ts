// installTorch(): registers every torch-related Python module with the interpreter, once.
// nn / optim / numpy live in their own files (engine/torch/nn.ts …), each exporting a
// register…() function called here; submodules are shared between `import torch` (as
// attributes) and `import torch.nn` (see memoiseModule).
import { registerTorchModule, memoiseModule, TORCH_SUBMODULES } from './torch_module';
import './tensor_type';
import { registerNn } from './nn';
import { registerOptim } from './optim';
import { registerNumpy } from './numpy';

let installed = false;

export function installTorch(): void {
  if (installed) return;
  installed = true;
  registerTorchModule();
  registerNn();
  registerOptim();
  registerNumpy();
  for (const name of TORCH_SUBMODULES) memoiseModule(`torch.${name}`);
}
