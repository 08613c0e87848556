// Comparisons and logical ops (bool results, never differentiable) and torch.where
// (WhereBackward0: the condition is saved, not an input edge).
import { defineOp } from '../autograd';
import { DType, promoteTypes } from '../tensor/dtype';
import { scalarTypeName, TorchError } from '../tensor/errors';
import { Tensor } from '../tensor/tensor';
import * as K from '../tensor/kernels/elementwise';
import { unary } from '../tensor/kernels/unary';
import { readAs } from '../tensor/kernels/util';
import { where as whereKernel } from '../tensor/kernels/indexing';
import { Num, toOperand, unwrap, wrapScalar, toScalar } from './arithmetic';
import { scalarDType, scalarTensor } from './creation';

function cmp(op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge', a: Num, b: Num): Tensor {
  return K.binary(op, toOperand(a), toOperand(b));
}

/** torch.eq / `==` (bool result). */
export const eq = (a: Num, b: Num): Tensor => cmp('eq', a, b);
export const ne = (a: Num, b: Num): Tensor => cmp('ne', a, b);
export const lt = (a: Num, b: Num): Tensor => cmp('lt', a, b);
export const le = (a: Num, b: Num): Tensor => cmp('le', a, b);
export const gt = (a: Num, b: Num): Tensor => cmp('gt', a, b);
export const ge = (a: Num, b: Num): Tensor => cmp('ge', a, b);

export const logicalAnd = (a: Num, b: Num): Tensor => K.logicalAnd(toOperand(a), toOperand(b));
export const logicalOr = (a: Num, b: Num): Tensor => K.logicalOr(toOperand(a), toOperand(b));
export const logicalXor = (a: Num, b: Num): Tensor => K.logicalXor(toOperand(a), toOperand(b));
export const logicalNot = (a: Tensor): Tensor => unary('logical_not', a);
export const bitwiseAnd = (a: Num, b: Num): Tensor => K.bitwiseAnd(toOperand(a), toOperand(b));
export const bitwiseOr = (a: Num, b: Num): Tensor => K.bitwiseOr(toOperand(a), toOperand(b));
export const bitwiseXor = (a: Num, b: Num): Tensor => K.bitwiseXor(toOperand(a), toOperand(b));
export const bitwiseNot = (a: Tensor): Tensor => unary('bitwise_not', a);
export const isnan = (a: Tensor): Tensor => unary('isnan', a);
export const isinf = (a: Tensor): Tensor => unary('isinf', a);
export const isfinite = (a: Tensor): Tensor => unary('isfinite', a);

/** torch.equal(a, b): same shape and elements. */
export const equal = (a: Tensor, b: Tensor): boolean => K.equal(a, b);

// ---- where ----

/** Result dtype of where: result_type(x, y), with two Python scalars typed by their kinds. */
function whereDType(x: Tensor, y: Tensor): DType {
  const ux = unwrap(x), uy = unwrap(y);
  if (!(ux instanceof Tensor) && !(uy instanceof Tensor)) return promoteTypes(scalarDType(ux), scalarDType(uy));
  return K.commonDType(ux, uy);
}

/** cond ? x : y on raw kernels (no graph), in result_type(x, y). */
export function whereRaw(cond: Tensor, x: Tensor, y: Tensor): Tensor {
  return whereKernel(cond, x, y);
}

const whereOp = defineOp<{ condition: Tensor }>({
  gradFn: 'WhereBackward0',
  formula: ['grad_self = where(condition, grad, 0)', 'grad_other = where(condition, 0, grad)'],
  forward: ([x, y], p) => {
    const ux = unwrap(x), uy = unwrap(y);
    // Two Python scalars: typed by their kinds (the kernel needs one tensor operand to promote with).
    if (!(ux instanceof Tensor) && !(uy instanceof Tensor)) return whereKernel(p.condition, readAs(x, whereDType(x, y)), uy);
    return whereKernel(p.condition, ux, uy);
  },
  save: (_inputs, _outputs, p) => [p.condition],
  backward: ([g], ctx) => {
    const cond = ctx.saved[0];
    const zero = scalarTensor(0, g.dtype);
    return [ctx.needsGrad[0] ? where(cond, g, zero) : null, ctx.needsGrad[1] ? where(cond, zero, g) : null];
  },
});

/** torch.where(condition, x, y): WhereBackward0 (Python scalars become wrapped numbers). */
export function where(condition: Tensor, x: Num, y: Num): Tensor {
  if (condition.dtype !== 'bool' && condition.dtype !== 'uint8') {
    throw new TorchError('RuntimeError', `where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(condition.dtype)}`);
  }
  const xt = x instanceof Tensor ? x : wrapScalar(toScalar(x));
  const yt = y instanceof Tensor ? y : wrapScalar(toScalar(y));
  return whereOp([xt, yt], { condition })[0];
}
