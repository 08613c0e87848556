// Runs the extension-host suite (suite/index.ts) inside code-server's extension host through
// the workbench URL payload (extensionDevelopmentPath + extensionTestsPath). A browser window
// has to connect for the extension host to start; the suite reports through a JSON file.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, launchBrowser, exampleFiles, repo, here, ensureArtifacts } from './harness.mjs';
import { buildSuite } from './build-suite.mjs';

const fixtures = Object.fromEntries(readdirSync(join(here, 'fixtures')).map((f) => [f, readFileSync(join(here, 'fixtures', f), 'utf8')]));
// PyTorch's own outputs of the examples (test/golden/examples), for the suite to compare with.
const goldenDir = join(repo, 'test/golden/examples');
for (const f of readdirSync(goldenDir).filter((f) => f.endsWith('.out'))) fixtures[`.golden/${f}`] = readFileSync(join(goldenDir, f), 'utf8');

test('extension-host suite under code-server (extensionTestsPath)', { timeout: 240000 }, async (t) => {
  ensureArtifacts();
  const suite = await buildSuite();
  const resultFile = join(ensureArtifacts(), `suite-result-${process.pid}.json`);
  const server = await startCodeServer({ files: exampleFiles(fixtures), install: 'none', env: { GRADSCOPE_SUITE_RESULT: resultFile } });
  const browser = await launchBrowser();
  after(async () => {
    await browser.close();
    await server.stop();
  });
  const page = await browser.context.newPage();
  await page.goto(server.folderUrl([
    ['extensionDevelopmentPath', server.remoteUri(repo)],
    ['extensionTestsPath', server.remoteUri(suite)],
  ]));
  const deadline = Date.now() + 200000;
  while (!existsSync(resultFile)) {
    if (Date.now() > deadline) assert.fail(`the suite wrote no result; code-server log:\n${server.log.join('').slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const summary = JSON.parse(readFileSync(resultFile, 'utf8'));
  rmSync(resultFile);
  console.log(`# engine available: ${summary.engineAvailable}; stats: ${JSON.stringify(summary.stats)}`);
  console.log(`# keystroke → decorations (median ms, live mode, debounce included): ${JSON.stringify(summary.keystrokeToDecorationsMs)}`);
  console.log(`# per-test ms inside the extension host: ${JSON.stringify(Object.fromEntries(summary.results.map((r) => [r.name.slice(0, 40), r.ms])))}`);
  for (const r of summary.results) {
    await t.test(r.name, { skip: r.status === 'skipped' ? r.detail : false }, () => {
      if (r.status === 'failed') assert.fail(r.detail);
    });
  }
});
