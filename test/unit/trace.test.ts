// The trace of each example in examples/: what the recorder must report (backward calls, leaf
// gradients, hooks, cuts, freed buffers, zeroings, why .grad is None), its stable node ids,
// its bounds, the torchviz-style DOT and the standalone SVG. Values are those PyTorch prints
// (test/golden/examples/*.out).
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { DEFAULT_LIMITS, runTraced, toDot } from '../../engine/trace';
import { runScript } from '../../engine/torch/run';
import { renderStandaloneSvg } from '../../webview/render';
import { explain } from '../../engine/protocol/guards';
import type { GraphModel, TraceSnapshot } from '../../engine/protocol/trace';

const root = join(__dirname, '../..');
const example = (name: string): string => readFileSync(join(root, 'examples', `${name}.py`), 'utf8');
const trace = (name: string): TraceSnapshot => runTraced(example(name), { fileName: `${name}.py` }).snapshot;
const nodeLabel = (s: TraceSnapshot, id: string): string => s.graph.nodes.find((n) => n.id === id)?.label ?? '?';

/** The structure of a trace, without values: pinned in test/golden/trace/NAME.json. */
function digest(s: TraceSnapshot): unknown {
  return {
    nodes: s.graph.nodes.map((n) => `${n.id} ${n.label}${n.flags.freed ? ' freed' : ''}${n.flags.hooks ? ` hooks=${n.flags.hooks}` : ''}`),
    edges: s.graph.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}${e.reason ? ` (${e.reason}, line ${e.line})` : ''}`),
    calls: s.graph.backwardCalls.map((c) => ({
      kind: c.kind, line: c.line, retain: c.retainGraph, create: c.createGraph,
      steps: c.steps.map((st) => st.label), freed: c.freedNodeIds.length, error: c.error !== undefined,
      leafGrads: c.leafGrads.map((g) => `${g.name}: ${g.before} -> ${g.after}`),
    })),
    zeroings: s.graph.zeroings.map((z) => `${z.kind} line ${z.line}: ${z.names.join(', ')}`),
    cuts: (s.graph.cuts ?? []).map((c) => `${c.reason} line ${c.line} from ${c.fromNames.join(', ')}`),
    gradNone: s.gradNone.map((g) => `${g.name} line ${g.line}: ${g.cause}`),
  };
}

const EXAMPLES = ['01_requires_grad', '02_backward_mean', '03_accumulate_and_zero', '04_vector_backward', '05_no_grad_and_data',
  '06_autograd_grad', '07_retain_graph', '08_hooks_clone_detach', '09_nn_sgd'];

describe('trace of each example', () => {
  for (const name of EXAMPLES) {
    it(`${name}: valid snapshot, same stdout as an untraced run, structure as pinned`, () => {
      const s = trace(name);
      expect(explain.traceSnapshot(s)).toBeNull();
      let plain = '';
      runScript(example(name), { filename: `${name}.py`, stdout: (t) => (plain += t), stderr: () => {} });
      // Object addresses (`<AccumulateGrad object at 0x…>`) come from a global counter.
      const noAddr = (t: string): string => t.replace(/ at 0x[0-9a-f]+/g, ' at 0x…');
      expect(noAddr(s.stdout)).toBe(noAddr(plain));
      const file = join(root, 'test/golden/trace', `${name}.json`);
      const d = JSON.stringify(digest(s), null, 1) + '\n';
      if (process.env.UPDATE_TRACE_GOLDEN || !existsSync(file)) writeFileSync(file, d);
      expect(d).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('07: three backward calls accumulate into x (retain_graph), the fourth fails at the freed MulBackward0', () => {
    const s = trace('07_retain_graph');
    const calls = s.graph.backwardCalls;
    expect(calls.map((c) => c.retainGraph)).toEqual([true, true, false, false]);
    expect(calls.slice(0, 3).map((c) => c.leafGrads[0].after)).toEqual(['tensor([2., 4., 6.])', 'tensor([ 4.,  8., 12.])', 'tensor([ 6., 12., 18.])']);
    expect(calls[1].leafGrads[0]).toMatchObject({ name: 'x', before: 'tensor([2., 4., 6.])', delta: 'tensor([2., 4., 6.])' });
    expect(calls[0].freedNodeIds).toEqual([]);
    expect(calls[2].freedNodeIds.map((id) => nodeLabel(s, id))).toEqual(['MulBackward0']);
    expect(calls[3].error).toMatch(/^Trying to backward through the graph a second time/);
    expect(nodeLabel(s, calls[3].failedNodeId!)).toBe('MulBackward0');
    const mul = s.graph.nodes.find((n) => n.id === calls[3].failedNodeId)!;
    expect(mul.saved?.every((x) => x.freed && x.freedAtLine === 12)).toBe(true);
    expect(s.lines.find((l) => l.line === 10)?.gradChanges?.[0].after).toBe('tensor([ 4.,  8., 12.])');
  });

  it('08: hooks with before/after, the detach cut, .grad = None, retain_grad', () => {
    const s = trace('08_hooks_clone_detach');
    const first = s.graph.backwardCalls[0];
    const leafHook = first.hooks.find((h) => h.changed)!;
    expect(leafHook).toMatchObject({ before: 'tensor([18., 36.])', after: 'tensor([180., 360.])' });
    expect(s.graph.nodes.find((n) => n.id === leafHook.nodeId)?.name).toBe('x');
    expect(first.hooks.find((h) => !h.changed)?.before).toBe('tensor([ 6., 12.])'); // y.register_hook(print)
    const x = s.graph.nodes.find((n) => n.kind === 'leaf' && n.name === 'x')!;
    expect(x.flags).toMatchObject({ hooks: 1, hooksRemoved: 1 });
    const cut = s.graph.edges.find((e) => e.kind === 'cut')!;
    expect(cut).toMatchObject({ from: x.id, reason: 'detach', line: 19 });
    expect(s.graph.nodes.find((n) => n.id === cut.to)?.name).toBe('d');
    expect(s.graph.zeroings).toEqual([{ line: 13, kind: 'set_to_none', tensorIds: [x.tensorId], names: ['x'] }]);
    expect(s.graph.nodes.find((n) => n.name === 'm')?.flags.retainsGrad).toBe(true);
    expect(s.graph.backwardCalls.map((c) => c.leafGrads[0].after)).toEqual(['tensor([180., 360.])', 'tensor([1., 1.])', 'tensor([2., 2.])', 'tensor([10., 18.])']);
  });

  it('05: no_grad, set_grad_enabled(False), detach and .data are cuts with their lines', () => {
    const s = trace('05_no_grad_and_data');
    expect((s.graph.cuts ?? []).map((c) => `${c.reason}@${c.line}`)).toEqual(['no_grad@8', 'no_grad@13', 'detach@20', 'data@22', 'data@27']);
    const cutEdges = s.graph.edges.filter((e) => e.kind === 'cut').map((e) => `${s.graph.nodes.find((n) => n.id === e.to)?.name}:${e.reason}@${e.line}`);
    expect(cutEdges).toEqual(['y:no_grad@8', 'z:no_grad@13', 'd:detach@20']);
    expect(s.versionBumps).toEqual([expect.objectContaining({ line: 27, op: 'sub_', version: 1 })]);
  });

  it('02: the backward steps in engine order with the gradients each node received and sent', () => {
    const s = trace('02_backward_mean');
    const [call] = s.graph.backwardCalls;
    expect(call.steps.map((st) => st.label)).toEqual(['MeanBackward0', 'MulBackward0', 'MulBackward0', 'AddBackward0', 'AccumulateGrad']);
    expect(call.steps[0].gradOutputs).toEqual(['tensor(1.)']);
    expect(call.steps[3].gradInputs).toEqual(['tensor([[4.5000, 4.5000], [4.5000, 4.5000]])', null]);
    expect(nodeLabel(s, call.rootNodeIds[0])).toBe('out');
    expect(s.graph.nodes.find((n) => n.name === 'x')?.grad).toBe('tensor([[4.5000, 4.5000], [4.5000, 4.5000]])');
    expect(s.lines.find((l) => l.line === 4)?.bindings[0].value.short).toBe('tensor([[1., 1.], [1., 1.]], requires_grad=True)');
  });

  it('03: a loop line keeps its count and each iteration; zero_() and .grad = None are zeroing events', () => {
    const s = trace('03_accumulate_and_zero');
    const loop = s.lines.find((l) => l.line === 7)!;
    expect(loop.count).toBe(3);
    expect(loop.bindings[0].iterations?.length).toBe(3);
    expect(s.graph.zeroings.map((z) => `${z.kind}@${z.line}`)).toEqual(['zero_@11', 'set_to_none@18']);
    expect(s.graph.nodes.filter((n) => n.name === 'loss' && n.line === 7).map((n) => n.flags.iteration)).toEqual([0, 1, 2]);
    expect(s.graph.backwardCalls[3].leafGrads[0]).toMatchObject({ before: 'tensor([0., 0., 0.])', after: 'tensor([2., 2., 2.])' });
  });

  it('06: autograd.grad calls (create_graph keeps the graph of the gradient); why x.grad is None', () => {
    const s = trace('06_autograd_grad');
    expect(s.graph.backwardCalls.map((c) => `${c.kind}:${c.createGraph}`)).toEqual(['grad:false', 'grad:true', 'grad:false', 'grad:false']);
    expect(s.graph.backwardCalls.every((c) => c.leafGrads.length === 0)).toBe(true);
    expect(s.graph.nodes.filter((n) => n.line === 13 && n.kind === 'grad_fn').length).toBeGreaterThan(0);
    expect(s.gradNone).toEqual([expect.objectContaining({ name: 'x', line: 8, cause: 'no_backward', range: { line: 8, col: 6, endLine: 8, endCol: 12 } })]);
    expect(s.gradNone[0].message).toMatch(/autograd\.grad\(\) returns the gradients/);
  });

  it('09: parameters are named after the module; zero_grad() sets the four grads to None', () => {
    const s = trace('09_nn_sgd');
    expect(s.graph.nodes.filter((n) => n.kind === 'leaf').map((n) => n.name).sort()).toEqual(['net.hidden.bias', 'net.hidden.weight', 'net.out.bias', 'net.out.weight']);
    expect(s.graph.backwardCalls.length).toBe(5);
    expect(s.graph.zeroings.length).toBe(4); // the first zero_grad() finds no grads
    expect(s.graph.zeroings[0].names.length).toBe(4);
  });

  it('04: the vector backward records its gradient; the non-scalar one is a failed call with no steps; .data in the loop condition is a cut on the while line', () => {
    const s = trace('04_vector_backward');
    const [vector, refused] = s.graph.backwardCalls;
    expect(s.graph.backwardCalls.length).toBe(2);
    expect(vector.gradients).toEqual(['tensor([1.0000e-01, 1.0000e+00, 1.0000e-04])']);
    expect(vector.error).toBeUndefined();
    expect(refused).toMatchObject({ kind: 'backward', line: 16, steps: [], error: 'grad can be implicitly created only for scalar outputs' });
    expect(refused.range).toEqual({ line: 16, col: 4, endLine: 16, endCol: 16 });
    expect(nodeLabel(s, refused.rootNodeIds[0])).toBe('z');
    const cuts = s.graph.cuts ?? [];
    expect(cuts.length).toBe(9); // the condition ran 9 times
    expect(cuts.every((c) => c.reason === 'data' && c.fromNames[0] === 'y' && c.line === 6)).toBe(true);
    expect(s.lines.find((l) => l.line === 6)?.count).toBe(9); // the while header, each time its test ran
    expect(s.graph.nodes.filter((n) => n.name === 'y').length).toBeGreaterThan(5);
  });
});

describe('trace bounds and ids', () => {
  it('node ids are stable across re-runs and edits that keep positions', () => {
    const src = example('02_backward_mean');
    const a = runTraced(src, { fileName: 'a.py' }).snapshot.graph.nodes.map((n) => n.id);
    const b = runTraced(src.replace('x + 2', 'x + 3'), { fileName: 'a.py' }).snapshot.graph.nodes.map((n) => n.id);
    expect(b).toEqual(a);
  });

  it('a million-iteration loop and a 100,000-node graph give a summarised trace', () => {
    const s = runTraced('import torch\nx = torch.tensor(1.0, requires_grad=True)\ny = x\nfor i in range(100000):\n    y = y * 1.0\ny.backward()\nfor j in range(1000000):\n    k = j\n', { fileName: 'big.py', timeLimitSeconds: 120 }).snapshot;
    expect(s.status).toBe('ok');
    expect(s.graph.nodes.length).toBeLessThanOrEqual(1000);
    expect(s.limits?.graphNodesDropped).toBeGreaterThan(90000);
    const k = s.lines.find((l) => l.line === 8)!;
    expect(k.count).toBe(1000000);
    expect(k.bindings[0].value.short).toBe('999999');
    expect(k.bindings[0].iterations!.length).toBe(DEFAULT_LIMITS.maxIterationValues);
    expect(k.bindings[0].iterationsOmitted).toBe(1000000 - DEFAULT_LIMITS.maxIterationValues);
    expect(s.graph.backwardCalls[0].steps.length).toBe(100001);
  }, 120000);
});

describe('DOT (torchviz conventions)', () => {
  it('draws leaves light blue with name and shape, AccumulateGrad, grey grad_fns, the output dark olive green', () => {
    const dot = toDot(trace('02_backward_mean').graph);
    expect(dot).toContain('node [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]');
    expect(dot).toMatch(/\[label="x\\n \(2, 2\)" fillcolor=lightblue\]/);
    expect(dot).toMatch(/\[label="out\\n \(\)" fillcolor=darkolivegreen1\]/);
    expect(dot).toContain('[label=AccumulateGrad]'.replace('AccumulateGrad', '"AccumulateGrad"'));
    expect(dot).not.toMatch(/label="y\\n/); // intermediate tensors are not torchviz nodes
    expect((dot.match(/ -> /g) ?? []).length).toBe(7);
  });
  it('marks cuts and freed buffers (Gradscope extras), which extras=false leaves out', () => {
    const g = trace('08_hooks_clone_detach').graph;
    expect(toDot(g)).toMatch(/style=dashed color=red .*label="detach\(\) \(line 19\)"/);
    expect(toDot(g)).toContain('saved freed at line 9');
    expect(toDot(g, { extras: false })).not.toContain('dashed');
  });
});

describe('standalone SVG (webview/render.ts)', () => {
  it('escapes every label as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const model: GraphModel = {
      schema: 1, backwardCalls: [], zeroings: [],
      nodes: [
        { id: 'a', kind: 'leaf', label: evil, name: evil, shape: [2], flags: { requiresGrad: true } },
        { id: 'b', kind: 'grad_fn', label: 'MulBackward0"/><script>', flags: { freed: true, hooks: 2 } },
      ],
      edges: [{ id: 'e', from: 'a', to: 'b', kind: 'cut', reason: 'detach', line: 3 }],
    };
    const { svg } = await renderStandaloneSvg(model, new ELK(), { title: evil });
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('gs-freed');
    expect(svg).toContain('gs-badge-hook');
    expect(svg).toContain('detach() · line 3');
  });
  it('draws every example with a legend', async () => {
    const s = trace('08_hooks_clone_detach');
    const { svg } = await renderStandaloneSvg(s.graph, new ELK(), { title: '08' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const n of s.graph.nodes) expect(svg).toContain(`data-id="${n.id}"`);
    expect(svg).toContain('AccumulateGrad (writes leaf .grad)');
  });
});
