// Regressions found by fuzzing and by running scripts as a user would.
import { describe, expect, it } from 'vitest';
import { runModule } from '../../engine/script/run';

function run(src: string): { out: string; error: string | null } {
  let out = '';
  const r = runModule(src, { filename: 't.py', stdout: (t) => (out += t) });
  return { out, error: r.error ? `${r.error.cls.name}: ${r.error.message}` : null };
}

describe('interpreter regressions', () => {
  it('prints a method bound to a str (a value with no JS identity)', () => {
    const r = run('s = "ab"\nprint(s.upper)\n');
    expect(r.error).toBeNull();
    expect(r.out).toMatch(/^<built-in method upper of str object at 0x[0-9a-f]+>\n$/);
  });

  it('runs no statement from the line of a syntax error (it may be a prefix of what is being typed)', () => {
    const r = run('print("before")\nprint("prefix"))\n');
    expect(r.out).toBe('before\n');
    expect(r.error).toBe("SyntaxError: unmatched ')'");
  });
});
