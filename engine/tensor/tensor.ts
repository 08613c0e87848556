// The Tensor: a typed-array storage seen through shape, strides and an offset, plus the
// autograd fields that engine/autograd manages (declared here as plain data so that
// tensor/ imports nothing else of ours).
import { allocStorage, castScalar, DType, ScalarKind, Storage } from './dtype';

/** What tensor/ knows of a grad_fn node: autograd/ implements it. */
export interface GradFnRef {
  name(): string;
}

/** Shared by a tensor, its views and `detach()`; bumped by every in-place write. */
export class VersionCounter {
  value = 0;
}

/** A registered tensor hook; `removed` is set by its handle. */
export interface TensorHook {
  id: number;
  fn: (grad: Tensor) => Tensor | null | undefined;
  removed: boolean;
}

let nextTensorId = 1;

export class Tensor {
  /** Unique, increasing: used for stable identity in traces and `id()`. */
  readonly id = nextTensorId++;
  storage: Storage;
  shape: number[];
  strides: number[];
  offset: number;
  dtype: DType;

  // ---- autograd state (owned by engine/autograd) ----
  /** For a leaf: whether it requires grad. A non-leaf requires grad iff gradFn != null. */
  leafRequiresGrad = false;
  private ownGradFn: GradFnRef | null = null;
  /**
   * For a view: the shared version when its grad_fn was last set (PyTorch's attr_version).
   * An in-place write through the base or another view bumps the version; reading gradFn
   * then rebuilds the view's grad_fn on top of the base's current one (see viewGradFnHook).
   */
  attrVersion = 0;
  /** A view made under no_grad (or a view of one): PyTorch forbids rebasing it later. */
  viewCreatedInNoGrad = false;
  /** Which output of gradFn this tensor is (ops like max(dim) have two). */
  outputNr = 0;
  grad: Tensor | null = null;
  version: VersionCounter;
  retainsGrad = false;
  hooks: TensorHook[] | null = null;
  /** For a view: the tensor whose storage it looks at (for CopySlices and version sharing). */
  base: Tensor | null = null;
  /** Created under inference_mode. */
  isInference = false;
  /** Set when this is an nn.Parameter (prints as `Parameter containing:`). */
  isParameter = false;
  /** Free slot for the trace recorder (origin range, first bound name…). */
  traceInfo: unknown = undefined;
  /**
   * For PyTorch's 0-d "wrapped number" made from a Python scalar (ops/arithmetic wrapScalar):
   * the scalar it stands for. A field rather than a side table because every `x * 2.0` makes one.
   */
  wrappedScalar: { readonly value: number; readonly kind: ScalarKind } | null = null;

  constructor(storage: Storage, shape: number[], dtype: DType, strides?: number[], offset = 0, version?: VersionCounter) {
    this.storage = storage;
    this.shape = shape;
    this.dtype = dtype;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.version = version ?? new VersionCounter();
  }

  get gradFn(): GradFnRef | null {
    if (this.base !== null && this.version.value !== this.attrVersion && viewGradFnHook !== null) viewGradFnHook(this);
    return this.ownGradFn;
  }
  set gradFn(fn: GradFnRef | null) {
    this.ownGradFn = fn;
    this.attrVersion = this.version.value;
  }
  /** The grad_fn as stored, without the view check (for the hook that rebuilds it). */
  get storedGradFn(): GradFnRef | null {
    return this.ownGradFn;
  }

  get ndim(): number {
    return this.shape.length;
  }
  get numel(): number {
    return numelOf(this.shape);
  }
  get requiresGrad(): boolean {
    // PyTorch reads the stored grad_fn here (no rebuild); a view made under no_grad, or rebased
    // by a write elsewhere, requires grad when its base does.
    if (this.ownGradFn !== null || this.leafRequiresGrad) return true;
    return this.base !== null && (this.viewCreatedInNoGrad || this.version.value !== this.attrVersion) && this.base.requiresGrad;
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const s = this.shape[i];
      if (s !== 1 && this.strides[i] !== expected) return false;
      expected *= s;
    }
    return true;
  }

  /** Storage element index of the element at a row-major flat position (slow path: printing, item). */
  storageIndex(flat: number): number {
    let idx = this.offset;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      const s = this.shape[d];
      idx += (flat % s) * this.strides[d];
      flat = Math.floor(flat / s);
    }
    return idx;
  }

  /** Element at a row-major flat position. */
  at(flat: number): number {
    return this.storage[this.storageIndex(flat)];
  }

  /**
   * The elements in row-major order as a dense array of the dtype's storage type. Returns
   * the storage itself (no copy) when it already is exactly that: callers must not write to it.
   */
  data(): Storage {
    const n = this.numel;
    if (this.offset === 0 && this.storage.length === n && this.isContiguous()) return this.storage;
    const out = allocStorage(this.dtype, n);
    copyStrided(this, out, 0);
    return out;
  }

  /** A fresh dense copy of the elements (safe to write). */
  dataCopy(): Storage {
    const d = this.data();
    return d === this.storage ? d.slice() : d;
  }

  toArray(): number[] {
    return Array.from(this.data());
  }
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

export function contiguousStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= Math.max(shape[i], 1);
  }
  return st;
}

/** Copies `src`'s elements in row-major order into `out` starting at `outStart` (odometer walk, no allocation per element). */
export function copyStrided(src: Tensor, out: Storage, outStart: number): void {
  const n = src.numel;
  if (n === 0) return;
  const nd = src.shape.length;
  const s = src.storage;
  if (nd === 0) {
    out[outStart] = s[src.offset];
    return;
  }
  const shape = src.shape;
  const strides = src.strides;
  const last = nd - 1;
  const innerN = shape[last];
  const innerS = strides[last];
  const idx = new Array<number>(nd).fill(0);
  let base = src.offset;
  let o = outStart;
  const outer = n / innerN;
  for (let k = 0; k < outer; k++) {
    for (let j = 0, p = base; j < innerN; j++, p += innerS) out[o++] = s[p];
    // advance the odometer over the outer dims
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** Writes dense row-major `src` into the (possibly strided) view `dst`, casting to its dtype. */
export function writeStrided(dst: Tensor, src: ArrayLike<number>): void {
  const n = dst.numel;
  if (n === 0) return;
  const s = dst.storage;
  const nd = dst.shape.length;
  const needsCast = dst.dtype === 'int64';
  if (nd === 0) {
    s[dst.offset] = needsCast ? castScalar(src[0], dst.dtype) : src[0];
    return;
  }
  const shape = dst.shape;
  const strides = dst.strides;
  const last = nd - 1;
  const innerN = shape[last];
  const innerS = strides[last];
  const idx = new Array<number>(nd).fill(0);
  let base = dst.offset;
  let i = 0;
  const outer = n / innerN;
  for (let k = 0; k < outer; k++) {
    if (needsCast) for (let j = 0, p = base; j < innerN; j++, p += innerS) s[p] = castScalar(src[i++], 'int64');
    else for (let j = 0, p = base; j < innerN; j++, p += innerS) s[p] = src[i++];
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** A new contiguous tensor owning `data` (no copy). */
export function fromData(data: Storage, shape: number[], dtype: DType): Tensor {
  return new Tensor(data, shape, dtype);
}

export function emptyTensor(shape: number[], dtype: DType): Tensor {
  return new Tensor(allocStorage(dtype, numelOf(shape)), shape, dtype);
}

export function fullTensor(shape: number[], value: number, dtype: DType): Tensor {
  const t = emptyTensor(shape, dtype);
  const v = castScalar(value, dtype);
  if (v !== 0) t.storage.fill(v);
  return t;
}

/** A view on `src`'s storage: shares storage and version counter; `base` points at the root tensor. */
export function makeView(src: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const v = new Tensor(src.storage, shape, src.dtype, strides, offset, src.version);
  v.base = src.base ?? src;
  v.isInference = src.isInference;
  v.viewCreatedInNoGrad = src.viewCreatedInNoGrad;
  v.attrVersion = src.version.value;
  return v;
}

/**
 * Called when a view's gradFn is read after its base's version moved (autograd installs it:
 * the tensor layer knows no nodes). It may replace the view's grad_fn or throw.
 */
let viewGradFnHook: ((view: Tensor) => void) | null = null;
export function setViewGradFnHook(hook: (view: Tensor) => void): void {
  viewGradFnHook = hook;
}

/** PyTorch's broadcast of two shapes, or null when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/** Strides that read `t` as if expanded to `shape` (0 on broadcast dims). */
export function broadcastStrides(t: Tensor, shape: readonly number[]): number[] {
  const n = shape.length;
  const off = n - t.shape.length;
  const st = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (i < off) st[i] = 0;
    else st[i] = t.shape[i - off] === 1 && shape[i] !== 1 ? 0 : t.strides[i - off];
  }
  return st;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
