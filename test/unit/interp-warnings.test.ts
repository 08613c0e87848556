// CPython's compile-time SyntaxWarnings (texts and lines from CPython 3.14), reported before
// the script's own output.
import { describe, expect, it } from 'vitest';
import { runModule } from '../../engine/script/run';

function warnings(src: string): string[] {
  const events: string[] = [];
  runModule(src, { stdout: (t) => events.push('out ' + t.trim()), warn: (cat, msg, line) => events.push(`${line}: ${cat}: ${msg}`) });
  return events;
}

describe('compile-time SyntaxWarnings', () => {
  it('warns once per literal part about invalid escapes, on the escape line', () => {
    expect(warnings('print("a")\nx = """l1\nl2 \\d \\w"""\ny = f"a\\d{x!r}\\s"\nz = r"\\d"\n')).toEqual([
      '3: SyntaxWarning: "\\d" is an invalid escape sequence. Such sequences will not work in the future. Did you mean "\\\\d"? A raw string is also an option.',
      '4: SyntaxWarning: "\\d" is an invalid escape sequence. Such sequences will not work in the future. Did you mean "\\\\d"? A raw string is also an option.',
      '4: SyntaxWarning: "\\s" is an invalid escape sequence. Such sequences will not work in the future. Did you mean "\\\\s"? A raw string is also an option.',
      'out a',
    ]);
  });

  it('warns about `is` with int/float/str/tuple literals, not None/True/-1/(x,)', () => {
    expect(warnings('x = 1\nprint(x is 1, x is not "s", x is None, x is True, x is -1, x is (x,), x is (1, 2), 1.5 is x)\n')).toEqual([
      `2: SyntaxWarning: "is" with 'int' literal. Did you mean "=="?`,
      `2: SyntaxWarning: "is not" with 'str' literal. Did you mean "!="?`,
      `2: SyntaxWarning: "is" with 'tuple' literal. Did you mean "=="?`,
      `2: SyntaxWarning: "is" with 'float' literal. Did you mean "=="?`,
      'out True True False False False False False False',
    ]);
  });

  it("locates runtime warnings at the running line: a lambda's own, the caller's after a call", () => {
    expect(warnings('import warnings\nf = lambda: warnings.warn("in lambda")\ndef g():\n    return 1\nf()\nwarnings.warn("after %d" % g()) if g() else None\n')).toEqual([
      '2: UserWarning: in lambda',
      '6: UserWarning: after 1',
    ]);
  });
});
