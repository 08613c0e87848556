// The same extension-host suite under a desktop VS Code via @vscode/test-electron's runTests,
// on machines that have a VS Code binary: set VSCODE_EXECUTABLE_PATH to it. Without one this
// test is skipped with a clear message (no download is attempted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleFiles, repo, here } from './harness.mjs';
import { buildSuite } from './build-suite.mjs';

const exe = process.env.VSCODE_EXECUTABLE_PATH;

test('extension-host suite under @vscode/test-electron', {
  skip: exe ? false : 'VSCODE_EXECUTABLE_PATH is not set: no desktop VS Code binary on this machine (the same suite ran under code-server)',
  timeout: 300000,
}, async () => {
  assert.ok(existsSync(exe), `VSCODE_EXECUTABLE_PATH=${exe} does not exist`);
  const { runTests } = await import('@vscode/test-electron');
  const ws = mkdtempSync(join(tmpdir(), 'gradscope-electron-ws-'));
  const fixtures = Object.fromEntries(readdirSync(join(here, 'fixtures')).map((f) => [f, readFileSync(join(here, 'fixtures', f), 'utf8')]));
  for (const f of readdirSync(join(repo, 'test/golden/examples')).filter((f) => f.endsWith('.out'))) fixtures[`.golden/${f}`] = readFileSync(join(repo, 'test/golden/examples', f), 'utf8');
  for (const [name, text] of Object.entries(exampleFiles(fixtures))) {
    mkdirSync(join(ws, name, '..'), { recursive: true });
    writeFileSync(join(ws, name), text);
  }
  const userData = join(ws, '.user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  const result = join(ws, 'suite-result.json');
  await runTests({
    vscodeExecutablePath: exe,
    extensionDevelopmentPath: repo,
    extensionTestsPath: await buildSuite(),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`],
    extensionTestsEnv: { GRADSCOPE_SUITE_RESULT: result },
  });
  const summary = JSON.parse(readFileSync(result, 'utf8'));
  assert.equal(summary.results.filter((r) => r.status === 'failed').length, 0);
});
