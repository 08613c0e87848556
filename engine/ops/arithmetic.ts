// Differentiable binary arithmetic: add, sub, rsub, mul, div (+ rounding modes), floor_divide,
// remainder, pow (three overloads), maximum/minimum. Each op is one defineOp with PyTorch's
// grad_fn name and its derivatives.yaml formula, written with differentiable ops so that
// create_graph=True works.
//
// Python scalars: where PyTorch wraps a scalar into a 0-d "wrapped number" tensor (add, sub,
// mul, div, where), we do too, so the node gets PyTorch's `(None, 0)` edge for it; where
// PyTorch has a Scalar overload (rsub, pow, remainder, clamp) the scalar is a parameter.
import { BackwardContext, defineOp, FunctionNode, gradMode } from '../autograd';
import { DType, isFloating } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { sameShape, Tensor } from '../tensor/tensor';
import * as K from '../tensor/kernels/elementwise';
import { neg as negKernel } from '../tensor/kernels/unary';
import { isTensor, Operand, pyFloat, pyInt, Scalar } from '../tensor/kernels/util';
import { scalarTensor, zerosLike } from './creation';
import { where, eq, lt, gt, ge, logicalAnd } from './compare';
import { log as logT, reciprocal } from './unary';

/** What an op argument may be: a tensor, a typed Python scalar, or a JS number/boolean (integers count as Python ints). */
export type Num = Tensor | Scalar | number | boolean;

export function toScalar(x: Scalar | number | boolean): Scalar {
  if (typeof x === 'number') return Number.isInteger(x) ? pyInt(x) : pyFloat(x);
  if (typeof x === 'boolean') return { value: x ? 1 : 0, kind: 'bool' };
  return x;
}

export function toOperand(x: Num): Operand {
  return x instanceof Tensor ? x : toScalar(x);
}

// ---- wrapped numbers ----

/** A Python scalar as PyTorch's 0-d wrapped-number tensor (promotes like a scalar, never requires grad). */
export function wrapScalar(s: Scalar): Tensor {
  const dtype: DType = s.kind === 'float' ? 'float64' : s.kind === 'int' ? 'int64' : 'bool';
  const t = scalarTensor(s.value, dtype);
  t.wrappedScalar = s;
  return t;
}

/** The operand a kernel should see: the Python scalar for a wrapped number, else the tensor. */
export function unwrap(t: Tensor): Operand {
  return t.wrappedScalar ?? t;
}

export function isWrappedNumber(t: Tensor): boolean {
  return t.wrappedScalar !== null;
}

function asTensor(x: Num): Tensor {
  return x instanceof Tensor ? x : wrapScalar(toScalar(x));
}

function needTensor(a: Num, b: Num, name: string): void {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) throw new TypeError(`${name}: at least one operand must be a tensor`);
}

// ---- saved-tensor bookkeeping for ops that save each operand only when the other needs grad ----

/**
 * Binary ops like mul save `other` only if `self` needs a gradient and `self` only if `other`
 * does (as PyTorch's generated code does, so that in-place changes to an unsaved operand
 * raise no version error). Returns [savedSelf, savedOther] in backward.
 */
function saveCrossed(inputs: Tensor[]): Tensor[] {
  const out: Tensor[] = [];
  if (inputs[0].requiresGrad) out.push(inputs[1]);
  if (inputs[1].requiresGrad) out.push(inputs[0]);
  return out;
}
function crossed(saved: Tensor[], needsGrad: boolean[]): [Tensor | undefined, Tensor | undefined] {
  let k = 0;
  const other = needsGrad[0] ? saved[k++] : undefined;
  const self = needsGrad[1] ? saved[k++] : undefined;
  return [self, other];
}

/** A gradient scaled by alpha (maybe_multiply): no op when alpha is 1. */
function maybeMultiply(g: Tensor, alpha: Scalar | undefined): Tensor {
  return alpha === undefined || alpha.value === 1 ? g : mul(g, alpha);
}

// ---- add / sub / rsub ----

interface AlphaParams { alpha?: Scalar }

const addOp = defineOp<AlphaParams>({
  gradFn: 'AddBackward0',
  formula: ['grad_self = grad', 'grad_other = grad · alpha'],
  forward: ([a, b], p) => K.add(unwrap(a), unwrap(b), p.alpha),
  backward: ([g], ctx) => [ctx.needsGrad[0] ? g : null, ctx.needsGrad[1] ? maybeMultiply(g, ctx.params.alpha) : null],
});

/** torch.add(a, b, alpha=1): AddBackward0 (a Python scalar operand is a wrapped number with no edge). */
export function add(a: Num, b: Num, alpha?: Scalar | number): Tensor {
  needTensor(a, b, 'add');
  // `2 + x` is x.__radd__(2) = add(x, 2): the tensor comes first, the scalar's edge second.
  if (!(a instanceof Tensor) && alpha === undefined) return addOp([b as Tensor, asTensor(a)], {})[0];
  return addOp([asTensor(a), asTensor(b)], { alpha: alpha === undefined ? undefined : toScalar(alpha) })[0];
}

const subOp = defineOp<AlphaParams>({
  gradFn: 'SubBackward0',
  formula: ['grad_self = grad', 'grad_other = -grad · alpha'],
  forward: ([a, b], p) => K.sub(unwrap(a), unwrap(b), p.alpha),
  backward: ([g], ctx) => [ctx.needsGrad[0] ? g : null, ctx.needsGrad[1] ? maybeMultiply(neg(g), ctx.params.alpha) : null],
});

/** PyTorch's sub_check: no subtraction involving a bool tensor (or a Python bool). */
function subCheck(a: Tensor, b: Tensor): void {
  if (a.dtype === 'bool' && b.dtype === 'bool') {
    throw new TorchError('NotImplementedError', 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  if (a.dtype === 'bool' || b.dtype === 'bool') {
    throw new TorchError('NotImplementedError', 'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.');
  }
}

/** torch.sub(a, b, alpha=1): SubBackward0. */
export function sub(a: Num, b: Num, alpha?: Scalar | number): Tensor {
  needTensor(a, b, 'sub');
  const at = asTensor(a), bt = asTensor(b);
  subCheck(at, bt);
  return subOp([at, bt], { alpha: alpha === undefined ? undefined : toScalar(alpha) })[0];
}

const rsubTensorOp = defineOp<AlphaParams>({
  gradFn: 'RsubBackward0',
  formula: ['grad_self = -grad · alpha', 'grad_other = grad'],
  forward: ([a, b], p) => K.sub(unwrap(b), unwrap(a), p.alpha),
  backward: ([g], ctx) => [ctx.needsGrad[0] ? maybeMultiply(neg(g), ctx.params.alpha) : null, ctx.needsGrad[1] ? g : null],
});

interface RsubScalarParams { other: Scalar; alpha?: Scalar }
const rsubScalarOp = defineOp<RsubScalarParams>({
  gradFn: 'RsubBackward1',
  formula: ['grad_self = -grad · alpha'],
  forward: ([a], p) => K.sub(p.other, a, p.alpha),
  backward: ([g], ctx) => [maybeMultiply(neg(g), ctx.params.alpha)],
});

/** torch.rsub(self, other, alpha) = other - alpha·self; `2 - x` is rsub(x, 2) → RsubBackward1. */
export function rsub(self: Tensor, other: Num, alpha?: Scalar | number): Tensor {
  const al = alpha === undefined ? undefined : toScalar(alpha);
  subCheck(self, other instanceof Tensor ? other : wrapScalar(toScalar(other)));
  if (other instanceof Tensor) return rsubTensorOp([self, other], { alpha: al })[0];
  return rsubScalarOp([self], { other: toScalar(other), alpha: al })[0];
}

// ---- neg ----

const negOp = defineOp<null>({
  gradFn: 'NegBackward0',
  formula: ['grad_self = -grad'],
  forward: ([a]) => negKernel(a),
  backward: ([g]) => [neg(g)],
});

/** torch.neg(x) / -x: NegBackward0. */
export function neg(x: Tensor): Tensor {
  return negOp([x], null)[0];
}

// ---- mul ----

const mulOp = defineOp<null>({
  gradFn: 'MulBackward0',
  formula: ['grad_self = grad · other', 'grad_other = grad · self'],
  forward: ([a, b]) => K.mul(unwrap(a), unwrap(b)),
  save: (inputs) => saveCrossed(inputs),
  backward: ([g], ctx) => {
    const [self, other] = crossed(ctx.saved, ctx.needsGrad);
    const gradSelf = other ? mul(g, unwrap(other)) : null;
    return [gradSelf, self ? gradTimes(ctx, 0, g, unwrap(self)) : null];
  },
});

/**
 * grad · x inside a backward formula: written into grad itself when the engine owns it alone
 * and the product keeps its shape and dtype (the same bits without a new buffer), else mul.
 */
export function gradTimes(ctx: BackwardContext<unknown>, slot: number, g: Tensor, x: Num): Tensor {
  if (ctx.owned[slot] && !gradMode.enabled && x instanceof Tensor && x.dtype === g.dtype && isFloating(g.dtype)
    && sameShape(x.shape, g.shape) && g.isContiguous()) {
    ctx.owned[slot] = false;
    K.binaryInPlace('mul', g, x);
    return g;
  }
  return mul(g, x);
}

/** torch.mul(a, b) / a * b: MulBackward0. */
export function mul(a: Num, b: Num): Tensor {
  needTensor(a, b, 'mul');
  // `2 * x` is x.__rmul__(2) = mul(x, 2).
  if (!(a instanceof Tensor)) return mulOp([b as Tensor, asTensor(a)], null)[0];
  return mulOp([asTensor(a), asTensor(b)], null)[0];
}

// ---- div ----

const divOp = defineOp<null>({
  gradFn: 'DivBackward0',
  formula: ['grad_self = grad / other', 'grad_other = -grad · (self / other) / other'],
  forward: ([a, b]) => K.div(unwrap(a), unwrap(b)),
  save: (inputs) => (inputs[1].requiresGrad ? [inputs[1], inputs[0]] : inputs[0].requiresGrad ? [inputs[1]] : []),
  backward: ([g], ctx) => {
    const other = unwrap(ctx.saved[0]);
    const gs = ctx.needsGrad[0] ? div(g, other) : null;
    let go: Tensor | null = null;
    if (ctx.needsGrad[1]) {
      const self = unwrap(ctx.saved[1]);
      go = mul(neg(g), div(div(self as Tensor, other), other));
    }
    return [gs, go];
  },
});

const divRoundingOp = defineOp<{ mode: 'trunc' | 'floor' }>({
  gradFn: 'DivBackward2',
  formula: ['grad_self = 0', 'grad_other = 0'],
  forward: ([a, b], p) => K.div(unwrap(a), unwrap(b), p.mode),
  backward: ([g], ctx) => [ctx.needsGrad[0] ? zerosLike(g) : null, ctx.needsGrad[1] ? zerosLike(g) : null],
});

/** torch.div(a, b, rounding_mode=None|'trunc'|'floor'): DivBackward0 / DivBackward2. */
export function div(a: Num, b: Num, roundingMode: 'trunc' | 'floor' | null = null): Tensor {
  needTensor(a, b, 'div');
  if (!(a instanceof Tensor)) {
    // A Python scalar divided by a tensor: PyTorch computes reciprocal(b) * a.
    if (roundingMode === null) return mul(reciprocal(b as Tensor), a);
    return divRoundingOp([asTensor(a), asTensor(b)], { mode: roundingMode })[0];
  }
  if (roundingMode !== null) return divRoundingOp([a, asTensor(b)], { mode: roundingMode })[0];
  return divOp([a, asTensor(b)], null)[0];
}

// ---- floor_divide / remainder / fmod ----

const floorDivideOp = defineOp<null>({
  gradFn: 'NotImplemented',
  forward: ([a, b]) => K.floorDivide(unwrap(a), unwrap(b)),
  backward: () => {
    throw new TorchError('RuntimeError', 'derivative for aten::floor_divide is not implemented');
  },
});

/** torch.floor_divide(a, b) / a // b: not differentiable in PyTorch (a NotImplemented node). */
export function floorDivide(a: Num, b: Num): Tensor {
  needTensor(a, b, 'floor_divide');
  const inputs = a instanceof Tensor ? [a, ...(b instanceof Tensor ? [b] : [])] : [b as Tensor];
  const other = a instanceof Tensor ? toOperand(b) : toOperand(a);
  if (inputs.length === 2) return floorDivideOp(inputs, null)[0];
  // Scalar overload: one edge, as PyTorch's floor_divide(Tensor, Scalar).
  return floorDivideScalarOp(inputs, { other: other as Scalar, reflected: !(a instanceof Tensor) })[0];
}
const floorDivideScalarOp = defineOp<{ other: Scalar; reflected: boolean }>({
  gradFn: 'NotImplemented',
  forward: ([a], p) => (p.reflected ? K.floorDivide(p.other, a) : K.floorDivide(a, p.other)),
  backward: () => {
    throw new TorchError('RuntimeError', 'derivative for aten::floor_divide is not implemented');
  },
});

const remainderScalarOp = defineOp<{ other: Scalar }>({
  gradFn: 'RemainderBackward0',
  formula: ['grad_self = grad'],
  forward: ([a], p) => K.remainder(a, p.other),
  backward: ([g]) => [g],
});
const remainderTensorOp = defineOp<null>({
  gradFn: 'RemainderBackward1',
  formula: ['grad_self = grad', 'grad_other = -grad · floor(self / other)'],
  forward: ([a, b]) => K.remainder(a, b),
  save: (inputs) => (inputs[1].requiresGrad ? [inputs[0], inputs[1]] : []),
  backward: ([g], ctx) => [ctx.needsGrad[0] ? g : null, ctx.needsGrad[1] ? mul(neg(g), div(ctx.saved[0], ctx.saved[1], 'floor')) : null],
});

/** torch.remainder(a, b) / a % b (Python's sign convention). */
export function remainder(a: Num, b: Num): Tensor {
  needTensor(a, b, 'remainder');
  if (!(a instanceof Tensor)) {
    // Scalar % tensor: remainder(Scalar, Tensor), derivative not implemented for self.
    return remainderReflectedOp([b as Tensor], { other: toScalar(a) })[0];
  }
  if (b instanceof Tensor) return remainderTensorOp([a, b], null)[0];
  return remainderScalarOp([a], { other: toScalar(b) })[0];
}
const remainderReflectedOp = defineOp<{ other: Scalar }>({
  gradFn: 'NotImplemented',
  forward: ([b], p) => K.remainder(p.other, b),
  backward: () => {
    throw new TorchError('RuntimeError', 'derivative for aten::remainder is not implemented');
  },
});

const fmodScalarOp = defineOp<{ other: Scalar }>({
  gradFn: 'FmodBackward0',
  formula: ['grad_self = grad'],
  forward: ([a], p) => K.fmod(a, p.other),
  backward: ([g]) => [g],
});
const fmodTensorOp = defineOp<null>({
  gradFn: 'FmodBackward1',
  formula: ['grad_self = grad', 'grad_other = -grad · trunc(self / other)'],
  forward: ([a, b]) => K.fmod(a, b),
  save: (inputs) => (inputs[1].requiresGrad ? [inputs[0], inputs[1]] : []),
  backward: ([g], ctx) => [ctx.needsGrad[0] ? g : null, ctx.needsGrad[1] ? mul(neg(g), div(ctx.saved[0], ctx.saved[1], 'trunc')) : null],
});

/** torch.fmod(a, b) (C's sign convention). */
export function fmod(a: Tensor, b: Num): Tensor {
  if (b instanceof Tensor) return fmodTensorOp([a, b], null)[0];
  return fmodScalarOp([a], { other: toScalar(b) })[0];
}

// ---- pow ----

const powScalarOp = defineOp<{ exponent: Scalar }>({
  gradFn: 'PowBackward0',
  formula: ['grad_self = grad · exponent · self^(exponent-1)'],
  forward: ([a], p) => K.pow(a, p.exponent),
  save: (inputs) => [inputs[0]],
  backward: ([g], ctx) => {
    const self = ctx.saved[0];
    const e = ctx.params.exponent.value;
    if (e === 0) return [zerosLike(self)];
    // grad * (exp * self.pow(exp - 1)), the exponent taken as a double.
    return [mul(g, mul(pow(self, pyFloat(e - 1)), pyFloat(e)))];
  },
});

const powTensorOp = defineOp<null>({
  gradFn: 'PowBackward1',
  formula: ['grad_self = grad · exponent · self^(exponent-1)', 'grad_exponent = grad · result · log(self)'],
  forward: ([a, b]) => K.pow(a, b),
  save: (inputs, outputs) => {
    const out: Tensor[] = [inputs[0], inputs[1]];
    if (inputs[1].requiresGrad) out.push(outputs[0]);
    return out;
  },
  backward: ([g], ctx) => {
    const [self, exponent, result] = ctx.saved;
    let gs: Tensor | null = null;
    let gExp: Tensor | null = null;
    if (ctx.needsGrad[0]) {
      // where(exponent == 0, 0, grad * (exponent * pow(self, exponent - 1)))
      gs = where(eq(exponent, pyFloat(0)), scalarTensor(0, g.dtype), mul(g, mul(exponent, pow(self, sub(exponent, 1)))));
    }
    if (ctx.needsGrad[1]) {
      // grad * where(self == 0 & exponent >= 0, 0, result * log(self))
      const cond = logicalAnd(eq(self, pyFloat(0)), ge(exponent, pyFloat(0)));
      const dtype = K.commonDType(self, exponent);
      const selfPromoted = self.dtype === dtype ? self : toDtypeHook(self, dtype);
      gExp = mul(g, where(cond, scalarTensor(0, g.dtype), mul(result, logT(selfPromoted))));
    }
    return [gs, gExp];
  },
});

const powScalarBaseOp = defineOp<{ base: Scalar }>({
  gradFn: 'PowBackward2',
  formula: ['grad_exponent = grad · result · log(base)'],
  forward: ([e], p) => K.pow(p.base, e),
  save: (inputs, outputs) => [inputs[0], outputs[0]],
  backward: ([g], ctx) => {
    const [exponent, result] = ctx.saved;
    const base = ctx.params.base.value;
    // grad * (result * log(base)); for base 0, zero where exponent >= 0
    const lambda = mul(result, pyFloat(Math.log(base)));
    if (base === 0) return [mul(g, where(ge(exponent, pyFloat(0)), scalarTensor(0, g.dtype), lambda))];
    return [mul(g, lambda)];
  },
});

/** torch.pow(self, exponent): PowBackward0 (scalar exponent), PowBackward1 (tensor), PowBackward2 (scalar base). */
export function pow(self: Num, exponent: Num): Tensor {
  needTensor(self, exponent, 'pow');
  if (!(self instanceof Tensor)) return powScalarBaseOp([exponent as Tensor], { base: toScalar(self) })[0];
  if (exponent instanceof Tensor) return powTensorOp([self, exponent], null)[0];
  return powScalarOp([self], { exponent: toScalar(exponent) })[0];
}

/** torch.square(x) is pow(x, 2) (PowBackward0). */
export function square(x: Tensor): Tensor {
  if (x.dtype === 'bool') return pow(toDtypeHook(x, 'int64'), 2);
  return pow(x, 2);
}

// ---- maximum / minimum ----

function maxMinOp(name: 'MaximumBackward0' | 'MinimumBackward0', isMax: boolean) {
  return defineOp<null>({
    gradFn: name,
    formula: isMax
      ? ['grad_self = grad where self > other (grad/2 on ties)', 'grad_other = grad where other > self (grad/2 on ties)']
      : ['grad_self = grad where self < other (grad/2 on ties)', 'grad_other = grad where other < self (grad/2 on ties)'],
    forward: ([a, b]) => (isMax ? K.maximum(a, b) : K.minimum(a, b)),
    save: (inputs) => [inputs[0], inputs[1]],
    backward: ([g], ctx) => {
      const [self, other] = ctx.saved;
      const tie = eq(self, other);
      const half = where(tie, div(g, 2), g);
      const zero = scalarTensor(0, g.dtype);
      // where(self == other, grad / 2, grad).masked_fill_(self < other, 0) for maximum's self
      const gs = ctx.needsGrad[0] ? where(isMax ? lt(self, other) : gt(self, other), zero, half) : null;
      const go = ctx.needsGrad[1] ? where(isMax ? gt(self, other) : lt(self, other), zero, half) : null;
      return [gs, go];
    },
  });
}
const maximumOp = maxMinOp('MaximumBackward0', true);
const minimumOp = maxMinOp('MinimumBackward0', false);

export function maximum(a: Tensor, b: Tensor): Tensor {
  return maximumOp([a, b], null)[0];
}
export function minimum(a: Tensor, b: Tensor): Tensor {
  return minimumOp([a, b], null)[0];
}

// ---- late-bound cast (convert.ts imports this file) ----

let toDtypeImpl: ((t: Tensor, d: DType) => Tensor) | null = null;
/** convert.ts registers its differentiable cast here (keeps the import graph acyclic). */
export function registerToDtype(fn: (t: Tensor, d: DType) => Tensor): void {
  toDtypeImpl = fn;
}
function toDtypeHook(t: Tensor, d: DType): Tensor {
  if (toDtypeImpl === null) throw new Error('engine/ops/convert not loaded');
  return toDtypeImpl(t, d);
}

/** True when a gradient graph would be recorded for these inputs. */
export function recording(...ts: Tensor[]): boolean {
  return gradMode.enabled && !gradMode.inference && ts.some((t) => t.requiresGrad);
}

export { FunctionNode };
