// Runs the vitest suites and ends with the closing line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'gradscope-test-')), 'vitest.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit' });
let passed = 0, failed = 0;
try {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed = j.numPassedTests;
  failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
  if (!j.success && failed === 0) failed = 1; // a suite that failed to load counts as a failure
} catch {
  failed = Math.max(failed, 1);
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
