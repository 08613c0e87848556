// The recorder's live session and its events beyond the examples: explicit root gradients and
// Backward Again with them, node hooks and retain_grad as hook events, backward calls refused
// before they start, Zero Grads, and what the recorder keeps alive (plain data, not tensors).
// Values are PyTorch 2.x's (checked with the reference: x.grad after the hooks is [20., 20.],
// y.grad [10., 10.]; with v = [1., .5], x * 3 adds [3., 1.5] per backward).
import { describe, expect, it } from 'vitest';
import { runTraced, Recorder } from '../../engine/trace';
import { runScript } from '../../engine/torch/run';
import { autogradEvents } from '../../engine/autograd/events';
import { Tensor } from '../../engine/tensor/tensor';
import { Node } from '../../engine/autograd/node';
import type { TraceSnapshot } from '../../engine/protocol/trace';

const HOOKS = `import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
y.retain_grad()
z = y.sum()
z.grad_fn.register_prehook(lambda g: (g[0] * 10,))
y.grad_fn.register_hook(lambda gi, go: None)
z.backward()
v = torch.tensor([1.0, 0.5])
w = x * 3
w.backward(v, retain_graph=True)
`;

const label = (s: TraceSnapshot, id: string): string | undefined => s.graph.nodes.find((n) => n.id === id)?.label;

describe('hook events', () => {
  it('a grad_fn pre-hook, retain_grad and a grad_fn hook are recorded with their kinds, nodes and gradients', () => {
    const s = runTraced(HOOKS, { fileName: 'hooks.py' }).snapshot;
    const [first] = s.graph.backwardCalls;
    expect(first.hooks.map((h) => h.hookKind)).toEqual(['node_pre', 'retain_grad', 'node']);
    const [pre, retain, post] = first.hooks;
    expect(pre).toMatchObject({ before: 'tensor(1.)', after: 'tensor(10.)', changed: true });
    expect(label(s, pre.nodeId)).toBe('SumBackward0');
    expect(retain).toMatchObject({ before: null, after: 'tensor([10., 10.])', changed: true });
    expect(s.graph.nodes.find((n) => n.id === retain.nodeId)?.name).toBe('y');
    expect(retain.tensorId).toBe(s.graph.nodes.find((n) => n.name === 'y')?.tensorId);
    expect(post).toMatchObject({ before: 'tensor([20., 20.])', after: 'tensor([20., 20.])', changed: false });
    expect(label(s, post.nodeId)).toBe('MulBackward0');
    expect(first.leafGrads[0]).toMatchObject({ name: 'x', before: null, after: 'tensor([20., 20.])' });
  });

  it('the snapshot is plain data: only plain objects, arrays and primitives (no recorder copies or tensors)', () => {
    const s = runTraced(HOOKS, { fileName: 'hooks.py' }).snapshot;
    const odd: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === null || typeof v !== 'object') return;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== Array.prototype) odd.push(`${path}: ${v.constructor.name}`);
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk(s, 'snapshot');
    expect(odd).toEqual([]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('explicit root gradients and Backward Again', () => {
  it('records the gradient argument; Backward Again repeats the call with it', () => {
    const session = runTraced(HOOKS, { fileName: 'hooks.py' });
    const calls = session.snapshot.graph.backwardCalls;
    expect(calls[0].gradients).toBeUndefined(); // z.backward(): the implicit 1
    expect(calls[1].gradients).toEqual(['tensor([1.0000, 0.5000])']);
    expect(calls[1].leafGrads[0]).toMatchObject({ before: 'tensor([20., 20.])', after: 'tensor([23.0000, 21.5000])' });
    const again = session.backwardAgain(1);
    const repeated = again.graph.backwardCalls.at(-1)!;
    expect(repeated).toMatchObject({ origin: 'backwardAgain', line: 11, gradients: ['tensor([1.0000, 0.5000])'] });
    expect(repeated.leafGrads[0]).toMatchObject({ before: 'tensor([23.0000, 21.5000])', after: 'tensor([26., 23.])', delta: 'tensor([3.0000, 1.5000])' });
    expect(again.graph.nodes.find((n) => n.kind === 'leaf' && n.name === 'x')?.grad).toBe('tensor([26., 23.])');
  });

  it('repeats an older call whose output the globals still hold; refuses one whose output is gone', () => {
    const src = `import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
outs = []
for i in range(2):
    o = (w * (i + 1)).sum()
    outs.append(o)
    o.backward(retain_graph=True)
for j in range(2):
    gone = (w * 5).sum()
    gone.backward(retain_graph=True)
`;
    const session = runTraced(src, { fileName: 'again.py' });
    expect(session.snapshot.graph.backwardCalls.map((c) => c.leafGrads.at(-1)?.after)).toEqual([
      'tensor([1., 1.])', 'tensor([3., 3.])', 'tensor([8., 8.])', 'tensor([13., 13.])',
    ]);
    // Call 0's output is outs[0]: found through the list in the globals.
    const again = session.backwardAgain(0);
    expect(again.graph.backwardCalls.at(-1)?.leafGrads[0].after).toBe('tensor([14., 14.])');
    // Call 2's output was rebound by the next iteration: nothing holds it any more.
    expect(() => session.backwardAgain(2)).toThrow(/cannot be repeated/);
    // Call 3 is the newest of its line: kept for Backward Again.
    expect(session.backwardAgain(3).graph.backwardCalls.at(-1)?.leafGrads[0].after).toBe('tensor([19., 19.])');
  });

  it('by default repeats the newest backward() that ran, not a later one that was refused', () => {
    const session = runTraced(`import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
y.backward(torch.tensor([1.0, 1.0]), retain_graph=True)
try:
    y.backward()
except RuntimeError as e:
    pass
`, { fileName: 'default.py' });
    expect(session.snapshot.graph.backwardCalls.map((c) => c.error ?? 'ok')).toEqual(['ok', 'grad can be implicitly created only for scalar outputs']);
    const repeated = session.backwardAgain(undefined).graph.backwardCalls.at(-1)!;
    expect(repeated).toMatchObject({ origin: 'backwardAgain', line: 4 });
    expect(repeated.leafGrads[0].after).toBe('tensor([4., 4.])');
  });

  it('Zero Grads sets the grads of the leaves the globals reach to None', () => {
    const session = runTraced(HOOKS, { fileName: 'hooks.py' });
    const s = session.zeroGrads('none');
    expect(s.graph.nodes.find((n) => n.kind === 'leaf' && n.name === 'x')?.grad).toBeNull();
    expect(s.graph.zeroings.at(-1)).toMatchObject({ kind: 'set_to_none', names: ['x'], origin: 'zeroGrads' });
  });
});

describe('backward calls refused before they start', () => {
  it('autograd.grad of a non-scalar output without grad_outputs is a failed grad call with its line and PyTorch message', () => {
    const src = `import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
try:
    torch.autograd.grad(y, x)
except RuntimeError as e:
    print(e)
`;
    const s = runTraced(src, { fileName: 'nonscalar.py' }).snapshot;
    expect(s.stdout).toBe('grad can be implicitly created only for scalar outputs\n');
    expect(s.graph.backwardCalls).toEqual([
      expect.objectContaining({ kind: 'grad', line: 5, steps: [], error: 'grad can be implicitly created only for scalar outputs' }),
    ]);
    expect(label(s, s.graph.backwardCalls[0].rootNodeIds[0])).toBe('y');
  });
});

describe('bounded copies', () => {
  it('past the copy budget a tensor is recorded as its text: the snapshot says the same', () => {
    const src = `import torch
x = torch.arange(12.0).reshape(3, 4).requires_grad_()
y = (x * 2).tanh()
z = y.sum()
z.backward()
`;
    const full = runTraced(src, { fileName: 'b.py' }).snapshot;
    const tight = runTraced(src, { fileName: 'b.py', limits: { maxCopiedElements: 13 } }).snapshot;
    const texts = (s: TraceSnapshot): unknown => ({
      nodes: s.graph.nodes.map((n) => [n.value, n.saved?.map((x) => x.short)]),
      tensors: Object.values(s.tensors).map((t) => [t.short, t.shape, t.gradFn]),
    });
    expect(texts(tight)).toEqual(texts(full));
    expect(full.graph.nodes.find((n) => n.name === 'y')?.value).toMatch(/^tensor\(\[\[0\.0000, 0\.9640/);
  });
});

/** Every Tensor / autograd Node reachable from `root` without passing through `allowed` fields. */
function retained(root: Record<string, unknown>, allowed: Set<string>): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const queue: [unknown, string][] = Object.entries(root).filter(([k]) => !allowed.has(k)).map(([k, v]) => [v, k]);
  while (queue.length > 0 && found.length < 10) {
    const [v, path] = queue.pop()!;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor || v instanceof Node) {
      found.push(`${path}: ${v.constructor.name}`);
      continue;
    }
    if (ArrayBuffer.isView(v)) continue;
    if (v instanceof Map) for (const [k, x] of v) queue.push([k, `${path}.key`], [x, `${path}.get`]);
    else if (v instanceof Set || Array.isArray(v)) for (const x of v) queue.push([x, `${path}[]`]);
    else for (const [k, x] of Object.entries(v)) queue.push([x, `${path}.${k}`]);
  }
  return found;
}

describe('what the recorder keeps', () => {
  it('after a loop with hooks, cuts, retain_grad and .grad reads: no tensor or graph node outside the leaves and the newest call roots', () => {
    const src = `import torch
w = torch.tensor([1.0, 2.0], requires_grad=True)
for i in range(60):
    a = w * 2
    b = a.tanh()
    b.retain_grad()
    h = b.register_hook(lambda g: g * 1)
    d = a.detach()
    loss = (b * d).sum()
    loss.backward()
    seen = b.grad
    w.grad = None
`;
    const recorder = new Recorder(src);
    const prev = autogradEvents.listener;
    autogradEvents.listener = recorder;
    let result: ReturnType<typeof runScript>;
    try {
      result = runScript(src, { filename: 'keep.py', stdout: (t) => recorder.onStdout(t), stderr: () => {}, hooks: recorder });
    } finally {
      autogradEvents.listener = prev;
    }
    expect(result.ok).toBe(true);
    recorder.nameParameters(result.globals, () => null);
    const { snapshot } = recorder.build({ status: 'ok', durationMs: 1, errors: [], warnings: [] });
    expect(snapshot.graph.backwardCalls.length).toBe(60);
    expect(snapshot.graph.backwardCalls.at(-1)?.hooks.length).toBe(2); // the tensor hook and retain_grad
    const fields = recorder as unknown as Record<string, unknown>;
    // The live session's objects: the run context and globals, the kept leaves, the newest call roots.
    expect(retained(fields, new Set(['ctx', 'globals', 'keptLeaves', 'siteRoots']))).toEqual([]);
    const leaves = [...(fields.keptLeaves as Set<Tensor>)];
    expect(leaves.every((t) => t.isLeaf)).toBe(true);
    expect(leaves.length).toBeLessThanOrEqual(2); // w (and no per-iteration tensor)
    const sites = [...(fields.siteRoots as Map<unknown, { roots: Tensor[] }>).values()];
    expect(sites.length).toBe(1);
  });
});
