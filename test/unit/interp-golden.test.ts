// Language goldens: each test/golden/lang/NAME.py must print exactly what CPython 3.14 printed
// (NAME.out, stdout then the traceback of an uncaught exception).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runModule } from '../../engine/script/run';

const dir = join(__dirname, '..', 'golden', 'lang');

describe('language goldens (CPython 3.14 output)', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py')).sort()) {
    it(file, () => {
      const src = readFileSync(join(dir, file), 'utf8');
      const expected = readFileSync(join(dir, file.replace(/\.py$/, '.out')), 'utf8');
      let out = '';
      const r = runModule(src, { filename: file, stdout: (t) => (out += t) });
      if (!r.ok) out += r.traceback;
      expect(out).toBe(expected);
    });
  }
});
