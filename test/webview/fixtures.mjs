// GraphModels for the webview tests. When the trace has landed, `examples/*.py` graphs come
// from the CLI (`node dist/cli.js graph FILE --format json`, see graphOfExample); the models
// below are hand-made with PyTorch's own structure, so the DOM assertions do not depend on it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const r = (line, col = 0, endCol = 30) => ({ line, col, endLine: line, endCol });

function builder() {
  const nodes = [], edges = [];
  const node = (kind, line, label, extra = {}) => {
    const occurrence = nodes.filter((n) => n.kind === kind && n.line === line).length;
    const n = { id: `${kind}@${line}:0-${line}:30#${occurrence}`, kind, label, range: r(line), line, flags: {}, scope: '<module>', ...extra };
    nodes.push(n);
    return n.id;
  };
  const edge = (from, to, kind = 'flow', extra = {}) => { edges.push({ id: `e${edges.length}`, from, to, kind, ...extra }); };
  return { nodes, edges, node, edge };
}

/** examples/08_hooks_clone_detach.py: hooks, retain_grad, clone, detach cut, freed buffers. */
export function hooksModel() {
  const b = builder();
  const x = b.node('leaf', 4, 'x', { name: 'x', shape: [2], dtype: 'torch.float32', value: 'tensor([1., 2.], requires_grad=True)', grad: 'tensor([12., 18.])', flags: { requiresGrad: true, isLeaf: true, hooks: 1 } });
  const ax = b.node('accumulate_grad', 4, 'AccumulateGrad', { name: 'x', flags: {} });
  b.edge(x, ax);
  const mul = b.node('grad_fn', 5, 'MulBackward0', { formula: 'grad_self = grad · other', saved: [{ name: 'other', version: 0, freed: true, freedAtLine: 9, short: '3' }], flags: { freed: true } });
  const y = b.node('tensor', 5, 'y', { name: 'y', shape: [2], dtype: 'torch.float32', value: 'tensor([3., 6.], grad_fn=<MulBackward0>)', flags: { requiresGrad: true, hooks: 1 } });
  b.edge(ax, mul, 'flow', { inputIndex: 0 }); b.edge(mul, y);
  const mul2 = b.node('grad_fn', 8, 'MulBackward0', { formula: 'grad_self = grad · other; grad_other = grad · self', saved: [{ name: 'self', version: 0, freed: true, freedAtLine: 9 }, { name: 'other', version: 0, freed: true, freedAtLine: 9 }], flags: { freed: true } });
  b.edge(y, mul2, 'flow', { inputIndex: 0 }); b.edge(y, mul2, 'flow', { inputIndex: 1 });
  b.edge(y, mul2, 'saved', { label: 'self' });
  const sum = b.node('grad_fn', 8, 'SumBackward0', { formula: 'grad_self = grad.expand(self.sizes())', flags: {} });
  b.edge(mul2, sum, 'flow', { inputIndex: 0 });
  const z = b.node('output', 8, 'z', { name: 'z', shape: [], dtype: 'torch.float32', value: 'tensor(45., grad_fn=<SumBackward0>)', flags: { requiresGrad: true } });
  b.edge(sum, z);
  const clone = b.node('grad_fn', 13, 'CloneBackward0', { formula: 'grad_self = grad', flags: {} });
  b.edge(ax, clone, 'flow', { inputIndex: 0 });
  const c = b.node('tensor', 13, 'c', { name: 'c', shape: [2], dtype: 'torch.float32', flags: { requiresGrad: true } });
  b.edge(clone, c);
  const d = b.node('leaf', 18, 'd', { name: 'd', shape: [2], dtype: 'torch.float32', value: 'tensor([1., 2.])', flags: { isLeaf: true } });
  b.edge(x, d, 'cut', { reason: 'detach', line: 18 });
  const add = b.node('grad_fn', 20, 'AddBackward0', { formula: 'grad_self = grad; grad_other = grad · alpha', flags: {} });
  b.edge(d, add, 'cut', { reason: 'detach', line: 20 }); b.edge(ax, add, 'flow', { inputIndex: 1 });
  const mm = b.node('grad_fn', 24, 'MulBackward0', { formula: 'grad_self = grad · other', flags: {} });
  b.edge(ax, mm, 'flow', { inputIndex: 0 });
  const m = b.node('tensor', 24, 'm', { name: 'm', shape: [2], dtype: 'torch.float32', grad: 'tensor([4., 8.])', flags: { requiresGrad: true, retainsGrad: true } });
  b.edge(mm, m);
  const calls = [
    { index: 0, kind: 'backward', line: 9, rootNodeIds: [z], retainGraph: false, createGraph: false, freedNodeIds: [mul, mul2],
      steps: [
        { nodeId: sum, gradOutputs: ['tensor(1.)'], gradInputs: ['tensor([1., 1.])'] },
        { nodeId: mul2, gradOutputs: ['tensor([1., 1.])'], gradInputs: ['tensor([3., 6.])', 'tensor([3., 6.])'], formula: 'grad_self = [1., 1.] · [3., 6.] = [3., 6.]' },
        { nodeId: mul, gradOutputs: ['tensor([6., 12.])'], gradInputs: ['tensor([18., 36.])'], formula: 'grad_self = [6., 12.] · 3 = [18., 36.]' },
        { nodeId: ax, gradOutputs: ['tensor([180., 360.])'], gradInputs: [] },
      ],
      leafGrads: [{ name: 'x', nodeId: x, before: null, after: 'tensor([180., 360.])', delta: 'tensor([180., 360.])' }],
      hooks: [{ nodeId: y, hookKind: 'tensor', before: 'tensor([6., 12.])', after: 'tensor([6., 12.])', changed: false }, { nodeId: x, hookKind: 'tensor', before: 'tensor([18., 36.])', after: 'tensor([180., 360.])', changed: true }] },
    { index: 1, kind: 'backward', line: 15, rootNodeIds: [c], retainGraph: false, createGraph: false, freedNodeIds: [], steps: [{ nodeId: clone, gradOutputs: ['tensor([1., 1.])'], gradInputs: ['tensor([1., 1.])'] }, { nodeId: ax, gradOutputs: ['tensor([1., 1.])'], gradInputs: [] }],
      leafGrads: [{ name: 'x', nodeId: x, before: null, after: 'tensor([1., 1.])' }], hooks: [] },
    { index: 2, kind: 'backward', line: 21, rootNodeIds: [add], retainGraph: false, createGraph: false, freedNodeIds: [], steps: [{ nodeId: add, gradOutputs: ['tensor([1., 1.])'], gradInputs: ['None', 'tensor([1., 1.])'] }, { nodeId: ax, gradOutputs: ['tensor([1., 1.])'], gradInputs: [] }],
      leafGrads: [{ name: 'x', nodeId: x, before: 'tensor([1., 1.])', after: 'tensor([2., 2.])', delta: 'tensor([1., 1.])' }], hooks: [] },
    { index: 3, kind: 'backward', line: 26, rootNodeIds: [m], retainGraph: false, createGraph: false, freedNodeIds: [], steps: [{ nodeId: mm, gradOutputs: ['tensor([4., 8.])'], gradInputs: ['tensor([8., 16.])'] }, { nodeId: ax, gradOutputs: ['tensor([8., 16.])'], gradInputs: [] }],
      leafGrads: [{ name: 'x', nodeId: x, before: 'tensor([2., 2.])', after: 'tensor([10., 18.])', delta: 'tensor([8., 16.])' }], hooks: [{ nodeId: m, hookKind: 'retain_grad', before: null, after: 'tensor([4., 8.])', changed: false }] },
  ];
  return { schema: 1, nodes: b.nodes, edges: b.edges, backwardCalls: calls, zeroings: [{ line: 12, kind: 'set_to_none', tensorIds: [], names: ['x'] }] };
}

/** examples/03_accumulate_and_zero.py: one leaf, five backward calls, zero_() and = None. */
export function accumulateModel() {
  const b = builder();
  const w = b.node('leaf', 4, 'w', { name: 'w', shape: [3], dtype: 'torch.float32', value: 'tensor([1., 2., 3.], requires_grad=True)', grad: 'tensor([ 3., 12., 27.])', flags: { requiresGrad: true, isLeaf: true } });
  const aw = b.node('accumulate_grad', 4, 'AccumulateGrad', { name: 'w' });
  b.edge(w, aw);
  const calls = [];
  const grads = ['tensor([2., 4., 6.])', 'tensor([ 4.,  8., 12.])', 'tensor([ 6., 12., 18.])'];
  for (let i = 0; i < 3; i++) {
    const mul = b.node('grad_fn', 7, 'MulBackward0', { formula: 'grad_self = grad · other; grad_other = grad · self', flags: { iteration: i, freed: true } });
    b.edge(aw, mul, 'flow', { inputIndex: 0 }); b.edge(aw, mul, 'flow', { inputIndex: 1 });
    const sum = b.node('grad_fn', 7, 'SumBackward0', { flags: { iteration: i } });
    b.edge(mul, sum);
    const loss = b.node('output', 7, 'loss', { name: 'loss', shape: [], dtype: 'torch.float32', flags: { iteration: i } });
    b.edge(sum, loss);
    calls.push({ index: i, kind: 'backward', line: 8, rootNodeIds: [loss], retainGraph: false, createGraph: false, freedNodeIds: [mul],
      steps: [{ nodeId: sum, gradOutputs: ['tensor(1.)'], gradInputs: ['tensor([1., 1., 1.])'] }, { nodeId: mul, gradOutputs: ['tensor([1., 1., 1.])'], gradInputs: ['tensor([1., 2., 3.])', 'tensor([1., 2., 3.])'] }, { nodeId: aw, gradOutputs: ['tensor([2., 4., 6.])'], gradInputs: [] }],
      leafGrads: [{ name: 'w', nodeId: w, before: i ? grads[i - 1] : null, after: grads[i], delta: 'tensor([2., 4., 6.])' }], hooks: [] });
  }
  const mul3 = b.node('grad_fn', 14, 'MulBackward0', { flags: {} });
  b.edge(aw, mul3, 'flow', { inputIndex: 1 });
  const sum3 = b.node('grad_fn', 14, 'SumBackward0', { flags: {} });
  b.edge(mul3, sum3);
  const loss3 = b.node('output', 14, 'loss', { name: 'loss', shape: [], dtype: 'torch.float32', flags: {} });
  b.edge(sum3, loss3);
  calls.push({ index: 3, kind: 'backward', line: 15, rootNodeIds: [loss3], retainGraph: false, createGraph: false, freedNodeIds: [], steps: [{ nodeId: sum3, gradOutputs: ['tensor(1.)'], gradInputs: ['tensor([1., 1., 1.])'] }, { nodeId: mul3, gradOutputs: ['tensor([1., 1., 1.])'], gradInputs: [null, 'tensor([2., 2., 2.])'] }, { nodeId: aw, gradOutputs: ['tensor([2., 2., 2.])'], gradInputs: [] }],
    leafGrads: [{ name: 'w', nodeId: w, before: 'tensor([0., 0., 0.])', after: 'tensor([2., 2., 2.])' }], hooks: [] });
  const pow = b.node('grad_fn', 19, 'PowBackward0', { formula: 'grad_self = grad · exponent · self^(exponent − 1)', saved: [{ name: 'self', version: 0, freed: true, freedAtLine: 19 }], flags: { freed: true } });
  b.edge(aw, pow, 'flow', { inputIndex: 0 });
  const sum4 = b.node('grad_fn', 19, 'SumBackward0', { flags: {} });
  b.edge(pow, sum4);
  calls.push({ index: 4, kind: 'backward', line: 19, rootNodeIds: [sum4], retainGraph: false, createGraph: false, freedNodeIds: [pow], steps: [{ nodeId: sum4, gradOutputs: ['tensor(1.)'], gradInputs: ['tensor([1., 1., 1.])'] }, { nodeId: pow, gradOutputs: ['tensor([1., 1., 1.])'], gradInputs: ['tensor([ 3., 12., 27.])'] }, { nodeId: aw, gradOutputs: ['tensor([ 3., 12., 27.])'], gradInputs: [] }],
    leafGrads: [{ name: 'w', nodeId: w, before: null, after: 'tensor([ 3., 12., 27.])' }], hooks: [] });
  return { schema: 1, nodes: b.nodes, edges: b.edges, backwardCalls: calls, zeroings: [{ line: 11, kind: 'zero_', tensorIds: [], names: ['w'] }, { line: 18, kind: 'set_to_none', tensorIds: [], names: ['w'] }] };
}

/** Labels that would be markup if put in as HTML. */
export function hostileModel() {
  const b = builder();
  const evil = '<img src=x onerror="window.__pwned=1">';
  const x = b.node('leaf', 1, evil, { name: evil, shape: [1], dtype: 'torch.float32', value: '<script>window.__pwned=2</script>', flags: { isLeaf: true, requiresGrad: true } });
  const f = b.node('grad_fn', 2, '</text><foreignObject><img src=x onerror="window.__pwned=3"></foreignObject>', { formula: '<b onmouseover=alert(1)>', flags: {} });
  b.edge(x, f);
  return { schema: 1, nodes: b.nodes, edges: b.edges, backwardCalls: [], zeroings: [] };
}

/** Every example's graph from the CLI, when the CLI can export graphs; else null for that example. */
export function graphOfExample(repo, file) {
  try {
    const out = execFileSync(process.execPath, [join(repo, 'dist/cli.js'), 'graph', join(repo, 'examples', file), '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30000 });
    const j = JSON.parse(out);
    const graph = j.graph ?? j;
    return graph && Array.isArray(graph.nodes) ? graph : null;
  } catch {
    return null;
  }
}

export function exampleFiles(repo) {
  const dir = join(repo, 'examples');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.py')).sort() : [];
}
