// Random and mutated programs never make the interpreter throw a JS error: every outcome is a
// normal result or a Python exception (never an internal SystemError).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runModule } from '../../engine/script/run';

const corpus = [
  'x = [1, 2, 3]\nfor i, v in enumerate(x):\n    print(i * v, x[i:], f"{v:>3}")\n',
  'def f(a, b=2, *c, d=1, **e):\n    return a + b + sum(c) + d + len(e)\nprint(f(1, 2, 3, d=4, z=5))\n',
  'class A:\n    def __init__(self, v):\n        self.v = v\n    def __add__(self, o):\n        return A(self.v + o.v)\n    def __repr__(self):\n        return "A(%r)" % self.v\nprint(A(1) + A(2))\n',
  'd = {"a": 1}\ntry:\n    d["b"]\nexcept KeyError as e:\n    print(repr(e))\nfinally:\n    print(sorted(d.items()))\n',
  's = "hello world"\nprint(s.split(), s.upper().center(20, "*"), s[::-1], "%05.1f" % 3.14159, "{:,}".format(10**6))\n',
  'import math\nprint([round(math.sin(i / 3), 4) for i in range(5)], {k: k * k for k in range(4)}, {1, 2} | {3})\n',
  'n = 0\nwhile n < 10:\n    n += 3\n    if n == 6:\n        continue\nelse:\n    print(n)\nprint(1 < n <= 12, n // 4, -n % 5, 2 ** -2)\n',
  'def g(n):\n    return 1 if n <= 1 else n * g(n - 1)\nprint(g(20), g(5) / 7, divmod(g(6), 7))\n',
];

const tokens = ['x', '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '+', '-', '*', '/', '//', '%', '**', '<', '==', 'not', 'and', 'in', 'is', 'lambda', 'def', 'class', 'return', 'if', 'else', 'for', 'while', 'try', 'except', 'print', 'len', '1', '0', '2.5', '"s"', 'None', 'True', '\n', '    ', ' ', 'super()', 'self', '__class__', 'f"{x}"', 'range', 'yield', '*', '**', '@', 'del', 'raise', 'import math'];

function run(src: string): void {
  const r = runModule(src, { filename: 'fuzz.py', limits: { timeoutSeconds: 0.3 } });
  if (!r.ok) {
    expect(r.error).not.toBeNull();
    const internal = (r.error as unknown as { internal?: unknown }).internal;
    if (internal !== undefined) throw new Error(`internal error for ${JSON.stringify(src)}: ${String(internal)}\n${(internal as Error).stack}`);
    expect(typeof r.traceback).toBe('string');
  }
}

describe('interpreter robustness', () => {
  it('mutated corpus programs give results or Python exceptions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...tokens)), { maxLength: 4 }), (base, edits) => {
        let src = base;
        for (const [pos, kind, tok] of edits) {
          const p = pos % (src.length + 1);
          if (kind === 0) src = src.slice(0, p) + tok + src.slice(p);
          else if (kind === 1) src = src.slice(0, p) + src.slice(p + 1 + (pos % 5));
          else if (kind === 2) src = src.slice(0, p) + tok + src.slice(p + tok.length);
          else src = src.slice(p) + src.slice(0, p);
        }
        run(src);
      }),
      { numRuns: 400 },
    );
  });

  it('random token soups give results or Python exceptions', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 30 }), (toks) => run(toks.join(' '))),
      { numRuns: 300 },
    );
  });

  it('random expression programs evaluate without JS errors', () => {
    const atom = fc.constantFrom('1', '0', '-3', '2.5', '0.0', 'True', 'None', '"ab"', '[1, 2]', '(1,)', '{1: 2}', '{3}', 'x', 'range(3)', 'len');
    const op = fc.constantFrom('+', '-', '*', '/', '//', '%', '**', '==', '<', 'in', 'and', 'or', '&', '|', '<<', '@');
    const expr = fc.array(fc.tuple(atom, op), { minLength: 1, maxLength: 5 }).map((parts) => parts.map(([a, o]) => `${a} ${o}`).join(' ') + ' 1');
    fc.assert(
      fc.property(expr, fc.constantFrom('print({})', 'y = {}', 'x = [{}][0]', 'print(str({}), repr({}))', 'z = {}[0]', 'print(f"{{{}!r}}")', 'print(sorted([{}, 1]))'), (e, tpl) => {
        run('x = 2\n' + tpl.split('{}').join(`(${e})`) + '\n');
      }),
      { numRuns: 400 },
    );
  });
});
