// Synthetic GraphModels of a chosen size, shaped like a real training loop (per iteration:
// linear → activation → loss, parameters shared across iterations), for benchmarks and the
// Chromium tests of large graphs. Pure data; no DOM.
import type { GraphEdge, GraphModel, GraphNode, SourceRange } from '../engine/protocol/trace';

const range = (line: number, col: number, endCol: number): SourceRange => ({ line, col, endLine: line, endCol });

/** About `targetNodes` nodes: parameters + `iterations` repeats of a small MLP step, each with a backward call. */
export function syntheticGraph(targetNodes: number): GraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (n: GraphNode): string => {
    nodes.push(n);
    return n.id;
  };
  const link = (from: string, to: string, kind: GraphEdge['kind'] = 'flow', inputIndex?: number): void => {
    edges.push({ id: `e${edges.length}`, from, to, kind, ...(inputIndex !== undefined ? { inputIndex } : {}) });
  };
  // Parameters: 2 layers × (weight, bias), each with its AccumulateGrad.
  const params: { leaf: string; acc: string; t: string | null }[] = [];
  const names = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'];
  names.forEach((name, i) => {
    const r = range(3 + i, 0, 20);
    const leaf = add({ id: `leaf@${3 + i}:0-${3 + i}:20#0`, kind: 'leaf', label: name, name, range: r, line: r.line, shape: i % 2 === 0 ? [4, 4] : [4], dtype: 'torch.float32', value: 'tensor([…])', grad: 'tensor([…])', flags: { requiresGrad: true, isLeaf: true }, scope: '<module>' });
    const acc = add({ id: `accumulate_grad@${3 + i}:0-${3 + i}:20#0`, kind: 'accumulate_grad', label: 'AccumulateGrad', name, range: r, line: r.line, flags: {}, scope: '<module>' });
    link(leaf, acc);
    let t: string | null = null;
    if (i % 2 === 0) {
      t = add({ id: `grad_fn@${3 + i}:0-${3 + i}:20#t`, kind: 'grad_fn', label: 'TBackward0', range: r, line: r.line, flags: {}, formula: 'grad_self = grad.t()', scope: 'forward' });
      link(acc, t);
    }
    params.push({ leaf, acc, t });
  });
  const perIteration = 11;
  const iterations = Math.max(1, Math.round((targetNodes - nodes.length) / perIteration));
  const backwardCalls: GraphModel['backwardCalls'] = [];
  for (let it = 0; it < iterations; it++) {
    const at = (kind: GraphNode['kind'], line: number, label: string, extra: Partial<GraphNode> = {}): string =>
      add({ id: `${kind}@${line}:4-${line}:30#${it}`, kind, label, range: range(line, 4, 30), line, flags: { iteration: it }, scope: line < 20 ? 'forward' : '<module>', ...extra });
    const x = at('leaf', 10, 'x', { name: 'x', shape: [8, 4], dtype: 'torch.float32', flags: { iteration: it, isLeaf: true } });
    const mm1 = at('grad_fn', 12, 'AddmmBackward0', { formula: 'grad_mat1 = grad · mat2ᵀ', saved: [{ name: 'mat1', version: 0, freed: true }, { name: 'mat2', version: 0, freed: true }] });
    const h = at('tensor', 12, 'h', { name: 'h', shape: [8, 4], dtype: 'torch.float32' });
    const relu = at('grad_fn', 13, 'ReluBackward0', { formula: 'grad_self = grad · (result > 0)' });
    const a = at('tensor', 13, 'a', { name: 'a', shape: [8, 4], dtype: 'torch.float32' });
    const mm2 = at('grad_fn', 14, 'AddmmBackward0', { formula: 'grad_mat1 = grad · mat2ᵀ' });
    const o = at('tensor', 14, 'out', { name: 'out', shape: [8, 4], dtype: 'torch.float32' });
    const loss = at('grad_fn', 22, 'MseLossBackward0', { formula: 'grad_self = 2 · (self − target) · grad / n' });
    const lt = at('output', 22, 'loss', { name: 'loss', shape: [], dtype: 'torch.float32' });
    const y = at('leaf', 21, 'target', { name: 'target', shape: [8, 4], dtype: 'torch.float32', flags: { iteration: it, isLeaf: true } });
    const cut = at('tensor', 23, 'loss.item()', { name: 'running', shape: [], dtype: 'torch.float32' });
    link(params[1].acc, mm1, 'flow', 0);
    link(x, mm1, 'flow', 1);
    link(params[0].t ?? params[0].acc, mm1, 'flow', 2);
    link(mm1, h);
    link(h, relu);
    link(relu, a);
    link(params[3].acc, mm2, 'flow', 0);
    link(a, mm2, 'flow', 1);
    link(params[2].t ?? params[2].acc, mm2, 'flow', 2);
    link(mm2, o);
    link(o, loss, 'flow', 0);
    link(y, loss, 'cut');
    link(loss, lt);
    link(lt, cut, 'cut');
    const steps = [lt, loss, mm2, relu, mm1].map((nodeId) => ({ nodeId, gradOutputs: ['tensor(1.)'], gradInputs: ['tensor([…])'] }));
    backwardCalls.push({ index: it, kind: 'backward', line: 24, rootNodeIds: [lt], retainGraph: false, createGraph: false, steps, leafGrads: [], hooks: [], freedNodeIds: [mm1] });
  }
  return { schema: 1, nodes, edges, backwardCalls, zeroings: [] };
}
