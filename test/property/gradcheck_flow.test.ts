// Property tests of gradient flow rather than values: accumulation is linear over repeated
// backward calls, and detach / no_grad / .data cut the graph (no gradient crosses the cut).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as G from '../../engine';
import { f64 } from './gradcheck_util';

const vec = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 6 });

describe('gradient accumulation and graph cuts', () => {
  it('k backward calls through a retained graph accumulate k times the gradient', () => {
    fc.assert(
      fc.property(vec, fc.integer({ min: 1, max: 4 }), (vals, k) => {
        const x = f64(vals);
        const y = G.sum(G.mul(G.sin(x), x));
        for (let i = 0; i < k; i++) G.backward(y, { retainGraph: true });
        const [once] = G.grad([y], [x]);
        const acc = x.grad!.data(), one = once!.data();
        for (let i = 0; i < one.length; i++) expect(acc[i]).toBeCloseTo(k * one[i], 10);
      }),
      { numRuns: 20 },
    );
  });

  it('a detached or no_grad branch contributes nothing; .data shares values but not history', () => {
    fc.assert(
      fc.property(vec, (vals) => {
        const x = f64(vals);
        const kept = G.mul(x, 3);
        const viaDetach = G.mul(G.detach(kept), G.detach(kept));
        const viaNoGrad = G.noGrad(() => G.exp(x));
        const viaData = G.mul(G.dataOf(x), 5);
        expect(viaDetach.requiresGrad || viaNoGrad.requiresGrad || viaData.requiresGrad).toBe(false);
        G.backward(G.sum(G.add(G.add(G.add(kept, viaDetach), viaNoGrad), viaData)));
        for (const g of x.grad!.data()) expect(g).toBe(3);
      }),
      { numRuns: 20 },
    );
  });
});
