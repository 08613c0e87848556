// Every example's real graph (from `node dist/cli.js graph examples/X.py --format json`) drawn
// in the panel, in a light and a dark theme: the DOM must say what the model says, and a
// screenshot of each goes to .e2e/webview/ (look at them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPanel, showGraph, shotPath, repo } from './harness.mjs';
import { exampleFiles, graphOfExample } from './fixtures.mjs';

let server, browser;
const pages = {};
before(async () => {
  server = await startServer();
  browser = await launch();
  for (const theme of ['light', 'dark']) pages[theme] = (await openPanel(browser.context, server.url, theme)).page;
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const shown = (n) => ((n.kind === 'leaf' || n.kind === 'tensor' || n.kind === 'output') && n.name ? n.name : n.label);

for (const file of exampleFiles(repo)) {
  test(`example ${file}: the panel draws what the trace says`, async (t) => {
    const g = graphOfExample(repo, file);
    if (!g) return t.skip('the CLI cannot export this graph yet');
    for (const theme of ['light', 'dark']) {
      const page = pages[theme];
      await page.evaluate(() => window.gradscope.selectCall(null));
      await showGraph(page, g, file);
      const count = (sel) => page.locator(sel).count();
      assert.equal(await count('#graph g.gs-node'), g.nodes.length);
      for (const kind of ['leaf', 'tensor', 'grad_fn', 'accumulate_grad', 'output']) {
        assert.equal(await count(`#graph g.gs-node.gs-kind-${kind}`), g.nodes.filter((n) => n.kind === kind).length, kind);
      }
      const labels = await page.$$eval('#graph g.gs-node', (els) => els.map((e) => [e.getAttribute('data-id'), e.querySelector('text.gs-label').textContent]));
      const want = new Map(g.nodes.map((n) => [n.id, shown(n)]));
      for (const [id, text] of labels) assert.equal(text, want.get(id).length > 40 ? want.get(id).slice(0, 39) + '…' : want.get(id));
      const drawnEdges = g.edges.filter((e) => e.from !== e.to).length;
      assert.equal(await count('#graph g.gs-edge'), drawnEdges);
      assert.equal(await count('#graph g.gs-edge-cut .gs-cut-mark'), g.edges.filter((e) => e.kind === 'cut').length);
      assert.equal(await count('#graph .gs-badge-hook'), g.nodes.filter((n) => n.flags.hooks).length);
      assert.equal(await count('#graph g.gs-node.gs-freed'), g.nodes.filter((n) => n.flags.freed).length);
      assert.equal(await count('#graph g.gs-node.gs-retains'), g.nodes.filter((n) => n.flags.retainsGrad).length);
      // The mini timeline under each leaf: one point per backward call that changed its .grad.
      for (const leaf of g.nodes.filter((n) => n.kind === 'leaf')) {
        const acc = new Set(g.edges.filter((e) => e.from === leaf.id).map((e) => e.to));
        const points = g.backwardCalls.filter((c) => c.leafGrads.some((x) => x.nodeId === leaf.id || acc.has(x.nodeId) || (leaf.tensorId && x.tensorId === leaf.tensorId))).length;
        assert.equal(await count(`#graph g.gs-node[data-id="${leaf.id}"] .gs-tl-mini-point`), points, `timeline of ${leaf.name}`);
      }
      if (g.backwardCalls.length) {
        const call = g.backwardCalls[0];
        await page.evaluate(() => window.gradscope.selectCall(0, 0, false));
        const ran = new Set(call.steps.map((st) => st.nodeId));
        assert.equal(await count('#graph g.gs-node.gs-ran'), ran.size);
        assert.equal(await count('#graph g.gs-node.gs-step'), 1);
        const firstLeaf = g.nodes.find((n) => n.kind === 'leaf' && n.flags.requiresGrad) ?? g.nodes[0];
        await page.evaluate((id) => window.gradscope.select(id), firstLeaf.id);
      }
      await page.screenshot({ path: shotPath(`${file.replace(/\.py$/, '')}-${theme}`) });
    }
  });
}
