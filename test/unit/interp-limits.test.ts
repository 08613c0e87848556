// Time budget, cancellation, recursion depth and interpretation speed.
import { describe, expect, it } from 'vitest';
import { runModule } from '../../engine/script/run';

describe('limits', () => {
  it('stops an endless loop with a TimeoutError that except cannot swallow', () => {
    const t0 = Date.now();
    const r = runModule('while True:\n    try:\n        pass\n    except BaseException:\n        pass\n', { filename: 't.py', limits: { timeoutSeconds: 0.2 } });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.ok).toBe(false);
    expect(r.traceback!.trim().split('\n').pop()).toBe('TimeoutError: script exceeded the time limit of 0.2 s');
  });

  it('stops when the host sets the cancellation flag', () => {
    const cancel = { cancelled: false };
    let n = 0;
    const r = runModule('i = 0\nwhile True:\n    i += 1\n    print(i)\n', {
      stdout: () => {
        if (++n === 50) cancel.cancelled = true;
      },
      limits: { cancel },
    });
    expect(r.ok).toBe(false);
    expect(r.error!.cls.name).toBe('KeyboardInterrupt');
    expect(n).toBeLessThan(5000);
  });

  it('raises RecursionError (catchable) instead of overflowing the JS stack', () => {
    let out = '';
    const r = runModule('def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n', { stdout: (t) => (out += t) });
    expect(r.ok).toBe(true);
    expect(out).toBe('maximum recursion depth exceeded\n');
  });

  it('honours a lower configured depth', () => {
    const r = runModule('def f(n):\n    return f(n + 1)\nf(0)\n', { limits: { maxDepth: 50 } });
    expect(r.error!.cls.name).toBe('RecursionError');
    expect(r.traceback).toContain('[Previous line repeated 46 more times]');
  });

  it('runs a 1e6-iteration integer loop in well under the budget', () => {
    let out = '';
    const t0 = performance.now();
    const r = runModule('s = 0\nfor i in range(1000000):\n    s = s + i * 2 % 7\nprint(s)\n', { stdout: (t) => (out += t) });
    const ms = performance.now() - t0;
    expect(r.ok).toBe(true);
    expect(out).toBe('2999997\n');
    // ~0.6 s on the development machine; the bound leaves room for a loaded CI box
    expect(ms).toBeLessThan(2500);
  });

  it('keeps method-call overhead to a few microseconds', () => {
    const src = 'class A:\n    def __init__(self):\n        self.x = 0\n    def inc(self, k=1):\n        self.x += k\na = A()\nfor i in range(100000):\n    a.inc()\n';
    const t0 = performance.now();
    const r = runModule(src);
    const perCallUs = ((performance.now() - t0) * 1000) / 100000;
    expect(r.ok).toBe(true);
    expect(perCallUs).toBeLessThan(15);
  });

  it('ends list() of an endless iterator with a Python error (time budget), never a V8 fatal error', () => {
    const r = runModule('import itertools\nlist(itertools.count())\n', { filename: 't.py', limits: { timeoutSeconds: 0.3 } });
    expect(['TimeoutError', 'MemoryError']).toContain(r.error!.cls.name);
  });

  it('slices an endless iterator lazily (itertools.islice)', () => {
    let out = '';
    runModule('import itertools\nprint(list(itertools.islice(itertools.count(5), 3)), list(itertools.islice("abcdef", 1, None, 2)))\n', { stdout: (t) => (out += t) });
    expect(out).toBe("[5, 6, 7] ['b', 'd', 'f']\n");
  });
});
