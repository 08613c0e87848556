// Extension-host test suite: runs inside VS Code's extension host with the real `vscode` API
// and asserts through the API object that Gradscope's activate() returns. The same module
// runs under code-server (payload extensionTestsPath, see exthost.test.mjs) and under
// @vscode/test-electron's runTests (electron.mjs). It writes its results as JSON to
// $GRADSCOPE_SUITE_RESULT (when set) and throws if any test failed.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { GradscopeApi } from '../../../extension/extension';

interface Outcome {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  detail?: string;
}

class Skip extends Error {}
const skip = (why: string): never => {
  throw new Skip(why);
};

const tests: { name: string; fn: (api: GradscopeApi) => Promise<void> }[] = [];
const test = (name: string, fn: (api: GradscopeApi) => Promise<void>) => tests.push({ name, fn });

function wsFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsFile(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15000, pollMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

let engineAvailable = false;
const needsEngine = () => {
  if (!engineAvailable) skip('the worker reports no script engine in this build (engine/trace not wired yet)');
};

test('activates on a Python file and returns its API', async (api) => {
  assert.equal(api.apiVersion, 1);
  await api.workerReady();
  const stats = api.stats();
  assert.ok(stats.workerStarts >= 1, 'a worker was started');
  assert.ok((stats.lastStartMs ?? -1) >= 0, 'worker start time measured');
  engineAvailable = stats.engineAvailable === true;
});

test('contributes every command under the Gradscope category', async () => {
  const all = await vscode.commands.getCommands(true);
  for (const id of ['run', 'toggleLive', 'backwardAgain', 'zeroGrads', 'stepBackward', 'showGraph', 'exportGraph', 'stop', 'clear']) {
    assert.ok(all.includes(`gradscope.${id}`), `gradscope.${id} is registered`);
  }
});

test('runs an example: engine_unavailable is reported honestly, or values are drawn', async (api) => {
  const editor = await open('02_backward_mean.py');
  const snap = await api.run(editor.document.uri);
  assert.ok(snap, 'a snapshot came back');
  if (!engineAvailable) {
    assert.equal(snap.status, 'engine_unavailable');
    assert.deepEqual(api.inlineTexts(editor.document.uri), [], 'no values are invented');
    return;
  }
  assert.equal(snap.status, 'ok', snap.note);
  const texts = api.inlineTexts(editor.document.uri);
  const at = (line: number) => texts.find((t) => t.line === line)?.text;
  assert.equal(at(2), undefined, 'import torch shows nothing');
  assert.equal(at(4), 'x = tensor([[1., 1.], [1., 1.]], requires_grad=True)');
  assert.equal(at(5), 'y: grad_fn=<AddBackward0>');
  assert.equal(at(8), 'tensor(27., grad_fn=<MeanBackward0>)');
  assert.equal(at(10), 'x.grad += [[4.5000, 4.5000], [4.5000, 4.5000]]');
  assert.equal(snap.stdout.split('\n')[0], 'tensor(27., grad_fn=<MeanBackward0>)');
});

test('every example runs: Output text equals PyTorch\'s, values drawn after each line', async (api) => {
  needsEngine();
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).filter((n) => /^\d\d_\w+\.py$/.test(n)).sort();
  assert.ok(names.length >= 2, `examples found: ${names}`);
  // Object addresses differ from run to run (and from PyTorch's): compare them as a placeholder.
  const normal = (s: string) => s.replace(/ at 0x[0-9a-f]+>/g, ' at 0x…>');
  for (const name of names) {
    const editor = await open(name);
    const snap = await api.run(editor.document.uri);
    assert.equal(snap?.status, 'ok', `${name}: ${snap?.status} ${snap?.errors[0]?.message ?? snap?.note ?? ''}`);
    const golden = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, '.golden', name.replace(/\.py$/, '.out'))));
    assert.equal(normal(snap!.stdout), normal(golden), `${name}: printed output`);
    const texts = api.inlineTexts(editor.document.uri);
    assert.ok(texts.length > 0, `${name}: values drawn`);
    for (const rec of snap!.lines) {
      const drawn = texts.find((t) => t.line === rec.line);
      const line = editor.document.lineAt(rec.line - 1).text;
      if (rec.gradChanges?.length) assert.match(drawn?.text ?? '', /^\w[\w.]*\.grad (\+=|=) /, `${name}:${rec.line} grads after "${line}"`);
      else if (rec.bindings.some((b) => b.value.type !== 'module')) assert.ok(drawn && drawn.kind === 'value', `${name}:${rec.line} value after "${line}"`);
      else if (rec.prints.length > 0) {
        const first = rec.prints[0]!.split('\n')[0]!.slice(0, 20);
        assert.ok(drawn?.text.startsWith(first), `${name}:${rec.line} print after "${line}": ${drawn?.text} vs ${first}`);
      }
    }
  }
});

test('hover on a tensor gives repr, shape, requires_grad, grad', async (api) => {
  needsEngine();
  const editor = await open('02_backward_mean.py');
  await api.run(editor.document.uri);
  const md = api.hover(editor.document.uri, 11, 6, 'x');
  assert.ok(md, 'hover text');
  assert.match(md, /torch\.Size\(\[2, 2\]\)/);
  assert.match(md, /requires_grad \| `True`/);
  assert.match(md, /4\.5000/);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(10, 7));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
  assert.match(text, /is_leaf/);
});

test('a non-scalar backward gives an error diagnostic at the call with two quick fixes', async (api) => {
  needsEngine();
  const editor = await open('mistake_non_scalar.py');
  const snap = await api.run(editor.document.uri);
  assert.equal(snap?.status, 'error');
  const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'Gradscope');
  assert.equal(diags.length, 1);
  assert.equal(diags[0]!.message, 'RuntimeError: grad can be implicitly created only for scalar outputs');
  assert.equal(diags[0]!.range.start.line, 4);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diags[0]!.range);
  // (Code actions returned by the command do not carry their diagnostics back: match by title.)
  const ours = actions.filter((a) => a.kind?.value === 'quickfix');
  assert.ok(ours.some((a) => /\.sum\(\)/.test(a.title)), 'offers .sum()');
  assert.ok(ours.some((a) => /ones_like/.test(a.title)), 'offers gradient=torch.ones_like(y)');
  // Nothing was edited by running or diagnosing.
  assert.equal(editor.document.isDirty, false);
  const fix = ours.find((a) => /\.sum\(\)/.test(a.title))!;
  assert.ok(await vscode.workspace.applyEdit(fix.edit!));
  assert.equal(editor.document.lineAt(4).text, 'y.sum().backward()');
  const after = await api.run(editor.document.uri);
  assert.equal(after?.status, 'ok');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('a second backward is fixed by retain_graph=True on the first call', async (api) => {
  needsEngine();
  const editor = await open('mistake_second_backward.py');
  await api.run(editor.document.uri);
  const diag = vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'Gradscope');
  assert.ok(diag && /backward through the graph a second time/.test(diag.message));
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diag.range);
  const fix = actions.find((a) => /retain_graph=True/.test(a.title));
  assert.ok(fix);
  assert.ok(await vscode.workspace.applyEdit(fix.edit!));
  assert.equal(editor.document.lineAt(4).text, 'loss.backward(retain_graph=True)');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('a file broken mid-edit: the lines before the syntax error keep their values', async (api) => {
  needsEngine();
  const editor = await open('broken.py');
  const snap = await api.run(editor.document.uri);
  assert.equal(snap?.status, 'syntax_error');
  const texts = api.inlineTexts(editor.document.uri);
  assert.equal(texts.find((t) => t.line === 3)?.text, 'x = tensor([1., 1.], requires_grad=True)');
  assert.equal(texts.find((t) => t.line === 4)?.text, 'y: grad_fn=<MulBackward0>');
  const diag = vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'Gradscope');
  assert.match(diag?.message ?? '', /^SyntaxError: /);
  assert.equal(diag!.range.start.line, 4, 'at the unclosed parenthesis');
});

test('reading .grad of a non-leaf: warning, the reason on hover, retain_grad() quick fix', async (api) => {
  needsEngine();
  const editor = await open('mistake_non_leaf_grad.py');
  await api.run(editor.document.uri);
  const diag = vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'Gradscope');
  assert.equal(diag?.severity, vscode.DiagnosticSeverity.Warning);
  assert.match(diag!.message, /^UserWarning: The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed/);
  assert.equal(editor.document.getText(diag!.range), 'y.grad');
  const md = api.hover(editor.document.uri, 6, 9, 'y.grad');
  assert.match(md ?? '', /is None.*not a leaf/s);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diag!.range);
  const fix = actions.find((a) => /retain_grad/.test(a.title));
  assert.ok(fix, 'retain_grad() offered');
  assert.ok(await vscode.workspace.applyEdit(fix.edit!));
  assert.equal(editor.document.lineAt(4).text, 'y.retain_grad()');
  const after = await api.run(editor.document.uri);
  assert.equal(after?.stdout, 'tensor([1., 1.])\n');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('an in-place update of a leaf is fixed by torch.no_grad()', async (api) => {
  needsEngine();
  const editor = await open('mistake_leaf_inplace.py');
  await api.run(editor.document.uri);
  const diag = vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source === 'Gradscope');
  assert.match(diag?.message ?? '', /a leaf Variable that requires grad is being used in an in-place operation/);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diag!.range);
  const fix = actions.find((a) => /no_grad/.test(a.title));
  assert.ok(fix);
  assert.ok(await vscode.workspace.applyEdit(fix.edit!));
  assert.equal(editor.document.getText().split('\n').slice(3, 5).join('\n'), 'with torch.no_grad():\n    w += 1');
  assert.equal((await api.run(editor.document.uri))?.status, 'ok');
  await vscode.commands.executeCommand('workbench.action.files.revert');
});

test('Backward Again accumulates and Zero Grads resets to None', async (api) => {
  needsEngine();
  const editor = await open('accumulate.py');
  const first = await api.run(editor.document.uri);
  const gradOfX = (snap: typeof first) => Object.values(snap?.tensors ?? {}).find((t) => t.name === 'x')?.grad;
  assert.equal(gradOfX(first), 'tensor([[4.5000, 4.5000], [4.5000, 4.5000]])');
  const again = await api.backwardAgain();
  assert.equal(gradOfX(again), 'tensor([[9., 9.], [9., 9.]])', 'x.grad accumulated to 9');
  const calls = again!.graph.backwardCalls;
  assert.equal(calls[calls.length - 1]!.origin, 'backwardAgain');
  const zeroed = await api.zeroGrads('none');
  assert.equal(gradOfX(zeroed), null);
});

test('Step Backward walks the last backward call one node at a time', async (api) => {
  needsEngine();
  const editor = await open('02_backward_mean.py');
  const snap = await api.run(editor.document.uri);
  const call = snap!.graph.backwardCalls[snap!.graph.backwardCalls.length - 1]!;
  assert.ok(call.steps.length >= 3, 'the call ran several nodes');
  const first = await vscode.commands.executeCommand<{ stepIndex: number; stepCount: number; step: { nodeId: string } | null }>('gradscope.stepBackward');
  assert.equal(first?.stepIndex, 0);
  assert.equal(first?.stepCount, call.steps.length);
  assert.equal(first?.step?.nodeId, call.steps[0]!.nodeId);
  const second = await vscode.commands.executeCommand<{ stepIndex: number; step: { nodeId: string } | null }>('gradscope.stepBackward');
  assert.equal(second?.step?.nodeId, call.steps[1]!.nodeId);
  const back = await vscode.commands.executeCommand<{ stepIndex: number }>('gradscope.stepBackward', 'prev');
  assert.equal(back?.stepIndex, 0);
});

test('Stop ends a running script at once; Clear removes values and diagnostics', async (api) => {
  needsEngine();
  const editor = await open('runaway.py');
  const running = api.run(editor.document.uri);
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  assert.equal(await vscode.commands.executeCommand('gradscope.stop'), true);
  const snap = await running;
  assert.equal(snap?.status, 'stopped');
  assert.ok(Date.now() - t0 < 1000, 'stopped without waiting for the time limit');
  const next = await open('mistake_non_scalar.py');
  await api.run(next.document.uri);
  assert.ok(api.inlineTexts(next.document.uri).length > 0);
  assert.ok(vscode.languages.getDiagnostics(next.document.uri).length > 0);
  await vscode.commands.executeCommand('gradscope.clear');
  assert.deepEqual(api.inlineTexts(next.document.uri), []);
  assert.equal(vscode.languages.getDiagnostics(next.document.uri).filter((d) => d.source === 'Gradscope').length, 0);
});

test('an endless loop is stopped at the time limit and the editor still answers', async (api) => {
  needsEngine();
  const cfg = vscode.workspace.getConfiguration('gradscope');
  await cfg.update('timeLimitSeconds', 1, vscode.ConfigurationTarget.Global);
  try {
    const editor = await open('runaway.py');
    const t0 = Date.now();
    const snap = await api.run(editor.document.uri);
    assert.equal(snap?.status, 'timeout');
    assert.ok(Date.now() - t0 < 5000, 'stopped near the limit');
    const next = await open('02_backward_mean.py');
    const ok = await api.run(next.document.uri);
    assert.equal(ok?.status, 'ok');
  } finally {
    await cfg.update('timeLimitSeconds', undefined, vscode.ConfigurationTarget.Global);
  }
});

test('live mode: fast typing leaves the decorations matching the final text', async (api) => {
  const cfg = vscode.workspace.getConfiguration('gradscope');
  await cfg.update('liveMode', true, vscode.ConfigurationTarget.Global);
  try {
    const editor = await open('live.py');
    await api.run(editor.document.uri);
    await api.whenIdle();
    const typed = '\ny = x * 2\nz = y.sum()\n';
    for (const ch of typed) {
      await editor.edit((b) => b.insert(editor.document.lineAt(editor.document.lineCount - 1).range.end, ch));
      // Drawn values must never describe an older text: cleared on edit, redrawn per result.
      const texts = api.inlineTexts(editor.document.uri);
      assert.ok(texts.every((t) => t.line <= editor.document.lineCount), 'no decoration beyond the text');
    }
    await api.whenIdle();
    await waitFor('the final run', () => api.snapshot(editor.document.uri) !== undefined);
    const stats = api.stats();
    if (!engineAvailable) {
      assert.equal(api.snapshot(editor.document.uri)?.status, 'engine_unavailable');
      return;
    }
    const texts = api.inlineTexts(editor.document.uri);
    const last = editor.document.lineCount;
    assert.ok(texts.some((t) => t.line === last - 1 && t.text.startsWith('z:')), `z decorated on line ${last - 1}: ${JSON.stringify(texts)}`);
    assert.ok(stats.editToDecorationsMs !== undefined);
  } finally {
    await cfg.update('liveMode', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
});

const measured: Record<string, { wallMs: number; inExtensionMs: number }> = {};

test('measure keystroke → decorations in live mode on each example (warm)', async (api) => {
  needsEngine();
  const cfg = vscode.workspace.getConfiguration('gradscope');
  await cfg.update('liveMode', true, vscode.ConfigurationTarget.Global);
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  try {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).filter((n) => /^\d\d_\w+\.py$/.test(n)).sort();
    for (const name of names) {
      const editor = await open(name);
      await api.run(editor.document.uri); // warm: worker up, this script's code paths compiled
      const wall: number[] = [];
      const inside: number[] = [];
      for (let i = 0; i < 7; i++) {
        const end = editor.document.lineAt(0).range.end;
        const t0 = performance.now();
        await editor.edit((b) => b.insert(end, ' '));
        const version = editor.document.version;
        // Poll finely: the measured time should be the extension's, not the poll interval's.
        await waitFor('decorations for the new text', () => api.inlineTexts(editor.document.uri).length > 0 && api.stats().shownVersion === version, 15000, 2);
        wall.push(performance.now() - t0);
        inside.push(api.stats().editToDecorationsMs ?? NaN);
      }
      measured[name] = { wallMs: median(wall), inExtensionMs: median(inside) };
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await api.whenIdle();
    }
    console.log(`keystroke → decorations, median ms (debounce ${cfg.get<number>('liveDebounceMs', 30)} ms included): ${JSON.stringify(measured)}`);
    for (const [name, m] of Object.entries(measured)) assert.ok(m.inExtensionMs < 250, `${name}: ${m.inExtensionMs} ms is far beyond the 100 ms goal`);
  } finally {
    await cfg.update('liveMode', undefined, vscode.ConfigurationTarget.Global);
  }
});

test('Export Graph writes DOT and JSON', async (api) => {
  const editor = await open('02_backward_mean.py');
  await api.run(editor.document.uri);
  const dir = vscode.workspace.workspaceFolders![0]!.uri;
  const dot = vscode.Uri.joinPath(dir, 'graph.dot');
  const json = vscode.Uri.joinPath(dir, 'graph.json');
  await vscode.commands.executeCommand('gradscope.exportGraph', dot);
  await vscode.commands.executeCommand('gradscope.exportGraph', json);
  const dotText = new TextDecoder().decode(await vscode.workspace.fs.readFile(dot));
  assert.match(dotText, /^digraph "gradscope" \{/);
  const parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(json)));
  assert.equal(parsed.schema, 1);
  if (engineAvailable) {
    assert.ok(parsed.graph.nodes.some((n: { label: string }) => n.label === 'MeanBackward0'));
    // SVG comes from the graph panel's own drawing.
    const svg = vscode.Uri.joinPath(dir, 'graph.svg');
    await vscode.commands.executeCommand('gradscope.exportGraph', svg);
    const svgText = new TextDecoder().decode(await vscode.workspace.fs.readFile(svg));
    assert.match(svgText, /<svg[\s\S]*MeanBackward0/);
  }
});

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<GradscopeApi>('gradscope.gradscope');
  if (!ext) throw new Error('the Gradscope extension is not installed in this VS Code');
  // Opening a Python file is what activates the extension for a person too.
  await open('01_requires_grad.py');
  const api = await waitFor('activation', () => ext.isActive && ext.exports, 30000);
  const results: Outcome[] = [];
  for (const t of tests) {
    const started = Date.now();
    try {
      await t.fn(api);
      results.push({ name: t.name, status: 'passed', ms: Date.now() - started });
    } catch (e) {
      if (e instanceof Skip) results.push({ name: t.name, status: 'skipped', ms: Date.now() - started, detail: e.message });
      else results.push({ name: t.name, status: 'failed', ms: Date.now() - started, detail: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  }
  const summary = { engineAvailable, stats: api.stats(), keystrokeToDecorationsMs: measured, results };
  const out = process.env.GRADSCOPE_SUITE_RESULT;
  if (out) writeFileSync(out, JSON.stringify(summary, null, 2));
  for (const r of results) console.log(`${r.status === 'passed' ? 'ok' : r.status === 'skipped' ? 'skip' : 'FAIL'} - ${r.name}${r.detail ? `\n   ${r.detail}` : ''}`);
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) throw new Error(`${failed.length} extension-host test(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}
