// Shared by the ops_shape golden tests: PyTorch's inputs (cases.py mk), the grad_fn graph walk,
// the backward weights, and the golden-file check loop.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import '../../engine/ops/register';
import { makeRootGrads, Node, runBackward } from '../../engine/autograd';
import { Tensor } from '../../engine/tensor/tensor';

/** Same inputs as cases.py's mk(shape, seed). */
export function mk(shape: number[], seed = 0): Tensor {
  let n = 1;
  for (const s of shape) n *= s;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (((i * 7 + seed) % 11) - 5) / 4;
  const t = new Tensor(data, shape.slice(), 'float32');
  t.leafRequiresGrad = true;
  return t;
}

export function walk(t: Tensor): string {
  const out: string[] = [];
  // iterative DFS in next_functions order, like the recursive Python walk
  const stack: [Node | null, number][] = [[t.gradFn as Node | null, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null) {
      out.push(`None@${depth}`);
      continue;
    }
    out.push(`${node.name()}@${depth}`);
    for (let i = node.nextEdges.length - 1; i >= 0; i--) {
      const e = node.nextEdges[i];
      stack.push([e === null ? null : e.node, depth + 1]);
    }
  }
  return out.join(' / ');
}

export function weights(y: Tensor): Tensor {
  const n = y.numel;
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = ((i % 7) + 1) / 2;
  return new Tensor(d, y.shape.slice(), 'float32');
}

export function backward(y: Tensor, g: Tensor): void {
  runBackward([y], makeRootGrads([y], [g]), { retainGraph: false, createGraph: false, inputs: null, accumulate: true });
}


interface Golden { label: string; shape: number[]; graph: string; value: number[]; grads: (number[] | null)[] }

function close(actual: number[], expected: number[], tol: number): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) return false;
  }
  return true;
}

export type Case = (...xs: Tensor[]) => Tensor;

/** One test per golden record of test/golden/ops_shape/<file>.jsonl; input shapes come from <file>.py. */
export function checkGoldens(file: string, cases: Record<string, Case>, tol = 1e-6): void {
  const dir = join(__dirname, '../golden/ops_shape');
  const goldens: Golden[] = readFileSync(join(dir, `${file}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Golden);
  const shapes: Record<string, number[][]> = {};
  const py = readFileSync(join(dir, `${file}.py`), 'utf8');
  for (const m of py.matchAll(/\('(\w+)', (\[\[.*?\]\]),/g)) shapes[m[1]] = JSON.parse(m[2]);
  for (const g of goldens) {
    it(g.label, () => {
      const fn = cases[g.label];
      expect(fn, `no TS case for ${g.label}`).toBeDefined();
      const xs = shapes[g.label].map((s, i) => mk(s, i));
      const y = fn(...xs);
      expect(y.shape).toEqual(g.shape);
      expect(walk(y)).toBe(g.graph);
      expect(close(Array.from(y.data()), g.value, tol), `values ${Array.from(y.data())} vs ${g.value}`).toBe(true);
      backward(y, weights(y));
      g.grads.forEach((eg, i) => {
        const gr = xs[i].grad;
        if (eg === null) expect(gr).toBeNull();
        else expect(close(Array.from(gr!.data()), eg, tol), `grad ${i}: ${gr && Array.from(gr.data())} vs ${eg}`).toBe(true);
      });
    });
  }
}
