// The graph panel in headless Chromium (Debian's chromium + playwright-core): the webview
// bundle (dist/webview.js) on a static harness page with the panel's CSP, fed GraphModels as
// the host would post them. Run: `npm run build && node --test test/webview/`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPanel, showGraph, shotPath } from './harness.mjs';
import { hooksModel, accumulateModel, hostileModel } from './fixtures.mjs';
import { syntheticModel } from './synthetic.mjs';

let server, browser, page, problems;
before(async () => {
  server = await startServer();
  browser = await launch();
  ({ page, problems } = await openPanel(browser.context, server.url));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const texts = (sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent));
const nodeSel = (label) => `#graph g.gs-node:has(text.gs-label:text-is("${label}"))`;
const posted = () => page.evaluate(() => window.__posted.splice(0));

test('every node kind is drawn with its own class and label', async () => {
  const g = hooksModel();
  await showGraph(page, g, '08_hooks_clone_detach.py');
  assert.equal(await page.locator('#graph g.gs-node').count(), g.nodes.length);
  for (const kind of ['leaf', 'tensor', 'grad_fn', 'accumulate_grad', 'output']) {
    const want = g.nodes.filter((n) => n.kind === kind).length;
    assert.equal(await page.locator(`#graph g.gs-node.gs-kind-${kind}`).count(), want, kind);
  }
  const leafLabels = await texts('#graph g.gs-kind-leaf text.gs-label');
  assert.deepEqual(leafLabels.sort(), ['d', 'x']);
  assert.ok((await texts('#graph g.gs-kind-grad_fn text.gs-label')).includes('CloneBackward0'));
  assert.deepEqual(await texts('#graph g.gs-kind-output text.gs-label'), ['z']);
  assert.deepEqual(await texts('#graph g.gs-kind-accumulate_grad text.gs-sub'), ['x']);
});

test('edges: flow arrows, cut edges broken with their reason and line, saved-tensor edges', async () => {
  const g = hooksModel();
  await showGraph(page, g, '08_hooks_clone_detach.py');
  assert.equal(await page.locator('#graph g.gs-edge').count(), g.edges.length);
  assert.equal(await page.locator('#graph g.gs-edge-cut').count(), g.edges.filter((e) => e.kind === 'cut').length);
  assert.equal(await page.locator('#graph g.gs-edge-saved').count(), 1);
  const marks = await texts('#graph g.gs-edge-cut .gs-cut-mark text');
  assert.ok(marks.includes('detach() · line 18'), marks.join('|'));
  assert.equal(await page.locator('#graph g.gs-edge-cut .gs-cut-mark line').count(), 4, 'two strokes across each cut edge');
  const x = g.nodes.find((n) => n.label === 'x').id;
  assert.equal(await page.locator(`#graph g.gs-edge-cut[data-from="${x}"]`).count(), 1);
});

test('hook badges, freed saved tensors and retained grads are marked', async () => {
  await showGraph(page, hooksModel(), '08_hooks_clone_detach.py');
  assert.equal(await page.locator(`${nodeSel('x')} .gs-badge-hook`).count(), 1);
  assert.equal(await page.locator(`${nodeSel('y')} .gs-badge-hook`).count(), 1);
  assert.equal(await page.locator('#graph .gs-badge-hook').count(), 2);
  const freed = await page.$$eval('#graph g.gs-node.gs-freed', (els) => els.map((e) => e.getAttribute('data-line')));
  assert.deepEqual(freed.sort(), ['5', '8']);
  assert.equal(await page.locator(`${nodeSel('m')}.gs-retains .gs-badge-retain`).count(), 1);
});

test('a leaf carries its accumulation timeline: one point per backward contribution, zeroings marked', async () => {
  await showGraph(page, accumulateModel(), '03_accumulate_and_zero.py');
  assert.equal(await page.locator(`${nodeSel('w')} .gs-tl-mini .gs-tl-mini-point`).count(), 5);
  assert.equal(await page.locator(`${nodeSel('w')} .gs-tl-mini .gs-tl-mini-zero`).count(), 2);
  await page.locator(nodeSel('w')).click();
  await page.waitForSelector('.gs-details .gs-timeline');
  assert.equal(await page.locator('.gs-timeline .gs-tl-point').count(), 5);
  assert.equal(await page.locator('.gs-timeline .gs-tl-zero').count(), 2);
  const items = await texts('.gs-timeline li');
  // Three loop calls, zero_() at line 11, one call, = None at line 18, the last call.
  assert.deepEqual(items.map((t) => (t.startsWith('backward') ? 'B' : 'Z')).join(''), 'BBBZBZB');
  assert.match(items[1], /backward #2 \(line 8\): tensor\(\[2\., 4\., 6\.\]\) → tensor\(\[ 4\., {2}8\., 12\.\]\)/);
  assert.match(items[3], /\.grad\.zero_\(\) \(line 11\)/);
});

test('labels are text, never markup', async () => {
  const g = hostileModel();
  await showGraph(page, g, 'evil.py');
  assert.equal(await page.locator('img, foreignObject, script:not([src]):not([nonce])').count(), 0);
  const labels = await texts('#graph g.gs-node text.gs-label');
  assert.ok(labels.some((t) => t.startsWith('<img src=x onerror=')), labels.join('|'));
  await page.locator('#graph g.gs-kind-leaf').click();
  const details = await page.locator('.gs-details').textContent();
  assert.ok(details.includes('<script>window.__pwned=2</script>'));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('clicking a node selects it, shows its details and asks the host to reveal its line', async () => {
  const g = hooksModel();
  await showGraph(page, g, '08_hooks_clone_detach.py');
  await posted();
  await page.locator(nodeSel('MulBackward0') + '[data-line="5"]').click();
  const msgs = await posted();
  const reveal = msgs.find((m) => m.kind === 'reveal');
  assert.ok(reveal, JSON.stringify(msgs));
  assert.equal(reveal.range.line, 5);
  assert.equal(await page.locator('#graph g.gs-node.gs-selected').count(), 1);
  const details = await page.locator('.gs-details').textContent();
  assert.ok(details.includes('grad_self = grad · other'));
  assert.ok(details.includes('freed by backward at line 9'));
});

test('the editor cursor highlights the nodes created on its line', async () => {
  await showGraph(page, hooksModel(), '08_hooks_clone_detach.py');
  await page.evaluate(() => window.postMessage({ v: 1, kind: 'highlightLines', lines: [8] }, '*'));
  await page.waitForFunction(() => document.querySelectorAll('#graph g.gs-node.gs-line-hl').length > 0);
  const lines = await page.$$eval('#graph g.gs-node.gs-line-hl', (els) => els.map((e) => e.getAttribute('data-line')));
  assert.deepEqual([...new Set(lines)], ['8']);
  assert.equal(lines.length, 3);
});

test('choosing a backward call highlights what it ran; the stepper walks it in order and reveals each line', async () => {
  const g = hooksModel();
  await showGraph(page, g, '08_hooks_clone_detach.py');
  await page.selectOption('select[aria-label="Backward call"]', '0');
  assert.equal(await page.locator('svg.gs-call-active').count(), 1);
  assert.equal(await page.locator('#graph g.gs-node.gs-ran').count(), 4);
  await posted();
  await page.locator('.gs-step-next').click();
  assert.deepEqual(await texts('#graph g.gs-node.gs-step text.gs-label'), ['SumBackward0']);
  await page.locator('.gs-step-next').click();
  assert.equal(await page.locator('.gs-step-pos').textContent(), 'step 2 of 4');
  const step = await page.locator('.gs-stepper').textContent();
  assert.ok(step.includes('grad_self = [1., 1.] · [3., 6.] = [3., 6.]'), step);
  assert.ok(step.includes('incoming grad: tensor([1., 1.])'), step);
  assert.equal(await page.locator('.gs-step-io .gs-step-out').count(), 2);
  const reveals = (await posted()).filter((m) => m.kind === 'reveal').map((m) => m.range.line);
  assert.deepEqual(reveals, [8, 8]);
  // The host's own stepper (Gradscope: Step Backward) drives the same view.
  await page.evaluate((id) => window.postMessage({ v: 1, kind: 'stepState', callIndex: 0, stepIndex: 2, stepCount: 4, nodeId: id }, '*'), g.backwardCalls[0].steps[2].nodeId);
  await page.waitForFunction(() => document.querySelector('.gs-step-pos')?.textContent === 'step 3 of 4');
  assert.equal(await page.locator('#graph g.gs-node.gs-step[data-line="5"]').count(), 1);
  const hook = await page.locator('.gs-stepper').textContent();
  assert.ok(!hook.includes('retain_grad'));
  await page.selectOption('select[aria-label="Backward call"]', '');
  assert.equal(await page.locator('svg.gs-call-active').count(), 0);
});

test('find, direction switch and the legend', async () => {
  await showGraph(page, hooksModel(), '08_hooks_clone_detach.py');
  await page.fill('input[type=search]', 'clone');
  assert.equal(await page.locator('#graph g.gs-node.gs-match').count(), 1);
  assert.equal(await page.locator('.gs-count').textContent(), '1/1');
  await page.fill('input[type=search]', '');
  const before = await page.$$eval('#graph g.gs-node', (els) => els.map((e) => e.getAttribute('transform')));
  const run = await page.evaluate(() => document.getElementById('root').dataset.runId);
  await page.locator('button.gs-dir').click();
  await page.waitForFunction(() => document.getElementById('root').dataset.state === 'ready' && document.querySelector('button.gs-dir').textContent === 'TB');
  await page.waitForFunction((r) => document.getElementById('root').dataset.state === 'ready' && document.getElementById('root').dataset.runId === r, run);
  const afterT = await page.$$eval('#graph g.gs-node', (els) => els.map((e) => e.getAttribute('transform')));
  assert.notDeepEqual(afterT, before);
  await page.locator('button.gs-dir').click();
  await page.locator('button', { hasText: 'Legend' }).click();
  assert.ok(await page.locator('.gs-legend').isVisible());
  assert.equal(await page.locator('.gs-legend > div').count(), 11);
  await page.locator('button', { hasText: 'Legend' }).click();
});

test('exports SVG text and a PNG for the host to save', async () => {
  await showGraph(page, hooksModel(), '08_hooks_clone_detach.py');
  await posted();
  await page.evaluate(() => window.postMessage({ v: 1, kind: 'requestExport', format: 'svg' }, '*'));
  await page.waitForFunction(() => window.__posted.some((m) => m.kind === 'exportImage'));
  const svg = (await posted()).find((m) => m.kind === 'exportImage');
  assert.equal(svg.format, 'svg');
  assert.match(svg.data, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.data.includes('>AccumulateGrad<'));
  assert.ok(!svg.data.includes('var(--'), 'theme variables are resolved to colours');
  await page.evaluate(() => window.postMessage({ v: 1, kind: 'requestExport', format: 'png' }, '*'));
  await page.waitForFunction(() => window.__posted.some((m) => m.kind === 'exportImage'), null, { timeout: 15000 });
  const png = (await posted()).find((m) => m.kind === 'exportImage');
  assert.match(png.data, /^data:image\/png;base64,iVBOR/);
  assert.ok(png.data.length > 5000);
});

test('large graphs open collapsed and a group expands on double-click', async () => {
  const g = await syntheticModel(5000);
  const t = await showGraph(page, g, 'big.py');
  assert.ok(g.nodes.length >= 4900);
  assert.ok(t.drawnNodes < 150, `drawn ${t.drawnNodes}`);
  assert.ok(await page.locator('#graph g.gs-node.gs-group').count() > 20);
  console.log(`# 5000-node graph: ${t.nodes} nodes, drawn ${t.drawnNodes}, ${Math.round(t.totalMs)} ms (layout ${Math.round(t.layoutMs)} ms)`);
  assert.ok(t.totalMs < 6000, `took ${t.totalMs} ms`); // the 2 s goal is measured by the benchmark on a quiet machine
  await page.screenshot({ path: shotPath('large-5000-collapsed') });
  const count = await page.locator('#graph g.gs-node').count();
  const run = await page.evaluate(() => document.getElementById('root').dataset.runId);
  await page.locator('#graph g.gs-node.gs-group').first().dblclick();
  await page.waitForFunction(([c]) => document.getElementById('root').dataset.state === 'ready' && document.querySelectorAll('#graph g.gs-node').length > c, [count]);
  assert.ok((await page.locator('#graph g.gs-node').count()) > count);
  void run;
});

test('a 200-node graph draws quickly when warm', async () => {
  const g = await syntheticModel(200);
  await showGraph(page, g, 'mid.py');
  const t = await showGraph(page, await syntheticModel(230), 'mid.py'); // another structure: no layout reuse
  console.log(`# 200-node graph warm: ${Math.round(t.totalMs)} ms (layout ${Math.round(t.layoutMs)}, render ${Math.round(t.renderMs)}, dom ${Math.round(t.domMs)})`);
  assert.equal(t.drawnNodes, t.nodes);
  assert.ok(t.totalMs < 4000, `took ${t.totalMs} ms`); // generous: CI machines are shared; the 300 ms budget is measured by npm run bench:webview
});

test('a re-run that only changed values keeps the layout (nothing moves) and skips ELK', async () => {
  const g = await syntheticModel(200);
  await showGraph(page, g, 'rerun.py');
  const before = await page.$$eval('#graph g.gs-node', (els) => els.map((e) => e.getAttribute('transform')));
  const again = structuredClone(g);
  for (const n of again.nodes) if (n.value) n.value = n.value.replace('…', '0.5');
  const t = await showGraph(page, again, 'rerun.py');
  assert.ok(t.layoutMs < 20, `layout ${t.layoutMs} ms`);
  assert.deepEqual(await page.$$eval('#graph g.gs-node', (els) => els.map((e) => e.getAttribute('transform'))), before);
});

test('the panel restores its last graph after a reload, without the host', async () => {
  await showGraph(page, accumulateModel(), '03_accumulate_and_zero.py');
  await page.waitForFunction(() => window.__state?.update?.fileName === '03_accumulate_and_zero.py');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('root')?.dataset.state === 'ready');
  assert.ok((await page.locator('.gs-status').textContent()).startsWith('03_accumulate_and_zero.py'));
  assert.equal(await page.locator('#graph g.gs-node.gs-kind-leaf').count(), 1);
});

test('malformed messages are ignored, and nothing broke the CSP', async () => {
  await showGraph(page, hooksModel(), 'ok.py');
  await page.evaluate(() => {
    window.postMessage({ v: 1, kind: 'graph', runId: 99, fileName: 'x.py', graph: { nodes: 'nope' } }, '*');
    window.postMessage({ v: 2, kind: 'highlightLines', lines: [5] }, '*');
  });
  await page.waitForTimeout(200);
  assert.ok((await page.locator('.gs-status').textContent()).startsWith('ok.py'));
  assert.equal(await page.locator('#graph g.gs-node.gs-line-hl').count(), 0);
  const real = problems.filter((p) => !p.includes('404'));
  assert.deepEqual(real, []);
});
