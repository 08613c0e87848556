// Creation ops: torch.tensor with PyTorch's dtype inference, the filled factories
// (zeros/ones/full/empty/eye/arange/linspace), the *_like forms, random factories and the
// module-level default float dtype that creation and type promotion honour.
import { allocStorage, castScalar, DType, dtypeDefaults, isFloating, Storage } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { fromData, fullTensor, Tensor } from '../tensor/tensor';
import type { Scalar } from '../tensor/kernels/util';
import { setPrintDefaultDtype } from '../tensor/format';
import { defaultGenerator, fillNormal, fillRandint, fillUniform, Generator, randperm as randpermKernel } from '../tensor/random';

// ---- default dtype ----

/** torch.get_default_dtype(): the dtype of float tensors created without an explicit dtype. */
export function getDefaultDtype(): 'float32' | 'float64' {
  return dtypeDefaults.float;
}

/** torch.set_default_dtype(d). */
export function setDefaultDtype(d: DType): void {
  if (!isFloating(d)) throw new TorchError('TypeError', 'only floating-point types are supported as the default type');
  dtypeDefaults.float = d as 'float32' | 'float64';
  setPrintDefaultDtype(d);
}

// ---- common options ----

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Marks a freshly created leaf as requiring grad, with the factory functions' error text. */
export function finishLeaf(t: Tensor, requiresGrad: boolean | undefined): Tensor {
  if (requiresGrad) {
    if (!isFloating(t.dtype)) throw new TorchError('RuntimeError', 'Only Tensors of floating point and complex dtype can require gradients');
    t.leafRequiresGrad = true;
  }
  return t;
}

function checkShape(shape: readonly number[]): number[] {
  for (const s of shape) {
    if (!Number.isInteger(s)) throw new TorchError('TypeError', `expected an integer size, got ${s}`);
    if (s < 0) throw new TorchError('RuntimeError', `Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`);
  }
  return shape.slice();
}

// ---- torch.tensor ----

/** Nested data accepted by torch.tensor: JS numbers (integers count as Python ints), booleans, typed Python scalars, 0-d/1-element tensors. */
export type NestedData = number | boolean | Scalar | Tensor | readonly NestedData[];

function isScalarObject(x: unknown): x is Scalar {
  return typeof x === 'object' && x !== null && !(x instanceof Tensor) && !Array.isArray(x) && 'kind' in x && 'value' in x;
}

/** The dtype torch.tensor infers for one element: bool < int64 < default float (tensor elements bring their own dtype). */
function inferElementDType(x: number | boolean | Scalar | Tensor): DType {
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int64' : dtypeDefaults.float;
  if (x instanceof Tensor) return x.dtype;
  return x.kind === 'bool' ? 'bool' : x.kind === 'int' ? 'int64' : dtypeDefaults.float;
}

const INFER_RANK: Record<DType, number> = { bool: 0, uint8: 1, int8: 1, int16: 2, int32: 2, int64: 3, float16: 4, bfloat16: 4, float32: 4, float64: 5 };

/** torch.tensor(data, dtype=, requires_grad=): copies nested lists into a new leaf tensor. */
export function tensor(data: NestedData, opts: CreateOptions = {}): Tensor {
  // Shape from the first element along each nesting level, then a checked walk.
  const shape: number[] = [];
  let probe: NestedData = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  if (probe instanceof Tensor) for (const s of probe.shape) shape.push(s);
  const flat: number[] = [];
  let inferred: DType | null = null;
  const visit = (x: NestedData, dim: number): void => {
    if (Array.isArray(x)) {
      if (dim >= shape.length) throw new TorchError('TypeError', "'list' object cannot be interpreted as an integer");
      if (x.length !== shape[dim]) throw new TorchError('ValueError', `expected sequence of length ${shape[dim]} at dim ${dim} (got ${x.length})`);
      for (const e of x) visit(e, dim + 1);
      return;
    }
    const el = x as number | boolean | Scalar | Tensor;
    if (el instanceof Tensor) {
      if (el.ndim !== shape.length - dim) throw new TorchError('ValueError', `expected sequence of length ${shape[dim]} at dim ${dim} (got ${el.ndim})`);
      for (const v of el.data()) flat.push(v);
    } else if (dim < shape.length) {
      throw new TorchError('TypeError', 'not a sequence');
    } else if (typeof el === 'boolean') flat.push(el ? 1 : 0);
    else if (typeof el === 'number') flat.push(el);
    else if (isScalarObject(el)) flat.push(el.value);
    else throw new TorchError('RuntimeError', `Could not infer dtype of ${el === null ? 'NoneType' : typeof el}`);
    const d = inferElementDType(el);
    inferred = inferred === null || INFER_RANK[d] > INFER_RANK[inferred] ? d : inferred;
  };
  visit(data, 0);
  const dtype = opts.dtype ?? inferred ?? dtypeDefaults.float;
  const storage = allocStorage(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) storage[i] = castScalar(flat[i], dtype);
  return finishLeaf(fromData(storage, shape, dtype), opts.requiresGrad);
}

/** A 0-d tensor holding a Python scalar (the dtype follows the scalar's kind). */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const s = allocStorage(dtype, 1);
  s[0] = castScalar(value, dtype);
  return fromData(s, [], dtype);
}

// ---- filled factories ----

export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return finishLeaf(fullTensor(checkShape(shape), 0, opts.dtype ?? dtypeDefaults.float), opts.requiresGrad);
}

export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return finishLeaf(fullTensor(checkShape(shape), 1, opts.dtype ?? dtypeDefaults.float), opts.requiresGrad);
}

/** torch.empty: PyTorch leaves memory uninitialised; we give zeros. */
export function empty(shape: readonly number[], opts: CreateOptions = {}): Tensor {
  return zeros(shape, opts);
}

/** Dtype of torch.full's fill value when no dtype is given: bool, int64 or the default float. */
export function scalarDType(value: number | boolean | Scalar): DType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : dtypeDefaults.float;
  return value.kind === 'bool' ? 'bool' : value.kind === 'int' ? 'int64' : dtypeDefaults.float;
}

export function scalarValue(value: number | boolean | Scalar): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'number' ? value : value.value;
}

export function full(shape: readonly number[], value: number | boolean | Scalar, opts: CreateOptions = {}): Tensor {
  const dtype = opts.dtype ?? scalarDType(value);
  return finishLeaf(fullTensor(checkShape(shape), scalarValue(value), dtype), opts.requiresGrad);
}

export function eye(n: number, m: number = n, opts: CreateOptions = {}): Tensor {
  if (n < 0) throw new TorchError('RuntimeError', `n must be greater or equal to 0, got ${n}`);
  if (m < 0) throw new TorchError('RuntimeError', `m must be greater or equal to 0, got ${m}`);
  const t = fullTensor([n, m], 0, opts.dtype ?? dtypeDefaults.float);
  const k = Math.min(n, m);
  for (let i = 0; i < k; i++) t.storage[i * m + i] = 1;
  return finishLeaf(t, opts.requiresGrad);
}

/**
 * torch.arange(start, end, step): length ceil((end - start) / step) computed in double, each
 * element start + i * step in double then cast (PyTorch's CPU kernel accumulates in double).
 * Integer arguments give int64, any float argument the default float dtype.
 */
export function arange(start: number | Scalar, end: number | Scalar, step: number | Scalar = 1, opts: CreateOptions = {}): Tensor {
  const s = scalarValue(start), e = scalarValue(end), st = scalarValue(step);
  const anyFloat = [start, end, step].some((v) => scalarDType(v) !== 'int64' && scalarDType(v) !== 'bool');
  const dtype = opts.dtype ?? (anyFloat ? dtypeDefaults.float : 'int64');
  if (st === 0) throw new TorchError('RuntimeError', 'step must be nonzero');
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw new TorchError('RuntimeError', `unsupported range: ${s} -> ${e}`);
  if ((st > 0 && e < s) || (st < 0 && e > s)) throw new TorchError('RuntimeError', 'upper bound and lower bound inconsistent with step sign');
  const n = Math.ceil((e - s) / st); // in double, as PyTorch computes the size
  const out = allocStorage(dtype, n);
  for (let i = 0; i < n; i++) out[i] = castScalar(s + st * i, dtype);
  return finishLeaf(fromData(out, [n], dtype), opts.requiresGrad);
}

/**
 * torch.linspace(start, end, steps): step = (end - start) / (steps - 1) in the dtype; the first
 * half counts up from start, the second half down from end (PyTorch's symmetric kernel), each
 * element rounded once.
 */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (steps < 0) throw new TorchError('RuntimeError', 'number of steps must be non-negative');
  const dtype = opts.dtype ?? dtypeDefaults.float;
  const out = allocStorage(dtype, steps);
  if (steps === 1) out[0] = castScalar(start, dtype);
  else if (steps > 1) {
    const fl = dtype === 'float32' ? Math.fround : (v: number) => v;
    const a = fl(start), b = fl(end);
    const step = isFloating(dtype) ? fl((b - a) / (steps - 1)) : (end - start) / (steps - 1);
    const halfway = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) {
      out[i] = castScalar(i < halfway ? a + step * i : b - step * (steps - i - 1), dtype);
    }
  }
  return finishLeaf(fromData(out, [steps], dtype), opts.requiresGrad);
}

// ---- *_like ----

export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return zeros(t.shape, { dtype: opts.dtype ?? t.dtype, requiresGrad: opts.requiresGrad });
}
export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return ones(t.shape, { dtype: opts.dtype ?? t.dtype, requiresGrad: opts.requiresGrad });
}
export function emptyLike(t: Tensor, opts: CreateOptions = {}): Tensor {
  return zerosLike(t, opts);
}
export function fullLike(t: Tensor, value: number | boolean | Scalar, opts: CreateOptions = {}): Tensor {
  return full(t.shape, value, { dtype: opts.dtype ?? t.dtype, requiresGrad: opts.requiresGrad });
}

// ---- random factories ----

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}

function randomFloatDType(name: string, d: DType | undefined): 'float32' | 'float64' {
  const dtype = d ?? dtypeDefaults.float;
  if (!isFloating(dtype)) {
    const n = dtype === 'int64' ? 'Long' : dtype === 'int32' ? 'Int' : dtype === 'bool' ? 'Bool' : 'Byte';
    throw new TorchError('RuntimeError', `"${name}" not implemented for '${n}'`);
  }
  return dtype as 'float32' | 'float64';
}

/** torch.rand: uniform [0, 1). */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const dtype = randomFloatDType('check_uniform_bounds', opts.dtype);
  const t = fullTensor(checkShape(shape), 0, dtype);
  fillUniform(opts.generator ?? defaultGenerator, t.storage as Float32Array | Float64Array, 0, 1, dtype);
  return finishLeaf(t, opts.requiresGrad);
}

/** torch.randn: standard normal. */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  const dtype = randomFloatDType('normal_kernel_cpu', opts.dtype);
  const t = fullTensor(checkShape(shape), 0, dtype);
  fillNormal(opts.generator ?? defaultGenerator, t.storage as Float32Array | Float64Array, 0, 1, dtype);
  return finishLeaf(t, opts.requiresGrad);
}

/** torch.randint(low, high, shape): int64 unless a dtype is given. */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!(high > low)) throw new TorchError('RuntimeError', `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const dtype = opts.dtype ?? 'int64';
  const t = fullTensor(checkShape(shape), 0, dtype);
  fillRandint(opts.generator ?? defaultGenerator, t.storage, low, high, dtype);
  return finishLeaf(t, opts.requiresGrad);
}

/** torch.randperm(n): int64 permutation. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  if (n < 0) throw new TorchError('RuntimeError', `n must be non-negative, got${n}`);
  const perm = randpermKernel(opts.generator ?? defaultGenerator, n);
  const dtype = opts.dtype ?? 'int64';
  const out: Storage = dtype === 'int64' || dtype === 'float64' ? perm : allocStorage(dtype, n);
  if (out !== perm) for (let i = 0; i < n; i++) out[i] = castScalar(perm[i], dtype);
  return finishLeaf(fromData(out, [n], dtype), opts.requiresGrad);
}

export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return rand(t.shape, { ...opts, dtype: opts.dtype ?? t.dtype });
}
export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randn(t.shape, { ...opts, dtype: opts.dtype ?? t.dtype });
}
