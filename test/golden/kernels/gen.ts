// The TypeScript twin of gen.py: the same xorshift32 inputs, so goldens store only results.
import { DType } from '../../../engine/tensor/dtype';
import { emptyTensor, Tensor } from '../../../engine/tensor/tensor';

export function xorshiftValues(n: number, seed: number, scale = 1, shift = 0): number[] {
  let x = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out.push((x / 4294967296) * 2 - 1) ;
    out[i] = out[i] * scale + shift;
  }
  return out;
}

export function make(shape: number[], seed: number, dtype: DType = 'float32', scale = 1, shift = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const t = emptyTensor(shape, dtype);
  t.storage.set(xorshiftValues(n, seed, scale, shift));
  return t;
}

/** A tensor from nested-free data. */
export function tensorOf(values: number[], shape: number[] = [values.length], dtype: DType = 'float32'): Tensor {
  const t = emptyTensor(shape, dtype);
  t.storage.set(values);
  return t;
}
