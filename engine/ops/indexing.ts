// Indexing: x[...] (basic indexing as views, advanced indexing as IndexBackward0), x[...] = v
// (CopySlices / IndexPutBackward0), index_select, gather, scatter, masked_fill, masked_select.
//
// Every gathering op here is described by a *plan*: the storage offsets its output elements
// read, as a pure function of the input's geometry (shape, strides, offset). Forward reads
// through the plan; backward scatter-adds the gradient through the same plan computed on a
// fresh contiguous tensor; double backward gathers again. One mechanism, no per-op kernels.
import { bumpVersion, checkInplace, defineOp, gradMode, withGradEnabled } from '../autograd';
import { allocStorage, castScalar, DType, isFloating } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { broadcastShapes, contiguousStrides, numelOf, Tensor } from '../tensor/tensor';
import { normalizeDim, stridedOffsets } from '../tensor/kernels/util';
import { alias, expand, selectForIndex, slice, unsqueeze } from './shape';
import { mul } from './arithmetic';
// reduce.ts imports this file too: the cycle is only used at call time
import { sum } from './reduce';
import { copyInPlace, fillInPlace } from './inplace';

// ---------------------------------------------------------------------------------------
// plans
// ---------------------------------------------------------------------------------------

/** Storage offsets (row-major over the output) for a tensor of the given geometry. */
type PlanFn = (shape: number[], strides: number[], offset: number) => Float64Array;

/** One axis of a plan walk: a plain dim (size, stride) or a table of offsets (advanced indices). */
interface PlanAxis {
  size: number;
  stride: number;
  table: Float64Array | null;
}

function walkAxes(axes: PlanAxis[], base: number): Float64Array {
  let n = 1;
  for (const a of axes) n *= a.size;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const nd = axes.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let off = base;
    for (let d = 0; d < nd; d++) {
      const a = axes[d];
      off += a.table === null ? idx[d] * a.stride : a.table[idx[d]];
    }
    out[i] = off;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < axes[d].size) break;
      idx[d] = 0;
    }
  }
  return out;
}

interface GatherParams { plan: PlanFn; outShape: number[]; backName: string }

/** out[i] = input at plan offset i. */
function planGatherRaw(x: Tensor, plan: PlanFn, outShape: number[], dtype: DType = x.dtype): Tensor {
  const offs = plan(x.shape, x.strides, x.offset);
  const out = allocStorage(dtype, offs.length);
  const src = x.storage;
  for (let i = 0; i < offs.length; i++) out[i] = src[offs[i]];
  return new Tensor(out, outShape.slice(), dtype);
}

const gatherOps = new Map<string, (inputs: Tensor[], p: GatherParams) => Tensor[]>();
function planGatherOp(gradFn: string) {
  let op = gatherOps.get(gradFn);
  if (op === undefined) {
    op = defineOp<GatherParams>({
      gradFn,
      formula: ['grad_self = zeros(self.shape).index_put_(indices, grad, accumulate=True)'],
      forward([x], p) {
        return planGatherRaw(x, p.plan, p.outShape);
      },
      backward([g], ctx) {
        return [planScatterAdd(ctx.params.backName, g, ctx.inputs[0].shape, ctx.params.plan, ctx.params.outShape)];
      },
    });
    gatherOps.set(gradFn, op);
  }
  return op;
}

interface ScatterParams { plan: PlanFn; inputShape: number[]; outShape: number[]; forwardName: string }
const scatterOps = new Map<string, (inputs: Tensor[], p: ScatterParams) => Tensor[]>();
function planScatterAdd(gradFn: string, g: Tensor, inputShape: number[], plan: PlanFn, outShape: number[]): Tensor {
  let op = scatterOps.get(gradFn);
  if (op === undefined) {
    op = defineOp<ScatterParams>({
      gradFn,
      formula: ['grad_src = grad gathered at the indices'],
      forward([src], p) {
        const shape = p.inputShape.slice();
        const out = allocStorage(src.dtype, numelOf(shape));
        const offs = p.plan(shape, contiguousStrides(shape), 0);
        const vals = src.data();
        for (let i = 0; i < offs.length; i++) out[offs[i]] += vals[i];
        return new Tensor(out, shape, src.dtype);
      },
      backward([gg], ctx) {
        return [planGatherOp(ctx.params.forwardName)([gg], { plan: ctx.params.plan, outShape: ctx.params.outShape, backName: gradFn })[0]];
      },
    });
    scatterOps.set(gradFn, op);
  }
  return op([g], { plan, inputShape, outShape, forwardName: gradFn + 'Backward' })[0];
}

// ---------------------------------------------------------------------------------------
// index tensors
// ---------------------------------------------------------------------------------------

function checkIndexDtype(t: Tensor): void {
  if (t.dtype !== 'int64' && t.dtype !== 'int32' && t.dtype !== 'uint8' && t.dtype !== 'bool') {
    throw new TorchError('IndexError', 'tensors used as indices must be long, int, byte or bool tensors');
  }
}

/** Long indices (as numbers), bounds-checked and wrapped, with PyTorch's indexing error text. */
function wrapIndices(data: ArrayLike<number>, size: number, dim: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < -size || v >= size) throw new TorchError('IndexError', `index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    out[i] = v < 0 ? v + size : v;
  }
  return out;
}

/** Expands index data of `shape` to `target` (broadcast), row-major. */
function broadcastData(data: ArrayLike<number>, shape: number[], target: number[]): Float64Array {
  const st = contiguousStrides(shape);
  const lead = target.length - shape.length;
  const strides = target.map((s, i) => (i < lead || shape[i - lead] === 1 ? 0 : st[i - lead]));
  const offs = stridedOffsets(target, strides, 0);
  const out = new Float64Array(offs.length);
  for (let i = 0; i < offs.length; i++) out[i] = data[offs[i]];
  return out;
}

// ---------------------------------------------------------------------------------------
// advanced indexing (IndexBackward0)
// ---------------------------------------------------------------------------------------

/** Advanced indices after mask expansion: per indexed dim, long index data broadcast to `bShape`. */
interface AdvancedSpec {
  dims: number[];
  indices: Float64Array[];
  bShape: number[];
}

function advancedPlan(spec: AdvancedSpec): { plan: PlanFn; outShape: (shape: number[]) => number[] } {
  const { dims, indices, bShape } = spec;
  const nB = numelOf(bShape);
  let adjacent = true;
  for (let k = 1; k < dims.length; k++) if (dims[k] !== dims[k - 1] + 1) adjacent = false;
  const first = dims[0];
  const outShape = (shape: number[]): number[] => {
    const rest: number[] = [];
    const restBefore: number[] = [];
    for (let d = 0; d < shape.length; d++) {
      if (dims.includes(d)) continue;
      if (adjacent && d < first) restBefore.push(shape[d]);
      else rest.push(shape[d]);
    }
    return adjacent ? [...restBefore, ...bShape, ...rest] : [...bShape, ...restBefore, ...rest];
  };
  const plan: PlanFn = (shape, strides, offset) => {
    const table = new Float64Array(nB);
    for (let k = 0; k < dims.length; k++) {
      const st = strides[dims[k]];
      const idx = indices[k];
      for (let b = 0; b < nB; b++) table[b] += idx[b] * st;
    }
    const before: PlanAxis[] = [];
    const after: PlanAxis[] = [];
    for (let d = 0; d < shape.length; d++) {
      if (dims.includes(d)) continue;
      const axis = { size: shape[d], stride: strides[d], table: null };
      if (adjacent && d < first) before.push(axis);
      else after.push(axis);
    }
    const bAxis: PlanAxis = { size: nB, stride: 0, table };
    return walkAxes(adjacent ? [...before, bAxis, ...after] : [bAxis, ...before, ...after], offset);
  };
  return { plan, outShape };
}

/** Converts the advanced index entries (long tensors and bool masks at dims) into an AdvancedSpec. */
function buildAdvanced(x: Tensor, entries: { dim: number; index: Tensor }[]): AdvancedSpec {
  const dims: number[] = [];
  const raw: { data: ArrayLike<number>; shape: number[]; dim: number }[] = [];
  for (const { dim, index } of entries) {
    if (index.dtype === 'bool' || index.dtype === 'uint8') {
      // a mask over dims [dim, dim + mask.ndim): its nonzero coordinates index those dims
      for (let k = 0; k < index.ndim; k++) {
        if (index.shape[k] !== x.shape[dim + k]) {
          throw new TorchError('IndexError', `The shape of the mask [${index.shape.join(', ')}] at index ${k} does not match the shape of the indexed tensor [${x.shape.join(', ')}] at index ${dim + k}`);
        }
      }
      const m = index.data();
      const coords: number[][] = index.shape.map(() => []);
      const st = contiguousStrides(index.shape);
      for (let i = 0; i < m.length; i++) {
        if (m[i] === 0) continue;
        let rem = i;
        for (let k = 0; k < index.ndim; k++) {
          coords[k].push(Math.floor(rem / st[k]));
          rem %= st[k];
        }
      }
      for (let k = 0; k < index.ndim; k++) {
        dims.push(dim + k);
        raw.push({ data: coords[k], shape: [coords[k].length], dim: dim + k });
      }
    } else {
      dims.push(dim);
      raw.push({ data: index.data(), shape: index.shape.slice(), dim });
    }
  }
  let bShape: number[] = raw[0].shape;
  for (let i = 1; i < raw.length; i++) {
    const b = broadcastShapes(bShape, raw[i].shape);
    if (b === null) {
      throw new TorchError('IndexError', `shape mismatch: indexing tensors could not be broadcast together with shapes ${raw.map((r) => `[${r.shape.join(', ')}]`).join(', ')}`);
    }
    bShape = b;
  }
  const indices = raw.map((r) => wrapIndices(broadcastData(r.data, r.shape, bShape), x.shape[r.dim], r.dim));
  // dims must be in increasing order for the plan; indices follow their dims
  const order = dims.map((_d, i) => i).sort((a, b) => dims[a] - dims[b]);
  return { dims: order.map((i) => dims[i]), indices: order.map((i) => indices[i]), bShape };
}

function advancedIndex(x: Tensor, spec: AdvancedSpec): Tensor {
  const { plan, outShape } = advancedPlan(spec);
  return planGatherOp('IndexBackward0')([x], { plan, outShape: outShape(x.shape), backName: 'IndexPutBackward0' })[0];
}

// ---------------------------------------------------------------------------------------
// __getitem__
// ---------------------------------------------------------------------------------------

export interface SliceItem {
  start: number | null;
  stop: number | null;
  step: number | null;
}
/** One element of an index: int, slice, None (null), Ellipsis, a tensor, or a Python bool. */
export type IndexItem = number | SliceItem | null | 'ellipsis' | Tensor | boolean;

function isSlice(it: IndexItem): it is SliceItem {
  return typeof it === 'object' && it !== null && !(it instanceof Tensor);
}

interface Resolved {
  /** x after the basic part (views). */
  basic: Tensor;
  /** Advanced entries against `basic`'s dims. */
  advanced: { dim: number; index: Tensor }[];
}

function resolve(x: Tensor, items: readonly IndexItem[], isTuple: boolean): Resolved {
  let consumed = 0;
  let ellipses = 0;
  for (const it of items) {
    if (it === 'ellipsis') ellipses++;
    else if (it === null || typeof it === 'boolean') continue;
    else if (it instanceof Tensor) consumed += it.dtype === 'bool' || it.dtype === 'uint8' ? it.ndim : 1;
    else consumed++;
  }
  if (ellipses > 1) throw new TorchError('IndexError', "an index can only have a single ellipsis ('...')");
  if (consumed > x.ndim) {
    if (x.ndim === 0 && items.some((it) => typeof it === 'number')) {
      throw new TorchError('IndexError', 'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
    }
    throw new TorchError('IndexError', `too many indices for tensor of dimension ${x.ndim}`);
  }
  let result = x;
  let dim = 0; // dim in `result`
  let realDim = 0; // dim in `x` (for error texts)
  const advanced: { dim: number; index: Tensor }[] = [];
  for (const it of items) {
    if (it === 'ellipsis') {
      const skip = x.ndim - consumed;
      dim += skip;
      realDim += skip;
    } else if (it === null) {
      result = unsqueeze(result, dim);
      dim++;
    } else if (typeof it === 'boolean') {
      result = unsqueeze(result, dim);
      advanced.push({ dim, index: boolScalarIndex(it) });
      dim++;
    } else if (typeof it === 'number') {
      if (!Number.isInteger(it)) throw new TorchError('IndexError', 'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)');
      const size = result.shape[dim];
      if (it < -size || it >= size) throw new TorchError('IndexError', `index ${it} is out of bounds for dimension ${realDim} with size ${size}`);
      result = selectForIndex(result, dim, it);
      realDim++;
    } else if (isSlice(it)) {
      const full = it.start === null && it.stop === null && (it.step === null || it.step === 1);
      if (!(full && isTuple)) result = slice(result, dim, it.start, it.stop, it.step ?? 1);
      dim++;
      realDim++;
    } else {
      checkIndexDtype(it);
      if (it.ndim === 0 && it.dtype !== 'bool' && it.dtype !== 'uint8') {
        result = selectForIndex(result, dim, it.at(0));
        realDim++;
      } else if (it.ndim === 0) {
        result = unsqueeze(result, dim);
        advanced.push({ dim, index: boolScalarIndex(it.at(0) !== 0) });
        dim++;
      } else {
        advanced.push({ dim, index: it });
        const n = it.dtype === 'bool' || it.dtype === 'uint8' ? it.ndim : 1;
        dim += n;
        realDim += n;
      }
    }
  }
  return { basic: result, advanced };
}

function boolScalarIndex(b: boolean): Tensor {
  return new Tensor(new Uint8Array([b ? 1 : 0]), [1], 'bool');
}

/** `x[items]`: views for ints/slices/None/..., IndexBackward0 when tensors are involved. */
export function getitem(x: Tensor, items: readonly IndexItem[], isTuple = true): Tensor {
  const { basic, advanced } = resolve(x, items, isTuple);
  if (advanced.length > 0) return advancedIndex(basic, buildAdvanced(basic, advanced));
  if (basic === x) return alias(x);
  return basic;
}

// ---------------------------------------------------------------------------------------
// __setitem__
// ---------------------------------------------------------------------------------------

interface WriteParams { offsets: Float64Array; positions: Float64Array; regionShape: number[]; inputShape: number[] }

/** Keeps grad except at the written positions (they were overwritten). */
function keepMask(shape: number[], positions: Float64Array, dtype: DType): Tensor {
  const m = allocStorage(dtype, numelOf(shape));
  m.fill(1);
  for (let i = 0; i < positions.length; i++) m[positions[i]] = 0;
  return new Tensor(m, shape.slice(), dtype);
}

function makeWriteOp(gradFn: string) {
  return defineOp<WriteParams>({
    gradFn,
    formula: ['grad_self = grad with the written region zeroed', 'grad_value = grad[region].sum_to(value.shape)'],
    forward([self, value], p) {
      const vals = expandValue(value, p.regionShape, self.dtype);
      const s = self.storage;
      for (let i = 0; i < p.offsets.length; i++) s[p.offsets[i]] = vals[i];
      // the in-place result: the same storage seen as `self`
      return new Tensor(self.storage, self.shape.slice(), self.dtype, self.strides.slice(), self.offset, self.version);
    },
    backward([g], ctx) {
      const p = ctx.params;
      const gSelf = ctx.needsGrad[0] ? mul(g, keepMask(p.inputShape, p.positions, g.dtype)) : null;
      let gValue: Tensor | null = null;
      if (ctx.needsGrad[1]) {
        const positions = p.positions;
        const plan: PlanFn = (shape, strides, offset) => {
          // positions are row-major flat indices into a tensor of inputShape
          const out = new Float64Array(positions.length);
          const st = strides;
          for (let i = 0; i < positions.length; i++) {
            let rem = positions[i];
            let off = offset;
            for (let d = shape.length - 1; d >= 0; d--) {
              off += (rem % shape[d]) * st[d];
              rem = Math.floor(rem / shape[d]);
            }
            out[i] = off;
          }
          return out;
        };
        gValue = planGatherOp('IndexBackward0')([g], { plan, outShape: p.regionShape, backName: 'IndexPutBackward0' })[0];
      }
      return [gSelf, gValue];
    },
  });
}
const copySlicesOp = makeWriteOp('CopySlices');
const indexPutOp = makeWriteOp('IndexPutBackward0');
const fillOp = makeWriteOp('FillBackward3');

/** The value broadcast to the region's shape, in dtype `d`, row-major. */
function expandValue(value: Tensor, regionShape: number[], d: DType): ArrayLike<number> {
  const n = numelOf(regionShape);
  const out = allocStorage(d, n);
  const lead = regionShape.length - value.ndim;
  const strides = regionShape.map((s, i) => (i < lead || value.shape[i - lead] === 1 ? 0 : value.strides[i - lead]));
  const offs = stridedOffsets(regionShape, strides, value.offset);
  const src = value.storage;
  for (let i = 0; i < n; i++) out[i] = castScalar(src[offs[i]], d);
  return out;
}

/**
 * `x[items] = value`: writes in place (bumping the shared version counter). When a graph is
 * recorded, `x` gets CopySlices (basic indexing), IndexPutBackward0 (advanced indexing on x
 * itself) or FillBackward3 (`x[...] = scalar`).
 */
export function setitem(x: Tensor, items: readonly IndexItem[], value: Tensor | number | boolean, isTuple = true): void {
  const { basic, advanced } = withGradEnabled(false, () => resolve(x, items, isTuple));
  const spec = advanced.length > 0 ? buildAdvanced(basic, advanced) : null;
  let regionShape: number[];
  let offsets: Float64Array;
  if (spec !== null) {
    const ap = advancedPlan(spec);
    regionShape = ap.outShape(basic.shape);
    offsets = ap.plan(basic.shape, basic.strides, basic.offset);
  } else {
    regionShape = basic.shape.slice();
    offsets = stridedOffsets(basic.shape, basic.strides, basic.offset);
  }
  const valueT = typeof value === 'number' || typeof value === 'boolean'
    ? new Tensor(Float64Array.of(Number(value)), [], 'float64')
    : value;
  if (value instanceof Tensor) {
    if (broadcastShapes(regionShape, value.shape)?.join() !== regionShape.join()) {
      if (spec !== null) throw new TorchError('RuntimeError', `shape mismatch: value tensor of shape [${value.shape.join(', ')}] cannot be broadcast to indexing result of shape [${regionShape.join(', ')}]`);
      withGradEnabled(false, () => expand(value, regionShape)); // raises expand's error text
    }
  }
  const viaView = spec === null || basic !== x;
  const recording = gradMode.enabled && (x.requiresGrad || valueT.requiresGrad);
  if (gradMode.enabled && x.isLeaf && x.leafRequiresGrad) {
    throw new TorchError('RuntimeError', viaView ? 'a view of a leaf Variable that requires grad is being used in an in-place operation.' : 'a leaf Variable that requires grad is being used in an in-place operation.');
  }
  checkInplace(x);
  if (!recording) {
    const vals = expandValue(valueT, regionShape, x.dtype);
    for (let i = 0; i < offsets.length; i++) x.storage[offsets[i]] = vals[i];
    bumpVersion(x);
    return;
  }
  if (x.base !== null) {
    if (spec !== null) {
      throw new TorchError('NotImplementedError', 'Gradscope: assigning through an index tensor into a view of a tensor that requires grad is not supported yet');
    }
    // `v[i] = value` on a view: an in-place copy into the sub-view, CopySlices on the base
    // (the view itself gets AsStridedBackward0 when its grad_fn is next read).
    const target = resolve(x, items, isTuple).basic; // recorded this time, as PyTorch slices
    if (value instanceof Tensor) copyInPlace(target, value);
    else fillInPlace(target, typeof value === 'boolean' ? Number(value) : value);
    return;
  }
  if (!isFloating(x.dtype)) throw new TorchError('RuntimeError', 'only Tensors of floating point dtype can require gradients');
  // positions of the written elements in x's row-major order
  const flatOf = new Map<number, number>();
  const xOffs = stridedOffsets(x.shape, x.strides, x.offset);
  for (let i = 0; i < xOffs.length; i++) flatOf.set(xOffs[i], i);
  const positions = new Float64Array(offsets.length);
  for (let i = 0; i < offsets.length; i++) positions[i] = flatOf.get(offsets[i])!;
  // the op's input is x as it was: a stand-in carrying x's current history
  const before = new Tensor(x.storage, x.shape, x.dtype, x.strides, x.offset, x.version);
  before.gradFn = x.gradFn;
  before.outputNr = x.outputNr;
  const op = spec !== null && !viaView ? indexPutOp : items.length === 1 && items[0] === 'ellipsis' && !(value instanceof Tensor) ? fillOp : copySlicesOp;
  const [out] = op([before, valueT], { offsets, positions, regionShape, inputShape: x.shape.slice() });
  x.gradFn = out.gradFn;
  x.outputNr = 0;
  bumpVersion(x);
}

// ---------------------------------------------------------------------------------------
// index_select / gather / scatter / masked_fill / masked_select
// ---------------------------------------------------------------------------------------

/** `x.index_select(dim, index)`: IndexSelectBackward0. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  if (index.dtype !== 'int64' && index.dtype !== 'int32') throw new TorchError('RuntimeError', 'index_select(): Expected dtype int32 or int64 for index');
  if (index.ndim > 1) throw new TorchError('IndexError', 'index_select(): Index is supposed to be a vector');
  const d = normalizeDim(dim, x.ndim);
  const size = x.ndim === 0 ? 1 : x.shape[d];
  const idx = index.data();
  for (let i = 0; i < idx.length; i++) if (idx[i] < 0 || idx[i] >= size) throw new TorchError('IndexError', 'index out of range in self');
  const table = Float64Array.from(idx);
  const n = table.length;
  const plan: PlanFn = (shape, strides, offset) => {
    if (shape.length === 0) return walkAxes([{ size: n, stride: 0, table: new Float64Array(n) }], offset);
    const axes: PlanAxis[] = shape.map((s, k) => (k === d ? { size: n, stride: 0, table: table.map((v) => v * strides[d]) } : { size: s, stride: strides[k], table: null }));
    return walkAxes(axes, offset);
  };
  const outShape = x.ndim === 0 ? (n === 1 ? [] : [n]) : x.shape.map((s, k) => (k === d ? n : s));
  return planGatherOp('IndexSelectBackward0')([x], { plan, outShape, backName: 'IndexAddBackward0' })[0];
}

function gatherPlan(index: Tensor, dim: number): PlanFn {
  const idx = index.data();
  const ishape = index.shape.slice();
  return (shape, strides, offset) => {
    const n = idx.length;
    const out = new Float64Array(n);
    const nd = ishape.length;
    const coord = new Array<number>(nd).fill(0);
    for (let i = 0; i < n; i++) {
      let off = offset;
      for (let k = 0; k < nd; k++) off += (k === dim ? idx[i] : coord[k]) * (strides[k] ?? 0);
      out[i] = off;
      for (let k = nd - 1; k >= 0; k--) {
        if (++coord[k] < ishape[k]) break;
        coord[k] = 0;
      }
    }
    void shape;
    return out;
  };
}

function checkGatherIndex(x: Tensor, dim: number, index: Tensor, opName: string): void {
  if (index.dtype !== 'int64') throw new TorchError('RuntimeError', `${opName}(): Expected dtype int64 for index`);
  if (index.ndim !== x.ndim && !(x.ndim === 0 && index.ndim <= 1)) {
    throw new TorchError('RuntimeError', 'Index tensor must have the same number of dimensions as input tensor');
  }
  for (let k = 0; k < index.ndim; k++) {
    if (k !== dim && index.shape[k] > x.shape[k]) {
      throw new TorchError('RuntimeError', `Size does not match at dimension ${k} expected index [${index.shape.join(', ')}] to be no larger than self [${x.shape.join(', ')}] apart from dimension ${dim}`);
    }
  }
  const size = x.ndim === 0 ? 1 : x.shape[dim];
  const idx = index.data();
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= size) throw new TorchError('RuntimeError', `index ${idx[i]} is out of bounds for dimension ${dim} with size ${size}`);
  }
}

/** `torch.gather(x, dim, index)`: GatherBackward0. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, x.ndim);
  checkGatherIndex(x, d, index, 'gather');
  return planGatherOp('GatherBackward0')([x], { plan: gatherPlan(index, d), outShape: index.shape.slice(), backName: 'ScatterAddBackward0' })[0];
}

/** zeros(shape).scatter(dim, index, src) — the gradient of max(dim)/min(dim) (differentiable in src). */
export function scatterInto(shape: number[], dim: number, index: Tensor, src: Tensor): Tensor {
  return planScatterAdd('ScatterBackward0', src, shape, gatherPlan(index, dim), index.shape.slice());
}

/** zeros(shape).scatter_add(dim, index, src). */
export function scatterAddInto(shape: number[], dim: number, index: Tensor, src: Tensor): Tensor {
  return planScatterAdd('ScatterAddBackward0', src, shape, gatherPlan(index, dim), index.shape.slice());
}

interface MaskedFillParams { value: number }
const maskedFillScalarOp = defineOp<MaskedFillParams & { mask: Tensor }>({
  gradFn: 'MaskedFillBackward0',
  formula: ['grad_self = grad.masked_fill(mask, 0)'],
  forward([x], p) {
    return maskedFillRaw(x, p.mask, p.value);
  },
  backward([g], ctx) {
    return [maskedFill(g, ctx.params.mask, 0)];
  },
});

const maskedFillTensorOp = defineOp<{ mask: Tensor }>({
  gradFn: 'MaskedFillBackward1',
  formula: ['grad_self = grad.masked_fill(mask, 0)', 'grad_value = grad[mask].sum()'],
  forward([x, v], p) {
    return maskedFillRaw(x, p.mask, v.at(0));
  },
  backward([g], ctx) {
    const mask = ctx.params.mask;
    const gSelf = ctx.needsGrad[0] ? maskedFill(g, mask, 0) : null;
    const gValue = ctx.needsGrad[1] ? sum(maskedSelect(g, mask)) : null;
    return [gSelf, gValue];
  },
});

function maskedFillRaw(x: Tensor, mask: Tensor, value: number): Tensor {
  const shape = broadcastShapes(x.shape, mask.shape);
  if (shape === null) {
    throw new TorchError('RuntimeError', `The size of tensor a (${x.shape[x.ndim - 1]}) must match the size of tensor b (${mask.shape[mask.ndim - 1]}) at non-singleton dimension ${Math.max(x.ndim, mask.ndim) - 1}`);
  }
  const vals = expandValue(x, shape, x.dtype);
  const m = expandValue(mask, shape, 'bool');
  const out = allocStorage(x.dtype, vals.length);
  const v = castScalar(value, x.dtype);
  for (let i = 0; i < vals.length; i++) out[i] = m[i] !== 0 ? v : vals[i];
  return new Tensor(out, shape, x.dtype);
}

/** `x.masked_fill(mask, value)`: MaskedFillBackward0 (number) / MaskedFillBackward1 (0-d tensor). */
export function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new TorchError('RuntimeError', `masked_fill_ only supports boolean masks, but got mask with dtype ${mask.dtype === 'int64' ? 'long int' : mask.dtype === 'float32' ? 'float' : mask.dtype}`);
  if (value instanceof Tensor) {
    if (value.ndim !== 0) throw new TorchError('RuntimeError', `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`);
    return maskedFillTensorOp([x, value], { mask })[0];
  }
  return maskedFillScalarOp([x], { value, mask })[0];
}

/** `x.masked_select(mask)`: MaskedSelectBackward0 (1-D result). */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  if (mask.dtype !== 'bool') throw new TorchError('RuntimeError', `masked_select: expected BoolTensor for mask`);
  const shape = broadcastShapes(x.shape, mask.shape);
  if (shape === null) {
    throw new TorchError('RuntimeError', `The size of tensor a (${x.shape[x.ndim - 1]}) must match the size of tensor b (${mask.shape[mask.ndim - 1]}) at non-singleton dimension ${Math.max(x.ndim, mask.ndim) - 1}`);
  }
  const m = expandValue(mask, shape, 'bool');
  const chosen: number[] = [];
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) chosen.push(i);
  const lead = shape.length - x.ndim;
  const plan: PlanFn = (xs, strides, offset) => {
    const st = shape.map((s, i) => (i < lead || xs[i - lead] === 1 ? 0 : strides[i - lead]));
    const all = stridedOffsets(shape, st, offset);
    return Float64Array.from(chosen, (i) => all[i]);
  };
  return planGatherOp('MaskedSelectBackward0')([x], { plan, outShape: [chosen.length], backName: 'MaskedScatterBackward0' })[0];
}

/** A long index tensor from a Python list of ints (`x[[0, 2]]`), or a bool mask from a list of bools. */
export function indexTensorFromList(values: readonly (number | boolean)[]): Tensor {
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) {
    return new Tensor(Uint8Array.from(values, (v) => (v ? 1 : 0)), [values.length], 'bool');
  }
  return new Tensor(Float64Array.from(values, (v) => Number(v)), [values.length], 'int64');
}
