import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyTensor, makeView, Tensor } from '../../engine/tensor/tensor';
import { add, binary, binaryInPlace, div, floorDivide, mul, pow, remainder, sub, BinaryOp } from '../../engine/tensor/kernels/elementwise';
import { pyFloat, pyInt } from '../../engine/tensor/kernels/util';
import { TorchError } from '../../engine/tensor/errors';
import { tensorOf } from '../golden/kernels/gen';

const vals = (t: Tensor): number[] => Array.from(t.data());

describe('binary kernels: promotion, Python semantics, errors (values from the reference PyTorch)', () => {
  const ai = tensorOf([5, -5, 7, -7], [4], 'int64');
  const bi = tensorOf([3, 3, -2, -2], [4], 'int64');
  it('true division of ints gives float32', () => {
    const r = div(ai, bi);
    expect(r.dtype).toBe('float32');
    expect(vals(r)).toEqual([5 / 3, -5 / 3, -3.5, 3.5].map(Math.fround));
  });
  it('floor division and remainder follow Python signs', () => {
    expect(vals(floorDivide(ai, bi))).toEqual([1, -2, -4, 3]);
    expect(vals(remainder(ai, bi))).toEqual([2, 1, -1, -1]);
    expect(vals(div(ai, bi, 'trunc'))).toEqual([1, -1, -3, 3]);
  });
  it('integer division by zero raises ZeroDivisionError', () => {
    expect(() => floorDivide(ai, pyInt(0))).toThrowError('ZeroDivisionError');
  });
  it('int ** negative int scalar is refused', () => {
    expect(() => pow(ai, pyInt(-1))).toThrowError('Integers to negative integer powers are not allowed.');
  });
  it('float tensor times a Python float rounds the scalar to float32 first', () => {
    const x = tensorOf([3, 1.7, -2.3]);
    expect(vals(mul(x, pyFloat(0.1)))).toEqual([0.30000001192092896, 0.17000000178813934, -0.23000000417232513]);
  });
  it('add with alpha uses one rounding (x + alpha*y)', () => {
    const r = add(tensorOf([1]), tensorOf([0.3]), pyFloat(0.7));
    expect(vals(r)).toEqual([Math.fround(1 + Math.fround(0.3) * Math.fround(0.7))]);
  });
  it('comparisons give bool; bool + bool is logical or; bool - bool is refused', () => {
    expect(binary('lt', ai, pyFloat(0)).dtype).toBe('bool');
    const t = tensorOf([1, 0], [2], 'bool'), f = tensorOf([1, 1], [2], 'bool');
    expect(vals(add(t, f))).toEqual([1, 1]);
    expect(() => sub(t, f)).toThrowError(/Subtraction, the `-` operator, with two bool tensors/);
  });
  it('in-place ops refuse a float result into an int tensor and a larger broadcast shape', () => {
    expect(() => binaryInPlace('add', tensorOf([1, 2], [2], 'int64'), pyFloat(1.5))).toThrowError("result type Float can't be cast to the desired output type Long");
    expect(() => binaryInPlace('add', tensorOf([1, 1, 1]), emptyTensor([2, 3], 'float32'))).toThrowError("output with shape [3] doesn't match the broadcast shape [2, 3]");
  });
  it('broadcast mismatch carries PyTorch message and RuntimeError type', () => {
    try {
      add(emptyTensor([2, 3], 'float32'), emptyTensor([4, 3], 'float32'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TorchError);
      expect((e as TorchError).pyType).toBe('RuntimeError');
      expect((e as TorchError).message).toBe('The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0');
    }
  });
});

/** Slow reference: per-element broadcast by coordinates. */
function reference(op: (x: number, y: number) => number, a: Tensor, b: Tensor, shape: number[]): number[] {
  const out: number[] = [];
  const n = shape.reduce((p, s) => p * s, 1);
  for (let flat = 0; flat < n; flat++) {
    const coord: number[] = [];
    let r = flat;
    for (let d = shape.length - 1; d >= 0; d--) { coord[d] = r % shape[d]; r = Math.floor(r / shape[d]); }
    const at = (t: Tensor): number => {
      let p = t.offset;
      const off = shape.length - t.ndim;
      for (let d = 0; d < t.ndim; d++) p += (t.shape[d] === 1 ? 0 : coord[d + off]) * t.strides[d];
      return t.storage[p];
    };
    out.push(op(at(a), at(b)));
  }
  return out;
}

describe('property: broadcast binary ops agree with a slow reference', () => {
  const dimArb = fc.integer({ min: 1, max: 4 });
  it('add / mul / sub / maximum over random broadcastable shapes and transposed views', () => {
    fc.assert(fc.property(
      fc.array(dimArb, { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      fc.constantFrom<BinaryOp>('add', 'mul', 'sub', 'maximum'), fc.boolean(), fc.integer({ min: 1, max: 1000 }),
      (shape, ones, op, transposeA, seed) => {
        const bShape = shape.map((s, i) => (ones[i] ? 1 : s)).slice(shape.length > 1 ? 1 : 0);
        const fill = (t: Tensor, s: number): Tensor => { for (let i = 0; i < t.storage.length; i++) t.storage[i] = Math.fround(Math.sin(s + i * 1.3) * 10); return t; };
        let a = fill(emptyTensor(shape.slice(), 'float32'), seed);
        if (transposeA && shape.length >= 2) {
          const base = fill(emptyTensor([shape[1], shape[0], ...shape.slice(2)], 'float32'), seed);
          const st = base.strides.slice();
          a = makeView(base, shape.slice(), [st[1], st[0], ...st.slice(2)], 0);
        }
        const b = fill(emptyTensor(bShape, 'float32'), seed + 7);
        const f = Math.fround;
        const fn = { add: (x: number, y: number) => f(x + y), mul: (x: number, y: number) => f(x * y), sub: (x: number, y: number) => f(x - y), maximum: (x: number, y: number) => Math.max(x, y) }[op as 'add'];
        const r = binary(op, a, b);
        expect(r.shape).toEqual(shape);
        expect(vals(r)).toEqual(reference(fn, a, b, shape));
      }), { numRuns: 200 });
  });
});
