// Dtypes, their storage arrays, and PyTorch's type-promotion lattice.

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'bool';

/** int64 is kept in a Float64Array: exact for |x| < 2^53, which covers tutorial scripts. */
export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int64', 'int32', 'uint8', 'bool'];

export function isFloating(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}
export function isIntegral(d: DType, includeBool = false): boolean {
  return d === 'int64' || d === 'int32' || d === 'uint8' || (includeBool && d === 'bool');
}

export function allocStorage(d: DType, n: number): Storage {
  switch (d) {
    case 'float32': return new Float32Array(n);
    case 'float64': case 'int64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
  }
}

/** Python-facing name, as `torch.float32` prints. */
export function dtypeName(d: DType): string {
  return 'torch.' + d;
}

/** Rank in the promotion order bool < uint8 < int32 < int64 < float32 < float64. */
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, int64: 3, float32: 4, float64: 5 };
export type Category = 0 | 1 | 2; // bool, integral, floating
export function category(d: DType): Category {
  return d === 'bool' ? 0 : isFloating(d) ? 2 : 1;
}

export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * torch.get_default_dtype(): the dtype of Python floats in promotion and of int → float results
 * (true division, sqrt of an int tensor…). Set by ops/creation's setDefaultDtype.
 */
export const dtypeDefaults: { float: 'float32' | 'float64' } = { float: 'float32' };

/** A Python scalar taking part in an op: only its kind matters for promotion. */
export type ScalarKind = 'bool' | 'int' | 'float';

/**
 * Result dtype of an op between a tensor (or 0-d "wrapped number") and a Python scalar:
 * the scalar only promotes when it is of a higher category than the tensor.
 */
export function promoteWithScalar(t: DType, s: ScalarKind, defaultFloat: DType = dtypeDefaults.float): DType {
  const sc: Category = s === 'bool' ? 0 : s === 'int' ? 1 : 2;
  if (sc <= category(t)) return t;
  return sc === 2 ? defaultFloat : 'int64';
}

/**
 * Tensor-tensor promotion with PyTorch's dimension rule: 0-d tensors only participate
 * when they are of a higher category than every dimensioned operand.
 */
export function resultType(dims: { dtype: DType; ndim: number }[]): DType {
  let dimRes: DType | null = null;
  let zeroRes: DType | null = null;
  for (const t of dims) {
    if (t.ndim > 0) dimRes = dimRes === null ? t.dtype : promoteTypes(dimRes, t.dtype);
    else zeroRes = zeroRes === null ? t.dtype : promoteTypes(zeroRes, t.dtype);
  }
  if (dimRes === null) return zeroRes!;
  if (zeroRes === null) return dimRes;
  return category(zeroRes) > category(dimRes) ? promoteTypes(dimRes, zeroRes) : dimRes;
}

/** Converts a JS number to what a dtype stores (truncation toward zero for ints, as a cast does). */
export function castScalar(v: number, d: DType): number {
  switch (d) {
    case 'float32': return Math.fround(v);
    case 'float64': return v;
    case 'int64': return Number.isFinite(v) ? Math.trunc(v) : v !== v ? -(2 ** 63) : v > 0 ? -(2 ** 63) : -(2 ** 63);
    case 'int32': return v | 0;
    case 'uint8': return (Math.trunc(v) & 0xff);
    case 'bool': return v !== 0 ? 1 : 0;
  }
}
