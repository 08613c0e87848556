// Tracing overhead on the shared W1 benchmark (micrograd-style scalar loop, 12,000 backward
// calls): the traced run, snapshot included, must take at most 1.5x the untraced run. Runs
// alternate after a warm-up, and each side keeps its best time (the machine is shared).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { runTraced } from '../../engine/trace';
import { runScript } from '../../engine/torch/run';

const W1 = '/work/shared/bench/w1_scalar.py';

describe('tracing overhead', () => {
  // Opt-in (GRADSCOPE_TRACE_BENCH=1): it takes ~30 s, and the target is NOT met yet (measured 3.5-5x;
  // see the trace report) — run it when working on the recorder's overhead.
  it.runIf(process.env.GRADSCOPE_TRACE_BENCH === '1' && existsSync(W1))('w1_scalar.py traced is at most 1.5x untraced', () => {
    const source = readFileSync(W1, 'utf8');
    const plain = (): number => {
      const t = performance.now();
      runScript(source, { filename: 'w1_scalar.py', stdout: () => {}, stderr: () => {} });
      return performance.now() - t;
    };
    const traced = (): number => {
      const t = performance.now();
      const s = runTraced(source, { fileName: 'w1_scalar.py' });
      expect(s.snapshot.status).toBe('ok');
      return performance.now() - t;
    };
    plain();
    traced();
    let bestPlain = Infinity;
    let bestTraced = Infinity;
    for (let i = 0; i < 4; i++) {
      bestPlain = Math.min(bestPlain, plain());
      bestTraced = Math.min(bestTraced, traced());
    }
    const ratio = bestTraced / bestPlain;
    console.log(`w1_scalar.py: untraced ${bestPlain.toFixed(0)} ms, traced ${bestTraced.toFixed(0)} ms, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeLessThanOrEqual(1.5);
  }, 300000);
});
