// float16 / bfloat16 rounding (the grid every half op result lands on) and the C++ %g
// formatting of torch.finfo / torch.iinfo reprs.
import { describe, expect, it } from 'vitest';
import { roundToBFloat16, roundToHalf, promoteTypes } from '../../engine/tensor/dtype';
import { cppG } from '../../engine/torch/args';

/** Every finite float16 value from its bits (independent of roundToHalf). */
function halfFromBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

describe('roundToHalf', () => {
  it('keeps every float16 value and rounds midpoints to the even neighbour', () => {
    for (let h = 0; h < 0x7c00; h++) {
      const v = halfFromBits(h);
      expect(roundToHalf(v)).toBe(v);
      if (h + 1 < 0x7c00) {
        const next = halfFromBits(h + 1);
        const mid = (v + next) / 2;
        expect(roundToHalf(mid)).toBe(h % 2 === 0 ? v : next);
        expect(roundToHalf(-mid)).toBe(-(h % 2 === 0 ? v : next));
      }
    }
  });
  it('overflows to infinity past 65504 and keeps NaN', () => {
    expect(roundToHalf(65519)).toBe(65504);
    expect(roundToHalf(65520)).toBe(Infinity);
    expect(roundToHalf(-1e6)).toBe(-Infinity);
    expect(roundToHalf(NaN)).toBeNaN();
  });
});

describe('roundToBFloat16', () => {
  it('rounds to 8 significant bits, ties to even', () => {
    expect(roundToBFloat16(1 + 2 ** -8)).toBe(1);
    expect(roundToBFloat16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
    expect(roundToBFloat16(3.14159)).toBe(3.140625);
    expect(roundToBFloat16(NaN)).toBeNaN();
  });
});

describe('promotion pairs of the same rank', () => {
  it('meet one rank up as PyTorch promotes them', () => {
    expect(promoteTypes('int8', 'uint8')).toBe('int16');
    expect(promoteTypes('float16', 'bfloat16')).toBe('float32');
    expect(promoteTypes('float16', 'int64')).toBe('float16');
    expect(promoteTypes('int16', 'int32')).toBe('int32');
  });
});

describe('cppG (ostream precision 6)', () => {
  it('formats like printf %g with ties to even on the exact value', () => {
    expect(cppG(2 ** -10)).toBe('0.000976562');
    expect(cppG(65504)).toBe('65504');
    expect(cppG(-3.4028234663852886e38)).toBe('-3.40282e+38');
    expect(cppG(1e-6)).toBe('1e-06');
    expect(cppG(2 ** -14)).toBe('6.10352e-05');
    expect(cppG(-9223372036854775808)).toBe('-9.22337e+18');
    expect(cppG(0.0078125)).toBe('0.0078125');
  });
});
