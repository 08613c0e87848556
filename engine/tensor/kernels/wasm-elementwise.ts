// WebAssembly SIMD loops for dense elementwise float kernels: a (op) b, a (op) scalar, and
// float32 exp. Each produces exactly the bits of the JavaScript loop it stands in for:
//  * f32x4 / f64x2 add, sub, mul, div are the IEEE operations of the tensor's own precision,
//    as Math.fround(a op b) is for float32 (a double op of two floats rounds once, correctly);
//  * exp is SLEEF's expf_u10 as vecmath.expRowF32 computes it. Its fused multiply-adds run in
//    f64x2 lanes: a·b of two floats is exact in a double, so only the double sum can round
//    twice, and only when it lands exactly on a float32 midpoint. The kernel flags any 4-lane
//    group where that happens (or where the input is tiny enough for float32 subnormals to
//    matter) and the caller recomputes that group with the exact JavaScript routine.
// Data moves through the module's own memory in chunks that stay in the L2 cache.
import {
  BLOCK, BRIF, EMPTY, END, F64, FnBuilder, I32, I32ADD, I32EQZ, I32LTU, I32STORE, IF, LOOP, S, V128,
  WasmMemory, ensureMemory, instantiate, moduleBytes,
} from './wasm-asm';

/** Elements per chunk: three float64 chunks (a, b, out) take 384 KiB. */
export const CHUNK = 16384;
const A_OFF = 0, B_OFF = CHUNK * 8, OUT_OFF = CHUNK * 16, FLAGS_OFF = CHUNK * 24;
const MEMORY_BYTES = FLAGS_OFF + (CHUNK / 4) * 4;

export const enum BinOp { Add = 0, Sub = 1, Mul = 2, Div = 3 }

const F32_OPS = [S.f32x4Add, S.f32x4Sub, S.f32x4Mul, S.f32x4Div];
const F64_OPS = [S.f64x2Add, S.f64x2Sub, S.f64x2Mul, S.f64x2Div];

const bytesOf = (arr: Float32Array | Float64Array | Int32Array | BigInt64Array): number[] => Array.from(new Uint8Array(arr.buffer));
const f32x4 = (v: number): number[] => bytesOf(new Float32Array([v, v, v, v]));
const f64x2 = (v: number): number[] => bytesOf(new Float64Array([v, v]));
const i32x4 = (v: number): number[] => bytesOf(new Int32Array([v, v, v, v]));
const i64x2 = (v: bigint): number[] => bytesOf(new BigInt64Array([v, v]));

/**
 * out[i] = a[i] (op) b[i] over `n` elements (a multiple of the lane count) at fixed offsets;
 * with `scalar`, b is one value given as a parameter (f64, rounded to the dtype by the caller).
 */
function binaryKernel(op: number, f64: boolean, scalar: boolean): FnBuilder {
  const fn = new FnBuilder(scalar ? [I32, F64] : [I32]);
  const N = 0, SCALAR = 1;
  const p = fn.local(I32), end = fn.local(I32), bv = fn.local(V128);
  if (scalar) {
    fn.get(SCALAR);
    if (!f64) fn.emit(0xb6); // f32.demote_f64 (exact: the value is already a float)
    fn.op(f64 ? S.f64x2Splat : S.f32x4Splat).set(bv);
  }
  fn.get(N).i32(f64 ? 8 : 4).emit(0x6c).set(end); // byte length
  fn.i32(0).set(p);
  fn.emit(BLOCK, EMPTY).get(end).emit(I32EQZ, BRIF, 0);
  fn.emit(LOOP, EMPTY);
  fn.get(p).i32(OUT_OFF).emit(I32ADD);
  fn.get(p).load(A_OFF);
  if (scalar) fn.get(bv);
  else fn.get(p).load(B_OFF);
  fn.op((f64 ? F64_OPS : F32_OPS)[op]);
  fn.store(0);
  fn.get(p).i32(16).emit(I32ADD).tee(p).get(end).emit(I32LTU, BRIF, 0);
  fn.emit(END, END);
  return fn;
}

// SLEEF expf_u10 constants (float32 values), as vecmath.ts.
const f = Math.fround;
const R_LN2F = f(1.442695040888963407359924681001892137426645954152985934135449406931);
const L2UF = f(0.693145751953125);
const L2LF = f(1.428606765330187045e-06);
const EXP_C = [f(0.000198527617612853646278381), f(0.00139304355252534151077271), f(0.00833336077630519866943359),
  f(0.0416664853692054748535156), f(0.166666671633720397949219), 0.5];

/**
 * exp32(n): out[i] = expf(a[i]) for n elements (a multiple of 4). Returns the number of
 * 4-lane groups to recompute exactly; their element indices are at FLAGS_OFF as int32s.
 */
function expKernel(): FnBuilder {
  const fn = new FnBuilder([I32], [I32]);
  const N = 0;
  const p = fn.local(I32), end = fn.local(I32), count = fn.local(I32);
  const d = fn.local(V128), dc = fn.local(V128), qf = fn.local(V128), q = fn.local(V128), flag = fn.local(V128);
  const dh = fn.local(V128), qh = fn.local(V128), s = fn.local(V128), u = fn.local(V128), t = fn.local(V128);
  const ulo = fn.local(V128), r = fn.local(V128);
  const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  const LOWS = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

  /** Rounds the f64x2 on the stack to float32 precision (still as f64x2). */
  const roundF32 = (): void => { fn.op(S.f32x4DemoteF64x2Zero).op(S.f64x2PromoteLowF32x4); };
  /** Flags the f64x2 in local `l` if it is exactly a float32 midpoint (its low 29 bits 1000…0). */
  const flagMidpoint = (l: number): void => {
    fn.get(flag).get(l).v128(i64x2(0x1fffffffn)).op(S.and).v128(i64x2(0x10000000n)).op(S.i64x2Eq).op(S.or).set(flag);
  };
  /** dst = fma(x, y, z) rounded to float32, every operand an f64x2 of floats. */
  const fma = (dst: number, x: () => void, y: () => void, z: () => void): void => {
    x(); y(); fn.op(S.f64x2Mul); z(); fn.op(S.f64x2Add).set(t);
    flagMidpoint(t);
    fn.get(t); roundF32(); fn.set(dst);
  };
  const konst = (v: number) => (): void => { fn.v128(f64x2(v)); };
  const local = (l: number) => (): void => { fn.get(l); };

  fn.i32(0).set(count);
  fn.get(N).i32(4).emit(0x6c).set(end);
  fn.i32(0).set(p);
  fn.emit(BLOCK, EMPTY).get(end).emit(I32EQZ, BRIF, 0);
  fn.emit(LOOP, EMPTY);
  fn.get(p).load(A_OFF).set(d);
  // Out-of-range lanes compute on a clamped value and are replaced at the end.
  fn.get(d).v128(f32x4(-104)).op(S.f32x4Max).v128(f32x4(100)).op(S.f32x4Min).set(dc);
  fn.get(dc).v128(f32x4(R_LN2F)).op(S.f32x4Mul).op(S.f32x4Nearest).tee(qf).op(S.i32x4TruncSatF32x4S).set(q);
  // Tiny nonzero inputs go to the exact routine (float32 subnormals round on another grid).
  fn.get(d).op(S.f32x4Abs).v128(f32x4(2 ** -60)).op(S.f32x4Lt).get(d).v128(f32x4(0)).op(S.f32x4Ne).op(S.and).set(flag);
  for (let half = 0; half < 2; half++) {
    if (half === 0) fn.get(dc);
    else fn.get(dc).get(dc).shuffle(HIGH_HALF);
    fn.op(S.f64x2PromoteLowF32x4).set(dh);
    if (half === 0) fn.get(qf);
    else fn.get(qf).get(qf).shuffle(HIGH_HALF);
    fn.op(S.f64x2PromoteLowF32x4).set(qh);
    // Cody–Waite reduction: both sums are exact in a double, so one rounding is correct.
    fn.get(qh).v128(f64x2(-L2UF)).op(S.f64x2Mul).get(dh).op(S.f64x2Add); roundF32(); fn.set(s);
    fn.get(qh).v128(f64x2(-L2LF)).op(S.f64x2Mul).get(s).op(S.f64x2Add); roundF32(); fn.set(s);
    fma(u, konst(EXP_C[0]), local(s), konst(EXP_C[1]));
    for (let k = 2; k < EXP_C.length; k++) fma(u, local(u), local(s), konst(EXP_C[k]));
    fn.get(s).get(s).op(S.f64x2Mul); roundF32(); fn.set(t); // f(s*s)
    fma(u, local(t), local(u), local(s));
    // 1 + u: a double sum of two floats rounds once, correctly, to float32.
    fn.v128(f64x2(1)).get(u).op(S.f64x2Add).op(S.f32x4DemoteF64x2Zero);
    if (half === 0) fn.set(ulo);
    else fn.set(u);
  }
  fn.get(ulo).get(u).shuffle(LOWS).set(u);
  // ldexp: u · 2^h · 2^(q-h), h = q >> 1, each a float32 multiply.
  fn.get(q).i32(1).op(S.i32x4ShrS).set(t);
  fn.get(u).get(t).v128(i32x4(127)).op(S.i32x4Add).i32(23).op(S.i32x4Shl).op(S.f32x4Mul);
  fn.get(q).get(t).op(S.i32x4Sub).v128(i32x4(127)).op(S.i32x4Add).i32(23).op(S.i32x4Shl).op(S.f32x4Mul).set(r);
  // d < -104 → 0, d > 100 → inf, NaN → NaN.
  fn.v128(f32x4(0)).get(r).get(d).v128(f32x4(-104)).op(S.f32x4Lt).op(S.bitselect).set(r);
  fn.v128(f32x4(Infinity)).get(r).get(d).v128(f32x4(100)).op(S.f32x4Gt).op(S.bitselect).set(r);
  fn.get(d).get(r).get(d).get(d).op(S.f32x4Ne).op(S.bitselect).set(r);
  fn.get(p).i32(OUT_OFF).emit(I32ADD).get(r).store(0);
  fn.get(flag).op(S.anyTrue).emit(IF, EMPTY);
  fn.i32(FLAGS_OFF).get(count).i32(4).emit(0x6c, I32ADD).get(p).i32(4).emit(0x6e); // p / 4 (i32.div_u)
  fn.emit(I32STORE, 2, 0);
  fn.get(count).i32(1).emit(I32ADD).set(count);
  fn.emit(END);
  fn.get(p).i32(16).emit(I32ADD).tee(p).get(end).emit(I32LTU, BRIF, 0);
  fn.emit(END, END);
  fn.get(count);
  return fn;
}

interface Exports {
  mem: WasmMemory;
  exp32(n: number): number;
  [name: string]: unknown;
}

let exportsCache: Exports | null | undefined;
let f32View: Float32Array, f64View: Float64Array, i32View: Int32Array;

function kernels(): Exports | null {
  if (exportsCache !== undefined) return exportsCache;
  const fns: { name: string; fn: FnBuilder }[] = [{ name: 'exp32', fn: expKernel() }];
  for (let op = 0; op < 4; op++) {
    fns.push({ name: `b32_${op}`, fn: binaryKernel(op, false, false) }, { name: `b64_${op}`, fn: binaryKernel(op, true, false) });
    fns.push({ name: `s32_${op}`, fn: binaryKernel(op, false, true) }, { name: `s64_${op}`, fn: binaryKernel(op, true, true) });
  }
  const ex = instantiate(moduleBytes(fns)) as Exports | null;
  if (ex !== null) {
    ensureMemory(ex.mem, MEMORY_BYTES);
    f32View = new Float32Array(ex.mem.buffer);
    f64View = new Float64Array(ex.mem.buffer);
    i32View = new Int32Array(ex.mem.buffer);
  }
  exportsCache = ex;
  return ex;
}

type Row = Float32Array | Float64Array;

/**
 * out[o..o+n) = a[ai..] (op) b[bi..] (or (op) the scalar `bScalar` when b is null), dense rows
 * of one float dtype. false when the kernels are unavailable (the caller loops in JS).
 */
export function binaryRowWasm(op: BinOp, n: number, out: Row, o: number, a: Row, ai: number, b: Row | null, bi: number, bScalar: number): boolean {
  const k = kernels();
  if (k === null) return false;
  const f64 = out instanceof Float64Array;
  const view = f64 ? f64View : f32View;
  const lanes = f64 ? 2 : 4;
  const fn = k[`${b === null ? 's' : 'b'}${f64 ? 64 : 32}_${op}`] as (n: number, s?: number) => void;
  const aBase = A_OFF / view.BYTES_PER_ELEMENT, bBase = B_OFF / view.BYTES_PER_ELEMENT, oBase = OUT_OFF / view.BYTES_PER_ELEMENT;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    const padded = Math.ceil(len / lanes) * lanes;
    view.set(a.subarray(ai + start, ai + start + len), aBase);
    if (b !== null) view.set(b.subarray(bi + start, bi + start + len), bBase);
    fn(padded, bScalar);
    out.set(view.subarray(oBase, oBase + len), o + start);
  }
  return true;
}

/**
 * float32 exp of a dense row, bit-identical to `exact` (vecmath.expRowF32), which recomputes
 * the groups the kernel flags. false when the kernels are unavailable.
 */
export function expRowF32Wasm(
  n: number, out: Float32Array, o: number, a: Float32Array, ai: number,
  exact: (n: number, out: Float32Array, o: number, os: number, a: Float32Array, ai: number, as: number) => void,
): boolean {
  const k = kernels();
  if (k === null) return false;
  const aBase = A_OFF / 4, oBase = OUT_OFF / 4, flagBase = FLAGS_OFF / 4;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    const padded = Math.ceil(len / 4) * 4;
    f32View.set(a.subarray(ai + start, ai + start + len), aBase);
    const flagged = k.exp32(padded);
    out.set(f32View.subarray(oBase, oBase + len), o + start);
    for (let g = 0; g < flagged; g++) {
      const first = i32View[flagBase + g];
      const m = Math.min(4, len - first);
      if (m > 0) exact(m, out, o + start + first, 1, a, ai + start + first, 1);
    }
  }
  return true;
}
