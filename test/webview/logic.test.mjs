// The panel's pure parts (webview/collapse.ts, webview/timeline.ts), bundled on the fly and
// run in Node: grouping of large graphs and the order of a leaf's accumulation timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { join } from 'node:path';
import { repo } from './harness.mjs';
import { accumulateModel, hooksModel } from './fixtures.mjs';

const out = await build({
  stdin: { contents: "export * from './webview/collapse'; export * from './webview/timeline'; export * from './webview/synthetic';", resolveDir: repo, loader: 'ts' },
  bundle: true, format: 'esm', write: false, platform: 'neutral', logLevel: 'silent',
});
const m = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);

test('small graphs are shown whole; large ones collapse by loop iteration, in runs of iterations', () => {
  const small = hooksModel();
  assert.equal(m.collapse(small, { mode: 'auto' }).graph, small);
  const big = m.syntheticGraph(5000);
  const v = m.collapse(big, { mode: 'auto' });
  assert.equal(v.mode, 'iteration');
  assert.ok(v.graph.nodes.length < 100, `${v.graph.nodes.length} drawn`);
  // Every hidden node belongs to exactly one drawn group; shared parameters stay visible.
  const drawn = new Set(v.graph.nodes.map((n) => n.id));
  for (const n of big.nodes) assert.ok(drawn.has(n.id) !== v.groupOf.has(n.id), n.id);
  assert.ok(drawn.has(big.nodes.find((n) => n.label === 'fc1.weight').id));
  // Edges only join drawn nodes, never a group to itself, and at most once per pair.
  const pairs = new Set();
  for (const e of v.graph.edges) {
    assert.ok(drawn.has(e.from) && drawn.has(e.to) && e.from !== e.to);
    const key = `${e.from}>${e.to}`;
    assert.ok(!pairs.has(key), key);
    pairs.add(key);
  }
});

test('edges merged between groups keep a cut visible', () => {
  const node = (id, line) => ({ id, kind: 'grad_fn', label: id, line, flags: {} });
  const g = { schema: 1, backwardCalls: [], zeroings: [], nodes: [node('a1', 1), node('a2', 1), node('b1', 2), node('b2', 2)], edges: [
    { id: 'e0', from: 'a1', to: 'a2', kind: 'flow' },
    { id: 'e1', from: 'a1', to: 'b1', kind: 'flow' },
    { id: 'e2', from: 'a2', to: 'b2', kind: 'cut', reason: 'detach', line: 2 },
  ] };
  const v = m.collapse(g, { mode: 'line' });
  assert.equal(v.graph.nodes.length, 2);
  assert.equal(v.graph.edges.length, 1);
  assert.equal(v.graph.edges[0].kind, 'cut');
  assert.equal(v.graph.edges[0].reason, 'detach');
});

test('group ids are stable across re-runs, and an expanded group shows its members', () => {
  const a = m.collapse(m.syntheticGraph(3000), { mode: 'auto' });
  const b = m.collapse(m.syntheticGraph(3000), { mode: 'auto' });
  assert.deepEqual([...a.groups.keys()], [...b.groups.keys()]);
  const first = [...a.groups.values()][0];
  const open = m.collapse(m.syntheticGraph(3000), { mode: 'auto', expanded: new Set([first.id]) });
  const ids = new Set(open.graph.nodes.map((n) => n.id));
  assert.ok(!ids.has(first.id));
  for (const id of first.memberIds) assert.ok(ids.has(id));
});

test('grouping by line puts each line\'s nodes together', () => {
  const g = hooksModel();
  const v = m.collapse(g, { mode: 'line' });
  const line8 = v.groups.get('group:line:8');
  assert.ok(line8);
  assert.deepEqual(line8.memberIds.map((id) => g.nodes.find((n) => n.id === id).label).sort(), ['MulBackward0', 'SumBackward0', 'z']);
});

test('a leaf\'s timeline interleaves backward contributions and zeroings in run order', () => {
  const g = accumulateModel();
  const w = g.nodes.find((n) => n.kind === 'leaf');
  const acc = g.nodes.find((n) => n.kind === 'accumulate_grad');
  const events = m.timelineOf(g, w);
  assert.deepEqual(events.map((e) => (e.kind === 'zero' ? `Z${e.line}` : `B${e.callIndex}`)), ['B0', 'B1', 'B2', 'Z11', 'B3', 'Z18', 'B4']);
  assert.deepEqual(m.timelineOf(g, acc), events, 'AccumulateGrad shows its leaf\'s timeline');
  assert.equal(m.contributionCount(g, w), 5);
});

test('zero_grad at the top of a loop goes before each iteration\'s backward', () => {
  const g = { schema: 1, nodes: [{ id: 'w', kind: 'leaf', label: 'w', name: 'w', flags: {} }], edges: [], zeroings: [], backwardCalls: [] };
  for (let i = 0; i < 3; i++) {
    g.zeroings.push({ line: 5, kind: 'set_to_none', tensorIds: [], names: ['w'] });
    g.backwardCalls.push({ index: i, kind: 'backward', line: 8, rootNodeIds: [], retainGraph: false, createGraph: false, steps: [], hooks: [], freedNodeIds: [], leafGrads: [{ name: 'w', nodeId: 'w', before: null, after: 'tensor(1.)' }] });
  }
  assert.deepEqual(m.timelineOf(g, g.nodes[0]).map((e) => e.kind[0]), ['z', 'b', 'z', 'b', 'z', 'b']);
});
