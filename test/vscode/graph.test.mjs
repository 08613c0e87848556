// The graph panel in a real VS Code (code-server + headless Chromium): run an example, open
// the panel, click a node and see the editor move to its line, move the cursor and see the
// line's nodes highlighted, step a backward call node by node (the editor follows), and
// reopen the panel on a light theme. Screenshots go to .e2e/screenshots/graph-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { startCodeServer, launchBrowser, exampleFiles, ensureArtifacts, quickOpen as openInQuickOpen, focusEditor as focusActiveEditor, UI_TIMEOUT } from './harness.mjs';

const UI = UI_TIMEOUT;
const SLOW = 60000;
const shots = join(ensureArtifacts(), 'screenshots');

let server;
let browser;
let page;
const shot = (name) => page.screenshot({ path: join(shots, `graph-${name}.png`) });

const quickOpen = (file) => openInQuickOpen(page, file);
const focusEditor = () => focusActiveEditor(page);

async function palette(label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: UI });
  await input.pressSequentially(label);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor({ timeout: UI });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'hidden', timeout: UI }).catch(() => {});
}

/** The editor's cursor line, from the status bar's "Ln N, Col M". */
async function cursorLine() {
  const text = await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().textContent({ timeout: UI });
  return Number(/Ln (\d+)/.exec(text)[1]);
}

async function waitForCursorLine(line) {
  await page.waitForFunction((l) => [...document.querySelectorAll('.statusbar-item')].some((e) => new RegExp(`Ln ${l}, Col`).test(e.textContent)), line, { timeout: UI });
}

const panel = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

before(async () => {
  server = await startCodeServer({ files: exampleFiles() });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(server.folderUrl());
  await page.locator('.monaco-workbench').waitFor({ timeout: SLOW });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: '08_hooks_clone_detach.py' }).waitFor({ timeout: SLOW });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the graph panel opens on a run example and draws its autograd graph', { timeout: SLOW * 2 }, async () => {
  await quickOpen('08_hooks_clone_detach.py');
  await focusEditor();
  await palette('Gradscope: Run Script');
  await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /Gradscope: (done|error)/.test(e.textContent)), null, { timeout: SLOW });
  await focusEditor();
  await palette('Gradscope: Show Graph');
  await page.locator('.tab', { hasText: 'Gradscope Graph' }).waitFor({ timeout: SLOW });
  await panel().locator('#root[data-state="ready"]').waitFor({ timeout: SLOW });
  const kinds = await panel().locator('#graph g.gs-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  for (const k of ['leaf', 'grad_fn', 'accumulate_grad', 'output']) assert.ok(kinds.includes(k), `${k} in ${kinds}`);
  assert.ok(await panel().locator('#graph g.gs-edge-cut .gs-cut-mark').count() >= 1, 'the detach cut is drawn');
  assert.ok(await panel().locator('#graph .gs-badge-hook').count() >= 1, 'hook badges');
  const csp = await panel().locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'nonce-/);
  assert.match(csp, /worker-src [^;]*blob:/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  await shot('01-open');
});

test('clicking a node moves the editor to its line; moving the cursor highlights that line\'s nodes', { timeout: SLOW }, async () => {
  const clone = panel().locator('#graph g.gs-node', { hasText: 'CloneBackward0' }).first();
  const line = Number(await clone.getAttribute('data-line'));
  assert.ok(line > 1);
  await clone.click();
  await waitForCursorLine(line);
  assert.equal(await cursorLine(), line);
  assert.equal(await panel().locator('#graph g.gs-node.gs-selected').count(), 1);
  await shot('02-click-node');

  // Go to line 5 (y = x * 3) with Ctrl+G: the panel highlights the nodes created there.
  await page.locator('.part.editor .tab', { hasText: '08_hooks_clone_detach.py' }).click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: UI });
  await input.pressSequentially('5');
  await page.keyboard.press('Enter');
  await waitForCursorLine(5);
  await panel().locator('#graph g.gs-node.gs-line-hl[data-line="5"]').first().waitFor({ timeout: UI });
  const lit = await panel().locator('#graph g.gs-node.gs-line-hl').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-line')))]);
  assert.deepEqual(lit, ['5']);
  await shot('03-cursor-highlight');
});

test('the backward stepper walks a call node by node and the editor follows', { timeout: SLOW }, async () => {
  await panel().locator('select[aria-label="Backward call"]').selectOption('0');
  await panel().locator('#graph.gs-call-active').waitFor({ timeout: UI });
  const ran = await panel().locator('#graph g.gs-node.gs-ran').count();
  assert.ok(ran >= 3, `${ran} nodes ran`);
  const seen = [];
  for (let i = 0; i < Math.min(ran, 3); i++) {
    await panel().locator('.gs-step-next').click();
    await panel().locator('.gs-step-pos', { hasText: `step ${i + 1} of` }).waitFor({ timeout: UI });
    const current = panel().locator('#graph g.gs-node.gs-step');
    assert.equal(await current.count(), 1);
    const line = Number(await current.getAttribute('data-line'));
    await waitForCursorLine(line);
    seen.push([await current.locator('text.gs-label').textContent(), line]);
  }
  // PyTorch runs the root's node first: SumBackward0 of z = (y * y).sum() on line 8.
  assert.deepEqual(seen[0], ['SumBackward0', 8]);
  const io = await panel().locator('.gs-stepper .gs-step-io').textContent();
  assert.match(io, /incoming grad/);
  await shot('04-stepper');
});

test('Gradscope: Step Backward (the worker\'s stepper) drives the same view in the panel', { timeout: SLOW }, async () => {
  await panel().locator('.gs-stepper button', { hasText: '✕' }).click();
  await page.locator('.part.editor .tab', { hasText: '08_hooks_clone_detach.py' }).click();
  await focusEditor();
  await palette('Gradscope: Step Backward');
  await panel().locator('#graph g.gs-node.gs-step').waitFor({ timeout: UI });
  const pos = await panel().locator('.gs-step-pos').textContent();
  assert.match(pos, /^step 1 of \d+$/);
  // The default call is the last one: (m ** 2).sum().backward() on line 27 starts at its SumBackward0.
  assert.equal(await panel().locator('#graph g.gs-node.gs-step text.gs-label').textContent(), 'SumBackward0');
  await shot('04b-step-command');
});

test('the panel follows the active editor: another script shows its own graph', { timeout: SLOW }, async () => {
  await quickOpen('03_accumulate_and_zero.py');
  await panel().locator('.gs-status', { hasText: '03_accumulate_and_zero.py' }).waitFor({ timeout: SLOW });
  await panel().locator('#root[data-state="ready"]').waitFor({ timeout: SLOW });
  // One leaf (w) whose .grad five backward calls changed: five points under it.
  assert.equal(await panel().locator('#graph g.gs-kind-leaf .gs-tl-mini-point').count(), 5);
  await shot('05-follow-editor');
});

test('the panel\'s SVG button saves the graph where the person chooses', { timeout: SLOW }, async () => {
  await panel().locator('.gs-toolbar button', { hasText: 'SVG' }).click();
  // code-server's save dialog is the simple one: a quick input holding the proposed path.
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: UI });
  await page.waitForFunction(() => /\.svg$/.test(document.querySelector('.quick-input-widget .quick-input-box input')?.value ?? ''), null, { timeout: UI }).catch(() => shot('export-dialog'));
  const proposed = await input.inputValue();
  assert.match(proposed, /03_accumulate_and_zero-graph\.svg$/);
  await page.keyboard.press('Enter');
  const file = join(server.ws, '03_accumulate_and_zero-graph.svg');
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  const svg = readFileSync(file, 'utf8');
  assert.match(svg, /^<svg/);
  assert.ok(svg.includes('>AccumulateGrad<'));
});

test('the panel follows the theme and keeps working after switching to a light theme', { timeout: SLOW }, async () => {
  await focusEditor().catch(() => {});
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: UI });
  await input.pressSequentially('Light Modern');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: 'Light Modern' }).waitFor({ timeout: UI });
  await page.keyboard.press('Enter');
  await panel().locator('body.vscode-light').waitFor({ timeout: UI });
  assert.ok(await panel().locator('#graph g.gs-node').count() > 5);
  await shot('06-light');
});

test('after a window reload the panel comes back with its graph (WebviewPanelSerializer)', { timeout: SLOW * 2 }, async () => {
  await page.reload();
  await page.locator('.monaco-workbench').waitFor({ timeout: SLOW });
  await page.locator('.tab', { hasText: 'Gradscope Graph' }).waitFor({ timeout: SLOW });
  await page.locator('.tab', { hasText: 'Gradscope Graph' }).click();
  await panel().locator('#root[data-state="ready"]').waitFor({ timeout: SLOW });
  assert.ok(await panel().locator('#graph g.gs-node').count() > 5);
  await shot('07-restored');
});
