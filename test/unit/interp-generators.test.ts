// Generators: `yield`, `yield from`, send/throw/close and lazy generator expressions.
import { describe, expect, it } from 'vitest';
import { runModule } from '../../engine/script/run';

function run(src: string, limits = {}): { out: string; tb: string | null; errType: string | null } {
  let out = '';
  const r = runModule(src, { filename: 't.py', stdout: (t) => (out += t), limits });
  return { out, tb: r.traceback, errType: r.error ? r.error.cls.name : null };
}

describe('generators', () => {
  it('runs the body only on demand, one step per next()', () => {
    const r = run('def g():\n    print("a")\n    yield 1\n    print("b")\n    yield 2\nit = g()\nprint("made")\nprint(next(it))\nprint("between")\nprint(next(it))\n');
    expect(r.out).toBe('made\na\n1\nbetween\nb\n2\n');
  });

  it('evaluates generator expressions lazily (infinite source, late binding)', () => {
    const r = run('def nat():\n    n = 0\n    while True:\n        yield n\n        n += 1\nev = (x for x in nat() if x % 2 == 0)\nprint(next(ev), next(ev), next(ev))\n');
    expect(r.out).toBe('0 2 4\n');
  });

  it('refuses to re-enter a running generator', () => {
    const r = run('def g():\n    yield next(me)\nme = g()\ntry:\n    next(me)\nexcept ValueError as e:\n    print(e)\n');
    expect(r.out).toBe('generator already executing\n');
  });

  it('reports a generator that ignores GeneratorExit', () => {
    const r = run('def g():\n    while True:\n        try:\n            yield 1\n        except GeneratorExit:\n            pass\nit = g()\nnext(it)\ntry:\n    it.close()\nexcept RuntimeError as e:\n    print(e)\n');
    expect(r.out).toBe('generator ignored GeneratorExit\n');
  });

  it('keeps a handled exception of a suspended generator out of the caller', () => {
    const r = run('def g():\n    try:\n        raise KeyError("k")\n    except KeyError:\n        yield 1\n        raise\nit = g()\nnext(it)\ntry:\n    raise ValueError("v")\nexcept ValueError as e:\n    print(repr(e.__context__))\ntry:\n    next(it)\nexcept KeyError as e:\n    print(repr(e))\n');
    expect(r.out).toBe("None\nKeyError('k')\n");
  });

  it('gives RecursionError, not a JS stack overflow, for unbounded recursive generators', () => {
    const r = run('def g(n):\n    yield from g(n + 1)\ntry:\n    next(g(0))\nexcept RecursionError:\n    print("deep")\n');
    expect(r.out).toBe('deep\n');
  });

  it('stops an endless generator under the time budget', () => {
    const r = run('def g():\n    while True:\n        yield 1\nfor x in g():\n    pass\n', { timeoutSeconds: 0.2 });
    expect(r.errType).toBe('TimeoutError');
  });

  it('delegates send() and return values through yield from', () => {
    const r = run('def acc():\n    total = 0\n    while True:\n        v = yield total\n        if v is None:\n            return total\n        total += v\ndef wrap():\n    r = yield from acc()\n    yield ("final", r)\nw = wrap()\nnext(w)\nw.send(3)\nw.send(4)\nprint(w.send(None))\n');
    expect(r.out).toBe("('final', 7)\n");
  });
});
