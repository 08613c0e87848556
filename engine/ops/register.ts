// Registers the differentiable helpers the autograd core needs (it cannot import ops/).
import { registerAutogradHelpers } from '../autograd';
import { fullTensor } from '../tensor/tensor';
import { binaryInPlace } from '../tensor/kernels/elementwise';
import { add } from './arithmetic';
import { clone, cloneDetached, toDtype } from './convert';
import { sumToShape } from './reduce';
import { copyInPlace } from './inplace';

registerAutogradHelpers({
  sumToShape,
  toDtype: (g, d) => toDtype(g, d),
  add: (a, b) => add(a, b),
  addInPlace: (a, b) => {
    // `.grad += new_grad` outside grad mode: an in-place write, so it bumps .grad's version.
    binaryInPlace('add', a, b);
    a.version.value++;
  },
  zeros: (shape, dtype) => fullTensor(shape.slice(), 0, dtype),
  cloneDetached,
  clone,
  copyWithGraph: (t) => copyInPlace(fullTensor(t.shape.slice(), 0, t.dtype), t),
});

export const autogradHelpersRegistered = true;
