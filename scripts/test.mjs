// The project's test command. Runs every suite — vitest (unit, golden, property, language
// scripts), the graph panel in headless Chromium, and the real VS Code end-to-end tests — and
// ends with the one closing line CI reads: "N passed, N failed".
//   node scripts/test.mjs           everything
//   node scripts/test.mjs --unit    vitest only (fast, needs nothing but npm ci)
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const unitOnly = process.argv.includes('--unit');
const extra = process.argv.slice(2).filter((a) => a !== '--unit');
const totals = { passed: 0, failed: 0 };
const summary = [];

function vitest() {
  const out = join(mkdtempSync(join(tmpdir(), 'gradscope-test-')), 'vitest.json');
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra], {
    stdio: 'inherit',
  });
  let passed = 0, failed = 0;
  try {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    passed = j.numPassedTests;
    failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
    if (!j.success && failed === 0) failed = 1; // a suite that failed to load
  } catch {
    failed = 1;
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

/** Runs a node --test based stage, echoing its output, and reads its pass/fail counts. */
function nodeTestStage(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const text = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  const count = (what) => {
    const all = [...text.matchAll(new RegExp(`^(?:ℹ|#) ${what} (\\d+)$`, 'gm'))];
    return all.reduce((s, m) => s + Number(m[1]), 0);
  };
  const passed = count('pass');
  let failed = count('fail');
  if (r.status !== 0 && failed === 0) failed = 1; // the stage could not run its tests
  return { passed, failed };
}

function stage(name, fn) {
  console.log(`\n=== ${name} ===`);
  const t0 = Date.now();
  const { passed, failed } = fn();
  totals.passed += passed;
  totals.failed += failed;
  summary.push(`${name}: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

stage('unit (vitest)', vitest);
if (!unitOnly) {
  // The e2e stage installs Chromium and playwright-core (test/vscode) that the panel tests reuse.
  stage('VS Code end-to-end (code-server)', () => nodeTestStage('npm', ['run', '--silent', 'test:e2e']));
  stage('graph panel (Chromium)', () => nodeTestStage('npm', ['run', '--silent', 'test:webview']));
}
console.log('\n' + summary.join('\n'));
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
