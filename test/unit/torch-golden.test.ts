// Golden scripts of the torch surface (test/golden/torch, outputs made by PyTorch 2.14.1 with
// gen.py there) and the tutorial examples (examples/*.py vs test/golden/examples), each run
// in-process through runScript — the entry the CLI uses — and compared exactly: stdout (with
// memory addresses normalised), the last stderr line of an uncaught exception, and warnings.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runScript } from '../../engine/torch/run';

const root = resolve(__dirname, '../..');
const ADDR = /0x[0-9a-f]+/g;
const TRIGGERED = /\s*\(Triggered internally at .*\)\s*$/;

interface Run {
  stdout: string;
  stderr: string;
  ok: boolean;
}

function run(file: string): Run {
  let stdout = '';
  let stderr = '';
  const r = runScript(readFileSync(file, 'utf8'), {
    filename: file,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    timeLimitSeconds: 30,
  });
  return { stdout, stderr, ok: r.ok };
}

function warningLines(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^(?:.*?:\d+: )?([A-Za-z_]\w*Warning): (.*)$/.exec(line.trimEnd());
    if (m) out.push(`${m[1]}: ${m[2].replace(TRIGGERED, '')}`);
  }
  return out;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim().length > 0);
  return (lines[lines.length - 1] ?? '').trimEnd();
}

function checkCase(script: string, expectedBase: string): void {
  const r = run(script);
  const expectedOut = readFileSync(expectedBase + '.out', 'utf8');
  expect(r.stdout.replace(ADDR, '0xADDR')).toBe(expectedOut.replace(ADDR, '0xADDR'));
  if (existsSync(expectedBase + '.err_last')) {
    expect(r.ok).toBe(false);
    expect(lastLine(r.stderr)).toBe(readFileSync(expectedBase + '.err_last', 'utf8').trimEnd());
  } else {
    expect(r.stderr.includes('Traceback') ? lastLine(r.stderr) : '').toBe('');
    expect(r.ok).toBe(true);
  }
  const expectedWarn = existsSync(expectedBase + '.warn') ? readFileSync(expectedBase + '.warn', 'utf8').trimEnd().split('\n') : [];
  expect(warningLines(r.stderr)).toEqual(expectedWarn);
}

describe('torch golden scripts (PyTorch 2.14.1 outputs)', () => {
  const dir = join(root, 'test/golden/torch');
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.py') && f !== 'gen.py').sort();
  it('has scripts', () => expect(scripts.length).toBeGreaterThan(10));
  for (const f of scripts) {
    it(f, () => checkCase(join(dir, f), join(dir, f.slice(0, -3))));
  }
});

describe('tutorial examples print what PyTorch printed', () => {
  const scripts = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.py')).sort();
  for (const f of scripts) {
    const golden = join(root, 'test/golden/examples', f.slice(0, -3));
    if (!existsSync(golden + '.out')) continue;
    it(f, () => checkCase(join(root, 'examples', f), golden));
  }
});
