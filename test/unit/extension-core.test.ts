import { describe, it, expect } from 'vitest';
import { emptySnapshot } from '../../engine/protocol';
import type { TraceSnapshot, TensorSummary, ValueRef } from '../../engine/protocol';
import { inlineTexts } from '../../extension/core/decorations';
import { bareTensorValues, oneLine } from '../../extension/core/format';
import { hoverMarkdown } from '../../extension/core/hover';
import { classifyMistake } from '../../extension/core/mistakes';
import { problemsOf } from '../../extension/core/problems';
import { applyEdits, matchParen, quickFixes, receiverBefore } from '../../extension/core/quickfix';
import { exportFormatOf, graphToDot } from '../../extension/core/graphExport';
import { statusText } from '../../extension/core/status';

const r = (line: number, col: number, endCol: number) => ({ line, col, endLine: line, endCol });

function tensor(id: string, over: Partial<TensorSummary>): TensorSummary {
  return {
    id, shape: [2, 2], dtype: 'torch.float32', requiresGrad: true, isLeaf: true, gradFn: null, grad: null,
    version: 0, hooks: 0, retainsGrad: false, short: 'tensor([[1., 1.], …], requires_grad=True)', ...over,
  };
}
const val = (short: string, tensorId?: string, type = 'Tensor'): ValueRef => ({ short, type, ...(tensorId ? { tensorId } : {}) });

/** A snapshot shaped like the recorder's output for: x = ones(2,2,rg) / y = x + 2 / out = (y*y*3).mean() / out.backward() / print(x.grad) */
function tutorialSnapshot(): TraceSnapshot {
  const s = emptySnapshot('ok');
  s.durationMs = 3;
  s.tensors = {
    t1: tensor('t1', { name: 'x', grad: 'tensor([[4.5000, 4.5000], …])', gradReprId: 'g1', reprId: 'r1' }),
    t2: tensor('t2', { name: 'y', isLeaf: false, gradFn: 'AddBackward0', short: 'tensor([[3., 3.], …], grad_fn=<AddBackward0>)' }),
  };
  s.reprs = { r1: 'tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)', g1: 'tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])' };
  s.lines = [
    { line: 1, count: 1, bindings: [{ name: 'x', value: val('tensor([[1., 1.], …], requires_grad=True)', 't1') }], exprs: [], prints: [] },
    { line: 2, count: 1, bindings: [{ name: 'y', value: val('tensor([[3., 3.], …], grad_fn=<AddBackward0>)', 't2') }], exprs: [], prints: [] },
    { line: 4, count: 1, bindings: [], exprs: [], prints: [], gradChanges: [{ name: 'x', tensorId: 't1', before: null, after: 'tensor([[4.5000, 4.5000], …])' }] },
    { line: 5, count: 1, bindings: [], exprs: [], prints: ['tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])'] },
    { line: 6, count: 3, bindings: [{ name: 'i', value: val('2', undefined, 'int') }], exprs: [], prints: [] },
  ];
  return s;
}

describe('inline texts', () => {
  it('show a leaf by value, a computed tensor by grad_fn, and gradients after backward', () => {
    const texts = inlineTexts(tutorialSnapshot(), { maxWidth: 80 });
    expect(texts.map((t) => [t.line, t.text, t.kind])).toEqual([
      [1, 'x = tensor([[1., 1.], …], requires_grad=True)', 'value'],
      [2, 'y: grad_fn=<AddBackward0>', 'value'],
      [4, 'x.grad += [[4.5000, 4.5000], …]', 'grad'],
      [5, 'tensor([[4.5000, 4.5000], [4.5000, 4.5000]])', 'print'],
      [6, 'i = 2 (×3)', 'value'],
    ]);
  });

  it('respect the width setting and put an error on its own line instead of values', () => {
    const s = tutorialSnapshot();
    s.errors = [{ phase: 'runtime', type: 'RuntimeError', message: 'grad can be implicitly created only for scalar outputs', range: r(2, 0, 12) }];
    const texts = inlineTexts(s, { maxWidth: 20 });
    expect(texts.every((t) => t.text.length <= 20)).toBe(true);
    expect(texts.find((t) => t.line === 2)).toEqual({ line: 2, kind: 'error', text: 'RuntimeError: grad …' });
  });

  it('show the new total (not `+=`) when the grad was not None and no delta is known', () => {
    const s = tutorialSnapshot();
    s.lines[2]!.gradChanges = [{ name: 'x', before: 'tensor([1.])', after: 'tensor([2.])' }];
    expect(inlineTexts(s, { maxWidth: 80 }).find((t) => t.line === 4)?.text).toBe('x.grad = [2.]');
  });

  it('after Backward Again, show what the repeated call did on its line', () => {
    const s = tutorialSnapshot();
    const call = { kind: 'backward' as const, line: 4, rootNodeIds: [], retainGraph: true, createGraph: false, steps: [], hooks: [], freedNodeIds: [] };
    s.graph.backwardCalls = [
      { ...call, index: 0, leafGrads: [{ name: 'x', before: null, after: 'tensor([4.5000])' }] },
      { ...call, index: 1, origin: 'backwardAgain', leafGrads: [{ name: 'x', before: 'tensor([4.5000])', after: 'tensor([9.])', delta: 'tensor([4.5000])' }] },
    ];
    expect(inlineTexts(s, { maxWidth: 80 }).find((t) => t.line === 4)?.text).toBe('x.grad = [9.] (+= [4.5000])');
    s.graph.backwardCalls[1]!.error = 'Trying to backward through the graph a second time';
    expect(inlineTexts(s, { maxWidth: 80 }).find((t) => t.line === 4)?.text).toBe('x.grad += [[4.5000, 4.5000], …]');
  });

  it('strip tensor( … ) and autograd suffixes but keep a dtype', () => {
    expect(bareTensorValues('tensor([1., 2.], requires_grad=True)')).toBe('[1., 2.]');
    expect(bareTensorValues('tensor(3., grad_fn=<MeanBackward0>)')).toBe('3.');
    expect(bareTensorValues('tensor([1, 2], dtype=torch.int32)')).toBe('[1, 2], dtype=torch.int32');
    expect(oneLine('abcdef', 4)).toBe('abc…');
    expect(oneLine('a\nb', 10)).toBe('a ⏎ b');
  });
});

describe('hover', () => {
  it('gives full repr and tensor facts for a name, looking up its nearest binding', () => {
    const md = hoverMarkdown(tutorialSnapshot(), { line: 3, col: 4, word: 'x' })!;
    expect(md).toContain('[1., 1.]], requires_grad=True)');
    expect(md).toContain('| shape | `torch.Size([2, 2])` |');
    expect(md).toContain('| is_leaf | `True` |');
    expect(md).toContain('[4.5000, 4.5000]])');
  });

  it('explains a None .grad with the reason and the line of the cut', () => {
    const s = tutorialSnapshot();
    s.gradNone = [{ range: r(7, 6, 12), line: 7, name: 'w', cause: 'cut', cutReason: 'detach', cutLine: 3, message: 'w was detached from the graph.' }];
    const md = hoverMarkdown(s, { line: 7, col: 8, word: 'w.grad' })!;
    expect(md).toContain('is None');
    expect(md).toContain('Cut at line 3 (detach)');
  });

  it('says a non-leaf .grad is None and suggests retain_grad', () => {
    const md = hoverMarkdown(tutorialSnapshot(), { line: 5, col: 0, word: 'y.grad' })!;
    expect(md).toMatch(/not a leaf.*AddBackward0.*retain_grad/);
  });

  it('returns null where nothing is known', () => {
    expect(hoverMarkdown(tutorialSnapshot(), { line: 1, col: 0, word: 'torch' })).toBeNull();
  });
});

describe('diagnostics', () => {
  it('carry the Python type, the exact range and the recognised mistake', () => {
    const s = emptySnapshot('error');
    s.errors = [{ phase: 'runtime', type: 'RuntimeError', message: 'grad can be implicitly created only for scalar outputs', range: r(3, 0, 12) }];
    s.warnings = [{ category: 'UserWarning', message: 'The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad …', range: r(4, 6, 12) }];
    expect(problemsOf(s)).toMatchObject([
      { severity: 'error', message: 'RuntimeError: grad can be implicitly created only for scalar outputs', mistake: 'non_scalar_backward', range: r(3, 0, 12) },
      { severity: 'warning', mistake: 'non_leaf_grad' },
    ]);
  });

  it('recognise PyTorch 2.x texts for every classic mistake', () => {
    expect(classifyMistake('The differentiated Tensor at index 1 appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.')).toBe('unused_input');
    expect(classifyMistake('you can only change requires_grad flags of leaf variables. If you want …')).toBe('non_leaf_requires_grad');
    expect(classifyMistake('a leaf Variable that requires grad is being used in an in-place operation.')).toBe('leaf_inplace');
    expect(classifyMistake('name \'q\' is not defined')).toBeUndefined();
  });
});

describe('quick fixes', () => {
  const fix = (src: string, message: string, line: number, col = 0, endCol = 999, snapshot?: TraceSnapshot) => {
    const lines = src.split('\n');
    return quickFixes({ message, range: r(line, col, Math.min(endCol, lines[line - 1]!.length)) }, lines, snapshot).map((f) => ({ title: f.title, text: applyEdits(src, f.edits) }));
  };

  it('non-scalar backward: .sum() or gradient=torch.ones_like(y)', () => {
    const src = 'y = x * 2\ny.backward()\n';
    const fixes = fix(src, 'grad can be implicitly created only for scalar outputs', 2);
    expect(fixes.map((f) => f.text)).toEqual(['y = x * 2\ny.sum().backward()\n', 'y = x * 2\ny.backward(gradient=torch.ones_like(y))\n']);
  });

  it('non-scalar backward on a parenthesised receiver keeps it whole', () => {
    expect(receiverBefore('(x * 2).backward()', 7)).toBe('(x * 2)');
    const fixes = fix('(x * 2).backward(retain_graph=True)', 'grad can be implicitly created only for scalar outputs', 1);
    expect(fixes[1]!.text).toBe('(x * 2).backward(retain_graph=True, gradient=torch.ones_like((x * 2)))');
  });

  it('second backward: retain_graph=True on the first call, found from the snapshot', () => {
    const src = 'out = (x * x).sum()\nout.backward()\nprint(x.grad)\nout.backward()\n';
    const s = emptySnapshot('error');
    s.graph.backwardCalls = [{ index: 0, kind: 'backward', line: 2, rootNodeIds: [], retainGraph: false, createGraph: false, steps: [], leafGrads: [], hooks: [], freedNodeIds: [] }];
    const msg = 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed).';
    const [f] = fix(src, msg, 4, 0, 14, s);
    expect(f!.title).toContain('line 2');
    expect(f!.text).toBe('out = (x * x).sum()\nout.backward(retain_graph=True)\nprint(x.grad)\nout.backward()\n');
    // Without a snapshot the nearest earlier call is found in the text.
    expect(fix(src, msg, 4)[0]!.text).toBe(f!.text);
  });

  it('in-place update of a leaf: wrap in torch.no_grad(), keeping the indentation', () => {
    const src = 'for i in range(3):\n    w -= 0.1 * w.grad\n';
    const [f] = fix(src, 'a leaf Variable that requires grad is being used in an in-place operation.', 2);
    expect(f!.text).toBe('for i in range(3):\n    with torch.no_grad():\n        w -= 0.1 * w.grad\n');
  });

  it('reading .grad of a non-leaf: retain_grad() after its definition', () => {
    const src = 'x = torch.ones(2, requires_grad=True)\n  \ny = x * 2\ny.sum().backward()\nprint(y.grad)\n';
    const [f] = fix(src, 'The .grad attribute of a Tensor that is not a leaf Tensor is being accessed.', 5, 6, 12);
    expect(f!.text).toBe('x = torch.ones(2, requires_grad=True)\n  \ny = x * 2\ny.retain_grad()\ny.sum().backward()\nprint(y.grad)\n');
  });

  it('requires_grad on a non-leaf: detach() into a new leaf', () => {
    const [f] = fix('y = x * 2\ny.requires_grad = False\n', 'you can only change requires_grad flags of leaf variables.', 2);
    expect(f!.text).toBe('y = x * 2\ny = y.detach()\n');
    const [g] = fix('y.requires_grad_()\n', 'you can only change requires_grad flags of leaf variables.', 1);
    expect(g!.text).toBe('y = y.detach().requires_grad_()\n');
  });

  it('unused input in autograd.grad: allow_unused=True, also across lines', () => {
    const src = 'ga, gb = torch.autograd.grad(\n    out, [a, b],\n)\n';
    const [f] = fix(src, 'The differentiated Tensor at index 1 appears to not have been used in the graph.', 1);
    expect(f!.text).toBe('ga, gb = torch.autograd.grad(\n    out, [a, b],\n    allow_unused=True,\n)\n');
    const [g] = fix('g = torch.autograd.grad(\n    out, [a, b]\n)', 'appears to not have been used in the graph', 1);
    expect(g!.text).toBe('g = torch.autograd.grad(\n    out, [a, b],\n    allow_unused=True\n)');
    expect(matchParen(['f(a, ")", (b))'], { line: 1, col: 1 })).toEqual({ line: 1, col: 13 });
  });

  it('numpy() on a tensor that requires grad: detach first', () => {
    const [f] = fix('n = w.numpy()', "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.", 1);
    expect(f!.text).toBe('n = w.detach().numpy()');
  });

  it('offer nothing for errors that are not autograd mistakes', () => {
    expect(fix('print(q)', "name 'q' is not defined", 1)).toEqual([]);
  });
});

describe('graph export', () => {
  it('writes DOT with cut edges dashed and quoted labels', () => {
    const g = emptySnapshot('ok').graph;
    g.nodes = [
      { id: 'leaf@1:0-1:1#0', kind: 'leaf', label: 'x "in"', flags: {}, shape: [2], line: 1 },
      { id: 'grad_fn@2:4-2:9#0', kind: 'grad_fn', label: 'AddBackward0', flags: { freed: true } },
    ];
    g.edges = [{ id: 'e1', from: 'leaf@1:0-1:1#0', to: 'grad_fn@2:4-2:9#0', kind: 'cut', reason: 'detach', line: 2 }];
    const dot = graphToDot(g);
    expect(dot).toContain('"leaf@1:0-1:1#0" [label="x \\"in\\"\\n(2)\\nline 1"');
    expect(dot).toContain('style=dashed, color=red, label="detach @2"');
    expect(dot).toContain('style="dashed,rounded"');
  });
});

describe('export format and status text', () => {
  it('picks the export format from the file name', () => {
    expect(['g.dot', 'g.gv', 'g.JSON', 'g.svg', 'g.png', 'graph'].map(exportFormatOf)).toEqual(['dot', 'dot', 'json', 'svg', 'png', 'dot']);
  });

  it('says done in N ms, the error, or why nothing ran', () => {
    const ok = { ...emptySnapshot('ok'), durationMs: 12.4 };
    expect(statusText(ok)[0]).toBe('$(check) Gradscope: done in 12 ms');
    const err = emptySnapshot('error');
    err.errors = [{ phase: 'runtime', type: 'RuntimeError', message: 'grad can be implicitly created only for scalar outputs', range: r(5, 0, 12) }];
    expect(statusText(err)).toEqual(['$(error) Gradscope: RuntimeError: grad can be implicitly created only for scala…', 'line 5: RuntimeError: grad can be implicitly created only for scalar outputs']);
    expect(statusText(emptySnapshot('timeout', 'Stopped: 5 s'))[0]).toBe('$(watch) Gradscope: stopped (time limit)');
    expect(statusText(emptySnapshot('engine_unavailable'))[0]).toContain('engine unavailable');
  });
});
