// Shape ops and views. A view shares its input's storage and version counter (makeView);
// its backward is another view op, or an "embed" op that writes the gradient into zeros of
// the input's shape at the view's position (PyTorch's select_backward / slice_backward).
import { defineOp } from '../autograd';
import { allocStorage } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { contiguousStrides, copyStrided, makeView, numelOf, sameShape, Tensor, writeStrided } from '../tensor/tensor';
import { normalizeDim } from '../tensor/kernels/util';
import { clone } from './convert';

// ---------------------------------------------------------------------------------------
// geometry helpers
// ---------------------------------------------------------------------------------------

/** Wraps a dim with PyTorch's IndexError text. */
export function wrapDim(dim: number, ndim: number): number {
  return normalizeDim(dim, ndim);
}

/** The strides and offset of a view of some tensor, computed from that tensor's geometry. */
export interface ViewGeometry {
  shape: number[];
  strides: number[];
  offset: number;
}

/** A view op's geometry as a pure function of its input's geometry (replayable on a fresh tensor). */
type GeometryFn<P> = (shape: number[], strides: number[], offset: number, params: P) => ViewGeometry;

function viewOf(t: Tensor, g: ViewGeometry): Tensor {
  return makeView(t, g.shape, g.strides, g.offset);
}

/**
 * PyTorch's computeStride: strides that let `newShape` view memory laid out as
 * (oldShape, oldStrides), or null when a copy is needed.
 */
export function computeViewStrides(oldShape: number[], oldStrides: number[], newShape: number[]): number[] | null {
  if (oldShape.length === 0) return new Array<number>(newShape.length).fill(1);
  const numel = numelOf(oldShape);
  if (numel === 0) return sameShape(oldShape, newShape) ? oldStrides.slice() : contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBaseStride = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= oldShape[tensorD];
    // a chunk ends where the memory stops being contiguous across dims
    if (tensorD === 0 || (oldShape[tensorD - 1] !== 1 && oldStrides[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = oldStrides[tensorD - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

/** Resolves a single -1 in a requested shape, with PyTorch's error texts. */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (s === -1) {
      if (inferred >= 0) throw new TorchError('RuntimeError', 'only one dimension can be inferred');
      inferred = i;
    } else if (s < 0) {
      throw new TorchError('RuntimeError', `invalid shape dimension ${s} at index ${i} of shape [${shape.join(', ')}]`);
    } else known *= s;
  }
  const out = shape.slice();
  if (inferred >= 0) {
    if (known === 0 || numel % known !== 0) throw new TorchError('RuntimeError', `shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
    out[inferred] = numel / known;
  } else if (known !== numel) {
    throw new TorchError('RuntimeError', `shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
  }
  return out;
}

/**
 * The op that undoes a view for backward: zeros of the input's shape with the gradient
 * written at the view's position. Its own backward re-applies the view (double backward).
 */
interface EmbedParams {
  inputShape: number[];
  geometry: (shape: number[], strides: number[], offset: number) => ViewGeometry;
  /** The differentiable view op to re-apply in double backward. */
  reapply: (t: Tensor) => Tensor;
}
const embedOps = new Map<string, (inputs: Tensor[], p: EmbedParams) => Tensor[]>();
function embedOp(gradFn: string) {
  let op = embedOps.get(gradFn);
  if (op === undefined) {
    op = defineOp<EmbedParams>({
      gradFn,
      formula: ['grad_self = grad at the view\'s position'],
      forward([grad], p) {
        const shape = p.inputShape.slice();
        const out = new Tensor(allocStorage(grad.dtype, numelOf(shape)), shape, grad.dtype);
        const g = p.geometry(shape, out.strides, 0);
        writeStrided(makeView(out, g.shape, g.strides, g.offset), grad.data());
        return out;
      },
      backward([gg], ctx) {
        return [ctx.params.reapply(gg)];
      },
    });
    embedOps.set(gradFn, op);
  }
  return op;
}

/** Embeds `grad` (the gradient of a view) into zeros of `inputShape` (differentiable). */
function embedGrad(gradFn: string, grad: Tensor, inputShape: number[], geometry: EmbedParams['geometry'], reapply: (t: Tensor) => Tensor): Tensor {
  return embedOp(gradFn)([grad], { inputShape, geometry, reapply })[0];
}

// ---------------------------------------------------------------------------------------
// view / reshape / flatten
// ---------------------------------------------------------------------------------------

const viewOp = defineOp<{ shape: number[]; gradName: string }>({
  gradFn: (_i, p) => p.gradName,
  formula: ['grad_self = grad.reshape(self.shape)'],
  forward([x], p) {
    const strides = computeViewStrides(x.shape, x.strides, p.shape);
    if (strides === null) {
      throw new TorchError('RuntimeError', "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
    }
    return makeView(x, p.shape.slice(), strides, x.offset);
  },
  backward([g], ctx) {
    return [reshape(g, ctx.inputs[0].shape)];
  },
});

/** `x.view(*shape)`: ViewBackward0. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  const s = inferSize(shape, x.numel);
  return viewOp([x], { shape: s, gradName: 'ViewBackward0' })[0];
}

const unsafeViewOp = defineOp<{ shape: number[] }>({
  gradFn: 'UnsafeViewBackward0',
  formula: ['grad_self = grad.reshape(self.shape)'],
  forward([x], p) {
    // only ever applied to a fresh contiguous tensor: it may share its storage
    return new Tensor(x.storage, p.shape.slice(), x.dtype, contiguousStrides(p.shape), x.offset, x.version);
  },
  backward([g], ctx) {
    return [reshape(g, ctx.inputs[0].shape)];
  },
});

/** `_unsafe_view`: a view of a fresh contiguous result that PyTorch does not track as a view. */
export function unsafeView(x: Tensor, shape: readonly number[]): Tensor {
  if (!x.isContiguous()) return unsafeView(cloneContiguous(x), shape);
  return unsafeViewOp([x], { shape: inferSize(shape, x.numel) })[0];
}

/** `x.reshape(*shape)`: a view when the layout allows (ViewBackward0), else clone + _unsafe_view. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = inferSize(shape, x.numel);
  // a viewable reshape of a non-contiguous tensor is PyTorch's _reshape_alias (ReshapeAliasBackward0)
  if (computeViewStrides(x.shape, x.strides, s) !== null) return viewOp([x], { shape: s, gradName: x.isContiguous() ? 'ViewBackward0' : 'ReshapeAliasBackward0' })[0];
  return unsafeViewOp([cloneContiguous(x)], { shape: s })[0];
}

export function viewAs(x: Tensor, other: Tensor): Tensor {
  return view(x, other.shape);
}
export function reshapeAs(x: Tensor, other: Tensor): Tensor {
  return reshape(x, other.shape);
}

/** `x.flatten(start_dim=0, end_dim=-1)`: returns x itself when nothing is merged (as PyTorch). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = wrapDim(startDim, x.ndim);
  const e = wrapDim(endDim, x.ndim);
  if (s > e) throw new TorchError('RuntimeError', 'flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  let merged = 1;
  for (let i = s; i <= e; i++) merged *= x.shape[i];
  const shape = [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** `x.unflatten(dim, sizes)`. */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = wrapDim(dim, x.ndim);
  const inner = inferSize(sizes, x.shape[d]);
  return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

// ---------------------------------------------------------------------------------------
// clone / contiguous (the copy reshape needs)
// ---------------------------------------------------------------------------------------

/** A contiguous copy (convert.ts's clone: CloneBackward0). */
export function cloneContiguous(x: Tensor): Tensor {
  return clone(x);
}

/** `x.contiguous()`: x itself when already contiguous, else a CloneBackward0 copy. */
export function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : cloneContiguous(x);
}

// ---------------------------------------------------------------------------------------
// generic strided views (transpose, permute, squeeze, unsqueeze, expand, select, slice …)
// ---------------------------------------------------------------------------------------

export function defineViewOp<P>(gradFn: string | ((p: P) => string), geometry: GeometryFn<P>, backward: (g: Tensor, inputShape: number[], p: P) => Tensor, formula: string) {
  const op = defineOp<P>({
    gradFn: typeof gradFn === 'string' ? gradFn : (_i, p) => gradFn(p),
    formula: [formula],
    forward([x], p) {
      return viewOf(x, geometry(x.shape, x.strides, x.offset, p));
    },
    backward([g], ctx) {
      return [backward(g, ctx.inputs[0].shape, ctx.params)];
    },
  });
  return (x: Tensor, p: P) => op([x], p)[0];
}

interface TransposeParams { d0: number; d1: number; name: string }
const transposeView = defineViewOp<TransposeParams>(
  (p) => p.name,
  (shape, strides, offset, { d0, d1 }) => {
    const s = shape.slice();
    const st = strides.slice();
    s[d0] = shape[d1]; s[d1] = shape[d0];
    st[d0] = strides[d1]; st[d1] = strides[d0];
    return { shape: s, strides: st, offset };
  },
  (g, _shape, p) => (p.name.startsWith('TBackward') ? t(g) : transpose(g, p.d0, p.d1)),
  'grad_self = grad.transpose(dim0, dim1)',
);

/** `x.transpose(dim0, dim1)`: TransposeBackward0 (TransposeBackward1 for the view inPlaceView makes for `transpose_`). */
export function transpose(x: Tensor, dim0: number, dim1: number, inplace = false): Tensor {
  const d0 = wrapDim(dim0, x.ndim);
  const d1 = wrapDim(dim1, x.ndim);
  const name = inplace ? 'TransposeBackward1' : 'TransposeBackward0';
  if (x.ndim === 0) return transposeView(x, { d0: 0, d1: 0, name }); // identity geometry on 0-d
  return transposeView(x, { d0, d1, name });
}

/** `x.t()`: TBackward0 (TBackward1 for `t_`); tensors of <= 2 dims only. */
export function t(x: Tensor, inplace = false): Tensor {
  if (x.ndim > 2) throw new TorchError('RuntimeError', `t${inplace ? '_' : ''}() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  const name = inplace ? 'TBackward1' : 'TBackward0';
  if (x.ndim < 2) return transposeView(x, { d0: 0, d1: 0, name });
  return transposeView(x, { d0: 0, d1: 1, name });
}

const permuteView = defineViewOp<{ dims: number[] }>(
  'PermuteBackward0',
  (shape, strides, offset, { dims }) => ({ shape: dims.map((d) => shape[d]), strides: dims.map((d) => strides[d]), offset }),
  (g, _s, { dims }) => {
    const inv = new Array<number>(dims.length);
    for (let i = 0; i < dims.length; i++) inv[dims[i]] = i;
    return permute(g, inv);
  },
  'grad_self = grad.permute(inverse(dims))',
);

/** `x.permute(*dims)`: PermuteBackward0. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new TorchError('RuntimeError', `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${dims.length}`);
  }
  const seen = new Array<boolean>(x.ndim).fill(false);
  const wrapped = dims.map((d) => {
    const w = wrapDim(d, x.ndim);
    if (seen[w]) throw new TorchError('RuntimeError', 'permute(): duplicate dims are not allowed.');
    seen[w] = true;
    return w;
  });
  if (x.ndim === 0) return permuteView(x, { dims: [] });
  return permuteView(x, { dims: wrapped });
}

/** `x.T`: reverses all dims (PermuteBackward0). */
export function T(x: Tensor): Tensor {
  const dims: number[] = [];
  for (let i = x.ndim - 1; i >= 0; i--) dims.push(i);
  return permuteView(x, { dims });
}

/** `x.mT`: transposes the last two dims. */
export function mT(x: Tensor): Tensor {
  if (x.ndim < 2) throw new TorchError('RuntimeError', `tensor.mT is only supported on matrices or batches of matrices. Got ${x.ndim}-D tensor.`);
  return transpose(x, -2, -1);
}

/** `torch.movedim(x, source, destination)`: PermuteBackward0. */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const src = (typeof source === 'number' ? [source] : source).map((d) => wrapDim(d, x.ndim));
  const dst = (typeof destination === 'number' ? [destination] : destination).map((d) => wrapDim(d, x.ndim));
  if (src.length !== dst.length) {
    throw new TorchError('RuntimeError', `movedim: Invalid source or destination dims: source (${JSON.stringify(src)} dims) should contain the same number of dims as destination (${JSON.stringify(dst)} dims)`);
  }
  const order = new Array<number>(x.ndim).fill(-1);
  const used = new Array<boolean>(x.ndim).fill(false);
  for (let i = 0; i < src.length; i++) {
    order[dst[i]] = src[i];
    used[src[i]] = true;
  }
  let next = 0;
  for (let i = 0; i < x.ndim; i++) {
    if (order[i] !== -1) continue;
    while (used[next]) next++;
    order[i] = next++;
  }
  return permute(x, order);
}

interface SqueezeParams { dims: number[]; name: string }
const squeezeView = defineViewOp<SqueezeParams>(
  (p) => p.name,
  (shape, strides, offset, { dims }) => {
    const s: number[] = [];
    const st: number[] = [];
    for (let i = 0; i < shape.length; i++) {
      if (dims.includes(i) && shape[i] === 1) continue;
      s.push(shape[i]);
      st.push(strides[i]);
    }
    return { shape: s, strides: st, offset };
  },
  (g, inputShape, { dims }) => {
    // put back, in ascending order, the size-1 dims the squeeze removed
    let out = g;
    for (let i = 0; i < inputShape.length; i++) if (dims.includes(i) && inputShape[i] === 1) out = unsqueeze(out, i);
    return out;
  },
  'grad_self = grad.unsqueeze(squeezed dims)',
);

/**
 * `x.squeeze()` (SqueezeBackward0), `x.squeeze(dim)` (SqueezeBackward1), `x.squeeze(dims)`
 * (SqueezeBackward2). `inplaceName` gives the grad_fn of the in-place form (`squeeze_`).
 */
export function squeeze(x: Tensor, dim?: number | readonly number[] | null, inplace = false): Tensor {
  if (dim === undefined || dim === null) {
    const dims: number[] = [];
    for (let i = 0; i < x.ndim; i++) dims.push(i);
    return squeezeView(x, { dims, name: inplace ? 'SqueezeBackward3' : 'SqueezeBackward0' });
  }
  if (typeof dim === 'number') return squeezeView(x, { dims: x.ndim === 0 ? (wrapDim(dim, 0), []) : [wrapDim(dim, x.ndim)], name: inplace ? 'SqueezeBackward4' : 'SqueezeBackward1' });
  const dims = dim.map((d) => wrapDim(d, x.ndim));
  return squeezeView(x, { dims: x.ndim === 0 ? [] : dims, name: inplace ? 'SqueezeBackward5' : 'SqueezeBackward2' });
}

const unsqueezeView = defineViewOp<{ dim: number; name: string }>(
  (p) => p.name,
  (shape, strides, offset, { dim }) => {
    const s = shape.slice();
    const st = strides.slice();
    const newStride = dim >= shape.length ? 1 : shape[dim] * strides[dim];
    s.splice(dim, 0, 1);
    st.splice(dim, 0, newStride);
    return { shape: s, strides: st, offset };
  },
  (g, _s, { dim }) => squeeze(g, dim),
  'grad_self = grad.squeeze(dim)',
);

/** `x.unsqueeze(dim)`: UnsqueezeBackward0. */
export function unsqueeze(x: Tensor, dim: number, inplace = false): Tensor {
  return unsqueezeView(x, { dim: wrapDim(dim, x.ndim + 1), name: inplace ? 'UnsqueezeBackward1' : 'UnsqueezeBackward0' });
}

const expandView = defineViewOp<{ shape: number[] }>(
  'ExpandBackward0',
  (shape, strides, offset, p) => {
    const n = p.shape.length;
    const lead = n - shape.length;
    const st = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      if (i < lead) st[i] = 0;
      else st[i] = shape[i - lead] === 1 && p.shape[i] !== 1 ? 0 : strides[i - lead];
    }
    return { shape: p.shape.slice(), strides: st, offset };
  },
  (g, inputShape) => sumToShapeHook(g, inputShape),
  'grad_self = grad.sum_to(self.shape)',
);

/** Filled in by reduce.ts (which imports this file): keeps the import graph acyclic. */
let sumToShapeImpl: ((g: Tensor, shape: number[]) => Tensor) | null = null;
export function registerSumToShape(fn: (g: Tensor, shape: number[]) => Tensor): void {
  sumToShapeImpl = fn;
}
function sumToShapeHook(g: Tensor, shape: number[]): Tensor {
  if (sumToShapeImpl === null) throw new Error('engine/ops/reduce not loaded');
  return sumToShapeImpl(g, shape);
}

function typeNameOf(x: Tensor): string {
  const n: Record<string, string> = { float32: 'Float', float64: 'Double', int64: 'Long', int32: 'Int', uint8: 'Byte', bool: 'Bool' };
  return `torch.${n[x.dtype]}Tensor`;
}

/** `x.expand(*sizes)`: ExpandBackward0; -1 keeps a size. */
export function expand(x: Tensor, sizes: readonly number[]): Tensor {
  if (sizes.length < x.ndim) {
    throw new TorchError('RuntimeError', `expand(${typeNameOf(x)}{[${x.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim})`);
  }
  const lead = sizes.length - x.ndim;
  const target = sizes.slice();
  for (let i = 0; i < sizes.length; i++) {
    const want = sizes[i];
    if (i < lead) {
      if (want < 0) throw new TorchError('RuntimeError', `The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      continue;
    }
    const have = x.shape[i - lead];
    if (want === -1) target[i] = have;
    else if (have !== 1 && want !== have) {
      throw new TorchError('RuntimeError', `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: [${sizes.join(', ')}].  Tensor sizes: [${x.shape.join(', ')}]`);
    }
  }
  return expandView(x, { shape: target });
}

export function expandAs(x: Tensor, other: Tensor): Tensor {
  return expand(x, other.shape);
}

interface SelectParams { dim: number; index: number }
function selectGeometry(shape: number[], strides: number[], offset: number, { dim, index }: SelectParams): ViewGeometry {
  const s = shape.slice();
  const st = strides.slice();
  s.splice(dim, 1);
  st.splice(dim, 1);
  return { shape: s, strides: st, offset: offset + index * strides[dim] };
}
const selectView: (x: Tensor, p: SelectParams) => Tensor = defineViewOp<SelectParams>(
  'SelectBackward0',
  selectGeometry,
  (g, inputShape, p): Tensor => embedGrad('SelectBackwardBackward0', g, inputShape, (s, st, o) => selectGeometry(s, st, o, p), (gg): Tensor => selectView(gg, p)),
  'grad_self = zeros(self.shape).select(dim, index) ← grad',
);

/** `x.select(dim, index)`: SelectBackward0. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.ndim === 0) throw new TorchError('IndexError', 'select() cannot be applied to a 0-dim tensor.');
  const d = wrapDim(dim, x.ndim);
  const size = x.shape[d];
  if (index < -size || index >= size) {
    throw new TorchError('IndexError', `select(): index ${index} out of range for tensor of size [${x.shape.join(', ')}] at dimension ${dim}`);
  }
  return selectView(x, { dim: d, index: index < 0 ? index + size : index });
}

/** Indexing with an int (`x[i]`): the same op, with the indexing error text. */
export function selectForIndex(x: Tensor, dim: number, index: number): Tensor {
  const size = x.shape[dim];
  if (index < -size || index >= size) throw new TorchError('IndexError', `index ${index} is out of bounds for dimension ${dim} with size ${size}`);
  return selectView(x, { dim, index: index < 0 ? index + size : index });
}

interface SliceParams { dim: number; start: number; length: number; step: number }
function sliceGeometry(shape: number[], strides: number[], offset: number, { dim, start, length, step }: SliceParams): ViewGeometry {
  const s = shape.slice();
  const st = strides.slice();
  s[dim] = length;
  st[dim] = strides[dim] * step;
  return { shape: s, strides: st, offset: offset + (length > 0 ? start * strides[dim] : 0) };
}
const sliceView: (x: Tensor, p: SliceParams) => Tensor = defineViewOp<SliceParams>(
  'SliceBackward0',
  sliceGeometry,
  (g, inputShape, p): Tensor => embedGrad('SliceBackwardBackward0', g, inputShape, (s, st, o) => sliceGeometry(s, st, o, p), (gg): Tensor => sliceView(gg, p)),
  'grad_self = zeros(self.shape)[slice] ← grad',
);

/**
 * `x[start:end:step]` along `dim` with Python's clamping (PyTorch clamps like Python for
 * positive steps). `start`/`end` null mean the ends.
 */
export function slice(x: Tensor, dim: number, start: number | null, end: number | null, step = 1): Tensor {
  if (step <= 0) throw new TorchError('ValueError', step === 0 ? 'slice step cannot be zero' : 'step must be greater than zero');
  const d = wrapDim(dim, x.ndim);
  const size = x.shape[d];
  let s = start ?? 0;
  let e = end ?? size;
  if (s < 0) s += size;
  if (e < 0) e += size;
  s = Math.min(Math.max(s, 0), size);
  e = Math.min(Math.max(e, s), size);
  const length = Math.ceil((e - s) / step);
  return sliceView(x, { dim: d, start: s, length, step });
}

/** `x.narrow(dim, start, length)`: SliceBackward0. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.ndim === 0) throw new TorchError('RuntimeError', 'narrow() cannot be applied to a 0-dim tensor.');
  const d = wrapDim(dim, x.ndim);
  const size = x.shape[d];
  if (start < -size || start > size) {
    throw new TorchError('IndexError', `start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  }
  if (start < 0) start += size;
  if (length < 0) throw new TorchError('RuntimeError', 'narrow(): length must be non-negative.');
  if (start + length > size) throw new TorchError('RuntimeError', `start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  return sliceView(x, { dim: d, start, length, step: 1 });
}

const aliasView = defineViewOp<null>(
  'AliasBackward0',
  (shape, strides, offset) => ({ shape: shape.slice(), strides: strides.slice(), offset }),
  (g) => g,
  'grad_self = grad',
);

/** A view of the whole tensor (`x[...]`): AliasBackward0. */
export function alias(x: Tensor): Tensor {
  return aliasView(x, null);
}

// ---------------------------------------------------------------------------------------
// multi-output views: unbind, split, chunk
// ---------------------------------------------------------------------------------------

interface UnbindParams { dim: number }
const unbindOp = defineOp<UnbindParams>({
  gradFn: 'UnbindBackward0',
  formula: ['grad_self = stack(grads, dim)'],
  forward([x], { dim }) {
    const outs: Tensor[] = [];
    for (let i = 0; i < x.shape[dim]; i++) outs.push(viewOf(x, selectGeometry(x.shape, x.strides, x.offset, { dim, index: i })));
    return outs;
  },
  backward(grads, ctx) {
    return [stackHook(grads, ctx.params.dim)];
  },
});

/** `x.unbind(dim)`: one UnbindBackward0 node with an output per slice. */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  if (x.ndim === 0) throw new TorchError('IndexError', 'Dimension specified as 0 but tensor has no dimensions');
  return unbindOp([x], { dim: wrapDim(dim, x.ndim) });
}

interface SplitParams { dim: number; sizes: number[]; name: string }
const splitOp = defineOp<SplitParams>({
  gradFn: (_i, p) => p.name,
  formula: ['grad_self = cat(grads, dim)'],
  forward([x], { dim, sizes }) {
    const outs: Tensor[] = [];
    let start = 0;
    for (const len of sizes) {
      outs.push(viewOf(x, sliceGeometry(x.shape, x.strides, x.offset, { dim, start, length: len, step: 1 })));
      start += len;
    }
    return outs;
  },
  backward(grads, ctx) {
    return [catHook(grads, ctx.params.dim)];
  },
});

/** `x.split(size_or_sizes, dim)`: SplitBackward0 (int) or SplitWithSizesBackward0 (list). */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
  if (x.ndim === 0) throw new TorchError('RuntimeError', 'split expects at least a 1-dimensional tensor');
  const d = wrapDim(dim, x.ndim);
  const size = x.shape[d];
  if (typeof sizeOrSizes === 'number') {
    const step = sizeOrSizes;
    if (step < 0) throw new TorchError('RuntimeError', `split expects split_size be non-negative, but got split_size=${step}`);
    if (step === 0 && size !== 0) throw new TorchError('RuntimeError', `split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
    const sizes: number[] = [];
    const n = step === 0 ? 1 : Math.max(Math.ceil(size / step), 1);
    for (let i = 0; i < n; i++) sizes.push(Math.min(step, size - i * step));
    return splitOp([x], { dim: d, sizes, name: 'SplitBackward0' });
  }
  let total = 0;
  for (const s of sizeOrSizes) total += s;
  if (total !== size) {
    throw new TorchError('RuntimeError', `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=[${sizeOrSizes.join(', ')}]`);
  }
  return splitOp([x], { dim: d, sizes: sizeOrSizes.slice(), name: 'SplitWithSizesBackward0' });
}

/** `x.chunk(chunks, dim)`: split with ceil(size / chunks) (SplitBackward0). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (x.ndim === 0) throw new TorchError('RuntimeError', 'chunk expects at least a 1-dimensional tensor');
  if (chunks <= 0) throw new TorchError('RuntimeError', `chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = wrapDim(dim, x.ndim);
  const splitSize = Math.ceil(x.shape[d] / chunks);
  if (splitSize === 0 && x.shape[d] === 0) {
    const sizes = new Array<number>(chunks).fill(0);
    return splitOp([x], { dim: d, sizes, name: 'SplitWithSizesBackward0' });
  }
  return split(x, splitSize, d);
}

/** Filled in by join.ts (cat / stack are its ops; split / unbind need them for backward). */
let catImpl: ((ts: Tensor[], dim: number) => Tensor) | null = null;
let stackImpl: ((ts: Tensor[], dim: number) => Tensor) | null = null;
export function registerJoins(cat: (ts: Tensor[], dim: number) => Tensor, stack: (ts: Tensor[], dim: number) => Tensor): void {
  catImpl = cat;
  stackImpl = stack;
}
function catHook(ts: Tensor[], dim: number): Tensor {
  if (catImpl === null) throw new Error('engine/ops/join not loaded');
  return catImpl(ts, dim);
}
function stackHook(ts: Tensor[], dim: number): Tensor {
  if (stackImpl === null) throw new Error('engine/ops/join not loaded');
  return stackImpl(ts, dim);
}

// ---------------------------------------------------------------------------------------
// copies: repeat, flip
// ---------------------------------------------------------------------------------------

const repeatOp = defineOp<{ repeats: number[] }>({
  gradFn: 'RepeatBackward0',
  formula: ['grad_self = grad summed over the repeated tiles'],
  forward([x], { repeats }) {
    // expand a (1, s0, 1, s1 …) view to (r0, s0, r1, s1 …) and copy: tile order is row-major
    const lead = repeats.length - x.ndim;
    const inShape = [...new Array<number>(lead).fill(1), ...x.shape];
    const inStrides = [...new Array<number>(lead).fill(0), ...x.strides];
    const shape: number[] = [];
    const strides: number[] = [];
    for (let i = 0; i < repeats.length; i++) {
      shape.push(repeats[i], inShape[i]);
      strides.push(0, inStrides[i]);
    }
    const tiled = new Tensor(x.storage, shape, x.dtype, strides, x.offset);
    const data = allocStorage(x.dtype, numelOf(shape));
    copyStrided(tiled, data, 0);
    return new Tensor(data, repeats.map((r, i) => r * inShape[i]), x.dtype);
  },
  backward([g], ctx) {
    const { repeats } = ctx.params;
    const inShape = ctx.inputs[0].shape;
    const lead = repeats.length - inShape.length;
    const split: number[] = [];
    const dims: number[] = [];
    for (let i = 0; i < repeats.length; i++) {
      const s = i < lead ? 1 : inShape[i - lead];
      split.push(repeats[i], s);
      dims.push(2 * i);
    }
    const summed = sumDimsHook(reshape(g, split), dims);
    return [reshape(summed, inShape)];
  },
});

let sumDimsImpl: ((g: Tensor, dims: number[]) => Tensor) | null = null;
export function registerSumDims(fn: (g: Tensor, dims: number[]) => Tensor): void {
  sumDimsImpl = fn;
}
function sumDimsHook(g: Tensor, dims: number[]): Tensor {
  if (sumDimsImpl === null) throw new Error('engine/ops/reduce not loaded');
  return sumDimsImpl(g, dims);
}

/** `x.repeat(*repeats)`: RepeatBackward0. */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.ndim) throw new TorchError('RuntimeError', 'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
  for (const r of repeats) if (r < 0) throw new TorchError('RuntimeError', `Trying to create tensor with negative dimension ${r}: [${repeats.join(', ')}]`);
  return repeatOp([x], { repeats: repeats.slice() })[0];
}

const flipOp = defineOp<{ dims: number[] }>({
  gradFn: 'FlipBackward0',
  formula: ['grad_self = grad.flip(dims)'],
  forward([x], { dims }) {
    let offset = x.offset;
    const strides = x.strides.slice();
    for (const d of dims) {
      if (x.shape[d] > 0) offset += (x.shape[d] - 1) * x.strides[d];
      strides[d] = -strides[d];
    }
    const reversed = new Tensor(x.storage, x.shape.slice(), x.dtype, strides, offset);
    const data = allocStorage(x.dtype, x.numel);
    copyStrided(reversed, data, 0);
    return new Tensor(data, x.shape.slice(), x.dtype);
  },
  backward([g], ctx) {
    return [flip(g, ctx.params.dims)];
  },
});

/** `x.flip(dims)`: FlipBackward0 (a copy, as in PyTorch). */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  const seen = new Set<number>();
  const wrapped = dims.map((d) => {
    const w = wrapDim(d, x.ndim);
    if (seen.has(w)) throw new TorchError('RuntimeError', `dim ${w} appears multiple times in the list of dims`);
    seen.add(w);
    return w;
  });
  return flipOp([x], { dims: x.ndim === 0 ? [] : wrapped })[0];
}
