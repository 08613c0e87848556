// A small `numpy` for autograd tutorials: ndarray over the engine's typed storage (so
// `tensor.numpy()` and `torch.from_numpy(a)` share memory), numpy 2's type promotion (Python
// scalars are weak), broadcasting arithmetic, reductions with numpy's pairwise float sum,
// the legacy RandomState (MT19937, random_sample, polar-method gauss) and numpy's exact
// array printing (dragon4 shortest digits, precision 8, line width 75). Anything else raises
// NotImplementedError naming it.
import { Tensor, contiguousStrides, numelOf } from '../tensor/tensor';
import { allocStorage, type DType, type Storage } from '../tensor/dtype';
import { crCos, crExp, crLog, crPow, crSin } from '../tensor/libm';
import { formatFixed, formatPythonFloat, formatFloatSpec } from '../tensor/pyfloat';
import { stridedOffsets } from '../tensor/kernels/util';
import {
  defineModule, defineNativeType, fn, iterToArray, KwArgs, method, NotImplementedErrorType, PyList, PySlice, PyTuple, PyType,
  PyValue, raise, raiseTypeError, rawFn, rawMethod, TypeErrorType, ValueErrorType, IndexErrorType, ArrayIterator, NotImplemented,
  formatValue, typeName, RuntimeErrorType, ZeroDivisionErrorType, NATIVE_TYPE,
} from '../script/native';
import { submodule as submoduleOf } from './torch_module';
import { numpyBridge } from './tensor_type';
import { bind } from './nn_common';

type NpDType = 'float64' | 'float32' | 'int64' | 'int32' | 'bool' | 'uint8';

// ---------------------------------------------------------------- the array

/** An ndarray: a strided view of typed storage (the engine Tensor layout, without autograd). */
export class NDArray {
  constructor(
    readonly t: Tensor,
    /** A numpy scalar (np.float64(…)) rather than a 0-d array. */
    readonly scalar = false,
  ) {
    // a numpy scalar's Python type is its scalar type (np.float64), not ndarray
    const st = scalar ? scalarTypes.get(t.dtype as NpDType) : undefined;
    if (st) Object.defineProperty(this, NATIVE_TYPE, { value: st, enumerable: false });
  }
  get dtype(): NpDType {
    return this.t.dtype as NpDType;
  }
  get shape(): number[] {
    return this.t.shape;
  }
  get ndim(): number {
    return this.t.shape.length;
  }
  get size(): number {
    return this.t.numel;
  }
  /** Dense row-major values (a copy when the array is a strided view). */
  values(): Storage {
    return this.t.data();
  }
}

function make(data: Storage, shape: number[], dtype: NpDType, scalar = false): NDArray {
  return new NDArray(new Tensor(data, shape, dtype), scalar);
}
function alloc(dtype: NpDType, n: number): Storage {
  return allocStorage(dtype, n);
}
function view(a: NDArray, shape: number[], strides: number[], offset: number): NDArray {
  return new NDArray(new Tensor(a.t.storage, shape, a.dtype, strides, offset, a.t.version));
}

const isFloatD = (d: NpDType): boolean => d === 'float32' || d === 'float64';
const RANK: Record<NpDType, number> = { bool: 0, uint8: 1, int32: 2, int64: 3, float32: 4, float64: 5 };

function promote(a: NpDType, b: NpDType): NpDType {
  if (a === b) return a;
  if ((a === 'float32' && (b === 'int64' || b === 'int32')) || (b === 'float32' && (a === 'int64' || a === 'int32'))) return 'float64';
  return RANK[a] >= RANK[b] ? a : b;
}

// ---------------------------------------------------------------- conversion from Python values

type Operand = { arr: NDArray; weak: 'int' | 'float' | 'bool' | null };

function nestedShape(v: PyValue): number[] {
  const shape: number[] = [];
  let cur = v;
  while (cur instanceof PyList || cur instanceof PyTuple) {
    shape.push(cur.items.length);
    if (cur.items.length === 0) break;
    cur = cur.items[0];
  }
  if (cur instanceof NDArray) shape.push(...cur.shape);
  return shape;
}

function flattenInto(v: PyValue, out: PyValue[], depth: number, shape: number[]): void {
  if (depth === shape.length) {
    if (v instanceof PyList || v instanceof PyTuple) raise(ValueErrorType, `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth} dimensions. The detected shape was (${shape.slice(0, depth).join(', ')}${depth === 1 ? ',' : ''}) + inhomogeneous part.`);
    out.push(v);
    return;
  }
  if (v instanceof NDArray) {
    const d = v.values();
    for (let i = 0; i < d.length; i++) out.push(v.dtype === 'bool' ? d[i] !== 0 : isFloatD(v.dtype) ? d[i] : BigInt(d[i]));
    return;
  }
  if (!(v instanceof PyList || v instanceof PyTuple) || v.items.length !== shape[depth]) {
    raise(ValueErrorType, `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth} dimensions. The detected shape was (${shape.slice(0, depth).join(', ')}${depth === 1 ? ',' : ''}) + inhomogeneous part.`);
  }
  for (const item of (v as PyList).items) flattenInto(item, out, depth + 1, shape);
}

function toArray(v: PyValue, dtype: NpDType | null = null): NDArray {
  if (v instanceof NDArray) return dtype === null || dtype === v.dtype ? v : astype(v, dtype);
  if (v instanceof Tensor) {
    if (v.requiresGrad) raise(RuntimeErrorType, "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    const a = make(v.dataCopy(), v.shape.slice(), v.dtype as NpDType);
    return dtype === null ? a : astype(a, dtype);
  }
  const shape = nestedShape(v);
  const flat: PyValue[] = [];
  flattenInto(v, flat, 0, shape);
  let inferred: NpDType = 'bool';
  for (const x of flat) {
    if (typeof x === 'number') inferred = 'float64';
    else if (typeof x === 'bigint' && inferred === 'bool') inferred = 'int64';
    else if (typeof x !== 'bigint' && typeof x !== 'boolean') raiseTypeError(`Gradscope numpy: cannot make an array from ${typeName(x)}`);
  }
  if (flat.length === 0) inferred = 'float64';
  const dt = dtype ?? inferred;
  const data = alloc(dt, flat.length);
  for (let i = 0; i < flat.length; i++) {
    const x = flat[i];
    const n = typeof x === 'bigint' ? Number(x) : typeof x === 'boolean' ? (x ? 1 : 0) : (x as number);
    data[i] = dt === 'bool' ? (n !== 0 ? 1 : 0) : isFloatD(dt) ? n : Math.trunc(n);
  }
  return make(data, shape, dt);
}

function operand(v: PyValue): Operand | null {
  if (v instanceof NDArray) return { arr: v, weak: null };
  if (typeof v === 'bigint') return { arr: make(Float64Array.of(Number(v)), [], 'int64'), weak: 'int' };
  if (typeof v === 'number') return { arr: make(Float64Array.of(v), [], 'float64'), weak: 'float' };
  if (typeof v === 'boolean') return { arr: make(Uint8Array.of(v ? 1 : 0), [], 'bool'), weak: 'bool' };
  if (v instanceof PyList || v instanceof PyTuple) return { arr: toArray(v), weak: null };
  return null;
}

/** numpy 2 (NEP 50): a Python scalar takes the array's kind when it fits. */
function resultDType(a: Operand, b: Operand): NpDType {
  const weakWith = (w: 'int' | 'float' | 'bool', d: NpDType): NpDType => {
    if (w === 'bool') return d;
    if (w === 'int') return d === 'bool' ? 'int64' : d;
    return isFloatD(d) ? d : 'float64';
  };
  if (a.weak && !b.weak) return weakWith(a.weak, b.arr.dtype);
  if (b.weak && !a.weak) return weakWith(b.weak, a.arr.dtype);
  return promote(a.arr.dtype, b.arr.dtype);
}

function broadcast(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      raise(ValueErrorType, `operands could not be broadcast together with shapes (${a.join(',')}${a.length === 1 ? ',' : ''}) (${b.join(',')}${b.length === 1 ? ',' : ''}) `);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Storage offsets of every element of `a` broadcast to `shape`, in row-major order. */
function offsetsFor(a: NDArray, shape: number[]): Int32Array | Float64Array {
  const lead = shape.length - a.ndim;
  const strides = shape.map((s, i) => (i < lead || a.shape[i - lead] === 1 ? 0 : a.t.strides[i - lead]));
  return stridedOffsets(shape, strides, a.t.offset);
}

// ---------------------------------------------------------------- elementwise

type BinOp = 'add' | 'sub' | 'mul' | 'truediv' | 'floordiv' | 'mod' | 'pow' | 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne' | 'max' | 'min';
const COMPARE = new Set<BinOp>(['lt', 'le', 'gt', 'ge', 'eq', 'ne']);

function pyMod(x: number, y: number, isFloat: boolean): number {
  if (y === 0) return isFloat ? NaN : 0;
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r === 0 && isFloat ? (y < 0 ? -0 : 0) : r;
}

function binary(op: BinOp, av: PyValue, bv: PyValue): PyValue {
  const a = operand(av);
  const b = operand(bv);
  if (a === null || b === null) return NotImplemented;
  let dt = resultDType(a, b);
  let compute = dt;
  if (op === 'truediv' && !isFloatD(dt)) compute = dt = 'float64';
  if (op === 'sub' && dt === 'bool') raiseTypeError('numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
  if (COMPARE.has(op)) dt = 'bool';
  const shape = broadcast(a.arr.shape, b.arr.shape);
  const n = numelOf(shape);
  const ao = offsetsFor(a.arr, shape);
  const bo = offsetsFor(b.arr, shape);
  const as = a.arr.t.storage;
  const bs = b.arr.t.storage;
  const out = alloc(dt, n);
  const f32 = compute === 'float32';
  const isF = isFloatD(compute);
  const r = f32 ? Math.fround : (x: number): number => x;
  for (let i = 0; i < n; i++) {
    const x = r(as[ao[i]]);
    const y = r(bs[bo[i]]);
    let v: number;
    switch (op) {
      case 'add': v = x + y; break;
      case 'sub': v = x - y; break;
      case 'mul': v = x * y; break;
      case 'truediv': v = x / y; break;
      case 'floordiv': v = y === 0 ? (isF ? x / y : 0) : Math.floor(x / y); break;
      case 'mod': v = pyMod(x, y, isF); break;
      case 'pow':
        if (!isF && y < 0) raise(ValueErrorType, 'Integers to negative integer powers are not allowed.');
        // numpy special-cases ** 2 as a square; other float powers go to libm's correctly rounded pow
        v = y === 2 ? x * x : isF && !f32 ? crPow(x, y) : Math.pow(x, y);
        break;
      case 'lt': v = x < y ? 1 : 0; break;
      case 'le': v = x <= y ? 1 : 0; break;
      case 'gt': v = x > y ? 1 : 0; break;
      case 'ge': v = x >= y ? 1 : 0; break;
      case 'eq': v = x === y ? 1 : 0; break;
      case 'ne': v = x !== y ? 1 : 0; break;
      case 'max': v = x !== x || y !== y ? NaN : Math.max(x, y); break;
      case 'min': v = x !== x || y !== y ? NaN : Math.min(x, y); break;
    }
    out[i] = dt === 'bool' && !COMPARE.has(op) ? (v !== 0 ? 1 : 0) : v;
  }
  return wrapResult(make(out, shape, dt), a.arr.scalar && b.arr.scalar || (shape.length === 0 && (a.arr.scalar || b.arr.scalar)));
}

/** 0-d results of operations on scalars are numpy scalars. */
function wrapResult(a: NDArray, scalar: boolean): NDArray {
  return scalar && a.ndim === 0 ? new NDArray(a.t, true) : a;
}

type UnaryName = 'exp' | 'log' | 'sqrt' | 'tanh' | 'abs' | 'sin' | 'cos' | 'neg' | 'sign' | 'log1p' | 'expm1' | 'floor' | 'ceil' | 'square';

function unary(name: UnaryName, v: PyValue): NDArray {
  const a = v instanceof NDArray ? v : toArray(v);
  const keepsInt = name === 'abs' || name === 'neg' || name === 'sign' || name === 'square';
  const dt: NpDType = isFloatD(a.dtype) ? a.dtype : keepsInt && a.dtype !== 'bool' ? a.dtype : 'float64';
  const src = a.values();
  const out = alloc(dt, src.length);
  const f32 = dt === 'float32';
  for (let i = 0; i < src.length; i++) {
    const x = src[i];
    let y: number;
    switch (name) {
      case 'exp': y = f32 ? Math.exp(x) : crExp(x); break;
      case 'log': y = f32 ? Math.log(x) : crLog(x); break;
      case 'sqrt': y = Math.sqrt(x); break;
      case 'tanh': y = Math.tanh(x); break;
      case 'abs': y = Math.abs(x); break;
      case 'sin': y = f32 ? Math.sin(x) : crSin(x); break;
      case 'cos': y = f32 ? Math.cos(x) : crCos(x); break;
      case 'neg': y = -x; break;
      case 'sign': y = x > 0 ? 1 : x < 0 ? -1 : x; break;
      case 'log1p': y = Math.log1p(x); break;
      case 'expm1': y = Math.expm1(x); break;
      case 'floor': y = Math.floor(x); break;
      case 'ceil': y = Math.ceil(x); break;
      case 'square': y = x * x; break;
    }
    out[i] = y;
  }
  return wrapResult(make(out, a.shape.slice(), dt), a.scalar);
}

function astype(a: NDArray, dt: NpDType): NDArray {
  const src = a.values();
  const out = alloc(dt, src.length);
  for (let i = 0; i < src.length; i++) out[i] = dt === 'bool' ? (src[i] !== 0 ? 1 : 0) : isFloatD(dt) ? src[i] : Math.trunc(src[i]);
  return make(out, a.shape.slice(), dt);
}

// ---------------------------------------------------------------- reductions

/** numpy's pairwise summation (blocks of 128 with 8 accumulators), rounding each add with `r`. */
function pairwiseSum(d: Storage | Float64Array, start: number, n: number, stride: number, r: (x: number) => number): number {
  if (n < 8) {
    let s = -0;
    for (let i = 0; i < n; i++) s = r(s + d[start + i * stride]);
    return s;
  }
  if (n <= 128) {
    const acc = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) acc[j] = d[start + j * stride];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) acc[j] = r(acc[j] + d[start + (i + j) * stride]);
    let s = r(r(r(acc[0] + acc[1]) + r(acc[2] + acc[3])) + r(r(acc[4] + acc[5]) + r(acc[6] + acc[7])));
    for (; i < n; i++) s = r(s + d[start + i * stride]);
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwiseSum(d, start, n2, stride, r) + pairwiseSum(d, start + n2 * stride, n - n2, stride, r));
}

function normAxis(axis: PyValue, ndim: number): number | null {
  if (axis === null) return null;
  const ax = Number(axis as bigint);
  if (ax < -ndim || ax >= ndim) raise(EXC_AXIS(), `axis ${ax} is out of bounds for array of dimension ${ndim}`);
  return ax < 0 ? ax + ndim : ax;
}
function EXC_AXIS(): PyType {
  return IndexErrorType;
}

type ReduceKind = 'sum' | 'mean' | 'max' | 'min' | 'prod' | 'argmax' | 'argmin' | 'var' | 'std';

function reduce(kind: ReduceKind, v: PyValue, axisV: PyValue, keepdims: boolean, ddof = 0): NDArray {
  const a = v instanceof NDArray ? v : toArray(v);
  const axis = normAxis(axisV, a.ndim);
  const src = a.values();
  const shape = a.shape;
  const outer = axis === null ? 1 : numelOf(shape.slice(0, axis));
  const len = axis === null ? src.length : shape[axis];
  const inner = axis === null ? 1 : numelOf(shape.slice(axis + 1));
  let dt: NpDType;
  if (kind === 'argmax' || kind === 'argmin') dt = 'int64';
  else if (kind === 'mean' || kind === 'var' || kind === 'std') dt = isFloatD(a.dtype) ? a.dtype : 'float64';
  else if (kind === 'sum' || kind === 'prod') dt = a.dtype === 'bool' || a.dtype === 'int32' || a.dtype === 'uint8' ? 'int64' : a.dtype;
  else dt = a.dtype;
  if (len === 0 && (kind === 'max' || kind === 'min' || kind === 'argmax' || kind === 'argmin')) {
    raise(ValueErrorType, `zero-size array to reduction operation ${kind === 'max' ? 'maximum' : kind === 'min' ? 'minimum' : kind} which has no identity`);
  }
  const r = dt === 'float32' ? Math.fround : (x: number): number => x;
  const out = alloc(dt, outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * len * inner + i;
      let res: number;
      switch (kind) {
        case 'sum': case 'mean': case 'var': case 'std': {
          // numpy sums a contiguous run pairwise; along an outer axis it adds row by row
          let s: number;
          if (inner === 1) s = pairwiseSum(src, start, len, 1, r);
          else {
            s = src[start];
            for (let k = 1; k < len; k++) s = r(s + src[start + k * inner]);
            if (len === 0) s = 0;
          }
          if (kind === 'sum') res = s;
          else {
            const mean = r(s / len);
            if (kind === 'mean') res = mean;
            else {
              const dev = new Float64Array(len);
              for (let k = 0; k < len; k++) {
                const dlt = r(src[start + k * inner] - mean);
                dev[k] = r(dlt * dlt);
              }
              const v2 = r(pairwiseSum(dev, 0, len, 1, r) / Math.max(len - ddof, 0));
              res = kind === 'var' ? v2 : r(Math.sqrt(v2));
            }
          }
          break;
        }
        case 'prod': {
          let p = 1;
          for (let k = 0; k < len; k++) p = r(p * src[start + k * inner]);
          res = p;
          break;
        }
        default: {
          let best = src[start];
          let bi = 0;
          for (let k = 1; k < len; k++) {
            const x = src[start + k * inner];
            if (best !== best) break;
            if (x !== x || ((kind === 'max' || kind === 'argmax') ? x > best : x < best)) {
              best = x;
              bi = k;
            }
          }
          res = kind === 'argmax' || kind === 'argmin' ? bi : best;
        }
      }
      out[o * inner + i] = res;
    }
  }
  let outShape: number[];
  if (axis === null) outShape = keepdims ? shape.map(() => 1) : [];
  else outShape = keepdims ? shape.map((s, i) => (i === axis ? 1 : s)) : shape.filter((_, i) => i !== axis);
  return wrapResult(make(out, outShape, dt), outShape.length === 0);
}

// ---------------------------------------------------------------- matmul

function matmul(av: PyValue, bv: PyValue): PyValue {
  const a = operand(av)?.arr;
  const b = operand(bv)?.arr;
  if (!a || !b) return NotImplemented;
  if (a.ndim === 0 || b.ndim === 0) raise(ValueErrorType, "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)");
  if (a.ndim > 2 || b.ndim > 2) raise(NotImplementedErrorType, 'Gradscope numpy: matmul of arrays with more than 2 dimensions');
  const A = a.ndim === 1 ? [1, a.shape[0]] : a.shape;
  const B = b.ndim === 1 ? [b.shape[0], 1] : b.shape;
  if (A[1] !== B[0]) {
    raise(ValueErrorType, `matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size ${B[0]} is different from ${A[1]})`);
  }
  const dt = promote(a.dtype, b.dtype);
  const ad = a.values();
  const bd = b.values();
  const [n, k, m] = [A[0], A[1], B[1]];
  const out = alloc(dt, n * m);
  const r = dt === 'float32' ? Math.fround : (x: number): number => x;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s = r(s + r(ad[i * k + q] * bd[q * m + j]));
      out[i * m + j] = s;
    }
  }
  const shape = a.ndim === 1 && b.ndim === 1 ? [] : a.ndim === 1 ? [m] : b.ndim === 1 ? [n] : [n, m];
  return wrapResult(make(out, shape, dt), shape.length === 0);
}

// ---------------------------------------------------------------- indexing

function getItem(a: NDArray, key: PyValue): PyValue {
  if (key instanceof NDArray && key.dtype === 'bool') {
    if (key.shape.length !== a.shape.length || key.shape.some((s, i) => s !== a.shape[i])) {
      raise(IndexErrorType, `boolean index did not match indexed array along axis 0; size of axis is ${a.shape[0]} but size of corresponding boolean axis is ${key.shape[0]}`);
    }
    const m = key.values();
    const d = a.values();
    const vals: number[] = [];
    for (let i = 0; i < m.length; i++) if (m[i]) vals.push(d[i]);
    const out = alloc(a.dtype, vals.length);
    out.set(vals);
    return make(out, [vals.length], a.dtype);
  }
  const items = key instanceof PyTuple ? key.items : [key];
  let shape: number[] = [];
  let strides: number[] = [];
  let offset = a.t.offset;
  let dim = 0;
  for (const it of items) {
    if (it === null) {
      shape.push(1);
      strides.push(0);
      continue;
    }
    if (dim >= a.ndim) raise(IndexErrorType, `too many indices for array: array is ${a.ndim}-dimensional, but ${items.filter((x) => x !== null).length} were indexed`);
    const size = a.shape[dim];
    const stride = a.t.strides[dim];
    if (typeof it === 'bigint' || typeof it === 'boolean' || (it instanceof NDArray && it.ndim === 0 && !isFloatD(it.dtype))) {
      let i = it instanceof NDArray ? it.t.at(0) : Number(it);
      if (i < -size || i >= size) raise(IndexErrorType, `index ${i} is out of bounds for axis ${dim} with size ${size}`);
      if (i < 0) i += size;
      offset += i * stride;
    } else if (it instanceof PySlice) {
      const [start, , step, len] = sliceIndices(it, size);
      shape.push(len);
      strides.push(stride * step);
      offset += start * stride;
    } else {
      raise(IndexErrorType, 'only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices');
    }
    dim++;
  }
  shape = [...shape, ...a.shape.slice(dim)];
  strides = [...strides, ...a.t.strides.slice(dim)];
  const v = view(a, shape, strides, offset);
  if (shape.length === 0) return new NDArray(v.t, true);
  return v;
}

function sliceIndices(s: PySlice, n: number): [number, number, number, number] {
  const step = s.step === null ? 1 : Number(s.step as bigint);
  if (step === 0) raise(ValueErrorType, 'slice step cannot be zero');
  const clamp = (v: PyValue, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    let x = Number(v as bigint);
    if (x < 0) x += n;
    return Math.min(Math.max(x, lo), hi);
  };
  const start = step > 0 ? clamp(s.start, 0, 0, n) : clamp(s.start, n - 1, -1, n - 1);
  const stop = step > 0 ? clamp(s.stop, n, 0, n) : clamp(s.stop, -1, -1, n - 1);
  const len = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return [start, stop, step, len];
}

function setItem(a: NDArray, key: PyValue, value: PyValue): void {
  const target = getItem(a, key);
  if (!(target instanceof NDArray) || (key instanceof NDArray && key.dtype === 'bool')) {
    if (key instanceof NDArray && key.dtype === 'bool') {
      const m = key.values();
      const src = operand(value)!.arr.values();
      let j = 0;
      for (let i = 0; i < m.length; i++) if (m[i]) a.t.storage[a.t.storageIndex(i)] = src.length === 1 ? src[0] : src[j++];
      a.t.version.value++;
      return;
    }
  }
  const t = target as NDArray;
  const v = operand(value);
  if (v === null) raiseTypeError(`Gradscope numpy: cannot assign ${typeName(value)} into an array`);
  const shape = broadcast(v!.arr.shape, t.shape);
  if (shape.length !== t.shape.length || shape.some((s, i) => s !== t.shape[i])) {
    raise(ValueErrorType, `could not broadcast input array from shape (${v!.arr.shape.join(',')}) into shape (${t.shape.join(',')})`);
  }
  const so = offsetsFor(v!.arr, t.shape);
  const to = offsetsFor(t, t.shape);
  const isInt = !isFloatD(t.dtype);
  for (let i = 0; i < so.length; i++) {
    const x = v!.arr.t.storage[so[i]];
    a.t.storage[to[i]] = t.dtype === 'bool' ? (x !== 0 ? 1 : 0) : isInt ? Math.trunc(x) : x;
  }
  a.t.version.value++;
}

// ---------------------------------------------------------------- printing (numpy.core.arrayprint)

/** Shortest digits that round-trip in the array's float type (what dragon4 unique mode prints). */
function shortestRepr(x: number, f32: boolean): string {
  if (!f32) return formatPythonFloat(x);
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return formatPythonFloat(Number(s));
  }
  return formatPythonFloat(x);
}

/** Splits Python-style float text into sign, digits and decimal exponent: value = 0.d1d2… × 10^exp. */
function decimalDigits(text: string): { neg: boolean; digits: string; exp: number } {
  let s = text;
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let e = 0;
  const ei = s.indexOf('e');
  if (ei >= 0) {
    e = Number(s.slice(ei + 1));
    s = s.slice(0, ei);
  }
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  let digits = intPart + frac;
  let exp = intPart.length + e;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead);
  exp -= lead;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return { neg, digits: '0', exp: 1 };
  return { neg, digits, exp };
}

/** dragon4_positional(x, precision, unique=True, fractional=True, trim='.') → "int.frac". */
function positional(x: number, precision: number, f32: boolean): string {
  const { neg, digits, exp } = decimalDigits(shortestRepr(x, f32));
  const fracDigits = Math.max(0, digits.length - exp);
  let body: string;
  if (fracDigits > precision) {
    body = formatFixed(Math.abs(x), precision).replace(/0+$/, '');
    if (body.endsWith('.')) body = body;
  } else {
    const intPart = exp > 0 ? digits.slice(0, exp).padEnd(exp, '0') : '0';
    const frac = exp >= 0 ? digits.slice(exp) : '0'.repeat(-exp) + digits;
    body = intPart + '.' + frac;
  }
  if (digits === '0') body = '0.';
  return (neg ? '-' : '') + body;
}

/** dragon4_scientific(x, precision, unique=True, trim='.') → "d.ddde±XX". */
function scientific(x: number, precision: number, f32: boolean): string {
  const { neg, digits, exp } = decimalDigits(shortestRepr(x, f32));
  let d = digits;
  let e = exp - 1;
  if (d.length - 1 > precision) {
    const s = Math.abs(x).toExponential(precision);
    const [m, ex] = s.split('e');
    d = m.replace('.', '').replace(/0+$/, '') || '0';
    e = Number(ex);
  }
  const mant = d[0] + '.' + d.slice(1);
  const es = Math.abs(e).toString().padStart(2, '0');
  return (neg ? '-' : '') + mant + 'e' + (e < 0 ? '-' : '+') + es;
}

interface ElementFormat {
  (x: number): string;
}

function floatFormatter(vals: Storage, f32: boolean): ElementFormat {
  const finite: number[] = [];
  let hasNonFinite = false;
  let negInf = false;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    if (Number.isFinite(v)) finite.push(v);
    else {
      hasNonFinite = true;
      if (v === -Infinity) negInf = true;
    }
  }
  let expFormat = false;
  const nz = finite.filter((v) => v !== 0).map(Math.abs);
  if (nz.length) {
    const mx = Math.max(...nz);
    const mn = Math.min(...nz);
    if (mx >= 1e8 || mn < 0.0001 || mx / mn > 1000) expFormat = true;
  }
  let padLeft = 0;
  let padRight = 0;
  let precision = 8;
  let expSize = -1;
  if (finite.length === 0) {
    // only nan/inf
  } else if (expFormat) {
    const strs = finite.map((v) => scientific(v, 8, f32));
    const fracs = strs.map((s) => s.split('e')[0].split('.')[1]);
    const ints = strs.map((s) => s.split('.')[0]);
    expSize = Math.max(...strs.map((s) => s.split('e')[1].length)) - 1;
    precision = Math.max(...fracs.map((f) => f.length));
    padLeft = Math.max(...ints.map((s) => s.length));
    padRight = expSize + 2 + precision;
  } else {
    const strs = finite.map((v) => positional(v, 8, f32));
    padLeft = Math.max(...strs.map((s) => s.split('.')[0].length));
    padRight = Math.max(...strs.map((s) => s.split('.')[1].length));
  }
  if (hasNonFinite) padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
  return (x: number): string => {
    if (!Number.isFinite(x)) {
      const ret = x !== x ? 'nan' : x < 0 ? '-inf' : 'inf';
      return ' '.repeat(Math.max(0, padLeft + padRight + 1 - ret.length)) + ret;
    }
    if (expFormat) {
      const s = scientific(x, precision, f32);
      const [m, e] = s.split('e');
      const [ip, fp] = m.split('.');
      const ex = e[0] + e.slice(1).padStart(expSize, '0');
      return ip.padStart(padLeft, ' ') + '.' + fp.padEnd(precision, '0') + 'e' + ex;
    }
    const s = positional(x, 8, f32);
    const [ip, fp] = s.split('.');
    return ip.padStart(padLeft, ' ') + '.' + fp.padEnd(padRight, ' ');
  };
}

function formatterFor(a: NDArray, vals: Storage): ElementFormat {
  if (a.dtype === 'bool') {
    const t = a.ndim === 0 ? 'True' : ' True';
    return (x) => (x ? t : 'False');
  }
  if (!isFloatD(a.dtype)) {
    let w = 0;
    for (let i = 0; i < vals.length; i++) w = Math.max(w, String(vals[i]).length);
    return (x) => String(x).padStart(w, ' ');
  }
  return floatFormatter(vals, a.dtype === 'float32');
}

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE = 3;

/** Values used to size the columns: all of them, or the edges when summarising. */
function formatValues(a: NDArray, summarise: boolean): Storage {
  if (!summarise) return a.values();
  const out: number[] = [];
  const walk = (offset: number, dim: number): void => {
    if (dim === a.ndim) {
      out.push(a.t.storage[offset]);
      return;
    }
    const n = a.shape[dim];
    const idx = n > 2 * EDGE ? [0, 1, 2, n - 3, n - 2, n - 1] : [...Array(n).keys()];
    for (const i of idx) walk(offset + i * a.t.strides[dim], dim + 1);
  };
  walk(a.t.offset, 0);
  return Float64Array.from(out);
}

function array2string(a: NDArray, separator: string, prefix: string, lineWidth: number): string {
  const summarise = a.size > THRESHOLD;
  const fmt = formatterFor(a, formatValues(a, summarise));
  const nextLinePrefix = ' ' + ' '.repeat(prefix.length);
  const extendLine = (s: string, line: string, word: string, width: number, hanging: string): [string, string] => {
    let needsWrap = line.length + word.length > width;
    if (line.length <= hanging.length) needsWrap = false;
    if (needsWrap) {
      s += line.replace(/\s+$/, '') + '\n';
      line = hanging;
    }
    return [s, line + word];
  };
  const recurse = (offset: number, dim: number, hanging: string, width: number): string => {
    if (dim === a.ndim) return fmt(a.t.storage[offset]);
    const nextHanging = hanging + ' ';
    const nextWidth = width - 1;
    const n = a.shape[dim];
    const stride = a.t.strides[dim];
    const showSummary = summarise && 2 * EDGE < n;
    const leading = showSummary ? EDGE : 0;
    const trailing = showSummary ? EDGE : n;
    let s = '';
    const axesLeft = a.ndim - dim;
    if (axesLeft === 1) {
      const elemWidth = width - Math.max(separator.replace(/\s+$/, '').length, 1);
      let line = hanging;
      for (let i = 0; i < leading; i++) {
        [s, line] = extendLine(s, line, recurse(offset + i * stride, dim + 1, nextHanging, nextWidth), elemWidth, hanging);
        line += separator;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, '...', elemWidth, hanging);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extendLine(s, line, recurse(offset + (n - i) * stride, dim + 1, nextHanging, nextWidth), elemWidth, hanging);
        line += separator;
      }
      [s, line] = extendLine(s, line, recurse(offset + (n - 1) * stride, dim + 1, nextHanging, nextWidth), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = separator.replace(/\s+$/, '') + '\n'.repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) s += hanging + recurse(offset + i * stride, dim + 1, nextHanging, nextWidth) + lineSep;
      if (showSummary) s += hanging + '...' + lineSep;
      for (let i = trailing; i > 1; i--) s += hanging + recurse(offset + (n - i) * stride, dim + 1, nextHanging, nextWidth) + lineSep;
      s += hanging + recurse(offset + (n - 1) * stride, dim + 1, nextHanging, nextWidth);
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return recurse(a.t.offset, 0, nextLinePrefix, lineWidth);
}

function scalarValue(a: NDArray): PyValue {
  const x = a.t.at(0);
  if (a.dtype === 'bool') return x !== 0;
  if (isFloatD(a.dtype)) return x;
  return BigInt(x);
}

function scalarStr(a: NDArray): string {
  const x = a.t.at(0);
  if (a.dtype === 'bool') return x ? 'True' : 'False';
  if (isFloatD(a.dtype)) return Number.isFinite(x) ? shortestRepr(x, a.dtype === 'float32') : x !== x ? 'nan' : x > 0 ? 'inf' : '-inf';
  return String(x);
}

function arrayStr(a: NDArray): string {
  if (a.ndim === 0) return scalarStr(a);
  if (a.size === 0) return '[]';
  return array2string(a, ' ', '', LINE_WIDTH);
}

function arrayRepr(a: NDArray): string {
  if (a.scalar) {
    if (a.dtype === 'bool') return a.t.at(0) ? 'np.True_' : 'np.False_';
    return `np.${a.dtype}(${scalarStr(a)})`;
  }
  const prefix = 'array(';
  const body = a.size === 0 ? '[]' : array2string(a, ', ', prefix, LINE_WIDTH - 1);
  const extras: string[] = [];
  if (a.size === 0 && !(a.ndim === 1)) extras.push(`shape=(${a.shape.join(', ')}${a.ndim === 1 ? ',' : ''})`);
  if (a.size > THRESHOLD) extras.push(`shape=(${a.shape.join(', ')}${a.ndim === 1 ? ',' : ''})`);
  if (!(a.dtype === 'float64' || a.dtype === 'int64' || a.dtype === 'bool') || a.size === 0) extras.push(`dtype=${a.dtype}`);
  if (extras.length === 0) return prefix + body + ')';
  const arrStr = prefix + body + ',';
  const extra = extras.join(', ') + ')';
  const lastLine = arrStr.slice(arrStr.lastIndexOf('\n') + 1);
  const spacer = lastLine.length + 1 + extra.length > LINE_WIDTH ? '\n' + ' '.repeat(prefix.length) : ' ';
  return arrStr + spacer + extra;
}

function tolist(a: NDArray): PyValue {
  const d = a.values();
  const conv = (x: number): PyValue => (a.dtype === 'bool' ? x !== 0 : isFloatD(a.dtype) ? x : BigInt(x));
  if (a.ndim === 0) return conv(d[0]);
  let pos = 0;
  const build = (dim: number): PyList => {
    const items: PyValue[] = [];
    for (let i = 0; i < a.shape[dim]; i++) items.push(dim === a.ndim - 1 ? conv(d[pos++]) : build(dim + 1));
    return new PyList(items);
  };
  return build(0);
}

// ---------------------------------------------------------------- dtypes and scalar types

class NpDTypeValue {
  constructor(readonly name: NpDType) {}
}
const DTYPE_VALUES = new Map<NpDType, NpDTypeValue>();
function dtypeValue(d: NpDType): NpDTypeValue {
  let v = DTYPE_VALUES.get(d);
  if (!v) DTYPE_VALUES.set(d, (v = new NpDTypeValue(d)));
  return v;
}

const scalarTypes = new Map<NpDType, PyType>();

/** `dtype=` arguments: np.float32, 'float32', float, int, bool, np.dtype(...), torch dtypes are not accepted. */
function parseDType(v: PyValue): NpDType | null {
  if (v === null) return null;
  if (v instanceof NpDTypeValue) return v.name;
  if (typeof v === 'string') {
    const map: Record<string, NpDType> = { float64: 'float64', float: 'float64', f8: 'float64', float32: 'float32', f4: 'float32', int64: 'int64', int: 'int64', i8: 'int64', int32: 'int32', i4: 'int32', bool: 'bool', uint8: 'uint8' };
    const d = map[v];
    if (!d) raiseTypeError(`data type '${v}' not understood`);
    return d;
  }
  for (const [d, t] of scalarTypes) if (t === v) return d;
  if (v instanceof PyType) {
    if (v.name === 'float') return 'float64';
    if (v.name === 'int') return 'int64';
    if (v.name === 'bool') return 'bool';
  }
  return raiseTypeError(`Cannot interpret '${typeName(v)}' as a data type`);
}

// ---------------------------------------------------------------- random (legacy RandomState)

class MT19937 {
  private mt = new Uint32Array(624);
  private idx = 625;
  hasGauss = false;
  gauss = 0;
  seed(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.idx = 624;
    this.hasGauss = false;
    this.gauss = 0;
  }
  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      let v = mt[(i + 397) % 624] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this.idx = 0;
  }
  next32(): number {
    if (this.idx >= 624) {
      if (this.idx === 625) this.seed(5489);
      this.twist();
    }
    let y = this.mt[this.idx++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
  /** random_sample: 53 bits from two draws. */
  double(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
  /** legacy_gauss: Marsaglia's polar method, second value cached. */
  normal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * this.double() - 1.0;
      x2 = 2.0 * this.double() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * crLog(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }
}

function sizeArg(args: PyValue[]): number[] | null {
  if (args.length === 0 || (args.length === 1 && args[0] === null)) return null;
  if (args.length === 1 && (args[0] instanceof PyTuple || args[0] instanceof PyList)) return (args[0] as PyTuple).items.map((v) => Number(v as bigint));
  return args.map((v) => {
    if (typeof v !== 'bigint') raiseTypeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
    return Number(v);
  });
}

function sampled(shape: number[] | null, draw: () => number): PyValue {
  if (shape === null) return draw();
  const n = numelOf(shape);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return make(out, shape, 'float64');
}

// ---------------------------------------------------------------- Python types

function asArr(v: PyValue): NDArray {
  return v instanceof NDArray ? v : toArray(v);
}
const BOOL = (v: PyValue): boolean => v === true;

function shapeArg(v: PyValue[]): number[] {
  if (v.length === 1 && (v[0] instanceof PyTuple || v[0] instanceof PyList)) return (v[0] as PyTuple).items.map((x) => Number(x as bigint));
  return v.map((x) => Number(x as bigint));
}

function reshape(a: NDArray, shapeIn: number[]): NDArray {
  const shape = shapeIn.slice();
  const neg = shape.indexOf(-1);
  if (neg >= 0) {
    const known = shape.reduce((p, s, i) => (i === neg ? p : p * s), 1);
    shape[neg] = known === 0 ? 0 : a.size / known;
  }
  if (numelOf(shape) !== a.size || !Number.isInteger(shape[neg] ?? 0)) {
    raise(ValueErrorType, `cannot reshape array of size ${a.size} into shape (${shapeIn.join(', ')}${shapeIn.length === 1 ? ',' : ''})`);
  }
  if (a.t.isContiguous()) return view(a, shape, contiguousStrides(shape), a.t.offset);
  return make(a.t.dataCopy(), shape, a.dtype);
}

function transpose(a: NDArray): NDArray {
  return view(a, a.shape.slice().reverse(), a.t.strides.slice().reverse(), a.t.offset);
}

function binaryMethods(): Record<string, ReturnType<typeof method>> {
  const out: Record<string, ReturnType<typeof method>> = {};
  const ops: [string, BinOp][] = [['add', 'add'], ['sub', 'sub'], ['mul', 'mul'], ['truediv', 'truediv'], ['floordiv', 'floordiv'], ['mod', 'mod'], ['pow', 'pow']];
  for (const [py, op] of ops) {
    out[`__${py}__`] = method(`__${py}__`, 'other', (self: NDArray, o: PyValue) => binary(op, self, o));
    out[`__r${py}__`] = method(`__r${py}__`, 'other', (self: NDArray, o: PyValue) => binary(op, o, self));
    out[`__i${py}__`] = method(`__i${py}__`, 'other', (self: NDArray, o: PyValue) => {
      const r = binary(op, self, o);
      if (r === NotImplemented || self.scalar) return r; // numpy scalars are immutable: `a -= b` rebinds
      const res = r as NDArray;
      if (res.dtype !== self.dtype && isFloatD(res.dtype) && !isFloatD(self.dtype)) {
        raise(EXC_UFUNC(), `Cannot cast ufunc '${op === 'truediv' ? 'divide' : op === 'sub' ? 'subtract' : op === 'mul' ? 'multiply' : op}' output from dtype('${res.dtype}') to dtype('${self.dtype}') with casting rule 'same_kind'`);
      }
      setItem(self, new PyTuple([]), res);
      return self;
    });
  }
  for (const op of ['lt', 'le', 'gt', 'ge', 'eq', 'ne'] as BinOp[]) out[`__${op}__`] = method(`__${op}__`, 'other', (self: NDArray, o: PyValue) => binary(op, self, o));
  out.__matmul__ = method('__matmul__', 'other', (self: NDArray, o: PyValue) => matmul(self, o));
  out.__rmatmul__ = method('__rmatmul__', 'other', (self: NDArray, o: PyValue) => matmul(o, self));
  return out;
}
function EXC_UFUNC(): PyType {
  return TypeErrorType;
}

const reduceSig = 'axis=None, dtype=None, out=None, keepdims=False';

export const NDArrayType: PyType = defineNativeType({
  name: 'ndarray',
  module: 'numpy',
  jsClass: NDArray,
  methods: {
    ...binaryMethods(),
    __neg__: method('__neg__', '', (self: NDArray) => unary('neg', self)),
    __pos__: method('__pos__', '', (self: NDArray) => self),
    __abs__: method('__abs__', '', (self: NDArray) => unary('abs', self)),
    __repr__: method('__repr__', '', (self: NDArray) => arrayRepr(self)),
    __str__: method('__str__', '', (self: NDArray) => arrayStr(self)),
    __len__: method('__len__', '', (self: NDArray) => {
      if (self.ndim === 0) raiseTypeError('len() of unsized object');
      return BigInt(self.shape[0]);
    }),
    __iter__: method('__iter__', '', (self: NDArray) => {
      if (self.ndim === 0) raiseTypeError('iteration over a 0-d array');
      const items: PyValue[] = [];
      for (let i = 0; i < self.shape[0]; i++) items.push(getItem(self, BigInt(i)));
      return new ArrayIterator(items);
    }),
    __getitem__: method('__getitem__', 'key', (self: NDArray, k: PyValue) => getItem(self, k)),
    __setitem__: method('__setitem__', 'key, value', (self: NDArray, k: PyValue, v: PyValue) => {
      setItem(self, k, v);
      return null;
    }),
    __float__: method('__float__', '', (self: NDArray) => {
      if (self.size !== 1) raiseTypeError('only length-1 arrays can be converted to Python scalars');
      return self.t.at(0);
    }),
    __int__: method('__int__', '', (self: NDArray) => {
      if (self.size !== 1) raiseTypeError('only length-1 arrays can be converted to Python scalars');
      return BigInt(Math.trunc(self.t.at(0)));
    }),
    __index__: method('__index__', '', (self: NDArray) => {
      if (isFloatD(self.dtype) || self.ndim !== 0) raiseTypeError('only integer scalar arrays can be converted to a scalar index');
      return BigInt(self.t.at(0));
    }),
    __bool__: method('__bool__', '', (self: NDArray) => {
      if (self.size !== 1) raise(ValueErrorType, 'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
      return self.t.at(0) !== 0;
    }),
    __format__: method('__format__', 'spec', (self: NDArray, spec: string) => {
      if (self.ndim === 0) {
        const v = scalarValue(self);
        return typeof v === 'number' ? formatFloatSpec(v, spec) : formatValue(v, spec);
      }
      if (spec !== '') raiseTypeError('unsupported format string passed to numpy.ndarray.__format__');
      return arrayStr(self);
    }),
    __hash__: method('__hash__', '', (self: NDArray) => {
      if (!self.scalar) raiseTypeError("unhashable type: 'numpy.ndarray'");
      return BigInt(Math.trunc(self.t.at(0)));
    }),
    __array_priority__: method('__array_priority__', '', () => 0),
    reshape: rawMethod('reshape', (self, args) => reshape(self as NDArray, shapeArg(args))),
    transpose: method('transpose', '*axes', (self: NDArray) => transpose(self)),
    flatten: method('flatten', '', (self: NDArray) => make(self.t.dataCopy(), [self.size], self.dtype)),
    ravel: method('ravel', '', (self: NDArray) => reshape(self, [self.size])),
    copy: method('copy', '', (self: NDArray) => make(self.t.dataCopy(), self.shape.slice(), self.dtype)),
    astype: method('astype', 'dtype', (self: NDArray, d: PyValue) => astype(self, parseDType(d)!)),
    tolist: method('tolist', '', (self: NDArray) => tolist(self)),
    item: method('item', '*args', (self: NDArray) => {
      if (self.size !== 1) raise(ValueErrorType, 'can only convert an array of size 1 to a Python scalar');
      return scalarValue(self);
    }),
    sum: method('sum', reduceSig, (self: NDArray, ax: PyValue, _d: PyValue, _o: PyValue, k: PyValue) => reduce('sum', self, ax, BOOL(k))),
    mean: method('mean', reduceSig, (self: NDArray, ax: PyValue, _d: PyValue, _o: PyValue, k: PyValue) => reduce('mean', self, ax, BOOL(k))),
    prod: method('prod', reduceSig, (self: NDArray, ax: PyValue, _d: PyValue, _o: PyValue, k: PyValue) => reduce('prod', self, ax, BOOL(k))),
    max: method('max', 'axis=None, out=None, keepdims=False', (self: NDArray, ax: PyValue, _o: PyValue, k: PyValue) => reduce('max', self, ax, BOOL(k))),
    min: method('min', 'axis=None, out=None, keepdims=False', (self: NDArray, ax: PyValue, _o: PyValue, k: PyValue) => reduce('min', self, ax, BOOL(k))),
    argmax: method('argmax', 'axis=None', (self: NDArray, ax: PyValue) => reduce('argmax', self, ax, false)),
    argmin: method('argmin', 'axis=None', (self: NDArray, ax: PyValue) => reduce('argmin', self, ax, false)),
    std: method('std', 'axis=None, dtype=None, out=None, ddof=0, keepdims=False', (self: NDArray, ax: PyValue, _d: PyValue, _o: PyValue, ddof: PyValue, k: PyValue) =>
      reduce('std', self, ax, BOOL(k), Number(ddof as bigint))),
    var: method('var', 'axis=None, dtype=None, out=None, ddof=0, keepdims=False', (self: NDArray, ax: PyValue, _d: PyValue, _o: PyValue, ddof: PyValue, k: PyValue) =>
      reduce('var', self, ax, BOOL(k), Number(ddof as bigint))),
    dot: method('dot', 'b', (self: NDArray, b: PyValue) => matmul(self, b)),
    fill: method('fill', 'value', (self: NDArray, v: PyValue) => {
      setItem(self, new PyTuple([]), v);
      return null;
    }),
  },
  getters: {
    shape: { get: (self: NDArray) => new PyTuple(self.shape.map((s) => BigInt(s))) },
    dtype: { get: (self: NDArray) => dtypeValue(self.dtype) },
    ndim: { get: (self: NDArray) => BigInt(self.ndim) },
    size: { get: (self: NDArray) => BigInt(self.size) },
    T: { get: (self: NDArray) => transpose(self) },
    itemsize: { get: (self: NDArray) => BigInt(self.t.storage.BYTES_PER_ELEMENT === 8 || self.dtype === 'int64' ? 8 : self.dtype === 'int32' || self.dtype === 'float32' ? 4 : 1) },
    real: { get: (self: NDArray) => self },
  },
});

const NpDTypeType = defineNativeType({
  name: 'dtype',
  module: 'numpy',
  jsClass: NpDTypeValue,
  methods: {
    __repr__: method('__repr__', '', (self: NpDTypeValue) => `dtype('${self.name}')`),
    __str__: method('__str__', '', (self: NpDTypeValue) => self.name),
    __eq__: method('__eq__', 'other', (self: NpDTypeValue, o: PyValue) => {
      try {
        return parseDType(o) === self.name;
      } catch {
        return false;
      }
    }),
    __ne__: method('__ne__', 'other', (self: NpDTypeValue, o: PyValue) => {
      try {
        return parseDType(o) !== self.name;
      } catch {
        return true;
      }
    }),
    __hash__: method('__hash__', '', (self: NpDTypeValue) => BigInt(self.name.length)),
  },
  getters: {
    name: { get: (self: NpDTypeValue) => self.name },
    itemsize: { get: (self: NpDTypeValue) => BigInt(self.name === 'float64' || self.name === 'int64' ? 8 : self.name === 'bool' || self.name === 'uint8' ? 1 : 4) },
  },
  construct: (_cls, args) => dtypeValue(parseDType(args[0] ?? null)!),
});

for (const d of ['float64', 'float32', 'int64', 'int32', 'bool', 'uint8'] as NpDType[]) {
  const name = d === 'bool' ? 'bool' : d;
  scalarTypes.set(d, defineNativeType({
    name,
    module: 'numpy',
    bases: [NDArrayType],
    construct: (_cls, args) => {
      const v = args[0] ?? (d === 'bool' ? false : 0n);
      const a = toArray(v, d);
      return a.ndim === 0 ? new NDArray(a.t, true) : a;
    },
  }));
}

// ---------------------------------------------------------------- bridge with torch

function toNumpy(t: Tensor): NDArray {
  return new NDArray(new Tensor(t.storage, t.shape.slice(), t.dtype, t.strides.slice(), t.offset, t.version));
}
function fromNumpy(v: PyValue): Tensor | null {
  if (!(v instanceof NDArray)) return null;
  return new Tensor(v.t.storage, v.shape.slice(), v.dtype, v.t.strides.slice(), v.t.offset, v.t.version);
}

// ---------------------------------------------------------------- the module

function notImplemented(name: string): ReturnType<typeof rawFn> {
  return rawFn(name, () => raise(NotImplementedErrorType, `Gradscope's numpy does not implement numpy.${name}`));
}

function creation(name: string, fill: number): ReturnType<typeof fn> {
  return fn(name, 'shape, dtype=None, order="C"', (shape: PyValue, dtype: PyValue) => {
    const s = shape instanceof PyTuple || shape instanceof PyList ? shape.items.map((x) => Number(x as bigint)) : [Number(shape as bigint)];
    const d = parseDType(dtype) ?? 'float64';
    const data = alloc(d, numelOf(s));
    data.fill(fill);
    return make(data, s, d);
  });
}

let registered = false;

export function registerNumpy(): void {
  if (registered) return;
  registered = true;
  numpyBridge.toNumpy = toNumpy;
  numpyBridge.fromNumpy = fromNumpy;
  defineModule('numpy.random', (m) => {
    const key = 'numpy.random.state';
    const state = (): MT19937 => {
      let s = m.ctx.moduleState.get(key) as MT19937 | undefined;
      if (!s) {
        s = new MT19937();
        // an unseeded RandomState is seeded from the OS: any fixed seed is as good here
        s.seed(5489);
        m.ctx.moduleState.set(key, s);
      }
      return s;
    };
    m.set('seed', fn('seed', 'seed=None', (seed: PyValue) => {
      const n = seed === null ? 0 : Number(seed as bigint);
      if (n < 0 || n > 0xffffffff) raise(ValueErrorType, 'Seed must be between 0 and 2**32 - 1');
      state().seed(n);
      return null;
    }));
    m.set('rand', rawFn('rand', (args) => sampled(sizeArg(args), () => state().double())));
    m.set('randn', rawFn('randn', (args) => sampled(sizeArg(args), () => state().normal())));
    for (const name of ['random', 'random_sample', 'sample', 'ranf']) {
      m.set(name, fn(name, 'size=None', (size: PyValue) => sampled(sizeArg([size]), () => state().double())));
    }
    m.set('uniform', fn('uniform', 'low=0.0, high=1.0, size=None', (lo: PyValue, hi: PyValue, size: PyValue) => {
      const l = Number(lo as number);
      const range = Number(hi as number) - l;
      return sampled(sizeArg([size]), () => l + range * state().double());
    }));
    m.set('normal', fn('normal', 'loc=0.0, scale=1.0, size=None', (loc: PyValue, scale: PyValue, size: PyValue) => {
      const mu = Number(loc as number);
      const sd = Number(scale as number);
      return sampled(sizeArg([size]), () => mu + sd * state().normal());
    }));
    m.set('standard_normal', fn('standard_normal', 'size=None', (size: PyValue) => sampled(sizeArg([size]), () => state().normal())));
    for (const name of ['randint', 'choice', 'shuffle', 'permutation', 'default_rng', 'binomial', 'poisson']) m.set(name, notImplemented(`random.${name}`));
  });
  defineModule('numpy', (m) => {
    m.set('__version__', '2.4.6');
    m.set('ndarray', NDArrayType);
    m.set('dtype', NpDTypeType);
    for (const [d, t] of scalarTypes) m.set(d === 'bool' ? 'bool_' : d, t);
    m.set('float_', scalarTypes.get('float64')!);
    m.set('double', scalarTypes.get('float64')!);
    m.set('single', scalarTypes.get('float32')!);
    m.set('int_', scalarTypes.get('int64')!);
    m.set('pi', Math.PI);
    m.set('e', Math.E);
    m.set('inf', Infinity);
    m.set('nan', NaN);
    m.set('newaxis', null);
    m.set('array', fn('array', 'object, dtype=None, copy=True', (o: PyValue, d: PyValue) => {
      const a = toArray(o, parseDType(d));
      return a === o ? make(a.t.dataCopy(), a.shape.slice(), a.dtype) : a;
    }));
    m.set('asarray', fn('asarray', 'a, dtype=None', (o: PyValue, d: PyValue) => toArray(o, parseDType(d))));
    m.set('zeros', creation('zeros', 0));
    m.set('ones', creation('ones', 1));
    m.set('empty', creation('empty', 0));
    m.set('full', fn('full', 'shape, fill_value, dtype=None', (shape: PyValue, v: PyValue, dtype: PyValue) => {
      const s = shape instanceof PyTuple || shape instanceof PyList ? shape.items.map((x) => Number(x as bigint)) : [Number(shape as bigint)];
      const d = parseDType(dtype) ?? (typeof v === 'number' ? 'float64' : typeof v === 'boolean' ? 'bool' : 'int64');
      const data = alloc(d, numelOf(s));
      data.fill(Number(v as number));
      return make(data, s, d);
    }));
    for (const [name, fill] of [['zeros_like', 0], ['ones_like', 1]] as const) {
      m.set(name, fn(name, 'a, dtype=None', (a: PyValue, dtype: PyValue) => {
        const arr = asArr(a);
        const d = parseDType(dtype) ?? arr.dtype;
        return make(alloc(d, arr.size).fill(fill), arr.shape.slice(), d);
      }));
    }
    m.set('eye', fn('eye', 'N, M=None, k=0, dtype=None', (n: PyValue, mm: PyValue, _k: PyValue, dtype: PyValue) => {
      const N = Number(n as bigint);
      const M = mm === null ? N : Number(mm as bigint);
      const d = parseDType(dtype) ?? 'float64';
      const data = alloc(d, N * M);
      for (let i = 0; i < Math.min(N, M); i++) data[i * M + i] = 1;
      return make(data, [N, M], d);
    }));
    m.set('arange', rawFn('arange', (args, kwargs) => {
      const [a0, a1, a2, dtype] = bind('arange', 'start, stop=None, step=None, dtype=None', args, kwargs);
      const [start, stop, step] = a1 === null ? [0n, a0, a2 ?? 1n] : [a0, a1, a2 ?? 1n];
      const allInt = [start, stop, step].every((v) => typeof v === 'bigint' || typeof v === 'boolean');
      const d = parseDType(dtype) ?? (allInt ? 'int64' : 'float64');
      const s0 = Number(start as number);
      const st = Number(step as number);
      if (st === 0) raise(ZeroDivisionErrorType, 'division by zero');
      const n = Math.max(0, Math.ceil((Number(stop as number) - s0) / st));
      const data = alloc(d, n);
      const delta = n > 1 ? s0 + st - s0 : st;
      for (let i = 0; i < n; i++) data[i] = i === 0 ? s0 : s0 + i * delta;
      return make(data, [n], d);
    }));
    m.set('linspace', fn('linspace', 'start, stop, num=50, endpoint=True, retstep=False, dtype=None', (a: PyValue, b: PyValue, num: PyValue, endpoint: PyValue, _r: PyValue, dtype: PyValue) => {
      const n = Number(num as bigint);
      const start = Number(a as number);
      const stop = Number(b as number);
      const div = endpoint === false ? n : n - 1;
      const delta = stop - start;
      const out = new Float64Array(n);
      const step = div > 0 ? delta / div : NaN;
      for (let i = 0; i < n; i++) {
        if (div > 0) out[i] = step === 0 ? (i / div) * delta + start : i * step + start;
        else out[i] = i * delta + start;
      }
      if (endpoint !== false && n > 1) out[n - 1] = stop;
      const d = parseDType(dtype) ?? 'float64';
      return d === 'float64' ? make(out, [n], d) : astype(make(out, [n], 'float64'), d);
    }));
    for (const name of ['exp', 'log', 'sqrt', 'tanh', 'abs', 'sin', 'cos', 'sign', 'log1p', 'expm1', 'floor', 'ceil', 'square'] as UnaryName[]) {
      m.set(name, fn(name, 'x', (x: PyValue) => unary(name, x)));
    }
    m.set('absolute', fn('absolute', 'x', (x: PyValue) => unary('abs', x)));
    m.set('negative', fn('negative', 'x', (x: PyValue) => unary('neg', x)));
    for (const [name, op] of [['add', 'add'], ['subtract', 'sub'], ['multiply', 'mul'], ['divide', 'truediv'], ['power', 'pow'], ['maximum', 'max'], ['minimum', 'min'], ['true_divide', 'truediv']] as [string, BinOp][]) {
      m.set(name, fn(name, 'x1, x2', (x: PyValue, y: PyValue) => binary(op, asArr(x), y)));
    }
    for (const kind of ['sum', 'mean', 'prod'] as ReduceKind[]) {
      m.set(kind, fn(kind, `a, ${reduceSig}`, (a: PyValue, ax: PyValue, _d: PyValue, _o: PyValue, k: PyValue) => reduce(kind, a, ax, BOOL(k))));
    }
    for (const kind of ['max', 'min', 'argmax', 'argmin'] as ReduceKind[]) {
      m.set(kind, fn(kind, 'a, axis=None, out=None, keepdims=False', (a: PyValue, ax: PyValue, _o: PyValue, k: PyValue) => reduce(kind, a, ax, BOOL(k))));
    }
    m.set('amax', fn('amax', 'a, axis=None', (a: PyValue, ax: PyValue) => reduce('max', a, ax, false)));
    m.set('amin', fn('amin', 'a, axis=None', (a: PyValue, ax: PyValue) => reduce('min', a, ax, false)));
    m.set('std', fn('std', 'a, axis=None, dtype=None, out=None, ddof=0, keepdims=False', (a: PyValue, ax: PyValue, _d: PyValue, _o: PyValue, ddof: PyValue, k: PyValue) =>
      reduce('std', a, ax, BOOL(k), Number(ddof as bigint))));
    m.set('var', fn('var', 'a, axis=None, dtype=None, out=None, ddof=0, keepdims=False', (a: PyValue, ax: PyValue, _d: PyValue, _o: PyValue, ddof: PyValue, k: PyValue) =>
      reduce('var', a, ax, BOOL(k), Number(ddof as bigint))));
    m.set('dot', fn('dot', 'a, b', (a: PyValue, b: PyValue) => matmul(asArr(a), asArr(b))));
    m.set('matmul', fn('matmul', 'a, b', (a: PyValue, b: PyValue) => matmul(asArr(a), asArr(b))));
    m.set('reshape', fn('reshape', 'a, shape', (a: PyValue, s: PyValue) => reshape(asArr(a), shapeArg([s]))));
    m.set('transpose', fn('transpose', 'a', (a: PyValue) => transpose(asArr(a))));
    m.set('shape', fn('shape', 'a', (a: PyValue) => new PyTuple(asArr(a).shape.map((s) => BigInt(s)))));
    m.set('allclose', fn('allclose', 'a, b, rtol=1e-05, atol=1e-08, equal_nan=False', (a: PyValue, b: PyValue, rtol: PyValue, atol: PyValue) => {
      const x = asArr(a);
      const y = asArr(b);
      const shape = broadcast(x.shape, y.shape);
      const xo = offsetsFor(x, shape);
      const yo = offsetsFor(y, shape);
      for (let i = 0; i < xo.length; i++) {
        const p = x.t.storage[xo[i]];
        const q = y.t.storage[yo[i]];
        if (!(Math.abs(p - q) <= Number(atol) + Number(rtol) * Math.abs(q))) return false;
      }
      return true;
    }));
    m.set('array_equal', fn('array_equal', 'a1, a2', (a: PyValue, b: PyValue) => {
      const x = asArr(a);
      const y = asArr(b);
      if (x.shape.length !== y.shape.length || x.shape.some((s, i) => s !== y.shape[i])) return false;
      const p = x.values();
      const q = y.values();
      for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
      return true;
    }));
    m.set('where', fn('where', 'condition, x=None, y=None', (c: PyValue, x: PyValue, y: PyValue) => {
      if (x === null || y === null) raise(NotImplementedErrorType, "Gradscope's numpy does not implement numpy.where with one argument");
      const cond = asArr(c);
      const xa = operand(x)!;
      const ya = operand(y)!;
      const dt = resultDType(xa, ya);
      const shape = broadcast(broadcast(cond.shape, xa.arr.shape), ya.arr.shape);
      const co = offsetsFor(cond, shape);
      const xo = offsetsFor(xa.arr, shape);
      const yo = offsetsFor(ya.arr, shape);
      const out = alloc(dt, co.length);
      for (let i = 0; i < co.length; i++) out[i] = cond.t.storage[co[i]] ? xa.arr.t.storage[xo[i]] : ya.arr.t.storage[yo[i]];
      return make(out, shape, dt);
    }));
    m.set('random', submoduleOf(m.ctx, 'numpy.random') ?? null);
    for (const name of ['concatenate', 'stack', 'vstack', 'hstack', 'clip', 'einsum', 'outer', 'cumsum', 'sort', 'argsort', 'unique', 'meshgrid', 'isclose', 'diag', 'tile', 'repeat', 'expand_dims', 'squeeze', 'savetxt', 'loadtxt', 'save', 'load']) {
      m.set(name, notImplemented(name));
    }
  });
}

