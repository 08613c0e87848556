// Dtypes, their storage arrays, and PyTorch's type-promotion lattice.
import { TorchError } from './errors';

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'bool' | 'int8' | 'int16' | 'float16' | 'bfloat16';

/**
 * int64 is kept in a Float64Array: exact for |x| < 2^53, which covers tutorial scripts.
 * float16 / bfloat16 are kept in a Float32Array whose values are always on the half
 * (bfloat16) grid: every conversion and every op result is rounded with roundToHalf /
 * roundToBFloat16 (PyTorch computes them in float32 and rounds the result).
 */
export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int64', 'int32', 'uint8', 'bool', 'int8', 'int16', 'float16', 'bfloat16'];

export function isFloating(d: DType): boolean {
  return d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
}
/** float16 / bfloat16: stored as float32 values rounded to their grid. */
export function isReducedFloat(d: DType): boolean {
  return d === 'float16' || d === 'bfloat16';
}
export function isIntegral(d: DType, includeBool = false): boolean {
  return d === 'int64' || d === 'int32' || d === 'uint8' || d === 'int8' || d === 'int16' || (includeBool && d === 'bool');
}

/** Bytes per element of a dtype as PyTorch stores it (what its allocator is asked for). */
export function elementSize(d: DType): number {
  switch (d) {
    case 'float64': case 'int64': return 8;
    case 'float32': case 'int32': return 4;
    case 'float16': case 'bfloat16': case 'int16': return 2;
    default: return 1;
  }
}

let storageLimitBytes = Infinity;
/**
 * The largest single tensor storage the engine allocates (the worker sets it from the memory
 * limit): typed arrays live outside the V8 heap, so a heap limit alone would let one huge
 * tensor take all of the machine's memory.
 */
export function setStorageLimitBytes(bytes: number): void {
  storageLimitBytes = bytes > 0 ? bytes : Infinity;
}

/** PyTorch's error when its CPU allocator cannot get the memory. */
function allocationError(bytes: number): TorchError {
  return new TorchError('RuntimeError',
    `[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate ${bytes} bytes. Error code 12 (Cannot allocate memory)`);
}

export function allocStorage(d: DType, n: number): Storage {
  const bytes = n * elementSize(d);
  if (bytes > storageLimitBytes) throw allocationError(bytes);
  try {
    switch (d) {
      case 'float32': case 'float16': case 'bfloat16': return new Float32Array(n);
      case 'float64': case 'int64': return new Float64Array(n);
      case 'int32': return new Int32Array(n);
      case 'int16': return new Int16Array(n);
      case 'int8': return new Int8Array(n);
      case 'uint8': case 'bool': return new Uint8Array(n);
    }
  } catch (e) {
    if (e instanceof RangeError) throw allocationError(bytes); // beyond what this process may allocate
    throw e;
  }
}

/** Node's Buffer when the engine runs on Node (the worker, the CLI); undefined elsewhere. */
const nodeBuffer = (globalThis as { Buffer?: { allocUnsafeSlow(bytes: number): Uint8Array } }).Buffer;
/** Below this many bytes a zeroed allocation costs no more. */
const UNINIT_MIN_BYTES = 1 << 16;
const UNINIT_MAX_BYTES = 2 ** 31;
let heapWarmed = false;

/**
 * Storage its caller overwrites completely before anyone reads it: on Node, memory without the
 * zeroing pass (a large typed array is otherwise zeroed and then written again).
 */
export function allocStorageForOverwrite(d: DType, n: number): Storage {
  // Float storages only: float16/bfloat16 live in a Float32Array, int64 in a Float64Array.
  const storageBytes = n * (d === 'float64' || d === 'int64' ? 8 : 4);
  // Node's Buffer stops at 4 GiB; a typed array of more is left to allocStorage (and its checks).
  if (nodeBuffer === undefined || !(isFloating(d) || d === 'int64') || storageBytes < UNINIT_MIN_BYTES
    || storageBytes > UNINIT_MAX_BYTES || n * elementSize(d) > storageLimitBytes) {
    return allocStorage(d, n);
  }
  if (!heapWarmed) {
    // glibc serves each block of 128 KiB or more from a fresh mmap, and gives heap memory back
    // to the system as soon as 256 KiB lie free at its top, so tensors of a few MB made and
    // dropped in a loop keep page-faulting fresh memory (several ms per op on a VM). When an
    // mmapped block is freed, glibc raises both limits to its size (man mallopt: dynamic mmap
    // threshold): one dropped 31 MiB block lets later tensors reuse heap memory.
    heapWarmed = true;
    nodeBuffer.allocUnsafeSlow(31 << 20);
  }
  const raw = nodeBuffer.allocUnsafeSlow(storageBytes);
  return storageBytes === 4 * n ? new Float32Array(raw.buffer, raw.byteOffset, n) : new Float64Array(raw.buffer, raw.byteOffset, n);
}

// ---------------------------------------------------------------- half / bfloat16 rounding

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/**
 * Rounds to the nearest float16 value, ties to even (c10::Half(float)): the value is first a
 * float32, as PyTorch converts doubles through float. Overflow gives ±inf, NaN stays NaN.
 */
export function roundToHalf(x: number): number {
  const v = Math.fround(x);
  if (v !== v || v === 0 || !Number.isFinite(v)) return v;
  const a = Math.abs(v);
  if (a >= 65520) return v > 0 ? Infinity : -Infinity; // 65520 = halfway past 65504, rounds to even → inf
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  if (e < -14) e = -14; // subnormals share the quantum 2^-24
  const quantum = 2 ** (e - 10);
  const scaled = a / quantum; // exact: a power-of-two scaling
  let r = Math.floor(scaled);
  const frac = scaled - r;
  if (frac > 0.5 || (frac === 0.5 && r % 2 === 1)) r++;
  const out = r * quantum;
  return v < 0 ? -out : out;
}

/** Rounds to the nearest bfloat16 (the top 16 bits of a float32), ties to even; NaN stays NaN. */
export function roundToBFloat16(x: number): number {
  f32Scratch[0] = x;
  if (x !== x) return NaN;
  const bits = u32Scratch[0];
  const bias = 0x7fff + ((bits >>> 16) & 1);
  u32Scratch[0] = ((bits + bias) >>> 0) & 0xffff0000;
  return f32Scratch[0];
}

/** Rounds every element of a float16/bfloat16 storage onto its grid (no-op for other dtypes). */
export function roundStorage(storage: Storage, d: DType): void {
  if (d === 'float16') for (let i = 0; i < storage.length; i++) storage[i] = roundToHalf(storage[i]);
  else if (d === 'bfloat16') for (let i = 0; i < storage.length; i++) storage[i] = roundToBFloat16(storage[i]);
}

/** Python-facing name, as `torch.float32` prints. */
export function dtypeName(d: DType): string {
  return 'torch.' + d;
}

/** Rank in the promotion order bool < uint8, int8 < int16 < int32 < int64 < float16, bfloat16 < float32 < float64. */
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int8: 1, int16: 2, int32: 3, int64: 4, float16: 5, bfloat16: 5, float32: 6, float64: 7 };
export type Category = 0 | 1 | 2; // bool, integral, floating
export function category(d: DType): Category {
  return d === 'bool' ? 0 : isFloating(d) ? 2 : 1;
}

/** PyTorch's promoteTypes table: the two same-rank pairs meet one rank up. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int16';
  if ((a === 'float16' && b === 'bfloat16') || (a === 'bfloat16' && b === 'float16')) return 'float32';
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
    case 'int16': return (Math.trunc(v) << 16) >> 16;
    case 'int8': return (Math.trunc(v) << 24) >> 24;
    case 'uint8': return (Math.trunc(v) & 0xff);
    case 'bool': return v !== 0 ? 1 : 0;
    case 'float16': return roundToHalf(v);
    case 'bfloat16': return roundToBFloat16(v);
  }
}
