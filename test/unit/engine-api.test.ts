// The README's engine example works as written: the engine is usable without the interpreter.
import { describe, expect, it } from 'vitest';
import * as G from '../../engine';

describe('engine API (README example)', () => {
  it('computes out = mean(3 (x+2)^2) and its gradient 4.5 as PyTorch prints it', () => {
    const x = G.ones([2, 2], { requiresGrad: true });
    const y = G.add(x, 2);
    const out = G.mean(G.mul(G.mul(y, y), 3));
    expect(G.formatTensor(out)).toBe('tensor(27., grad_fn=<MeanBackward0>)');
    G.backward(out);
    expect(G.formatTensor(x.grad!)).toBe('tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])');
  });
});
