// View semantics (shared storage, version counter), setitem (CopySlices / IndexPutBackward0),
// PyTorch's error texts, F.dropout's seeded mask, and a 100,000-op chain through backward.
// Expected values come from test/golden/ops_shape/setitem_dropout.py (.out) and the reference.
import { describe, expect, it } from 'vitest';
import '../../engine/ops/register';
import { Node } from '../../engine/autograd';
import { Tensor } from '../../engine/tensor/tensor';
import { defaultGenerator } from '../../engine/tensor/random';
import { add, mul } from '../../engine/ops/arithmetic';
import * as S from '../../engine/ops/shape';
import * as R from '../../engine/ops/reduce';
import * as I from '../../engine/ops/indexing';
import * as J from '../../engine/ops/join';
import * as L from '../../engine/ops/linalg';
import * as N from '../../engine/ops/nn';
import { backward } from './ops_shape_util';

function f32(rows: number[][], requiresGrad = false): Tensor {
  const t = new Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0].length], 'float32');
  t.leafRequiresGrad = requiresGrad;
  return t;
}
const vec = (v: number[], requiresGrad = false): Tensor => {
  const t = new Tensor(Float32Array.from(v), [v.length], 'float32');
  t.leafRequiresGrad = requiresGrad;
  return t;
};
const long = (v: number[]): Tensor => I.indexTensorFromList(v);
const ones = (shape: number[]): Tensor => new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape, 'float32');
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as { pyType?: string }).pyType}: ${(e as Error).message}`;
  }
  return 'no error';
}

describe('views share storage and the version counter', () => {
  it('a write through a view is seen by the base and bumps the shared version', () => {
    const x = f32([[1, 2, 3], [4, 5, 6]]);
    const row = I.getitem(x, [1], false);
    const col = S.select(S.t(x), 0, 2);
    expect(row.storage).toBe(x.storage);
    expect(row.base).toBe(x);
    const v0 = x.version.value;
    I.setitem(row, [0], 40);
    expect(x.toArray()).toEqual([1, 2, 3, 40, 5, 6]);
    expect(col.toArray()).toEqual([3, 6]);
    expect(x.version.value).toBe(v0 + 1);
    expect(col.version).toBe(x.version);
  });
  it('reshape of a non-viewable layout copies; view refuses it with PyTorch\'s text', () => {
    const x = f32([[1, 2, 3], [4, 5, 6]]);
    expect(S.reshape(S.t(x), [6]).storage).not.toBe(x.storage);
    expect(S.reshape(x, [3, 2]).storage).toBe(x.storage);
    expect(errorOf(() => S.view(S.t(x), [6]))).toBe("RuntimeError: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  });
  it('contiguous() returns the tensor itself when already contiguous', () => {
    const x = f32([[1, 2], [3, 4]], true);
    expect(S.contiguous(x)).toBe(x);
    expect((S.contiguous(S.t(x)).gradFn as Node).name()).toBe('CloneBackward0');
  });
});

describe('setitem', () => {
  it('x[0, 1] = 10 on a non-leaf gives CopySlices(MulBackward0, None)', () => {
    const a = f32([[1, 2, 3], [4, 5, 6]], true);
    const b = mul(a, 2);
    I.setitem(b, [0, 1], 10);
    const node = b.gradFn as Node;
    expect(node.name()).toBe('CopySlices');
    expect(node.nextEdges.map((e) => (e ? e.node.name() : null))).toEqual(['MulBackward0', null]);
    expect(b.toArray()).toEqual([2, 10, 6, 8, 10, 12]);
  });
  it('c[:, 2] = v routes the gradient to v and zeroes it for the overwritten elements', () => {
    const a = f32([[1, 2, 3], [4, 5, 6]], true);
    const v = vec([7, 8], true);
    const c = mul(a, 1);
    I.setitem(c, [{ start: null, stop: null, step: null }, 2], v);
    expect((c.gradFn as Node).name()).toBe('CopySlices');
    expect(c.toArray()).toEqual([1, 2, 7, 4, 5, 8]);
    backward(R.sum(mul(c, f32([[1, 2, 3], [4, 5, 6]]))), ones([]));
    expect(a.grad!.toArray()).toEqual([1, 2, 0, 4, 5, 0]);
    expect(v.grad!.toArray()).toEqual([3, 6]);
  });
  it('advanced-index assignment on the tensor itself gives IndexPutBackward0', () => {
    const a = f32([[1, 2, 3], [4, 5, 6]], true);
    const d = mul(a, 1);
    I.setitem(d, [long([0, 1]), long([0, 0])], 0);
    expect((d.gradFn as Node).name()).toBe('IndexPutBackward0');
    backward(R.sum(d), ones([]));
    expect(a.grad!.toArray()).toEqual([0, 1, 1, 0, 1, 1]);
  });
  it('refuses leaves that require grad, with PyTorch\'s text', () => {
    const a = f32([[1, 2], [3, 4]], true);
    expect(errorOf(() => I.setitem(a, [0], 1))).toBe('RuntimeError: a view of a leaf Variable that requires grad is being used in an in-place operation.');
    expect(errorOf(() => I.setitem(a, [long([0])], 1))).toBe('RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.');
  });
  it('checks the value shape', () => {
    const k = f32([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    expect(errorOf(() => I.setitem(k, [0], ones([5]), false))).toBe('RuntimeError: The expanded size of the tensor (4) must match the existing size (5) at non-singleton dimension 0.  Target sizes: [4].  Tensor sizes: [5]');
    expect(errorOf(() => I.setitem(k, [long([0, 1])], ones([3, 4]), false))).toBe('RuntimeError: shape mismatch: value tensor of shape [3, 4] cannot be broadcast to indexing result of shape [2, 4]');
  });
});

describe('error texts are PyTorch\'s', () => {
  const x = f32([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
  const cases: [string, () => unknown, string][] = [
    ['view size', () => S.view(x, [3, 5]), "RuntimeError: shape '[3, 5]' is invalid for input of size 12"],
    ['two inferred dims', () => S.view(x, [-1, -1]), 'RuntimeError: only one dimension can be inferred'],
    ['dim range', () => S.transpose(x, 0, 2), 'IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
    ['t of 3-D', () => S.t(S.unsqueeze(x, 0)), 'RuntimeError: t() expects a tensor with <= 2 dimensions, but self is 3D'],
    ['expand', () => S.expand(x, [2, 4]), 'RuntimeError: The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0.  Target sizes: [2, 4].  Tensor sizes: [3, 4]'],
    ['narrow', () => S.narrow(x, 0, 2, 2), 'RuntimeError: start (2) + length (2) exceeds dimension size (3).'],
    ['select', () => S.select(x, 0, 3), 'IndexError: select(): index 3 out of range for tensor of size [3, 4] at dimension 0'],
    ['int index', () => I.getitem(x, [3], false), 'IndexError: index 3 is out of bounds for dimension 0 with size 3'],
    ['too many', () => I.getitem(vec([1, 2]), [0, 0]), 'IndexError: too many indices for tensor of dimension 1'],
    ['list index', () => I.getitem(x, [long([0, 5])], false), 'IndexError: index 5 is out of bounds for dimension 0 with size 3'],
    ['mask shape', () => I.getitem(x, [I.indexTensorFromList([true, false])], false), 'IndexError: The shape of the mask [2] at index 0 does not match the shape of the indexed tensor [3, 4] at index 0'],
    ['permute dup', () => S.permute(x, [0, 0]), 'RuntimeError: permute(): duplicate dims are not allowed.'],
    ['cat ranks', () => J.cat([x, vec([1])]), 'RuntimeError: Tensors must have same number of dimensions: got 2 and 1'],
    ['cat sizes', () => J.cat([x, f32([[1, 2, 3, 4, 5]])]), 'RuntimeError: Sizes of tensors must match except in dimension 0. Expected size 4 but got size 5 for tensor number 1 in the list.'],
    ['stack sizes', () => J.stack([x, S.t(x)]), 'RuntimeError: stack expects each tensor to be equal size, but got [3, 4] at entry 0 and [4, 3] at entry 1'],
    ['mm shapes', () => L.matmul(x, x), 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (3x4 and 3x4)'],
    ['mv sizes', () => L.matmul(x, vec([1, 2, 3])), 'RuntimeError: size mismatch, got input (3), mat (3x4), vec (3)'],
    ['matmul 0-d', () => L.matmul(R.sum(x), R.sum(x)), 'RuntimeError: both arguments to matmul need to be at least 1D, but they are 0D and 0D'],
  ];
  for (const [name, fn, text] of cases) it(name, () => expect(errorOf(fn)).toBe(text));
});

describe('max(dim) returns values and indices; ties', () => {
  it('max over all splits the gradient evenly between ties; max(dim) picks one index', () => {
    const x = vec([1, 3, 3], true);
    backward(R.max(x), ones([]));
    expect(x.grad!.toArray()).toEqual([0, 0.5, 0.5]);
    const y = f32([[1, 3, 3]], true);
    const r = R.max(y, 1);
    expect(r.indices.toArray()).toEqual([1]);
    expect(r.indices.dtype).toBe('int64');
    backward(R.sum(r.values), ones([]));
    expect(y.grad!.toArray()).toEqual([0, 1, 0]);
  });
});

describe('dropout', () => {
  it('draws PyTorch\'s mask under manual_seed and scales by 1/(1-p)', () => {
    defaultGenerator.manualSeed(0);
    const x = vec([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(N.dropout(x, 0.3).toArray()).toEqual([0.0, 0.0, 4.285714149475098, 0.0, 7.142857551574707, 0.0, 10.0, 11.428571701049805, 12.85714340209961, 14.285715103149414]);
    defaultGenerator.manualSeed(1);
    const ones64 = new Tensor(new Float64Array(8).fill(1), [2, 4], 'float64');
    expect(N.dropout(ones64, 0.5).toArray()).toEqual([2, 2, 2, 2, 0, 2, 2, 0]);
  });
  it('returns the input itself in eval mode and for p = 0; p = 1 gives MulBackward0 of zeros', () => {
    const x = vec([1, 2], true);
    expect(N.dropout(x, 0.5, false)).toBe(x);
    expect(N.dropout(x, 0)).toBe(x);
    const z = N.dropout(x, 1);
    expect((z.gradFn as Node).name()).toBe('MulBackward0');
    expect(z.toArray()).toEqual([0, 0]);
  });
});

describe('deep graphs', () => {
  it('a 100,000-op chain x = x * 1.0001 + 0.0001 backpropagates without stack overflow', () => {
    const x0 = new Tensor(Float64Array.of(1), [], 'float64');
    x0.leafRequiresGrad = true;
    let x = x0;
    for (let i = 0; i < 50_000; i++) x = add(mul(x, 1.0001), 0.0001);
    backward(x, new Tensor(Float64Array.of(1), [], 'float64'));
    expect(x0.grad!.at(0)).toBeCloseTo(Math.pow(1.0001, 50_000), 6);
  });
});
