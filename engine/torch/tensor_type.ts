// torch.Tensor as a Python type: the engine's Tensor instances ARE the Python values. Every op
// that PyTorch offers both as `x.op(...)` and `torch.op(x, ...)` is described once in TENSOR_OPS
// (PyTorch's signature lines + the engine call); tensor_type builds the methods from it and
// torch_module the functions. Properties, dunders and autograd entry points are here too.
import * as G from '../index';
import { Tensor } from '../tensor/tensor';
import type { DType } from '../tensor/dtype';
import { isFloating } from '../tensor/dtype';
import { TorchError, scalarTypeName } from '../tensor/errors';
import { tensorRepr } from '../tensor/format';
import { mm, mv, dot, bmm, matmul, outer, addmm } from '../ops/linalg';
import { getitem, setitem, indexSelect, gather, maskedFill, maskedSelect, indexTensorFromList } from '../ops/indexing';
import type { IndexItem } from '../ops/indexing';
import { softmax as softmaxOp, logSoftmax as logSoftmaxOp } from '../ops/nn';
import { fillNormal, fillUniform, defaultGenerator, Generator, fillBernoulliScalar, fillBernoulliTensor, multinomial as randomMultinomial } from '../tensor/random';
import { setRequiresGrad, gradMode, autogradEvents, registerPostAccumulateGradHook } from '../autograd';
import {
  defineNativeType, rawMethod, method, NativeFunction, PyList, PyTuple, PySlice, PyType, PyValue, KwArgs, Ellipsis, NotImplemented,
  raiseTypeError, typeName, tupleType, callValue, currentContext, formatValue, objectId, iterToArray, ArrayIterator, str, PyDict,
} from '../script/native';
import {
  BoundArgs, sigs, numOf, numberOf, dimsOf, ints, toInt, optDtype, dtypeObject, makeSize, jsNumber, DTypeValue, DeviceValue, CPU,
  parseDevice, checkDeviceUsable, elementSize, TorchErrorLike, tensors, optInt, complexUnsupported,
} from './args';
import { RemovableHandleValue } from './handles';
import * as X from '../ops/extra';
import './grad_fn';

// ---------------------------------------------------------------- Python values of results

/** Python float/int/bool of one element, by dtype. */
export function pyScalarOf(x: number, dtype: DType): PyValue {
  if (isFloating(dtype)) return x;
  if (dtype === 'bool') return x !== 0;
  return BigInt(x);
}

function tolist(t: Tensor): PyValue {
  const data = t.data();
  if (t.ndim === 0) return pyScalarOf(data[0], t.dtype);
  let pos = 0;
  const build = (dim: number): PyList => {
    const out: PyValue[] = [];
    for (let i = 0; i < t.shape[dim]; i++) out.push(dim === t.ndim - 1 ? pyScalarOf(data[pos++], t.dtype) : build(dim + 1));
    return new PyList(out);
  };
  return build(0);
}

/** The named tuples of torch.return_types (`torch.return_types.max(values=…, indices=…)`). */
const returnTypes = new Map<string, PyType>();
export function returnType(name: string, fields: string[]): PyType {
  let t = returnTypes.get(name);
  if (t) return t;
  const getters: Record<string, { get: (self: never) => PyValue }> = {};
  fields.forEach((f, i) => (getters[f] = { get: (self: PyTuple) => self.items[i] }));
  const reprFn = method('__repr__', '', (self: PyTuple) =>
    `torch.return_types.${name}(\n` + fields.map((f, i) => `${f}=${str(self.items[i])}`).join(',\n') + ')');
  t = defineNativeType({
    name,
    module: 'torch.return_types',
    bases: [tupleType],
    methods: { __repr__: reprFn, __str__: reprFn },
    getters,
    subclassable: false,
  });
  returnTypes.set(name, t);
  return t;
}
export function namedTuple(name: string, fields: string[], values: PyValue[]): PyTuple {
  const tup = new PyTuple(values);
  tup.cls = returnType(name, fields);
  return tup;
}
function pair(name: string, r: { values: Tensor; indices: Tensor }): PyTuple {
  return namedTuple(name, ['values', 'indices'], [r.values, r.indices]);
}
function valuesIndices(name: string, r: G.ValuesIndices): PyTuple {
  return namedTuple(name, ['values', 'indices'], [r.values, r.indices]);
}

// ---------------------------------------------------------------- warnings

/** Emits a Python warning through the host (printed as `FILE:LINE: Category: message`). */
export function warn(category: string, message: string): void {
  const ctx = currentContext();
  ctx.warn(category, message, ctx.currentLine());
}

/** PyTorch's TORCH_WARN_ONCE: the first time in a run only. */
export function warnOnce(key: string, category: string, message: string): void {
  const state = currentContext().moduleState;
  const flag = `warned:${key}`;
  if (state.has(flag)) return;
  state.set(flag, true);
  warn(category, message);
}

const SCALAR_FROM_GRAD_TENSOR_WARNING =
  'Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\nConsider using tensor.detach() first. (Triggered internally at ./torch/csrc/autograd/generated/python_variable_methods.cpp:820.)';

const NON_LEAF_GRAD_WARNING =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information. (Triggered internally at ./build/aten/src/ATen/core/TensorBody.h:488.)";

export const CREATE_GRAPH_WARNING =
  'Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters to None after use to break the cycle and avoid the leak.';

// ---------------------------------------------------------------- the dual op table

export type OpImpl = (self: Tensor, a: BoundArgs, sigIndex: number) => PyValue;

export interface TensorOp {
  name: string;
  /** Signature lines of the method (without self); null = function only. */
  methodSigs: string[] | null;
  /** Signature lines of torch.<name>; null = method only. */
  fnSigs: string[] | null;
  impl: OpImpl;
  hidden?: boolean;
}

export const TENSOR_OPS: TensorOp[] = [];

/** Registers an op for `x.name(...)` and `torch.name(x, ...)`. */
function op(name: string, methodSigs: string[], impl: OpImpl, opts: { fn?: boolean; method?: boolean; hidden?: boolean; fnSigs?: string[] } = {}): void {
  // Functions take `out=` too (it counts in PyTorch's arity checks), never supported here.
  const fnSigs = methodSigs.map((s) => {
    const inner = s.slice(1, -1).trim();
    const withInput = inner.length === 0 ? 'Tensor input' : `Tensor input, ${inner}`;
    if (methodSigs.length > 1) return `(${withInput})`;
    return `(${withInput}${withInput.includes('*') ? ', ' : ', *, '}Tensor out = None)`;
  });
  TENSOR_OPS.push({
    name,
    methodSigs: opts.method === false ? null : methodSigs,
    fnSigs: opts.fn === false ? null : opts.fnSigs ?? fnSigs,
    impl,
    hidden: opts.hidden,
  });
}
function alias(newName: string, existing: string): void {
  const o = TENSOR_OPS.find((x) => x.name === existing)!;
  TENSOR_OPS.push({ ...o, name: newName });
}

/** A Python value accepted where PyTorch takes `Tensor other` but also allows a number. */
function operand(v: PyValue): G.Operand | Tensor {
  return numOf(v) as Tensor;
}

// ---- unary math ----
const UNARY: [string, (x: Tensor) => Tensor][] = [
  ['abs', G.abs], ['absolute', G.abs], ['neg', G.neg], ['negative', G.neg], ['exp', G.exp], ['exp2', G.exp2], ['log', G.log], ['log2', G.log2],
  ['log10', G.log10], ['log1p', G.log1p], ['expm1', G.expm1], ['sqrt', G.sqrt], ['rsqrt', G.rsqrt], ['sin', G.sin], ['cos', G.cos],
  ['tan', G.tan], ['asin', G.asin], ['arcsin', G.asin], ['acos', G.acos], ['arccos', G.acos], ['atan', G.atan], ['arctan', G.atan],
  ['sinh', G.sinh], ['cosh', G.cosh], ['asinh', G.asinh], ['acosh', G.acosh], ['atanh', G.atanh], ['reciprocal', G.reciprocal],
  ['erf', G.erf], ['erfc', G.erfc], ['tanh', G.tanh], ['sigmoid', G.sigmoid], ['relu', G.relu], ['sign', G.sign], ['sgn', G.sgn],
  ['floor', G.floor], ['ceil', G.ceil], ['trunc', G.trunc], ['fix', G.trunc], ['frac', G.frac], ['square', G.square],
  ['isnan', G.isnan], ['isinf', G.isinf], ['isfinite', G.isfinite], ['logical_not', G.logicalNot], ['bitwise_not', G.bitwiseNot],
  ['silu', G.silu], ['mish', G.mish],
];
for (const [name, f] of UNARY) op(name, ['()'], (x) => f(x));
op('round', ['()', '(*, int decimals)'], (x, a) => G.round(x, optInt(a.decimals) ?? 0));

const UNARY_INPLACE = ['abs', 'exp', 'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'rsqrt', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'relu',
  'sign', 'floor', 'ceil', 'round', 'trunc', 'frac', 'reciprocal', 'erf', 'asin', 'acos', 'atan', 'sinh', 'cosh'] as const;
for (const name of UNARY_INPLACE) {
  op(`${name}_`, ['()'], (x) => G.unaryInPlace(x, name), { fn: name === 'relu' || name === 'sigmoid' || name === 'tanh' || name === 'exp' });
}
op('neg_', ['()'], (x) => G.negInPlace(x), { fn: false });
op('square_', ['()'], (x) => G.powInPlace(x, 2), { fn: false });

// ---- binary arithmetic ----
op('add', ['(Tensor~ other, *, Number alpha = 1)'], (x, a) => G.add(x, operand(a.other), numberOf(a.alpha)), { hidden: true });
op('sub', ['(Tensor~ other, *, Number alpha = 1)'], (x, a) => G.sub(x, operand(a.other), numberOf(a.alpha)), { hidden: true });
alias('subtract', 'sub');
op('rsub', ['(Tensor~ other, *, Number alpha = 1)'], (x, a) => G.rsub(x, operand(a.other), numberOf(a.alpha)), { method: false });
op('mul', ['(Tensor~ other)'], (x, a) => G.mul(x, operand(a.other)));
alias('multiply', 'mul');
op('div', ['(Tensor~ other, *, str rounding_mode = None)'], (x, a) => G.div(x, operand(a.other), (a.rounding_mode as 'trunc' | 'floor' | null) ?? null));
alias('divide', 'div');
alias('true_divide', 'div');
op('floor_divide', ['(Tensor~ other)'], (x, a) => G.floorDivide(x, operand(a.other)));
op('remainder', ['(Tensor other)', '(Number other)'], (x, a) => G.remainder(x, operand(a.other)));
op('fmod', ['(Tensor other)', '(Number other)'], (x, a) => G.fmod(x, operand(a.other)));
op('pow', ['(Tensor exponent)', '(Number exponent)'], (x, a) => G.pow(x, operand(a.exponent)));
op('maximum', ['(Tensor other)'], (x, a) => G.maximum(x, a.other as Tensor));
op('minimum', ['(Tensor other)'], (x, a) => G.minimum(x, a.other as Tensor));
for (const [name, f] of [['eq', G.eq], ['ne', G.ne], ['lt', G.lt], ['le', G.le], ['gt', G.gt], ['ge', G.ge],
  ['logical_and', G.logicalAnd], ['logical_or', G.logicalOr], ['logical_xor', G.logicalXor],
  ['bitwise_and', G.bitwiseAnd], ['bitwise_or', G.bitwiseOr], ['bitwise_xor', G.bitwiseXor]] as const) {
  op(name, name.startsWith('logical') || name.startsWith('bitwise') ? ['(Tensor other)'] : ['(Tensor other)', '(Number other)'], (x, a) => f(x, operand(a.other)));
}
alias('greater', 'gt');
alias('less', 'lt');
alias('greater_equal', 'ge');
alias('less_equal', 'le');
alias('not_equal', 'ne');
op('equal', ['(Tensor other)'], (x, a) => G.equal(x, a.other as Tensor));
op('allclose', ['(Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)'], (x, a) =>
  allclose(x, a.other as Tensor, jsNumber(a.rtol), jsNumber(a.atol), a.equal_nan === true));
op('isclose', ['(Tensor other, float rtol = 1e-05, float atol = 1e-08, bool equal_nan = False)'], (x, a) =>
  isclose(x, a.other as Tensor, jsNumber(a.rtol), jsNumber(a.atol), a.equal_nan === true));

// ---- in-place arithmetic ----
op('add_', ['(Tensor~ other, *, Number alpha = 1)'], (x, a) => G.addInPlace(x, operand(a.other), numberOf(a.alpha)), { fn: false, hidden: true });
op('sub_', ['(Tensor~ other, *, Number alpha = 1)'], (x, a) => G.subInPlace(x, operand(a.other), numberOf(a.alpha)), { fn: false, hidden: true });
op('mul_', ['(Tensor~ other)'], (x, a) => G.mulInPlace(x, operand(a.other)), { fn: false });
op('div_', ['(Tensor~ other, *, str rounding_mode = None)'], (x, a) => G.divInPlace(x, operand(a.other), (a.rounding_mode as 'trunc' | 'floor' | null) ?? null), { fn: false });
op('pow_', ['(Tensor~ exponent)'], (x, a) => G.powInPlace(x, operand(a.exponent)), { fn: false });
op('clamp_', ['(Tensor min = None, Tensor max = None)', '(Number min = None, Number max = None)'], (x, a) => G.clampInPlace(x, boundOf(a.min), boundOf(a.max)), { fn: false });
alias('clip_', 'clamp_');
op('clamp_min_', ['(Tensor~ min)'], (x, a) => G.clampMinInPlace(x, operand(a.min)), { fn: false });
op('clamp_max_', ['(Tensor~ max)'], (x, a) => G.clampMaxInPlace(x, operand(a.max)), { fn: false });
op('zero_', ['()'], (x) => G.zeroInPlace(x), { fn: false });
op('fill_', ['(Tensor value)', '(Number value)'], (x, a) => G.fillInPlace(x, operand(a.value)), { fn: false });
op('copy_', ['(Tensor~ src, bool non_blocking = False)'], (x, a) => G.copyInPlace(x, operand(a.src)), { fn: false });
op('leaky_relu_', ['(Number negative_slope = 0.01)'], (x, a) => G.leakyReluInPlace(x, numberOf(a.negative_slope).value), { method: false });
op('uniform_', ['(float from = 0, float to = 1, *, Generator generator = None)'], (x, a) => randomFill(x, (out) => fillUniform(defaultGenerator, out, jsNumber(a.from), jsNumber(a.to), x.dtype as 'float32')), { fn: false });
op('normal_', ['(float mean = 0, float std = 1, *, Generator generator = None)'], (x, a) => randomFill(x, (out) => fillNormal(defaultGenerator, out, jsNumber(a.mean), jsNumber(a.std), x.dtype as 'float32')), { fn: false });

function boundOf(v: PyValue): G.Num | undefined {
  return v === null ? undefined : (numOf(v) as G.Num);
}

/** In-place random fill (uniform_/normal_): generated into a dense buffer, then written through. */
function randomFill(x: Tensor, fill: (out: Float32Array | Float64Array) => void): Tensor {
  if (!isFloating(x.dtype)) throw new TorchError('RuntimeError', `"check_uniform_bounds" not implemented for '${x.dtype}'`);
  const buf = x.dtype === 'float32' ? new Float32Array(x.numel) : new Float64Array(x.numel);
  fill(buf);
  const src = new Tensor(buf, x.shape.slice(), x.dtype);
  return G.noGrad(() => G.copyInPlace(x, src));
}

// ---- clamp, where, masks ----
op('clamp', ['(Tensor min = None, Tensor max = None)', '(Number min = None, Number max = None)'], (x, a) => G.clamp(x, boundOf(a.min) as never, boundOf(a.max) as never));
alias('clip', 'clamp');
op('clamp_min', ['(Tensor~ min)'], (x, a) => G.clampMin(x, operand(a.min)));
op('clamp_max', ['(Tensor~ max)'], (x, a) => G.clampMax(x, operand(a.max)));
op('where', ['(Tensor condition, Tensor other)', '(Tensor condition, Number other)'], (x, a) => G.where(a.condition as Tensor, x, operand(a.other)), { fn: false });
op('masked_fill', ['(Tensor mask, Tensor value)', '(Tensor mask, Number value)'], (x, a) => maskedFill(x, a.mask as Tensor, a.value instanceof Tensor ? a.value : jsNumber(a.value)));
op('masked_select', ['(Tensor mask)'], (x, a) => maskedSelect(x, a.mask as Tensor));
op('index_select', ['(int dim, Tensor index)'], (x, a) => indexSelect(x, toInt(a.dim), a.index as Tensor));
op('gather', ['(int dim, Tensor index)'], (x, a) => gather(x, toInt(a.dim), a.index as Tensor));

// ---- linear algebra ----
op('matmul', ['(Tensor other)'], (x, a) => matmul(x, a.other as Tensor));
op('mm', ['(Tensor mat2)'], (x, a) => mm(x, a.mat2 as Tensor));
op('mv', ['(Tensor vec)'], (x, a) => mv(x, a.vec as Tensor));
op('dot', ['(Tensor tensor)'], (x, a) => dot(x, a.tensor as Tensor));
op('bmm', ['(Tensor mat2)'], (x, a) => bmm(x, a.mat2 as Tensor));
op('outer', ['(Tensor vec2)'], (x, a) => outer(x, a.vec2 as Tensor));
alias('ger', 'outer');
op('addmm', ['(Tensor mat1, Tensor mat2, *, Number beta = 1, Number alpha = 1)'], (x, a) =>
  addmm(x, a.mat1 as Tensor, a.mat2 as Tensor, numberOf(a.beta).value, numberOf(a.alpha).value));

// ---- reductions ----
const REDUCE_SIGS = ['(*, torch.dtype dtype = None)', '(tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)'];
const REDUCE_FN_SIGS = ['(Tensor input, *, torch.dtype dtype = None)', '(Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)'];
op('sum', REDUCE_SIGS, (x, a, i) => (i === 0 ? G.sum(x, undefined, { dtype: optDtype(a.dtype) }) : G.sum(x, dimsOf(a.dim), { keepdim: a.keepdim === true, dtype: optDtype(a.dtype) })), { fnSigs: REDUCE_FN_SIGS });
op('mean', REDUCE_SIGS, (x, a, i) => (i === 0 ? G.mean(x, undefined, { dtype: optDtype(a.dtype) }) : G.mean(x, dimsOf(a.dim), { keepdim: a.keepdim === true, dtype: optDtype(a.dtype) })),
{ fnSigs: ['(Tensor input, *, torch.dtype dtype = None, Tensor out = None)', REDUCE_FN_SIGS[1]] });
op('prod', ['(*, torch.dtype dtype = None)', '(int dim, bool keepdim = False, *, torch.dtype dtype = None)'], (x, a, i) =>
  i === 0 ? G.prod(x, null, { dtype: optDtype(a.dtype) }) : G.prod(x, toInt(a.dim), { keepdim: a.keepdim === true, dtype: optDtype(a.dtype) }));
for (const which of ['max', 'min'] as const) {
  op(which, ['()', '(Tensor other)', '(int dim, bool keepdim = False)'], (x, a, i) => {
    if (i === 0) return which === 'max' ? G.max(x) : G.min(x);
    if (i === 1) return which === 'max' ? G.maximum(x, a.other as Tensor) : G.minimum(x, a.other as Tensor);
    return valuesIndices(which, which === 'max' ? G.max(x, toInt(a.dim), a.keepdim === true) : G.min(x, toInt(a.dim), a.keepdim === true));
  });
}
op('amax', ['(tuple of ints dim = (), bool keepdim = False)'], (x, a) => G.amax(x, emptyToNull(dimsOf(a.dim)), a.keepdim === true));
op('amin', ['(tuple of ints dim = (), bool keepdim = False)'], (x, a) => G.amin(x, emptyToNull(dimsOf(a.dim)), a.keepdim === true));
op('argmax', ['(int dim = None, bool keepdim = False)'], (x, a) => G.argmax(x, optInt(a.dim) ?? null, a.keepdim === true));
op('argmin', ['(int dim = None, bool keepdim = False)'], (x, a) => G.argmin(x, optInt(a.dim) ?? null, a.keepdim === true));
op('norm', ['(Number p = 2, tuple of ints dim = None, bool keepdim = False, *, torch.dtype dtype = None)', '(str p, tuple of ints dim = None, bool keepdim = False, *, torch.dtype dtype = None)'],
  (x, a) => G.norm(x, typeof a.p === 'string' ? 'fro' : a.p === null ? 2 : numberOf(a.p).value, dimsOf(a.dim), a.keepdim === true));
// PyTorch's order: an int list never takes a bool, so `x.std(False)` reaches the last form
const VAR_SIGS = ['(tuple of ints dim, bool unbiased = True, bool keepdim = False)', '(tuple of ints dim = None, *, Number correction = None, bool keepdim = False)', '(bool unbiased = True)'];
const VAR_FN_SIGS = ['(Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, Tensor out = None)', '(Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False, Tensor out = None)', '(Tensor input, bool unbiased = True)'];
function varOpts(a: BoundArgs, i: number): { correction?: number; unbiased?: boolean; keepdim?: boolean } {
  if (i === 2) return { unbiased: a.unbiased !== false };
  if (i === 0) return { unbiased: a.unbiased !== false, keepdim: a.keepdim === true };
  return { correction: a.correction === null ? undefined : numberOf(a.correction).value, keepdim: a.keepdim === true };
}
op('var', VAR_SIGS, (x, a, i) => G.variance(x, i === 2 ? null : dimsOf(a.dim), varOpts(a, i)), { fnSigs: VAR_FN_SIGS });
op('std', VAR_SIGS, (x, a, i) => G.std(x, i === 2 ? null : dimsOf(a.dim), varOpts(a, i)), { fnSigs: VAR_FN_SIGS });
op('median', ['()', '(int dim, bool keepdim = False)'], (x, a, i) =>
  i === 0 ? X.median(x) : pair('median', X.medianDim(x, toInt(a.dim), a.keepdim === true)),
{ fnSigs: ['(Tensor input)', '(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)'] });
op('nanmedian', ['()', '(int dim, bool keepdim = False)'], (x, a, i) =>
  i === 0 ? X.median(x, true) : pair('nanmedian', X.medianDim(x, toInt(a.dim), a.keepdim === true, true)),
{ fnSigs: ['(Tensor input)', '(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)'] });
op('sort', ['(*, bool stable, int dim = -1, bool descending = False)', '(int dim = -1, bool descending = False)'], (x, a, i) =>
  pair('sort', X.sort(x, toInt(a.dim), a.descending === true, i === 0)),
{ fnSigs: ['(Tensor input, *, bool stable, int dim = -1, bool descending = False, tuple of Tensors out = None)', '(Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None)'] });
op('argsort', ['(*, bool stable, int dim = -1, bool descending = False)', '(int dim = -1, bool descending = False)'], (x, a) =>
  X.argsort(x, toInt(a.dim), a.descending === true),
{ fnSigs: ['(Tensor input, *, bool stable, int dim = -1, bool descending = False, Tensor out = None)', '(Tensor input, int dim = -1, bool descending = False)'] });
op('topk', ['(int k, int dim = -1, bool largest = True, bool sorted = True)'], (x, a) =>
  pair('topk', X.topk(x, toInt(a.k), toInt(a.dim), a.largest !== false)),
{ fnSigs: ['(Tensor input, int k, int dim = -1, bool largest = True, bool sorted = True, *, tuple of Tensors out = None)'] });
op('nonzero', ['()', '(*, bool as_tuple)'], (x, a, i) => {
  const nz = X.nonzero(x);
  if (i === 0 || a.as_tuple !== true) return nz;
  if (x.ndim === 0) return new PyTuple([G.reshape(nz.numel === 0 ? G.zeros([0], { dtype: 'int64' }) : G.zeros([1], { dtype: 'int64' }), [-1])]);
  return new PyTuple(Array.from({ length: x.ndim }, (_, k) => G.contiguous(G.select(nz, 1, k))));
}, { fnSigs: ['(Tensor input, *, Tensor out = None)', '(Tensor input, *, bool as_tuple)'] });
op('diag', ['(int diagonal = 0)'], (x, a) => X.diag(x, toInt(a.diagonal)));
op('trace', ['()'], (x) => X.trace(x));
op('diagonal', ['(*, name outdim, name dim1, name dim2, int offset = 0)', '(int offset = 0, int dim1 = 0, int dim2 = 1)'], (x, a) => X.diagonal(x, toInt(a.offset), toInt(a.dim1), toInt(a.dim2)),
{ fnSigs: ['(Tensor input, *, name outdim, name dim1, name dim2, int offset = 0)', '(Tensor input, int offset = 0, int dim1 = 0, int dim2 = 1)'] });
op('tril', ['(int diagonal = 0)'], (x, a) => X.tril(x, toInt(a.diagonal)));
op('triu', ['(int diagonal = 0)'], (x, a) => X.triu(x, toInt(a.diagonal)));
op('cumprod', ['(int dim, *, torch.dtype dtype = None)'], (x, a) => X.cumprod(x, toInt(a.dim), optDtype(a.dtype)));
op('lerp', ['(Tensor end, Tensor weight)', '(Tensor end, Number weight)'], (x, a, i) =>
  X.lerp(x, a.end as Tensor, i === 0 ? (a.weight as Tensor) : numberOf(a.weight).value));
op('addcmul', ['(Tensor tensor1, Tensor tensor2, *, Number value = 1)'], (x, a) => X.addcmul(x, a.tensor1 as Tensor, a.tensor2 as Tensor, numberOf(a.value).value));
op('addcdiv', ['(Tensor tensor1, Tensor tensor2, *, Number value = 1)'], (x, a) => X.addcdiv(x, a.tensor1 as Tensor, a.tensor2 as Tensor, numberOf(a.value).value));
op('index_add', ['(int dim, Tensor index, Tensor source, *, Number alpha = 1)'], (x, a) =>
  X.indexAdd(x, toInt(a.dim), a.index as Tensor, a.source as Tensor, numberOf(a.alpha).value));
op('scatter', ['(int dim, Tensor index, Tensor src)', '(int dim, Tensor index, Tensor src, *, str reduce)', '(int dim, Tensor index, Number value)', '(int dim, Tensor index, Number value, *, str reduce)'], (x, a, i) => {
  if (i === 1 || i === 3) throw new TorchErrorLike('NotImplementedError', 'scatter(reduce=...) is not supported by Gradscope');
  return X.scatter(x, toInt(a.dim), a.index as Tensor, i === 0 ? (a.src as Tensor) : numberOf(a.value).value);
});
op('scatter_add', ['(int dim, Tensor index, Tensor src)'], (x, a) => X.scatterAdd(x, toInt(a.dim), a.index as Tensor, a.src as Tensor));
op('repeat_interleave', ['(Tensor repeats, int dim = None, *, int output_size = None)', '(int repeats, int dim = None, *, int output_size = None)'], (x, a, i) =>
  X.repeatInterleave(x, i === 0 ? (a.repeats as Tensor) : toInt(a.repeats), optInt(a.dim) ?? null), { fn: false });
op('roll', ['(tuple of ints shifts, tuple of ints dims = ())'], (x, a) => X.roll(x, ints(a.shifts), ints(a.dims)));
op('bernoulli', ['(*, torch.Generator generator = None)', '(float p, *, torch.Generator generator = None)'], (x, a, i) => bernoulli(x, i === 1 ? jsNumber(a.p) : null, a.generator),
{ fnSigs: ['(Tensor input, *, torch.Generator generator = None, Tensor out = None)', '(Tensor input, float p, *, torch.Generator generator = None)'] });
op('multinomial', ['(int num_samples, bool replacement = False, *, torch.Generator generator = None)'], (x, a) =>
  multinomialOf(x, toInt(a.num_samples), a.replacement === true, a.generator));
op('quantile', ['(Tensor q, int dim = None, bool keepdim = False, *, str interpolation = "linear")', '(float q, int dim = None, bool keepdim = False, *, str interpolation = "linear")'], (x, a, i) =>
  X.quantile(x, i === 0 ? (a.q as Tensor) : jsNumber(a.q), optInt(a.dim) ?? null, a.keepdim === true, String(a.interpolation)),
{ fnSigs: ['(Tensor input, Tensor q, int dim = None, bool keepdim = False, *, str interpolation = "linear", Tensor out = None)', '(Tensor input, float q, int dim = None, bool keepdim = False, *, str interpolation = "linear", Tensor out = None)'] });
for (const [name, isStd] of [['std_mean', true], ['var_mean', false]] as const) {
  op(name, ['(tuple of ints dim, bool unbiased = True, bool keepdim = False)', '(tuple of ints dim = None, *, Number correction = None, bool keepdim = False)', '(bool unbiased = True)'], (x, a, i) => {
    const correction = i === 1 ? (a.correction === null ? 1 : numberOf(a.correction).value) : a.unbiased === false ? 0 : 1;
    const dims = i === 2 ? null : emptyToNull(dimsOf(a.dim));
    return new PyTuple(X.varMean(x, dims, correction, a.keepdim === true, isStd));
  }, { method: false, fnSigs: ['(Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False)', '(Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False)', '(Tensor input, bool unbiased = True)'] });
}
op('logsumexp', ['(tuple of ints dim, bool keepdim = False)'], (x, a) => G.logsumexp(x, dimsOf(a.dim), a.keepdim === true));
op('cumsum', ['(int dim, *, torch.dtype dtype = None)'], (x, a) => G.cumsum(x, toInt(a.dim), optDtype(a.dtype)));
op('all', ['()', '(int dim, bool keepdim = False)'], (x, a, i) => (i === 0 ? G.all(x) : G.all(x, toInt(a.dim), a.keepdim === true)));
op('any', ['()', '(int dim, bool keepdim = False)'], (x, a, i) => (i === 0 ? G.any(x) : G.any(x, toInt(a.dim), a.keepdim === true)));
op('softmax', ['(int dim, torch.dtype dtype = None)'], (x, a) => softmaxOp(x, toInt(a.dim), optDtype(a.dtype)));
op('log_softmax', ['(int dim, torch.dtype dtype = None)'], (x, a) => logSoftmaxOp(x, toInt(a.dim), optDtype(a.dtype)));

function emptyToNull(d: number | number[] | null): number | number[] | null {
  return Array.isArray(d) && d.length === 0 ? null : d;
}

// ---- shape ----
op('view', ['(torch.dtype dtype)', '(tuple of ints size)'], (x, a, i) => {
  if (i === 0) {
    if ((a.dtype as DTypeValue).dtype === x.dtype) return G.view(x, x.shape);
    throw new TorchError('RuntimeError', 'view(dtype) is not supported by Gradscope');
  }
  return G.view(x, ints(a.size));
}, { fn: false });
op('reshape', ['(tuple of ints shape)'], (x, a) => G.reshape(x, ints(a.shape)));
op('view_as', ['(Tensor other)'], (x, a) => G.viewAs(x, a.other as Tensor), { fn: false });
op('reshape_as', ['(Tensor other)'], (x, a) => G.reshapeAs(x, a.other as Tensor), { fn: false });
op('expand_as', ['(Tensor other)'], (x, a) => G.expandAs(x, a.other as Tensor), { fn: false });
op('flatten', ['(int start_dim = 0, int end_dim = -1)'], (x, a) => G.flatten(x, toInt(a.start_dim), toInt(a.end_dim)));
op('unflatten', ['(int dim, tuple of ints sizes)'], (x, a) => G.unflatten(x, toInt(a.dim), ints(a.sizes)));
op('transpose', ['(int dim0, int dim1)'], (x, a) => G.transpose(x, toInt(a.dim0), toInt(a.dim1)));
alias('swapaxes', 'transpose');
alias('swapdims', 'transpose');
op('t', ['()'], (x) => G.t(x));
op('permute', ['(tuple of ints dims)'], (x, a) => G.permute(x, ints(a.dims)));
op('unsqueeze', ['(int dim)'], (x, a) => G.unsqueeze(x, toInt(a.dim)));
op('squeeze', ['()', '(int dim)', '(tuple of ints dim)'], (x, a, i) => (i === 0 ? G.squeeze(x) : G.squeeze(x, dimsOf(a.dim))));
op('expand', ['(tuple of ints size, *, bool implicit = False)'], (x, a) => G.expand(x, ints(a.size)), { fn: false });
op('contiguous', ['(*, any memory_format = None)'], (x) => G.contiguous(x), { fn: false });
op('split', ['(int split_size, int dim = 0)', '(tuple of ints split_size, int dim = 0)'], (x, a, i) =>
  new PyTuple(G.split(x, i === 0 ? toInt(a.split_size) : ints(a.split_size), toInt(a.dim))));
op('chunk', ['(int chunks, int dim = 0)'], (x, a) => new PyTuple(G.chunk(x, toInt(a.chunks), toInt(a.dim))));
op('unbind', ['(int dim = 0)'], (x, a) => new PyTuple(G.unbind(x, toInt(a.dim))));
op('repeat', ['(tuple of ints repeats)'], (x, a) => G.repeat(x, ints(a.repeats)), { fn: false });
op('flip', ['(tuple of ints dims)'], (x, a) => G.flip(x, ints(a.dims)));
op('narrow', ['(int dim, int start, int length)'], (x, a) => G.narrow(x, toInt(a.dim), toInt(a.start), toInt(a.length)));
op('select', ['(int dim, int index)'], (x, a) => G.select(x, toInt(a.dim), toInt(a.index)));
op('movedim', ['(tuple of ints source, tuple of ints destination)'], (x, a) => G.movedim(x, ints(a.source), ints(a.destination)));
alias('moveaxis', 'movedim');

// ---- copies, conversions ----
op('clone', ['(*, any memory_format = None)'], (x) => G.clone(x));
op('detach', ['()'], (x) => G.detach(x));
op('detach_', ['()'], (x) => G.detachInPlace(x));
op('numel', ['()'], (x) => BigInt(x.numel));
op('is_floating_point', ['()'], (x) => isFloating(x.dtype));
op('is_nonzero', ['()'], (x) => truthOf(x));

// ---------------------------------------------------------------- helpers for methods

function allcloseMask(x: Tensor, y: Tensor, rtol: number, atol: number, equalNan: boolean): Tensor {
  return G.noGrad(() => {
    const xd = isFloating(x.dtype) ? G.toDtype(x, 'float64') : G.toDtype(x, 'float64');
    const yd = G.toDtype(y, 'float64');
    const diff = G.abs(G.sub(xd, yd));
    const tol = G.add(G.mul(G.abs(yd), G.pyFloat(rtol)), G.pyFloat(atol));
    let ok = G.logicalOr(G.le(diff, tol), G.eq(xd, yd));
    if (equalNan) ok = G.logicalOr(ok, G.logicalAnd(G.isnan(xd), G.isnan(yd)));
    return ok;
  });
}
function allclose(x: Tensor, y: Tensor, rtol: number, atol: number, equalNan: boolean): boolean {
  if (x.dtype !== y.dtype && !(isFloating(x.dtype) && isFloating(y.dtype) && false)) {
    if (x.dtype !== y.dtype) {
      throw new TorchError('RuntimeError', `Float did not match Double`.replace('Float', scalarName(y.dtype)).replace('Double', scalarName(x.dtype)));
    }
  }
  const m = allcloseMask(x, y, rtol, atol, equalNan);
  return m.data().every((v) => v !== 0);
}
function isclose(x: Tensor, y: Tensor, rtol: number, atol: number, equalNan: boolean): Tensor {
  return allcloseMask(x, y, rtol, atol, equalNan);
}
function scalarName(d: DType): string {
  return scalarTypeName(d);
}

function truthOf(t: Tensor): boolean {
  if (t.numel === 0) throw new TorchError('RuntimeError', 'Boolean value of Tensor with no values is ambiguous');
  if (t.numel > 1) throw new TorchError('RuntimeError', 'Boolean value of Tensor with more than one value is ambiguous');
  return t.at(0) !== 0;
}

function oneElement(t: Tensor): number {
  if (t.numel !== 1) throw new TorchErrorLike('ValueError', 'only one element tensors can be converted to Python scalars');
  return t.at(0);
}

/** Python index key → engine index items. */
function indexItems(key: PyValue): { items: IndexItem[]; isTuple: boolean } {
  if (key instanceof PyTuple && key.cls === tupleType) return { items: key.items.map(indexItem), isTuple: true };
  return { items: [indexItem(key)], isTuple: false };
}
function sliceBound(v: PyValue): number | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor && v.numel === 1 && !isFloating(v.dtype)) return v.at(0);
  return raiseTypeError('slice indices must be integers or None or have an __index__ method');
}
function indexItem(v: PyValue): IndexItem {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v;
  if (v === null) return null;
  if (v === Ellipsis) return 'ellipsis';
  if (v instanceof Tensor) return v;
  if (v instanceof PySlice) return { start: sliceBound(v.start), stop: sliceBound(v.stop), step: v.step === null ? null : sliceBound(v.step) };
  if (v instanceof PyList || (v instanceof PyTuple && v.cls !== tupleType)) {
    const flat = v.items;
    if (flat.every((e) => typeof e === 'bigint' || typeof e === 'boolean')) {
      return indexTensorFromList(flat.map((e) => (typeof e === 'boolean' ? e : Number(e))));
    }
    return G.tensor(nestedData(v));
  }
  if (typeof v === 'number') {
    throw new TorchError('IndexError', 'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)');
  }
  throw new TorchError('IndexError', `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${typeName(v)})`);
}

/** Python nested lists/tuples of numbers/tensors → engine NestedData (with PyTorch's "invalid data type" error). */
export function nestedData(v: PyValue, fname = 'new'): G.NestedData {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((e) => nestedData(e, fname));
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return G.pyFloat(v);
  if (typeof v === 'boolean') return v;
  if (v instanceof Tensor) return v;
  if (typeName(v) === 'complex') complexUnsupported();
  return raiseTypeError(`${fname}(): invalid data type '${typeName(v)}'`);
}

function dtypeOfTypeString(s: string): DType | null {
  const table: Record<string, DType> = {
    'torch.FloatTensor': 'float32', 'torch.DoubleTensor': 'float64', 'torch.LongTensor': 'int64', 'torch.IntTensor': 'int32',
    'torch.ByteTensor': 'uint8', 'torch.BoolTensor': 'bool', 'torch.CharTensor': 'int8', 'torch.ShortTensor': 'int16',
    'torch.HalfTensor': 'float16', 'torch.BFloat16Tensor': 'bfloat16',
  };
  return table[s] ?? null;
}
const TYPE_STRING: Record<DType, string> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int64: 'torch.LongTensor', int32: 'torch.IntTensor', uint8: 'torch.ByteTensor', bool: 'torch.BoolTensor',
  int8: 'torch.CharTensor', int16: 'torch.ShortTensor', float16: 'torch.HalfTensor', bfloat16: 'torch.BFloat16Tensor',
};

// ---------------------------------------------------------------- backward / hooks

/** Registered by the numpy module (engine/torch/numpy.ts) when it exists. */
export const numpyBridge: {
  toNumpy: ((t: Tensor) => PyValue) | null;
  /** A tensor sharing the array's data, or null when `v` is not a numpy array. */
  fromNumpy: ((v: PyValue) => Tensor | null) | null;
} = { toNumpy: null, fromNumpy: null };

export function tensorBackward(self: Tensor, gradient: PyValue, retainGraph: PyValue, createGraph: PyValue, inputs: PyValue): void {
  const inputList = inputs === null ? undefined : inputs instanceof Tensor ? [inputs] : (iterToArray(inputs) as Tensor[]);
  if (!self.requiresGrad) {
    throw new TorchError('RuntimeError', 'element 0 of tensors does not require grad and does not have a grad_fn');
  }
  if (createGraph === true) warn('UserWarning', CREATE_GRAPH_WARNING);
  G.backward(self, {
    gradient: gradient === null ? null : toTensorValue(gradient, self),
    retainGraph: retainGraph === null ? undefined : retainGraph === true,
    createGraph: createGraph === true,
    inputs: inputList,
  });
}

/** A gradient argument given as a number (e.g. `y.backward(2.0)`) becomes a tensor like `like`. */
function toTensorValue(v: PyValue, like: Tensor): Tensor {
  if (v instanceof Tensor) return v;
  const s = numOf(v);
  if (s === undefined) raiseTypeError(`gradient must be a Tensor, not ${typeName(v)}`);
  return G.full(like.shape, jsNumber(v), { dtype: like.dtype });
}

function registerHook(self: Tensor, fn: PyValue): RemovableHandleValue {
  if (!self.requiresGrad) throw new TorchError('RuntimeError', "cannot register a hook on a tensor that doesn't require gradient");
  const h = G.registerHook(self, (g) => {
    const r = callValue(fn, [g]);
    if (r === null) return null;
    if (!(r instanceof Tensor)) raiseTypeError(`expected Tensor, but hook returned '${typeName(r)}'`);
    return r as Tensor;
  });
  return new RemovableHandleValue(() => h.remove());
}

function registerPostAccumulateHook(self: Tensor, fn: PyValue): RemovableHandleValue {
  const h = registerPostAccumulateGradHook(self, (leaf) => {
    const r = callValue(fn, [leaf]);
    if (r !== null) raiseTypeError(`expected None, but hook returned '${typeName(r)}'`);
  });
  return new RemovableHandleValue(() => h.remove());
}

// ---------------------------------------------------------------- the type

type Method = NativeFunction;
const methods: Record<string, Method> = {};

/** A method bound with PyTorch's signature lines. */
function sigMethod(name: string, texts: string[], impl: OpImpl, hidden = false): Method {
  const s = sigs(name, texts, texts.length === 1 && texts[0] === '()', hidden);
  return rawMethod(name, (self, args, kwargs) => {
    const { index, a } = s.bind(args, kwargs);
    return impl(self as Tensor, a, index);
  });
}

for (const o of TENSOR_OPS) if (o.methodSigs) methods[o.name] = sigMethod(o.name, o.methodSigs, o.impl, o.hidden);

function m(name: string, texts: string[], impl: OpImpl): void {
  methods[name] = sigMethod(name, texts, impl);
}

// the in-place view forms change the tensor's own geometry (grad_fn …Backward1 / SqueezeBackward3-5)
m('unsqueeze_', ['(int dim)'], (x, a) => G.inPlaceView(x, (s) => G.unsqueeze(s, toInt(a.dim), true)));
m('squeeze_', ['()', '(int dim)', '(tuple of ints dim)'], (x, a, i) => G.inPlaceView(x, (s) => (i === 0 ? G.squeeze(s, null, true) : G.squeeze(s, dimsOf(a.dim), true))));
m('t_', ['()'], (x) => G.inPlaceView(x, (s) => G.t(s, true)));
for (const name of ['transpose_', 'swapaxes_', 'swapdims_']) {
  m(name, ['(int dim0, int dim1)'], (x, a) => G.inPlaceView(x, (s) => G.transpose(s, toInt(a.dim0), toInt(a.dim1), true)));
}

// size / dims
m('size', ['()', '(int dim)'], (x, a, i) => (i === 0 ? makeSize(x.shape) : BigInt(x.shape[wrapDimChecked(toInt(a.dim), x.ndim)])));
m('stride', ['()', '(int dim)'], (x, a, i) => (i === 0 ? new PyTuple(x.strides.map(BigInt)) : BigInt(x.strides[wrapDimChecked(toInt(a.dim), x.ndim)])));
m('dim', ['()'], (x) => BigInt(x.ndim));
m('ndimension', ['()'], (x) => BigInt(x.ndim));
m('nelement', ['()'], (x) => BigInt(x.numel));
m('element_size', ['()'], (x) => BigInt(elementSize(x.dtype)));
m('is_contiguous', ['(*, any memory_format = None)'], (x) => x.isContiguous());
m('storage_offset', ['()'], (x) => BigInt(x.offset));
m('item', ['()'], (x) => pyScalarOf(G.item(x), x.dtype));
m('data_ptr', ['()'], (x) => BigInt(storageAddress(x.storage) + x.offset * elementSize(x.dtype)));
m('unique', ['(bool sorted = True, bool return_inverse = False, bool return_counts = False, int dim = None)'], (x, a) =>
  uniqueResult(x, a.return_inverse === true, a.return_counts === true, a.dim));
m('tolist', ['()'], (x) => tolist(x));
m('numpy', ['(*, bool force = False)'], (x, a) => {
  if (x.requiresGrad && a.force !== true) throw new TorchError('RuntimeError', "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
  if (numpyBridge.toNumpy === null) throw new TorchError('RuntimeError', 'Numpy is not available');
  return numpyBridge.toNumpy(x);
});

function wrapDimChecked(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) throw new TorchError('IndexError', `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  return dim < 0 ? dim + n : dim;
}

// dtype conversions
const DTYPE_METHODS: [string, DType][] = [['float', 'float32'], ['double', 'float64'], ['long', 'int64'], ['int', 'int32'], ['bool', 'bool'], ['byte', 'uint8'],
  ['char', 'int8'], ['short', 'int16'], ['half', 'float16'], ['bfloat16', 'bfloat16']];
for (const [name, d] of DTYPE_METHODS) m(name, ['(*, any memory_format = None)'], (x) => G.toDtype(x, d));
m('to', [
  '(torch.dtype dtype, bool non_blocking = False, bool copy = False, *, any memory_format = None)',
  '(torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, *, any memory_format = None)',
  '(Tensor other, bool non_blocking = False, bool copy = False, *, any memory_format = None)',
], (x, a, i) => {
  let dtype: DType | undefined;
  if (i === 0) dtype = (a.dtype as DTypeValue).dtype;
  else if (i === 1) {
    if (a.device !== null) checkDeviceUsable(parseDevice(a.device));
    dtype = optDtype(a.dtype);
  } else dtype = (a.other as Tensor).dtype;
  return dtype === undefined ? (a.copy === true ? G.clone(x) : x) : G.toDtype(x, dtype, { copy: a.copy === true });
});
m('type', ['(any dtype = None, bool non_blocking = False)'], (x, a) => {
  if (a.dtype === null) return TYPE_STRING[x.dtype];
  const d = a.dtype instanceof DTypeValue ? a.dtype.dtype : typeof a.dtype === 'string' ? dtypeOfTypeString(a.dtype) : null;
  if (d === null) throw new TorchErrorLike('ValueError', `invalid type: '${str(a.dtype)}'`);
  return G.toDtype(x, d);
});
m('type_as', ['(Tensor other)'], (x, a) => G.toDtype(x, (a.other as Tensor).dtype));
m('cpu', ['(*, any memory_format = None)'], (x) => x);
m('cuda', ['(any device = None, bool non_blocking = False, *, any memory_format = None)'], () => {
  throw new TorchErrorLike('AssertionError', 'Torch not compiled with CUDA enabled');
});
m('new_zeros', ['(tuple of ints size, *, torch.dtype dtype = None, any device = None, bool requires_grad = False)'], (x, a) =>
  G.zeros(ints(a.size), { dtype: optDtype(a.dtype) ?? x.dtype, requiresGrad: a.requires_grad === true }));
m('new_ones', ['(tuple of ints size, *, torch.dtype dtype = None, any device = None, bool requires_grad = False)'], (x, a) =>
  G.ones(ints(a.size), { dtype: optDtype(a.dtype) ?? x.dtype, requiresGrad: a.requires_grad === true }));
m('new_empty', ['(tuple of ints size, *, torch.dtype dtype = None, any device = None, bool requires_grad = False)'], (x, a) =>
  G.empty(ints(a.size), { dtype: optDtype(a.dtype) ?? x.dtype, requiresGrad: a.requires_grad === true }));
m('new_full', ['(tuple of ints size, Number fill_value, *, torch.dtype dtype = None, any device = None, bool requires_grad = False)'], (x, a) =>
  G.full(ints(a.size), numberOf(a.fill_value), { dtype: optDtype(a.dtype) ?? x.dtype, requiresGrad: a.requires_grad === true }));
m('new_tensor', ['(any data, *, torch.dtype dtype = None, any device = None, bool requires_grad = False)'], (x, a) =>
  G.tensor(nestedData(a.data), { dtype: optDtype(a.dtype) ?? x.dtype, requiresGrad: a.requires_grad === true }));

// autograd
m('backward', ['(Tensor~ gradient = None, bool retain_graph = None, bool create_graph = False, any inputs = None)'], (x, a) => {
  tensorBackward(x, a.gradient, a.retain_graph, a.create_graph, a.inputs);
  return null;
});
m('register_hook', ['(any hook)'], (x, a) => registerHook(x, a.hook));
m('register_post_accumulate_grad_hook', ['(any hook)'], (x, a) => registerPostAccumulateHook(x, a.hook));
m('is_inference', ['()'], (x) => x.isInference);
m('retain_grad', ['()'], (x) => {
  G.retainGrad(x);
  return null;
});
m('requires_grad_', ['(bool requires_grad = True)'], (x, a) => G.requiresGrad_(x, a.requires_grad === true));

// Python protocol
methods.__repr__ = method('__repr__', '*args', (self: Tensor) => tensorRepr(self));
methods.__format__ = method('__format__', 'spec', (self: Tensor, spec: PyValue) => {
  if (self.ndim === 0) return formatValue(pyScalarOf(self.at(0), self.dtype), String(spec));
  if (spec !== '') raiseTypeError('unsupported format string passed to Tensor.__format__');
  return tensorRepr(self);
});
methods.__len__ = method('__len__', '', (self: Tensor) => {
  if (self.ndim === 0) raiseTypeError('len() of a 0-d tensor');
  return BigInt(self.shape[0]);
});
methods.__iter__ = method('__iter__', '', (self: Tensor) => {
  if (self.ndim === 0) raiseTypeError('iteration over a 0-d tensor');
  return new ArrayIterator(G.unbind(self, 0));
});
methods.__bool__ = method('__bool__', '', (self: Tensor) => truthOf(self));
methods.__float__ = method('__float__', '', (self: Tensor) => {
  const v = oneElement(self);
  // Only float() warns (not int() or item()), once per run, as PyTorch 2.14 does.
  if (self.requiresGrad) warnOnce('float-of-grad-tensor', 'UserWarning', SCALAR_FROM_GRAD_TENSOR_WARNING);
  return v;
});
methods.__int__ = method('__int__', '', (self: Tensor) => BigInt(Math.trunc(oneElement(self))));
methods.__index__ = method('__index__', '', (self: Tensor) => {
  if (self.numel !== 1 || isFloating(self.dtype)) raiseTypeError('only integer tensors of a single element can be converted to an index');
  return BigInt(self.at(0));
});
methods.__hash__ = method('__hash__', '', (self: Tensor) => BigInt(objectId(self)));
methods.__contains__ = method('__contains__', 'element', (self: Tensor, el: PyValue) => {
  const v = numOf(el);
  if (v === undefined) raiseTypeError(`Tensor.__contains__ only supports Tensor or scalar, but you passed in a ${typeName(el)}.`);
  return G.noGrad(() => G.any(G.eq(self, v!)).at(0) !== 0);
});
methods.__getitem__ = method('__getitem__', 'key', (self: Tensor, key: PyValue) => {
  const { items, isTuple } = indexItems(key);
  return getitem(self, items, isTuple);
});
methods.__setitem__ = method('__setitem__', 'key, value', (self: Tensor, key: PyValue, value: PyValue) => {
  const { items, isTuple } = indexItems(key);
  let v: Tensor | number | boolean;
  if (value instanceof Tensor) v = value;
  else if (typeof value === 'boolean') v = value;
  else if (typeof value === 'bigint' || typeof value === 'number') v = Number(value);
  else if (value instanceof PyList || value instanceof PyTuple) v = G.tensor(nestedData(value), { dtype: self.dtype });
  else return raiseTypeError(`can't assign a ${typeName(value)} to a ${scalarName(self.dtype)}Tensor`);
  setitem(self, items, v, isTuple);
  return null;
});

/** Binary dunders: NotImplemented for operands that are neither tensors nor numbers. */
function dunder(name: string, f: (self: Tensor, other: G.Num) => PyValue): void {
  methods[name] = method(name, 'other', (self: Tensor, other: PyValue) => {
    const o = numOf(other);
    if (o === undefined) return NotImplemented;
    return f(self, o);
  });
}
dunder('__add__', (s, o) => G.add(s, o));
dunder('__radd__', (s, o) => G.add(s, o));
dunder('__iadd__', (s, o) => G.addInPlace(s, o));
dunder('__sub__', (s, o) => G.sub(s, o));
dunder('__rsub__', (s, o) => G.rsub(s, o));
dunder('__isub__', (s, o) => G.subInPlace(s, o));
dunder('__mul__', (s, o) => G.mul(s, o));
dunder('__rmul__', (s, o) => G.mul(s, o));
dunder('__imul__', (s, o) => G.mulInPlace(s, o));
dunder('__truediv__', (s, o) => G.div(s, o));
dunder('__rtruediv__', (s, o) => G.mul(G.reciprocal(s), o));
dunder('__itruediv__', (s, o) => G.divInPlace(s, o));
dunder('__floordiv__', (s, o) => G.floorDivide(s, o));
dunder('__rfloordiv__', (s, o) => G.floorDivide(o, s));
dunder('__ifloordiv__', (s, o) => G.divInPlace(s, o, 'floor'));
dunder('__mod__', (s, o) => G.remainder(s, o));
dunder('__rmod__', (s, o) => G.remainder(o, s));
dunder('__pow__', (s, o) => G.pow(s, o));
dunder('__rpow__', (s, o) => G.pow(o, s));
dunder('__ipow__', (s, o) => G.powInPlace(s, o));
dunder('__and__', (s, o) => G.bitwiseAnd(s, o));
dunder('__rand__', (s, o) => G.bitwiseAnd(s, o));
dunder('__or__', (s, o) => G.bitwiseOr(s, o));
dunder('__ror__', (s, o) => G.bitwiseOr(s, o));
dunder('__xor__', (s, o) => G.bitwiseXor(s, o));
dunder('__rxor__', (s, o) => G.bitwiseXor(s, o));
dunder('__eq__', (s, o) => G.eq(s, o));
dunder('__ne__', (s, o) => G.ne(s, o));
dunder('__lt__', (s, o) => G.lt(s, o));
dunder('__le__', (s, o) => G.le(s, o));
dunder('__gt__', (s, o) => G.gt(s, o));
dunder('__ge__', (s, o) => G.ge(s, o));
methods.__matmul__ = method('__matmul__', 'other', (self: Tensor, other: PyValue) => (other instanceof Tensor ? matmul(self, other) : NotImplemented));
methods.__rmatmul__ = method('__rmatmul__', 'other', (self: Tensor, other: PyValue) => (other instanceof Tensor ? matmul(other, self) : NotImplemented));
methods.__neg__ = method('__neg__', '', (self: Tensor) => G.neg(self));
methods.__pos__ = method('__pos__', '', (self: Tensor) => self);
methods.__abs__ = method('__abs__', '', (self: Tensor) => G.abs(self));
methods.__invert__ = method('__invert__', '', (self: Tensor) => G.bitwiseNot(self));

function gradGetter(self: Tensor): PyValue {
  if (!self.isLeaf && !self.retainsGrad) warn('UserWarning', NON_LEAF_GRAD_WARNING);
  autogradEvents.listener?.onGradRead?.(self, self.grad);
  return self.grad;
}
function gradSetter(self: Tensor, v: PyValue): void {
  if (v !== null && !(v instanceof Tensor)) raiseTypeError(`assigned grad expected to be a Tensor or None but got grad of type ${typeName(v)}`);
  if (v instanceof Tensor) {
    if (v.shape.length !== self.shape.length || v.shape.some((s, i) => s !== self.shape[i])) {
      throw new TorchError('RuntimeError', `attempting to assign a gradient of size '[${v.shape.join(', ')}]' to a tensor of size '[${self.shape.join(', ')}]'. Please ensure that the gradient and the tensor are the same size`);
    }
    if (v.dtype !== self.dtype) {
      const cname = { float32: 'float', float64: 'double', int64: 'long int', int32: 'int', uint8: 'unsigned char', bool: 'bool', int8: 'signed char', int16: 'short int', float16: 'c10::Half', bfloat16: 'c10::BFloat16' }[v.dtype];
      throw new TorchError('RuntimeError', `attempting to assign a gradient with dtype '${cname}' to a tensor with grad_dtype '${scalarName(self.dtype)}'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match.`);
    }
  }
  self.grad = v as Tensor | null;
  autogradEvents.listener?.onGradSet?.(self, self.grad, 'assign');
}

/**
 * torch.autograd.Variable: the legacy wrapper. `Variable(t, requires_grad=True)` returns the
 * tensor itself, and every tensor is an instance (it is Tensor's base here).
 */
const variableSig = sigs('Variable', ['(Tensor data, bool requires_grad = False, bool volatile = False)']);
export const VariableType: PyType = defineNativeType({
  name: 'Variable',
  module: 'torch.autograd.variable',
  construct: (_cls, args, kwargs) => {
    const { a } = variableSig.bind(args, kwargs);
    const t = a.data as Tensor;
    if (a.requires_grad === true) G.requiresGrad_(t, true);
    return t;
  },
  subclassable: false,
});

export const TensorType: PyType = defineNativeType({
  name: 'Tensor',
  module: 'torch',
  bases: [VariableType],
  jsClass: Tensor,
  methods,
  getters: {
    shape: { get: (self: Tensor) => makeSize(self.shape) },
    dtype: { get: (self: Tensor) => dtypeObject(self.dtype) },
    device: { get: () => CPU },
    grad: { get: gradGetter, set: gradSetter },
    grad_fn: { get: (self: Tensor) => (self.gradFn as unknown as PyValue) ?? null },
    requires_grad: {
      get: (self: Tensor) => self.requiresGrad,
      set: (self: Tensor, v: PyValue) => {
        if (typeof v !== 'boolean') throw new TorchError('RuntimeError', 'requires_grad must be a bool');
        setRequiresGrad(self, v, false);
      },
    },
    is_leaf: { get: (self: Tensor) => self.isLeaf },
    data: {
      get: (self: Tensor) => G.dataOf(self),
      set: (self: Tensor, v: PyValue) => {
        if (!(v instanceof Tensor)) raiseTypeError(`Variable data has to be a tensor, but got ${typeName(v)}`);
        G.setData(self, v as Tensor);
      },
    },
    T: { get: (self: Tensor) => G.T(self) },
    mT: { get: (self: Tensor) => G.mT(self) },
    ndim: { get: (self: Tensor) => BigInt(self.ndim) },
    _version: { get: (self: Tensor) => BigInt(self.version.value) },
    retains_grad: { get: (self: Tensor) => self.retainsGrad },
    is_cuda: { get: () => false },
    is_cpu: { get: () => true },
    is_sparse: { get: () => false },
    is_quantized: { get: () => false },
    is_meta: { get: () => false },
    output_nr: { get: (self: Tensor) => BigInt(self.outputNr) },
    itemsize: { get: (self: Tensor) => BigInt(elementSize(self.dtype)) },
    nbytes: { get: (self: Tensor) => BigInt(elementSize(self.dtype) * self.numel) },
    _base: { get: (self: Tensor) => self.base },
    layout: { get: () => 'torch.strided' },
  },
});

void gradMode;
void PyDict;
void tensors;
void DeviceValue;

// ---------------------------------------------------------------- random sampling ops

function generatorOf(v: PyValue): Generator {
  return v instanceof Generator ? v : defaultGenerator;
}

/** torch.bernoulli(probs) / x.bernoulli(p): 0/1 draws in x's dtype. */
function bernoulli(x: Tensor, p: number | null, gen: PyValue): Tensor {
  if (!isFloating(x.dtype)) throw new TorchError('RuntimeError', `"bernoulli_tensor_cpu_self_" not implemented for '${scalarName(x.dtype)}'`);
  const out = G.zeros(x.shape, { dtype: x.dtype });
  const buf = out.storage as Float32Array | Float64Array;
  if (p !== null) fillBernoulliScalar(generatorOf(gen), buf, p);
  else {
    const probs = x.data() as Float32Array | Float64Array;
    for (let i = 0; i < probs.length; i++) {
      if (!(probs[i] >= 0 && probs[i] <= 1)) throw new TorchError('RuntimeError', 'Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)');
    }
    fillBernoulliTensor(generatorOf(gen), buf, probs);
  }
  return out;
}

/** torch.multinomial(probs, num_samples, replacement=False): int64 indices. */
function multinomialOf(x: Tensor, numSamples: number, replacement: boolean, gen: PyValue): Tensor {
  if (x.ndim < 1 || x.ndim > 2) throw new TorchError('RuntimeError', 'prob_dist must be 1 or 2 dim');
  if (!isFloating(x.dtype)) throw new TorchError('RuntimeError', `multinomial only supports floating-point dtypes for input, got: ${scalarName(x.dtype)}`);
  if (numSamples <= 0) throw new TorchError('RuntimeError', 'cannot sample n_sample <= 0 samples');
  const rows = x.ndim === 1 ? 1 : x.shape[0];
  const cats = x.shape[x.ndim - 1];
  const probs = x.data() as Float32Array | Float64Array;
  const idx = randomMultinomial(generatorOf(gen), probs, rows, cats, numSamples, replacement);
  return new Tensor(idx, x.ndim === 1 ? [numSamples] : [rows, numSamples], 'int64');
}

/** A stable fake address per storage (data_ptr): distinct, 64-byte aligned, shared by views. */
const storageAddresses = new WeakMap<object, number>();
let nextStorageAddress = 0x55d0c0000000;
function storageAddress(storage: object): number {
  let a = storageAddresses.get(storage);
  if (a === undefined) {
    a = nextStorageAddress;
    nextStorageAddress += 0x10000;
    storageAddresses.set(storage, a);
  }
  return a;
}

/** torch.unique / Tensor.unique: the values, or a tuple with inverse and/or counts. */
export function uniqueResult(x: Tensor, returnInverse: boolean, returnCounts: boolean, dim: PyValue): PyValue {
  if (dim !== null) throw new TorchErrorLike('NotImplementedError', 'unique(dim=...) is not supported by Gradscope');
  const r = X.unique(x);
  if (!returnInverse && !returnCounts) return r.values;
  const out: PyValue[] = [r.values];
  if (returnInverse) out.push(r.inverse);
  if (returnCounts) out.push(r.counts);
  return new PyTuple(out);
}
