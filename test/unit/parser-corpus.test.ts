// The parser against CPython over test/parser-corpus/ (tutorial scripts and broken variants):
// 1. the local python3 (any 3.x on the machine, called at test time): same accept/reject
//    and same first-error line;
// 2. CPython 3.14 goldens recorded once with the reference interpreter
//    (make_expected.py → expected-3.14.json): exact error type, message and position.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../engine/script/parser';

const corpusDir = join(__dirname, '..', 'parser-corpus');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.py') && f !== 'make_expected.py').sort();

interface CpythonResult {
  type: string;
  msg: string;
  lineno: number;
  offset: number;
  end_lineno: number | null;
  end_offset: number | null;
}

/** Syntax accepted only by newer Pythons: skipped on the local python3 if it is older. */
const NEEDS_PYTHON: Record<string, [number, number, string]> = {
  'ok_unsupported_constructs.py': [3, 12, "'type' alias statements are Python 3.12+ syntax"],
};

function runLocalPython(): { version: [number, number]; cases: Record<string, CpythonResult | null> } {
  const script = [
    'import json, sys, os',
    'd = sys.argv[1]; out = {}',
    'for n in sys.argv[2:]:',
    '    src = open(os.path.join(d, n), encoding="utf-8").read()',
    '    try:',
    '        compile(src, n, "exec", dont_inherit=True); out[n] = None',
    '    except SyntaxError as e:',
    '        out[n] = {"type": type(e).__name__, "msg": e.msg, "lineno": e.lineno, "offset": e.offset, "end_lineno": e.end_lineno, "end_offset": e.end_offset}',
    'print(json.dumps({"version": list(sys.version_info[:2]), "cases": out}))',
  ].join('\n');
  const stdout = execFileSync('python3', ['-c', script, corpusDir, ...files], { encoding: 'utf8' });
  return JSON.parse(stdout) as { version: [number, number]; cases: Record<string, CpythonResult | null> };
}

describe('parser corpus', () => {
  it('has a corpus of 60+ scripts with both valid and broken ones', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(files.filter((f) => f.startsWith('ok_')).length).toBeGreaterThanOrEqual(20);
    expect(files.filter((f) => f.startsWith('bad_')).length).toBeGreaterThanOrEqual(40);
  });

  it('accepts and rejects the same scripts as the local python3, with the same first-error line', () => {
    const local = runLocalPython();
    const [major, minor] = local.version;
    const mismatches: string[] = [];
    for (const f of files) {
      const need = NEEDS_PYTHON[f];
      if (need && (major < need[0] || (major === need[0] && minor < need[1]))) continue;
      const expected = local.cases[f];
      const ours = parseModule(readFileSync(join(corpusDir, f), 'utf8'), f).error;
      if ((expected === null) !== (ours === null)) {
        mismatches.push(`${f}: python3 ${expected ? 'rejects (line ' + expected.lineno + ': ' + expected.msg + ')' : 'accepts'}, we ${ours ? 'reject (line ' + ours.line + ': ' + ours.msg + ')' : 'accept'}`);
      } else if (expected && ours && expected.lineno !== ours.line) {
        mismatches.push(`${f}: python3 error on line ${expected.lineno}, ours on line ${ours.line}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  const golden = JSON.parse(readFileSync(join(corpusDir, 'expected-3.14.json'), 'utf8')) as {
    python: string;
    cases: Record<string, CpythonResult | null>;
  };

  it('has a 3.14 golden for every corpus script', () => {
    expect(golden.python.startsWith('3.14')).toBe(true);
    expect(Object.keys(golden.cases).sort()).toEqual(files);
  });

  for (const f of files) {
    it(`matches CPython 3.14 on ${f}`, () => {
      const expected = golden.cases[f] ?? null;
      const ours = parseModule(readFileSync(join(corpusDir, f), 'utf8'), f).error;
      if (expected === null) {
        expect(ours).toBeNull();
        return;
      }
      expect(ours).not.toBeNull();
      // Our columns are 0-based (CPython's offset - 1); an end_offset <= 0 means "no end".
      const actual = {
        type: ours!.type, msg: ours!.msg, lineno: ours!.line, offset: ours!.col + 1,
        end: expected.end_offset !== null && expected.end_offset > 0 ? [ours!.endLine, (ours!.endCol ?? -2) + 1] : null,
      };
      expect(actual).toEqual({
        type: expected.type, msg: expected.msg, lineno: expected.lineno, offset: expected.offset,
        end: expected.end_offset !== null && expected.end_offset > 0 ? [expected.end_lineno, expected.end_offset] : null,
      });
    });
  }
});
