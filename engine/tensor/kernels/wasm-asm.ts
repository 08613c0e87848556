// A minimal WebAssembly assembler for the engine's SIMD kernels (wasm-gemm.ts, wasm-elementwise.ts):
// kernels are written as opcode sequences in TypeScript and assembled when first used, so there
// is no build step, no toolchain and no binary blob in the repository.

export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
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

// Core opcodes.
export const LGET = 0x20, LSET = 0x21, LTEE = 0x22, I32CONST = 0x41, I32ADD = 0x6a, I32SUB = 0x6b, I32MUL = 0x6c;
export const I32AND = 0x71, I32SHL = 0x74, F32DEMOTEF64 = 0xb6;
export const I32LTU = 0x49, I32EQZ = 0x45, F32LOAD = 0x2a, F64LOAD = 0x2b;
export const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, BRIF = 0x0d, END = 0x0b, EMPTY = 0x40;

/** A SIMD (0xfd-prefixed) instruction by its opcode number. */
export const simd = (op: number): number[] => [0xfd, ...uleb(op)];
// SIMD opcode numbers (WebAssembly SIMD proposal, final encoding).
export const S = {
  load: 0x00, store: 0x0b, const: 0x0c, shuffle: 0x0d,
  i32x4Splat: 0x11, i64x2Splat: 0x12, f32x4Splat: 0x13, f64x2Splat: 0x14,
  f32x4Lt: 0x43,
  bitselect: 0x52,
  f32x4DemoteF64x2Zero: 0x5e, f64x2PromoteLowF32x4: 0x5f, f32x4Nearest: 0x6a,
  i32x4Shl: 0xab, i32x4ShrS: 0xac, i32x4Add: 0xae, i32x4Sub: 0xb1,
  f32x4Add: 0xe4, f32x4Sub: 0xe5, f32x4Mul: 0xe6, f32x4Div: 0xe7, f32x4Min: 0xe8, f32x4Max: 0xe9,
  f64x2Add: 0xf0, f64x2Sub: 0xf1, f64x2Mul: 0xf2, f64x2Div: 0xf3, i32x4TruncSatF32x4S: 0xf8,
} as const;

/** One function body under construction: locals are allocated on demand after the params. */
export class FnBuilder {
  readonly c: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(readonly params: ValType[], readonly results: ValType[] = []) {}

  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }
  emit(...bytes: (number | number[])[]): this {
    for (const b of bytes) {
      if (typeof b === 'number') this.c.push(b);
      else this.c.push(...b);
    }
    return this;
  }
  get(l: number): this { return this.emit(LGET, uleb(l)); }
  set(l: number): this { return this.emit(LSET, uleb(l)); }
  tee(l: number): this { return this.emit(LTEE, uleb(l)); }
  i32(v: number): this { return this.emit(I32CONST, sleb(v)); }
  /** v128.const from 16 raw bytes. */
  v128(bytes: number[]): this { return this.emit(simd(S.const), bytes); }
  op(code: number): this { return this.emit(simd(code)); }
  /** v128.load / v128.store with the given static byte offset (16-byte alignment hint). */
  load(offset = 0): this { return this.emit(simd(S.load), 4, uleb(offset)); }
  store(offset = 0): this { return this.emit(simd(S.store), 4, uleb(offset)); }
  shuffle(lanes: number[]): this { return this.emit(simd(S.shuffle), lanes); }

  bytes(): number[] {
    const locals = vec(this.localTypes.map((t) => [1, t]));
    const body = [...locals, ...this.c, END];
    return [...uleb(body.length), ...body];
  }
  typeBytes(): number[] {
    return [0x60, ...vec(this.params.map((p) => [p])), ...vec(this.results.map((r) => [r]))];
  }
}

/** A module of exported functions and one exported memory ('mem') of `pages` initial 64 KiB pages. */
export function moduleBytes(fns: { name: string; fn: FnBuilder }[], pages = 1): Uint8Array {
  const type = section(1, vec(fns.map(({ fn }) => fn.typeBytes())));
  const funcs = section(3, vec(fns.map((_, i) => uleb(i))));
  const memory = section(5, vec([[0x00, ...uleb(pages)]]));
  const exports = section(7, vec([[...str('mem'), 0x02, 0], ...fns.map(({ name }, i) => [...str(name), 0x00, ...uleb(i)])]));
  const code = section(10, vec(fns.map(({ fn }) => fn.bytes())));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...funcs, ...memory, ...exports, ...code]);
}

// The few WebAssembly JS-API shapes used here (the project's lib settings carry no DOM types).
export interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Compiles and instantiates a module; null where WebAssembly (or its SIMD) is unavailable. */
export function instantiate(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasmApi === undefined || !wasmApi.validate(bytes)) return null;
    return new wasmApi.Instance(new wasmApi.Module(bytes), {}).exports;
  } catch {
    return null;
  }
}

/** Makes a linear memory at least `bytes` long. */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
