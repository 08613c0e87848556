// WebAssembly SIMD loops for dense elementwise float kernels: a (op) b, a (op) scalar, and
// float32 exp. Each produces exactly the bits of the JavaScript loop it stands in for:
//  * f32x4 / f64x2 add, sub, mul, div are the IEEE operations of the tensor's own precision,
//    as Math.fround(a op b) is for float32 (a double op of two floats rounds once, correctly);
//  * exp is SLEEF's expf_u10 as vecmath.expRowF32 computes it. Its fused multiply-adds run in
//    f64x2 lanes: a·b of two floats is exact in a double, and the double sum rounded to float
//    gives the fused result unless it lands exactly on a float32 midpoint after rounding.
//    exp is a function of one float, so instead of guarding against that case the kernel is
//    checked on all 2^32 inputs (scripts/exhaustive-exp.ts, `npm run check:exp`): every
//    result equals the exact routine's.
//  * the float32 cascade sum adds the 32 interleaved columns of reduce.ts's cascade with
//    f32x4 adds, the same float additions in the same order.
// Data moves through the module's own memory in chunks that stay in the L2 cache.
import {
  BLOCK, BRIF, EMPTY, END, F32DEMOTEF64, F64, FnBuilder, I32, I32ADD, I32AND, I32EQZ, I32LTU, I32MUL, I32SHL, I32SUB, IF, LOOP, S, V128,
  WasmMemory, ensureMemory, instantiate, moduleBytes,
} from './wasm-asm';
import { EXP_C0, EXP_C1, EXP_C2, EXP_C3, EXP_C4, L2LF, L2UF, R_LN2F } from './vecmath';

/** Elements per chunk: three float64 chunks (a, b, out) take 384 KiB. */
export const CHUNK = 16384;
const A_OFF = 0, B_OFF = CHUNK * 8, OUT_OFF = CHUNK * 16;
const MEMORY_BYTES = CHUNK * 24;

export const enum BinOp { Add = 0, Sub = 1, Mul = 2, Div = 3 }

const F32_OPS = [S.f32x4Add, S.f32x4Sub, S.f32x4Mul, S.f32x4Div];
const F64_OPS = [S.f64x2Add, S.f64x2Sub, S.f64x2Mul, S.f64x2Div];

const bytesOf = (arr: Float32Array | Float64Array | Int32Array): number[] => Array.from(new Uint8Array(arr.buffer));
const f32x4 = (v: number): number[] => bytesOf(new Float32Array([v, v, v, v]));
const f64x2 = (v: number): number[] => bytesOf(new Float64Array([v, v]));
const i32x4 = (v: number): number[] => bytesOf(new Int32Array([v, v, v, v]));

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
    if (!f64) fn.emit(F32DEMOTEF64); // exact: the value is already a float
    fn.op(f64 ? S.f64x2Splat : S.f32x4Splat).set(bv);
  }
  fn.get(N).i32(f64 ? 8 : 4).emit(I32MUL).set(end); // byte length
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

const EXP_C = [EXP_C0, EXP_C1, EXP_C2, EXP_C3, EXP_C4, 0.5];

/** 4-lane groups per exp32 iteration: their dependency chains are interleaved to keep the SIMD units busy. */
const EXP_GROUPS = 4;
/** exp32 takes a multiple of this many elements. */
const EXP_BLOCK = 4 * EXP_GROUPS;

/** exp32(n): out[i] = expf(a[i]) for n elements (a multiple of EXP_BLOCK). */
function expKernel(): FnBuilder {
  const fn = new FnBuilder([I32]);
  const N = 0;
  const p = fn.local(I32), end = fn.local(I32);
  const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  const LOWS = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const groups = Array.from({ length: EXP_GROUPS }, () => ({
    d: fn.local(V128), dc: fn.local(V128), qf: fn.local(V128), q: fn.local(V128), r: fn.local(V128), t: fn.local(V128),
  }));
  // One dependency chain per half group (two float32 lanes in f64x2).
  const chains = groups.flatMap((g) => [0, 1].map((half) => ({
    g, half, dh: fn.local(V128), qh: fn.local(V128), s: fn.local(V128), u: fn.local(V128),
  })));
  type Chain = (typeof chains)[number];

  /** Rounds the f64x2 on the stack to float32 precision (still as f64x2). */
  const roundF32 = (): void => { fn.op(S.f32x4DemoteF64x2Zero).op(S.f64x2PromoteLowF32x4); };
  /** c.u = fma(x, y, z) rounded to float32. */
  const fma = (c: Chain, x: () => void, y: () => void, z: () => void): void => {
    x(); y(); fn.op(S.f64x2Mul); z(); fn.op(S.f64x2Add);
    roundF32(); fn.set(c.u);
  };
  const konst = (v: number) => (): void => { fn.v128(f64x2(v)); };
  const local = (l: number) => (): void => { fn.get(l); };
  /** Emits step k of every chain before step k + 1 of any. */
  const lockstep = (steps: ((c: Chain) => void)[]): void => { for (const step of steps) for (const c of chains) step(c); };
  /** Lanes 0-1 (half 0) or 2-3 (half 1) of a float32x4 local, as f64x2. */
  const lanes = (c: Chain, l: number): void => {
    if (c.half === 0) fn.get(l);
    else fn.get(l).get(l).shuffle(HIGH_HALF);
    fn.op(S.f64x2PromoteLowF32x4);
  };

  fn.get(N).i32(4).emit(I32MUL).set(end);
  fn.i32(0).set(p);
  fn.emit(BLOCK, EMPTY).get(end).emit(I32EQZ, BRIF, 0);
  fn.emit(LOOP, EMPTY);
  groups.forEach((g, gi) => {
    fn.get(p).load(A_OFF + 16 * gi).set(g.d);
    // Out-of-range lanes compute on a clamped value (below -104 they are replaced at the end).
    fn.get(g.d).v128(f32x4(-104)).op(S.f32x4Max).v128(f32x4(100)).op(S.f32x4Min).set(g.dc);
    fn.get(g.dc).v128(f32x4(R_LN2F)).op(S.f32x4Mul).op(S.f32x4Nearest).tee(g.qf).op(S.i32x4TruncSatF32x4S).set(g.q);
  });
  lockstep([
    (c) => { lanes(c, c.g.dc); fn.set(c.dh); },
    (c) => { lanes(c, c.g.qf); fn.set(c.qh); },
    // Cody–Waite reduction: d - q·L2U is exact and a float (q·L2U has 25 bits), and
    // d - q·L2U - q·L2L is exact in a double, so one rounding gives the fused result.
    (c) => { fn.get(c.qh).v128(f64x2(-L2UF)).op(S.f64x2Mul).get(c.dh).op(S.f64x2Add).set(c.s); },
    (c) => { fn.get(c.qh).v128(f64x2(-L2LF)).op(S.f64x2Mul).get(c.s).op(S.f64x2Add); roundF32(); fn.set(c.s); },
    (c) => fma(c, konst(EXP_C[0]), local(c.s), konst(EXP_C[1])),
    ...EXP_C.slice(2).map((ck) => (c: Chain) => fma(c, local(c.u), local(c.s), konst(ck))),
    (c) => { fn.get(c.s).get(c.s).op(S.f64x2Mul); roundF32(); fn.set(c.dh); }, // f(s*s)
    (c) => fma(c, local(c.dh), local(c.u), local(c.s)),
    // 1 + u: a double sum of two floats rounds once, correctly, to float32.
    (c) => { fn.v128(f64x2(1)).get(c.u).op(S.f64x2Add).op(S.f32x4DemoteF64x2Zero).set(c.u); },
  ]);
  groups.forEach((g, gi) => {
    const [lo, hi] = chains.filter((c) => c.g === g);
    fn.get(lo.u).get(hi.u).shuffle(LOWS).set(g.r);
    // ldexp: u · 2^h · 2^(q-h), h = q >> 1, each a float32 multiply.
    fn.get(g.q).i32(1).op(S.i32x4ShrS).set(g.t);
    fn.get(g.r).get(g.t).v128(i32x4(127)).op(S.i32x4Add).i32(23).op(S.i32x4Shl).op(S.f32x4Mul);
    fn.get(g.q).get(g.t).op(S.i32x4Sub).v128(i32x4(127)).op(S.i32x4Add).i32(23).op(S.i32x4Shl).op(S.f32x4Mul).set(g.r);
    // d < -104 → 0 (SLEEF's cut-off). d > 100 needs nothing: exp(100) overflows to inf on its
    // own, and NaN went through the clamp (wasm min/max keep it) and every step as NaN.
    fn.get(p).i32(OUT_OFF + 16 * gi).emit(I32ADD);
    fn.v128(f32x4(0)).get(g.r).get(g.d).v128(f32x4(-104)).op(S.f32x4Lt).op(S.bitselect).store(0);
  });
  fn.get(p).i32(16 * EXP_GROUPS).emit(I32ADD).tee(p).get(end).emit(I32LTU, BRIF, 0);
  fn.emit(END, END);
  return fn;
}

// ---- float32 cascade sum (reduce.ts's cascadeColumn, 32 columns at once) ----

/** Accumulator levels a0..a3 of the 32 columns, after the data areas. */
const CASCADE_OFF = MEMORY_BYTES;
/** Rows of 32 floats that fit the A area. */
const CASCADE_ROWS = (B_OFF - A_OFF) / 128;

/**
 * cascBlocks(nBlocks, levelPower, i): adds nBlocks blocks of 2^levelPower rows (32 floats
 * each, from A_OFF) into the level-1 accumulators, one block at a time through a fresh
 * level 0, then carries level 1 into 2 and 2 into 3 when the row count i (after each block)
 * is a multiple of 2^(2·levelPower) and 2^(3·levelPower), as cascadeColumn does.
 */
function cascadeBlocksKernel(): FnBuilder {
  const fn = new FnBuilder([I32, I32, I32]);
  const NB = 0, LP = 1, I = 2;
  const p = fn.local(I32), b = fn.local(I32), r = fn.local(I32), rows = fn.local(I32), mask1 = fn.local(I32), mask2 = fn.local(I32);
  const acc = Array.from({ length: 8 }, () => fn.local(V128));
  const level = (l: number, k: number): number => CASCADE_OFF + 128 * l + 16 * k;
  fn.i32(1).get(LP).emit(I32SHL).set(rows); // i32.shl
  fn.get(rows).i32(1).emit(I32SUB).get(LP).emit(I32SHL).set(mask1);
  fn.get(mask1).get(LP).emit(I32SHL).set(mask2);
  fn.i32(A_OFF).set(p);
  fn.i32(0).set(b);
  fn.emit(BLOCK, EMPTY).get(NB).emit(I32EQZ, BRIF, 0);
  fn.emit(LOOP, EMPTY);
  for (const a of acc) fn.v128(i32x4(0)).set(a);
  fn.i32(0).set(r);
  fn.emit(LOOP, EMPTY);
  acc.forEach((a, k) => { fn.get(a).get(p).load(16 * k).op(S.f32x4Add).set(a); });
  fn.get(p).i32(128).emit(I32ADD).set(p);
  fn.get(r).i32(1).emit(I32ADD).tee(r).get(rows).emit(I32LTU, BRIF, 0);
  fn.emit(END);
  // a1 += a0
  acc.forEach((a, k) => { fn.i32(0).i32(0).load(level(1, k)).get(a).op(S.f32x4Add).store(level(1, k)); });
  fn.get(I).get(rows).emit(I32ADD).set(I);
  fn.get(I).get(mask1).emit(I32AND, I32EQZ, IF, EMPTY); // (i & mask1) === 0
  for (let k = 0; k < 8; k++) {
    fn.i32(0).i32(0).load(level(2, k)).i32(0).load(level(1, k)).op(S.f32x4Add).store(level(2, k));
    fn.i32(0).v128(i32x4(0)).store(level(1, k));
  }
  fn.get(I).get(mask2).emit(I32AND, I32EQZ, IF, EMPTY);
  for (let k = 0; k < 8; k++) {
    fn.i32(0).i32(0).load(level(3, k)).i32(0).load(level(2, k)).op(S.f32x4Add).store(level(3, k));
    fn.i32(0).v128(i32x4(0)).store(level(2, k));
  }
  fn.emit(END, END);
  fn.get(b).i32(1).emit(I32ADD).tee(b).get(NB).emit(I32LTU, BRIF, 0);
  fn.emit(END, END);
  return fn;
}

/** cascTail(nRows): adds nRows rows (from A_OFF) into level 0. */
function cascadeTailKernel(): FnBuilder {
  const fn = new FnBuilder([I32]);
  const NR = 0;
  const p = fn.local(I32), r = fn.local(I32);
  const acc = Array.from({ length: 8 }, () => fn.local(V128));
  acc.forEach((a, k) => { fn.i32(0).load(CASCADE_OFF + 16 * k).set(a); });
  fn.i32(A_OFF).set(p);
  fn.i32(0).set(r);
  fn.emit(BLOCK, EMPTY).get(NR).emit(I32EQZ, BRIF, 0);
  fn.emit(LOOP, EMPTY);
  acc.forEach((a, k) => { fn.get(a).get(p).load(16 * k).op(S.f32x4Add).set(a); });
  fn.get(p).i32(128).emit(I32ADD).set(p);
  fn.get(r).i32(1).emit(I32ADD).tee(r).get(NR).emit(I32LTU, BRIF, 0);
  fn.emit(END, END);
  acc.forEach((a, k) => { fn.i32(0).get(a).store(CASCADE_OFF + 16 * k); });
  return fn;
}

type BinaryKernel = (n: number, scalar?: number) => void;

interface Exports {
  mem: WasmMemory;
  exp32(n: number): void;
  cascBlocks(nBlocks: number, levelPower: number, i: number): void;
  cascTail(nRows: number): void;
  /** binary[`${b|s}${32|64}`][op]: tensor (op) tensor or tensor (op) scalar, per precision. */
  binary: Record<string, BinaryKernel[]>;
}

let exportsCache: Exports | null | undefined;
let f32View: Float32Array, f64View: Float64Array;

let enabled = true;
/** Switches the SIMD paths off (true: on again), so tests can compare them with the JavaScript loops. */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

function kernels(): Exports | null {
  if (!enabled) return null;
  if (exportsCache !== undefined) return exportsCache;
  const fns: { name: string; fn: FnBuilder }[] = [
    { name: 'exp32', fn: expKernel() }, { name: 'cascBlocks', fn: cascadeBlocksKernel() }, { name: 'cascTail', fn: cascadeTailKernel() },
  ];
  for (let op = 0; op < 4; op++) {
    fns.push({ name: `b32_${op}`, fn: binaryKernel(op, false, false) }, { name: `b64_${op}`, fn: binaryKernel(op, true, false) });
    fns.push({ name: `s32_${op}`, fn: binaryKernel(op, false, true) }, { name: `s64_${op}`, fn: binaryKernel(op, true, true) });
  }
  const raw = instantiate(moduleBytes(fns));
  let ex: Exports | null = null;
  if (raw !== null) {
    // the exports object itself is frozen: a plain record with the binary kernels tabled by op
    const binary: Record<string, BinaryKernel[]> = {};
    for (const kind of ['b32', 'b64', 's32', 's64']) binary[kind] = [0, 1, 2, 3].map((op) => raw[`${kind}_${op}`] as BinaryKernel);
    ex = { ...(raw as unknown as Exports), binary };
    try {
      ensureMemory(ex.mem, CASCADE_OFF + 4 * 128);
      f32View = new Float32Array(ex.mem.buffer);
      f64View = new Float64Array(ex.mem.buffer);
    } catch {
      ex = null; // no memory for the kernels: the JavaScript loops run
    }
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
  const fn = k.binary[`${b === null ? 's' : 'b'}${f64 ? 64 : 32}`][op];
  throughChunks(f64 ? f64View : f32View, n, f64 ? 2 : 4, out, o, a, ai, b, bi, (len) => fn(len, bScalar));
  return true;
}

/** float32 exp of a dense row, bit-identical to vecmath.expRowF32. false when the kernels are unavailable. */
export function expRowF32Wasm(n: number, out: Float32Array, o: number, a: Float32Array, ai: number): boolean {
  const k = kernels();
  if (k === null) return false;
  throughChunks(f32View, n, EXP_BLOCK, out, o, a, ai, null, 0, (len) => k.exp32(len));
  return true;
}

/**
 * Runs `kernel` over n elements a chunk at a time: a (and b) copied into the module's memory,
 * the kernel called with the chunk length rounded up to its `block`, out copied back.
 */
function throughChunks(
  view: Row, n: number, block: number, out: Row, o: number, a: Row, ai: number, b: Row | null, bi: number,
  kernel: (len: number) => void,
): void {
  const aBase = A_OFF / view.BYTES_PER_ELEMENT, bBase = B_OFF / view.BYTES_PER_ELEMENT, oBase = OUT_OFF / view.BYTES_PER_ELEMENT;
  for (let start = 0; start < n; start += CHUNK) {
    const len = Math.min(CHUNK, n - start);
    view.set(a.subarray(ai + start, ai + start + len), aBase);
    if (b !== null) view.set(b.subarray(bi + start, bi + start + len), bBase);
    kernel(Math.ceil(len / block) * block);
    out.set(view.subarray(oBase, oBase + len), o + start);
  }
}

/**
 * The 32 interleaved cascades of a float32 row (column j sums x[base + 32·i + j], i < rows,
 * exactly as reduce.ts's cascadeColumn with its level width), each finished as a0 + a1 + a2 + a3
 * in that order, written to `columns`. false when the kernels are unavailable.
 */
export function cascadeColumns32(x: Float32Array, base: number, rows: number, levelPower: number, columns: Float32Array): boolean {
  const k = kernels();
  if (k === null) return false;
  const state = CASCADE_OFF / 4;
  f32View.fill(0, state, state + 128);
  const levelStep = 1 << levelPower;
  const fullBlocks = Math.floor(rows / levelStep);
  const blocksPerChunk = Math.max(1, Math.floor(CASCADE_ROWS / levelStep));
  let i = 0;
  for (let blk = 0; blk < fullBlocks; blk += blocksPerChunk) {
    const nb = Math.min(blocksPerChunk, fullBlocks - blk);
    const from = base + 32 * i;
    f32View.set(x.subarray(from, from + 32 * nb * levelStep), A_OFF / 4);
    k.cascBlocks(nb, levelPower, i);
    i += nb * levelStep;
  }
  for (; i < rows; i += CASCADE_ROWS) {
    const nr = Math.min(CASCADE_ROWS, rows - i);
    const from = base + 32 * i;
    f32View.set(x.subarray(from, from + 32 * nr), A_OFF / 4);
    k.cascTail(nr);
  }
  const f = Math.fround;
  for (let j = 0; j < 32; j++) {
    let a0 = f32View[state + j];
    a0 = f(a0 + f32View[state + 32 + j]);
    a0 = f(a0 + f32View[state + 64 + j]);
    columns[j] = f(a0 + f32View[state + 96 + j]);
  }
  return true;
}
