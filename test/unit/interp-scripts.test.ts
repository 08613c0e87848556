// Runs every `# expect:` script in test/scripts/ and compares its printed output with the
// expectations. Format: a trailing `# expect: TEXT` comment on a line contributes the line TEXT
// to the expected stdout, in file order (so a line inside a loop lists its outputs on the
// line itself or on a later statement). `# expect-error: Type: message` states the last
// traceback line when the script ends with an uncaught exception. The scripts are plain
// Python, checked against CPython 3.14 when written.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runModule } from '../../engine/script/run';
import { formatExceptionLine } from '../../engine/script/traceback';

const dir = join(__dirname, '..', 'scripts');

function expectations(src: string): { lines: string[]; error: string | null } {
  const lines: string[] = [];
  let error: string | null = null;
  for (const line of src.split('\n')) {
    const m = /# expect: ?(.*)$/.exec(line);
    if (m) lines.push(m[1]);
    const e = /# expect-error: (.*)$/.exec(line);
    if (e) error = e[1];
  }
  return { lines, error };
}

describe('expect scripts', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py')).sort()) {
    it(file, () => {
      const src = readFileSync(join(dir, file), 'utf8');
      const { lines, error } = expectations(src);
      let out = '';
      const r = runModule(src, { filename: file, stdout: (t) => (out += t) });
      if (error === null && !r.ok) throw new Error('unexpected exception:\n' + r.traceback);
      if (error !== null) {
        expect(r.ok).toBe(false);
        expect(formatExceptionLine(r.error!)).toBe(error);
      }
      const expected = lines.length ? lines.join('\n') + '\n' : '';
      expect(out).toBe(expected);
    });
  }
});
