// A tiny WebAssembly SIMD matrix-multiply kernel, assembled here from opcodes (no build step,
// no dependency). Why WebAssembly: PyTorch's CPU mm on the reference machine accumulates each
// output element in k order in the tensor's precision with every product and every sum
// rounded (no FMA). JavaScript can only emulate float32 rounding with Math.fround around
// every step, which is three times slower; wasm's f32x4.mul / f32x4.add are exactly those
// IEEE float32 operations, four lanes at a time, and wasm never fuses them into FMAs.
//
// Kernel contract (both precisions): C[M, N] = A[M, K] @ B[K, N], all row-major and dense in
// linear memory at byte offsets a, b, c; M a multiple of 4, N a multiple of 2 vectors
// (8 floats or 4 doubles), K >= 1. Register tile: 4 rows x 2 vectors, k innermost and
// sequential, so each element sees exactly the sequence acc = acc + a*b, k = 0..K-1.

import {
  BRIF, EMPTY, END, F32LOAD, F64LOAD, FnBuilder, I32, I32ADD, I32CONST, I32LTU, I32MUL, LGET, LOOP, LSET, LTEE, S, V128, WasmMemory,
  ensureMemory, instantiate, moduleBytes, simd, sleb, uleb,
} from './wasm-asm';

const V128LOAD = simd(S.load), V128STORE = simd(S.store), V128CONST = simd(S.const);
const F32X4SPLAT = simd(S.f32x4Splat), F64X2SPLAT = simd(S.f64x2Splat);
const F32X4ADD = simd(S.f32x4Add), F32X4MUL = simd(S.f32x4Mul), F64X2ADD = simd(S.f64x2Add), F64X2MUL = simd(S.f64x2Mul);

// locals: params a b c M N K, then i32s, then v128s
const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5;
const I = 6, J = 7, KK = 8, PA = 9 /* 9..12 */, PB = 13, PC = 14, ROWA = 15, ROWB = 16;
const X = 17, VB0 = 18, VB1 = 19, ACC = 20; /* 20..27 */

function kernel(f64: boolean, accumulate: boolean): FnBuilder {
  const fn = new FnBuilder([I32, I32, I32, I32, I32, I32]);
  for (let l = 0; l < 11; l++) fn.local(I32);
  for (let l = 0; l < 11; l++) fn.local(V128);
  const esz = f64 ? 8 : 4;
  const lanes = 16 / esz;
  const load = f64 ? F64LOAD : F32LOAD;
  const alignLog = f64 ? 3 : 2;
  const splat = f64 ? F64X2SPLAT : F32X4SPLAT;
  const add = f64 ? F64X2ADD : F32X4ADD;
  const mul = f64 ? F64X2MUL : F32X4MUL;
  const c = fn.c;
  const get = (l: number): void => { c.push(LGET, ...uleb(l)); };
  const set = (l: number): void => { c.push(LSET, ...uleb(l)); };
  const tee = (l: number): void => { c.push(LTEE, ...uleb(l)); };
  const i32 = (v: number): void => { c.push(I32CONST, ...sleb(v)); };

  get(K); i32(esz); c.push(I32MUL); set(ROWA);
  get(N); i32(esz); c.push(I32MUL); set(ROWB);
  i32(0); set(I);
  c.push(LOOP, EMPTY); // rows, 4 at a time
  i32(0); set(J);
  c.push(LOOP, EMPTY); // columns, 2 vectors at a time
  get(C); get(I); get(ROWB); c.push(I32MUL, I32ADD); get(J); i32(esz); c.push(I32MUL, I32ADD); set(PC);
  for (let r = 0; r < 8; r++) {
    if (accumulate) {
      // start from C's current values (addmm's bias-first order)
      get(PC);
      if (r >= 2) { get(ROWB); i32(r >> 1); c.push(I32MUL, I32ADD); }
      c.push(...V128LOAD, 0, (r & 1) * 16);
    } else c.push(...V128CONST, ...new Array(16).fill(0));
    set(ACC + r);
  }
  get(A); get(I); get(ROWA); c.push(I32MUL, I32ADD); tee(PA);
  get(ROWA); c.push(I32ADD); tee(PA + 1);
  get(ROWA); c.push(I32ADD); tee(PA + 2);
  get(ROWA); c.push(I32ADD); set(PA + 3);
  get(B); get(J); i32(esz); c.push(I32MUL, I32ADD); set(PB);
  i32(0); set(KK);
  c.push(LOOP, EMPTY); // k, sequential
  get(PB); c.push(...V128LOAD, 0, 0); set(VB0);
  get(PB); c.push(...V128LOAD, 0, 16); set(VB1);
  for (let r = 0; r < 4; r++) {
    get(PA + r); c.push(load, alignLog, 0, ...splat); set(X);
    get(ACC + 2 * r); get(X); get(VB0); c.push(...mul, ...add); set(ACC + 2 * r);
    get(ACC + 2 * r + 1); get(X); get(VB1); c.push(...mul, ...add); set(ACC + 2 * r + 1);
    get(PA + r); i32(esz); c.push(I32ADD); set(PA + r);
  }
  get(PB); get(ROWB); c.push(I32ADD); set(PB);
  get(KK); i32(1); c.push(I32ADD); tee(KK); get(K); c.push(I32LTU, BRIF, 0);
  c.push(END);
  for (let r = 0; r < 4; r++) {
    get(PC); get(ACC + 2 * r); c.push(...V128STORE, 0, 0);
    get(PC); get(ACC + 2 * r + 1); c.push(...V128STORE, 0, 16);
    get(PC); get(ROWB); c.push(I32ADD); set(PC);
  }
  get(J); i32(2 * lanes); c.push(I32ADD); tee(J); get(N); c.push(I32LTU, BRIF, 0);
  c.push(END);
  get(I); i32(4); c.push(I32ADD); tee(I); get(M); c.push(I32LTU, BRIF, 0);
  c.push(END);
  return fn;
}

export interface WasmGemm {
  memory: WasmMemory;
  mm32(a: number, b: number, c: number, m: number, n: number, k: number): void;
  mm64(a: number, b: number, c: number, m: number, n: number, k: number): void;
  /** The same, adding onto C's current contents (acc starts at C, then + a·b in k order). */
  mm32acc(a: number, b: number, c: number, m: number, n: number, k: number): void;
  mm64acc(a: number, b: number, c: number, m: number, n: number, k: number): void;
}

let instance: WasmGemm | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable (callers fall back to JS). */
export function wasmGemm(): WasmGemm | null {
  if (instance !== undefined) return instance;
  const ex = instantiate(moduleBytes([
    { name: 'mm32', fn: kernel(false, false) }, { name: 'mm64', fn: kernel(true, false) },
    { name: 'mm32acc', fn: kernel(false, true) }, { name: 'mm64acc', fn: kernel(true, true) },
  ])) as (WasmGemm & { mem: WasmMemory }) | null;
  instance = ex === null ? null : { memory: ex.mem, mm32: ex.mm32, mm64: ex.mm64, mm32acc: ex.mm32acc, mm64acc: ex.mm64acc };
  return instance;
}

/** Makes the linear memory at least `bytes` long. */
export function ensureWasmMemory(g: WasmGemm, bytes: number): void {
  ensureMemory(g.memory, bytes);
}
