// Tensor printing and Python float formatting against outputs of real PyTorch 2.14.1 /
// Python 3.14 (test/golden/print/*.py → *.out, made with the oracle; never run here).
// Each tensor case rebuilds, through the engine API, the tensor its golden script printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DType } from '../../engine/tensor/dtype';
import {
  ElementFormatter,
  formatDtype,
  formatShapeTuple,
  formatSize,
  getPrintOptions,
  resetPrintOptions,
  setPrintDefaultDtype,
  setPrintOptions,
  SetPrintOptionsArgs,
  tensorRepr,
  tensorStr,
} from '../../engine/tensor/format';
import { formatExponent, formatFixed, formatFloatSpec, formatIntSpec, formatPythonFloat, PyFormatError } from '../../engine/tensor/pyfloat';
import { allocStorage } from '../../engine/tensor/dtype';
import { makeView, Tensor } from '../../engine/tensor/tensor';

const GOLDEN_DIR = join(__dirname, '..', 'golden', 'print');

/** "## name" sections of a golden output: name → printed text (without the final newline). */
function readSections(file: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (name !== null) out.set(name, lines.join('\n'));
  };
  for (const line of readFileSync(join(GOLDEN_DIR, file), 'utf8').replace(/\n$/, '').split('\n')) {
    if (line.startsWith('## ')) {
      flush();
      name = line.slice(3);
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}

// ---- tensor builders (mirroring the golden scripts) ----

function tensor(values: ArrayLike<number>, shape: number[], dtype: DType = 'float32'): Tensor {
  const storage = allocStorage(dtype, values.length);
  for (let i = 0; i < values.length; i++) storage[i] = values[i];
  return new Tensor(storage, shape, dtype);
}
const f32 = (values: number[], shape = [values.length]) => tensor(values, shape, 'float32');
const f64 = (values: number[], shape = [values.length]) => tensor(values, shape, 'float64');
const i64 = (values: number[], shape = [values.length]) => tensor(values, shape, 'int64');
const bools = (values: boolean[], shape = [values.length]) => tensor(values.map(Number), shape, 'bool');
const scalar = (v: number, dtype: DType = 'float32') => tensor([v], [], dtype);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const arange = (n: number, shape = [n], dtype: DType = 'int64') => tensor(range(n), shape, dtype);
const zeros = (shape: number[], dtype: DType = 'float32') => tensor(new Array(shape.reduce((a, b) => a * b, 1)).fill(0), shape, dtype);
/** gen() of the golden scripts: values whose double arithmetic JS reproduces exactly. */
const gen = (n: number, a: number, b: number, c: number, d: number) => range(n).map((i) => (((i * a) % b) - c) / d);

function leafRequiringGrad(t: Tensor): Tensor {
  t.leafRequiresGrad = true;
  return t;
}
function withGradFn(t: Tensor, name: string): Tensor {
  t.gradFn = { name: () => name };
  return t;
}
function parameter(t: Tensor, requiresGrad = true): Tensor {
  t.isParameter = true;
  t.leafRequiresGrad = requiresGrad;
  return t;
}

const nan = NaN;
const inf = Infinity;

type Case = [name: string, build: () => Tensor | string];

const DEFAULT_CASES: Case[] = [
  ['int_1d', () => i64([1, 2, 3])],
  ['int_mixed_width', () => i64([-10, 5, 1000])],
  ['int_2d', () => arange(12, [3, 4])],
  ['int_neg_2d', () => i64([-1, 200, 30, -4000], [2, 2])],
  ['int32_1d', () => tensor([1, -2, 3], [3], 'int32')],
  ['uint8_1d', () => tensor([0, 7, 255], [3], 'uint8')],
  ['bool_1d', () => bools([true, false, true])],
  ['bool_2d', () => bools([true, false], [2, 1])],
  ['int_large', () => i64([123456789012, -5])],
  ['f_int_mode', () => f32([1, 2, 3])],
  ['f_int_mode_neg', () => f32([-1, 20, 300])],
  ['f_zeros_2d', () => zeros([2, 3])],
  ['f_ones_neg', () => f32([-1, -1, -1, -1], [2, 2])],
  ['f_neg_zero', () => f32([0, -0])],
  ['f_neg_zero_frac', () => f32([-0, 1.5])],
  ['f_int_big', () => f32([123456, 1])],
  ['f_fixed', () => f32([1.5, -2.25, 3.14159])],
  ['f_tenths', () => f32([0.1, 0.2, 0.3])],
  ['f_sum_tenths', () => f32([Math.fround(Math.fround(0.1) + Math.fround(0.2))])],
  ['f_ties_fixed', () => f32([0.03125, 0.09375, 1.00005, 2.5])],
  ['f_fixed_wide', () => f32([123.456, -0.5, 999.9999])],
  ['f_round_up', () => f32([9.99996, 0.99999])],
  ['f_ratio_999', () => f32([0.01, 9.99])],
  ['f_2d', () => f32(gen(12, 7, 13, 6, 4.0), [3, 4])],
  ['f_sci_small', () => f32([1e-5, 1.0])],
  ['f_sci_ratio', () => f32([0.001, 10.0])],
  ['f_sci_large', () => f32([1e9, 1.5])],
  ['f_sci_int_large', () => f32([123456789.0, 1.0])],
  ['f_sci_tiny', () => f32([1e-30, -2.5e-38])],
  ['f_sci_ties', () => f32([1.03125, 1e-5])],
  ['f_sci_2d', () => f32([1e-6, 2.0, -3e5, 4.0], [2, 2])],
  ['f_sci_max', () => f32([3.4028234663852886e38, -1.0])],
  ['f_denormal', () => f32([1e-40, 1.0])],
  ['f_nan_inf', () => f32([nan, inf, -inf, 1.5])],
  ['f_nan_only', () => f32([nan])],
  ['f_inf_int', () => f32([inf, 2.0])],
  ['f_nan_int_zero', () => f32([nan, 0.0, -inf])],
  ['f_nan_sci', () => f32([nan, 1e-7, 1.0])],
  ['f64_1d', () => f64([1.5, 2.0])],
  ['f64_scalar', () => scalar(0.1, 'float64')],
  ['f64_precise', () => f64([0.123456789, 1e-3])],
  ['f64_int_mode', () => f64([1.0, -2.0])],
  ['f64_sci', () => f64([1e100, 1.0])],
  ['s_float', () => scalar(3.5)],
  ['s_float_int', () => scalar(2.0)],
  ['s_int', () => scalar(7, 'int64')],
  ['s_bool', () => scalar(1, 'bool')],
  ['s_tiny', () => scalar(1e-8)],
  ['s_neg_zero', () => scalar(-0)],
  ['s_nan', () => scalar(nan)],
  ['s_neg_inf', () => scalar(-inf)],
  ['s_uint8', () => scalar(3, 'uint8')],
  ['s_big', () => scalar(2.5e10)],
  ['s_third', () => scalar(Math.fround(1 / 3))],
  ['e_1d', () => f32([])],
  ['e_0x3', () => zeros([0, 3])],
  ['e_int64', () => zeros([0], 'int64')],
  ['e_bool_2x0', () => zeros([2, 0], 'bool')],
  ['e_f64', () => zeros([0], 'float64')],
  ['e_3d', () => zeros([1, 0, 2])],
  ['wrap_int', () => arange(100)],
  ['wrap_float', () => f32(gen(40, 17, 31, 15, 8.0))],
  ['wrap_big_int_mode', () => f32(gen(30, 13, 29, 14, 1.0e-5))],
  ['wrap_sci', () => f32(gen(30, 13, 29, 14, 1.0e5))],
  ['wrap_2d_rows', () => f32(gen(60, 11, 23, 11, 3.0), [2, 30])],
  ['wrap_bool', () => bools(range(30).map((i) => i % 3 === 0))],
  ['d3_int', () => arange(24, [2, 3, 4])],
  ['d3_float', () => f32(gen(24, 5, 17, 8, 2.0), [2, 3, 4])],
  ['d4_float', () => f32(gen(24, 3, 11, 5, 4.0), [2, 2, 2, 3])],
  ['d5_small', () => arange(32, [2, 2, 2, 2, 2])],
  ['d3_single', () => f32([1], [1, 1, 1])],
  ['sum_1d_int', () => arange(2000)],
  ['sum_1d_1001', () => f32(gen(1001, 7, 1000, 500, 16.0))],
  ['sum_2d', () => f32(gen(2000, 37, 997, 498, 10.0), [40, 50])],
  ['sum_2d_narrow', () => arange(3000, [1000, 3], 'float32')],
  ['sum_3d', () => f32(gen(2000, 13, 101, 50, 7.0), [20, 10, 10])],
  ['sum_3d_big', () => f32(gen(1200, 29, 211, 105, 1.0e-6), [4, 30, 10])],
  ['sum_3d_sci', () => f32(gen(1200, 29, 211, 105, 1.0e6), [4, 30, 10])],
  ['sum_bool', () => bools(range(1500).map((i) => i % 5 === 0))],
  ['sum_exact_1000', () => arange(1000, [10, 100])],
  ['rg_leaf', () => leafRequiringGrad(f32([1, 2, 3]))],
  ['rg_scalar', () => leafRequiringGrad(scalar(2))],
  ['rg_mul', () => withGradFn(f32([2, 4, 6]), 'MulBackward0')],
  ['rg_sum', () => withGradFn(scalar(14), 'SumBackward0')],
  ['rg_f64', () => leafRequiringGrad(f64([1.5, 2.5]))],
  ['rg_2d_add', () => withGradFn(f32([2, 2, 2, 2], [2, 2]), 'AddBackward0')],
  ['rg_empty', () => leafRequiringGrad(f32([]))],
  ['rg_detached', () => f32([2, 4, 6])],
  ['rg_wrap_9', () => withGradFn(f32(gen(9, 5, 13, 6, 7.0).map((v) => Math.fround(v) * 3)), 'MulBackward0')],
  ['rg_wrap_8', () => withGradFn(f32(gen(8, 5, 13, 6, 7.0).map((v) => Math.fround(v) * 3)), 'MulBackward0')],
  ['rg_wrap_7', () => withGradFn(f32(gen(7, 5, 13, 6, 7.0).map((v) => Math.fround(v) * 3)), 'MulBackward0')],
  ['rg_wrap_long_2d', () => leafRequiringGrad(f32(gen(16, 5, 13, 6, 7.0), [2, 8]))],
  ['rg_f64_wrap', () => leafRequiringGrad(f64(gen(8, 5, 13, 6, 7.0)))],
  ['param_2d', () => parameter(f32([1, 2, 3, 4], [2, 2]))],
  ['param_1d', () => parameter(f32([0.5, -0.25]))],
  ['param_nograd', () => parameter(f32([1]), false)],
  ['edge_1e-4_f32', () => f32([1e-4, 1.0])],
  ['edge_1e-4_f64', () => f64([1e-4, 1.0])],
  ['edge_1e8', () => f32([1e8])],
  ['edge_ratio_1000', () => f32([1, 1000])],
  ['edge_ratio_1001', () => f32([1, 1001])],
  ['edge_f64_1e8_plus', () => f64([100000000.5])],
  ['sum_4d', () => arange(4096, [8, 8, 8, 8], 'float32')],
  ['sum_tall', () => f32(gen(2000, 7, 19, 9, 2.0), [1000, 2])],
  ['sum_wide', () => f32(gen(2000, 7, 19, 9, 2.0), [2, 1000])],
  ['sum_mid_small', () => arange(2002, [2, 7, 143])],
  ['view_transposed', () => makeView(arange(6, [2, 3], 'float32'), [3, 2], [1, 3], 0)],
  ['int64_neg_wrap', () => i64(gen(25, 9, 23, 11, 1.0 / 1000).map(Math.trunc))],
  ['inference', () => {
    const t = f32([1, 1]);
    t.isInference = true;
    return t;
  }],
  ['no_grad_result', () => f32([2])],
  ['size_2d', () => formatSize([2, 3])],
  ['size_0d', () => formatSize([])],
  ['size_1d', () => formatSize([5])],
  ['dtype_f32', () => formatDtype('float32')],
  ['dtype_i64', () => formatDtype('int64')],
];

const fixed = () => f32([1.123456789, -22.5, 0.333333343]);
const small = () => f32([1e-5, 2.5e-3, 1.0]);
const ints = () => f32([1, 20, 300]);

/** [name, set_printoptions calls made since the last reset to defaults, builder] */
type OptionCase = [name: string, calls: SetPrintOptionsArgs[], build: () => Tensor];
const OPTION_CASES: OptionCase[] = [
  ['p2_fixed', [{ precision: 2 }], fixed],
  ['p2_small', [{ precision: 2 }], small],
  ['p2_ints', [{ precision: 2 }], ints],
  ['p8_fixed', [{ precision: 8 }], fixed],
  ['p8_tenth', [{ precision: 8 }], () => f32([0.1, 0.2])],
  ['p8_f64_tenth', [{ precision: 8 }], () => f64([0.1, 0.2])],
  ['p8_small', [{ precision: 8 }], small],
  ['p0_fixed', [{ precision: 0 }], fixed],
  ['p0_small', [{ precision: 0 }], small],
  ['sci_on_fixed', [{ sci_mode: true }], fixed],
  ['sci_on_ints', [{ sci_mode: true }], ints],
  ['sci_on_zeros', [{ sci_mode: true }], () => zeros([2])],
  ['sci_on_int_tensor', [{ sci_mode: true }], () => i64([1, 2])],
  ['sci_off_small', [{ sci_mode: false }], small],
  ['sci_off_large', [{ sci_mode: false }], () => f32([1e9, 1.5])],
  ['sci_off_tiny', [{ sci_mode: false }], () => f32([1e-9, 1.0])],
  ['sci_reset_small', [{ sci_mode: false }, { precision: 3 }], small],
  ['lw40_int', [{ linewidth: 40 }], () => arange(30)],
  ['lw40_float', [{ linewidth: 40 }], () => f32(gen(20, 7, 19, 9, 4.0))],
  ['lw40_suffix', [{ linewidth: 40 }], () => leafRequiringGrad(f32([1.5, 2.5, 3.5, 4.5]))],
  ['lw41_suffix_fits', [{ linewidth: 41 }], () => leafRequiringGrad(f32([1, 1, 1]))],
  ['lw40_suffix_wraps', [{ linewidth: 40 }], () => leafRequiringGrad(f32([1, 1, 1]))],
  ['lw62_two_suffixes_fit', [{ linewidth: 62 }], () => leafRequiringGrad(f64([1, 1, 1]))],
  ['lw61_second_suffix_wraps', [{ linewidth: 61 }], () => leafRequiringGrad(f64([1, 1, 1]))],
  ['lw30_both_wrap', [{ linewidth: 30 }], () => leafRequiringGrad(f64([1, 1, 1]))],
  ['lw30_2d_last_line', [{ linewidth: 30 }], () => leafRequiringGrad(f32([1, 1, 1, 1, 1, 1], [2, 3]))],
  ['lw5_int', [{ linewidth: 5 }], () => arange(6)],
  ['th5_arange', [{ threshold: 5 }], () => arange(10)],
  ['th5_exact', [{ threshold: 5 }], () => arange(5)],
  ['th5_2d', [{ threshold: 5 }], () => arange(42, [6, 7], 'float32')],
  ['th5_small_2d', [{ threshold: 5 }], () => arange(6, [2, 3])],
  ['th5_e1_1d', [{ threshold: 5, edgeitems: 1 }], () => arange(10)],
  ['th5_e1_3d', [{ threshold: 5, edgeitems: 1 }], () => arange(60, [3, 4, 5])],
  ['th5_e0_1d', [{ threshold: 5, edgeitems: 0 }], () => arange(10)],
  ['th5_e0_2d', [{ threshold: 5, edgeitems: 0 }], () => arange(42, [6, 7], 'float32')],
  ['th5_e0_2d_grad', [{ threshold: 5, edgeitems: 0 }], () => leafRequiringGrad(arange(42, [6, 7], 'float32'))],
  ['th5_e0_small', [{ threshold: 5, edgeitems: 0 }], () => arange(3)],
  ['th5_e2_wide', [{ threshold: 5, edgeitems: 2 }], () => f32(gen(12, 5, 11, 5, 1.0e-3))],
  ['short_fixed', [{ profile: 'short' }], fixed],
  ['short_long', [{ profile: 'short' }], () => arange(2000, [2000], 'float32')],
  ['short_3d', [{ profile: 'short' }], () => arange(2000, [10, 10, 20])],
  ['full_1200', [{ profile: 'full' }], () => arange(1200)],
  ['full_p2', [{ profile: 'full' }, { profile: 'full', precision: 2 }], fixed],
  ['default_again', [{ profile: 'full' }, { profile: 'default' }], fixed],
  ['default_long', [{ profile: 'default' }], () => arange(2000)],
];

afterEach(() => {
  resetPrintOptions();
  setPrintDefaultDtype('float32');
});

describe('tensorRepr matches PyTorch 2.14 with default print options', () => {
  const golden = readSections('tensors.out');
  it('covers every golden case', () => {
    expect(DEFAULT_CASES.map((c) => c[0]).sort()).toEqual([...golden.keys()].sort());
  });
  it.each(DEFAULT_CASES)('%s', (name, build) => {
    const built = build();
    const text = typeof built === 'string' ? built : tensorRepr(built);
    expect(text).toBe(golden.get(name));
  });
});

describe('tensorRepr follows torch.set_printoptions', () => {
  const golden = readSections('printopts.out');
  it('covers every golden case', () => {
    expect(OPTION_CASES.map((c) => c[0]).sort()).toEqual([...golden.keys()].sort());
  });
  it.each(OPTION_CASES)('%s', (name, calls, build) => {
    for (const call of calls) setPrintOptions(call);
    expect(tensorRepr(build())).toBe(golden.get(name));
  });
});

describe('print options state', () => {
  it('resets sci_mode to None whenever set_printoptions omits it', () => {
    setPrintOptions({ sci_mode: true, precision: 6 });
    expect(getPrintOptions()).toMatchObject({ sci_mode: true, precision: 6 });
    setPrintOptions({ linewidth: 100 });
    expect(getPrintOptions()).toEqual({ precision: 6, threshold: 1000, edgeitems: 3, linewidth: 100, sci_mode: null });
  });
  it('applies a profile before the explicit options', () => {
    setPrintOptions({ profile: 'full', edgeitems: 5 });
    expect(getPrintOptions()).toEqual({ precision: 4, threshold: Infinity, edgeitems: 5, linewidth: 80, sci_mode: null });
  });
});

describe('tensorRepr on engine tensors', () => {
  it('omits the dtype of the default float dtype after set_default_dtype(float64)', () => {
    setPrintDefaultDtype('float64');
    expect(tensorRepr(f64([1.5]))).toBe('tensor([1.5000])');
    expect(tensorRepr(f32([1.5]))).toBe('tensor([1.5000], dtype=torch.float32)');
  });
  it('str is repr', () => {
    const t = leafRequiringGrad(f32([0.5]));
    expect(tensorStr(t)).toBe(tensorRepr(t));
  });
  it('formats shapes as Python tuples', () => {
    expect(formatShapeTuple([10])).toBe('(10,)');
    expect(formatShapeTuple([0, 3])).toBe('(0, 3)');
  });
  it('sizes the column from the widest element', () => {
    const f = new ElementFormatter(Float64Array.from([1.5, -22.25]), 'float64');
    expect([f.intMode, f.sciMode, f.width()]).toEqual([false, false, 8]);
    expect(f.format(1.5)).toBe('  1.5000');
  });
});

// ---- Python float formatting ----

/** float.hex() text → the double. */
function parseFloatHex(h: string): number {
  if (h === 'inf') return Infinity;
  if (h === '-inf') return -Infinity;
  if (h === 'nan') return NaN;
  const m = /^(-)?0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(h);
  if (!m) throw new Error('bad hex float ' + h);
  const mantissa = Number(m[2]) * 2 ** 52 + parseInt(m[3].padEnd(13, '0'), 16);
  const v = mantissa * 2 ** (Number(m[4]) - 52);
  return m[1] ? -v : v;
}

describe('Python float formatting matches CPython 3.14', () => {
  const lines = readFileSync(join(GOLDEN_DIR, 'pyfloat.out'), 'utf8').split('\n').filter(Boolean);
  it('repr and format(x, spec) on every golden line', () => {
    expect(lines.length).toBeGreaterThan(6000);
    const mismatches: string[] = [];
    for (const line of lines) {
      const [hex, spec, want] = line.split('\t');
      const x = parseFloatHex(hex);
      const got = spec === 'repr' ? formatPythonFloat(x) : formatFloatSpec(x, spec);
      if (got !== want) mismatches.push(`${hex} ${JSON.stringify(spec)}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('rounds exact ties half to even, unlike toFixed', () => {
    expect((0.03125).toFixed(4)).toBe('0.0313'); // what JS alone would print
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(-22.5, 0)).toBe('-22');
    expect(formatExponent(1.03125, 4)).toBe('1.0312e+00');
    expect(formatExponent(12500000, 1)).toBe('1.2e+07');
  });

  it('knows the classic reprs', () => {
    const known: [number, string][] = [
      [0.1 + 0.2, '0.30000000000000004'],
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [0.0001, '0.0001'],
      [-0, '-0.0'],
      [1, '1.0'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [NaN, 'nan'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [Math.fround(0.1), '0.10000000149011612'],
      [2e16 + 8, '2.000000000000001e+16'],
      [123456789.0, '123456789.0'],
    ];
    for (const [x, want] of known) expect(formatPythonFloat(x)).toBe(want);
  });

  it('repr reads back as the same double (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const back = Number(formatPythonFloat(x).replace('inf', 'Infinity'));
        return Object.is(back, x);
      }),
      { numRuns: 2000 },
    );
  });

  it("'.{p}e' and '.{p}f' read back within half a unit of the last digit (property)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), fc.integer({ min: 0, max: 12 }), (x, p) => {
        const f = Number(formatFixed(x, p));
        const e = Number(formatExponent(x, p));
        const ulpE = x === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(x))) - p);
        return Math.abs(f - x) <= 0.5 * 10 ** -p * (1 + 1e-9) + Math.abs(x) * 1e-15 && Math.abs(e - x) <= 0.5 * ulpE * 1.0001 + Math.abs(x) * 1e-15;
      }),
      { numRuns: 1000 },
    );
  });

  it('raises ValueError texts for bad specs', () => {
    expect(() => formatFloatSpec(1.5, 'd')).toThrow("Unknown format code 'd' for object of type 'float'");
    expect(() => formatFloatSpec(1.5, '.2.f')).toThrow(PyFormatError);
  });

  it('format(n, spec) for ints on every golden line', () => {
    const lines = readFileSync(join(GOLDEN_DIR, 'pyint.out'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(500);
    const mismatches: string[] = [];
    for (const line of lines) {
      const [n, spec, want] = line.split('\t');
      const got = formatIntSpec(BigInt(n), spec);
      if (got !== want) mismatches.push(`${n} ${JSON.stringify(spec)}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('formats ints with width, grouping, bases and float types', () => {
    expect(formatIntSpec(7, '3d')).toBe('  7');
    expect(formatIntSpec(1234567, ',')).toBe('1,234,567');
    expect(formatIntSpec(-42, '05d')).toBe('-0042');
    expect(formatIntSpec(255, '#x')).toBe('0xff');
    expect(formatIntSpec(3, '.2f')).toBe('3.00');
    expect(formatIntSpec(5, '<4')).toBe('5   ');
  });
});
