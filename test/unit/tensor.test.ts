import { describe, expect, it } from 'vitest';
import { broadcastShapes, emptyTensor, makeView, Tensor } from '../../engine/tensor/tensor';
import { resultType, promoteWithScalar } from '../../engine/tensor/dtype';

describe('tensor core', () => {
  it('broadcasts shapes as PyTorch does', () => {
    expect(broadcastShapes([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShapes([2, 3], [4])).toBeNull();
  });
  it('reads a transposed view in row-major order', () => {
    const t = emptyTensor([2, 3], 'float32');
    t.storage.set([0, 1, 2, 3, 4, 5]);
    const tt = makeView(t, [3, 2], [1, 3], 0);
    expect(Array.from(tt.data())).toEqual([0, 3, 1, 4, 2, 5]);
    expect(tt.isContiguous()).toBe(false);
    expect(tt.version).toBe(t.version);
  });
  it('promotes dtypes with the zero-dim and scalar rules', () => {
    expect(resultType([{ dtype: 'int64', ndim: 1 }, { dtype: 'float64', ndim: 0 }])).toBe('float64');
    expect(resultType([{ dtype: 'float32', ndim: 1 }, { dtype: 'float64', ndim: 0 }])).toBe('float32');
    expect(promoteWithScalar('int64', 'float')).toBe('float32');
    expect(promoteWithScalar('float64', 'int')).toBe('float64');
  });
  it('gives each tensor a distinct id', () => {
    const a = new Tensor(new Float32Array(1), [], 'float32');
    const b = new Tensor(new Float32Array(1), [], 'float32');
    expect(a.id).not.toBe(b.id);
  });
});
