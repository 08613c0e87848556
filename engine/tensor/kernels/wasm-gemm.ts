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

const I32 = 0x7f, V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// opcodes
const LGET = 0x20, LSET = 0x21, LTEE = 0x22, I32CONST = 0x41, I32ADD = 0x6a, I32MUL = 0x6c, I32LTU = 0x49;
const LOOP = 0x03, BRIF = 0x0d, END = 0x0b, EMPTY = 0x40;
const F32LOAD = 0x2a, F64LOAD = 0x2b, SIMD = 0xfd;
const V128LOAD = [SIMD, 0x00], V128STORE = [SIMD, 0x0b], V128CONST = [SIMD, 0x0c];
const F32X4SPLAT = [SIMD, 0x13], F64X2SPLAT = [SIMD, 0x14];
const F32X4ADD = [SIMD, ...uleb(0xe4)], F32X4MUL = [SIMD, ...uleb(0xe6)];
const F64X2ADD = [SIMD, ...uleb(0xf0)], F64X2MUL = [SIMD, ...uleb(0xf2)];

// locals: params a b c M N K, then i32s, then v128s
const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5;
const I = 6, J = 7, KK = 8, PA = 9 /* 9..12 */, PB = 13, PC = 14, ROWA = 15, ROWB = 16;
const X = 17, VB0 = 18, VB1 = 19, ACC = 20; /* 20..27 */

function kernelBody(f64: boolean, accumulate: boolean): number[] {
  const esz = f64 ? 8 : 4;
  const lanes = 16 / esz;
  const load = f64 ? F64LOAD : F32LOAD;
  const alignLog = f64 ? 3 : 2;
  const splat = f64 ? F64X2SPLAT : F32X4SPLAT;
  const add = f64 ? F64X2ADD : F32X4ADD;
  const mul = f64 ? F64X2MUL : F32X4MUL;
  const c: number[] = [];
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
  c.push(END); // function
  const locals = vec([[...uleb(11), I32], [...uleb(11), V128]]);
  const body = [...locals, ...c];
  return [...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array {
  const type = section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), 0]]));
  const funcs = section(3, vec([[0], [0], [0], [0]]));
  const memory = section(5, vec([[0x00, 1]]));
  const exports = section(7, vec([[...str('mem'), 0x02, 0], [...str('mm32'), 0x00, 0], [...str('mm64'), 0x00, 1],
    [...str('mm32acc'), 0x00, 2], [...str('mm64acc'), 0x00, 3]]));
  const code = section(10, vec([kernelBody(false, false), kernelBody(true, false), kernelBody(false, true), kernelBody(true, true)]));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...funcs, ...memory, ...exports, ...code]);
}

// The few WebAssembly JS-API shapes used here (the project's lib settings carry no DOM types).
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
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
  instance = null;
  try {
    const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasmApi === undefined) return null;
    const bytes = moduleBytes();
    if (!wasmApi.validate(bytes)) return null;
    const inst = new wasmApi.Instance(new wasmApi.Module(bytes), {});
    const ex = inst.exports as unknown as WasmGemm & { mem: WasmMemory };
    instance = { memory: ex.mem, mm32: ex.mm32, mm64: ex.mm64, mm32acc: ex.mm32acc, mm64acc: ex.mm64acc };
  } catch {
    instance = null;
  }
  return instance;
}

/** Makes the linear memory at least `bytes` long. */
export function ensureWasmMemory(g: WasmGemm, bytes: number): void {
  const have = g.memory.buffer.byteLength;
  if (bytes > have) g.memory.grow(Math.ceil((bytes - have) / 65536));
}
