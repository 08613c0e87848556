// Checks the float32 exp SIMD kernel against the JavaScript SLEEF routine on every one of the
// 2^32 float32 inputs (about 2½ minutes): `npm run check:exp`. exp is a function of one float,
// so this covers all its behaviour; the vitest suite checks a sweep of it on every run.
import { expRowF32 } from '../engine/tensor/kernels/vecmath';
import { expRowF32Wasm } from '../engine/tensor/kernels/wasm-elementwise';

const BLOCK = 1 << 22;
const x = new Float32Array(BLOCK);
const xBits = new Uint32Array(x.buffer);
const simd = new Float32Array(BLOCK), exact = new Float32Array(BLOCK);
const simdBits = new Uint32Array(simd.buffer), exactBits = new Uint32Array(exact.buffer);
let differing = 0;
const started = Date.now();
for (let first = 0; first < 2 ** 32; first += BLOCK) {
  for (let i = 0; i < BLOCK; i++) xBits[i] = first + i;
  if (!expRowF32Wasm(BLOCK, simd, 0, x, 0)) throw new Error('WebAssembly SIMD is unavailable here');
  expRowF32(BLOCK, exact, 0, 1, x, 0, 1);
  for (let i = 0; i < BLOCK; i++) {
    if (simdBits[i] === exactBits[i] || (Number.isNaN(simd[i]) && Number.isNaN(exact[i]))) continue;
    if (differing++ < 20) console.log(`differs at ${x[i]} (0x${xBits[i].toString(16)}): kernel ${simd[i]}, routine ${exact[i]}`);
  }
}
console.log(`${2 ** 32} float32 inputs, ${differing} differing, ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(differing === 0 ? 0 : 1);
