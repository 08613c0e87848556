import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DType } from '../../engine/tensor/dtype';
import { makeView, Tensor } from '../../engine/tensor/tensor';
import { mean, sum } from '../../engine/tensor/kernels/reduce';
import { make } from '../golden/kernels/gen';

interface SumCase {
  name: string; shape: number[]; seed: number; dtype: DType; scale: number; shift: number;
  dims: number | number[] | null; op: 'sum' | 'mean'; transpose: boolean; keepdim: boolean; out_shape: number[]; out: number[];
}
const goldenDir = join(__dirname, '../golden/kernels');
const sumCases: SumCase[] = JSON.parse(readFileSync(join(goldenDir, 'sum.json'), 'utf8'));

function transpose0Last(t: Tensor): Tensor {
  const nd = t.ndim;
  const shape = t.shape.slice(), strides = t.strides.slice();
  [shape[0], shape[nd - 1]] = [shape[nd - 1], shape[0]];
  [strides[0], strides[nd - 1]] = [strides[nd - 1], strides[0]];
  return makeView(t, shape, strides, t.offset);
}

describe('float sums reproduce PyTorch CPU cascade summation bit for bit', () => {
  for (const c of sumCases) {
    it(c.name, () => {
      let x = make(c.shape, c.seed, c.dtype, c.scale, c.shift);
      if (c.transpose) x = transpose0Last(x);
      const r = (c.op === 'sum' ? sum : mean)(x, c.dims, c.keepdim);
      expect(r.shape).toEqual(c.out_shape);
      expect(Array.from(r.storage)).toEqual(c.out);
    });
  }
});
