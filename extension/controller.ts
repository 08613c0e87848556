// Ties the editor to the worker: runs, live mode, and drawing a snapshot (decorations,
// diagnostics, output, status bar, graph panel, context keys). All decisions that need no
// VS Code live in ./core and are unit-tested there.
import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import type { TraceSnapshot } from '../engine/protocol/trace';
import type { StepMessage } from '../engine/protocol/messages';
import { EngineClient } from './core/engineClient';
import type { SnapshotResult, TransportFactory } from './core/engineClient';
import { Debouncer, RunLedger, realTimers } from './core/live';
import { inlineTexts } from './core/decorations';
import type { InlineText } from './core/decorations';
import { problemsOf } from './core/problems';
import { InlineDecorator } from './decorator';
import { GraphPanel } from './graphPanel';
import { settings } from './settings';
import { toVsRange } from './ranges';
import { statusText } from './core/status';

export const DIAGNOSTIC_SOURCE = 'Gradscope';

export interface RunMetrics {
  /** Worker wall time of the run. */
  engineMs?: number;
  /** Host-side request → answer. */
  roundTripMs?: number;
  /** Last edit → decorations drawn for that edit's text (live mode). */
  editToDecorationsMs?: number;
  /** Document version the drawn values belong to. */
  shownVersion?: number;
  shownRuns: number;
  droppedRuns: number;
}

interface Shown {
  uri: string;
  runId: number;
  version: number;
  snapshot: TraceSnapshot;
}

export class Controller implements vscode.Disposable {
  readonly client: EngineClient;
  readonly decorator = new InlineDecorator();
  readonly diagnostics = vscode.languages.createDiagnosticCollection('gradscope');
  readonly output = vscode.window.createOutputChannel('Gradscope');
  readonly status = vscode.window.createStatusBarItem('gradscope.status', vscode.StatusBarAlignment.Left, 50);
  readonly graph: GraphPanel;
  private readonly ledger = new RunLedger();
  private readonly debouncer = new Debouncer(realTimers, settings.liveDebounceMs());
  private readonly disposables: vscode.Disposable[] = [];
  private shown: Shown | null = null;
  /** The document whose objects the worker holds (the last run). */
  private sessionUri: string | null = null;
  private inFlight = 0;
  private lastEditAt: { uri: string; version: number; at: number } | null = null;
  private idleWaiters: (() => void)[] = [];
  readonly metrics: RunMetrics = { shownRuns: 0, droppedRuns: 0 };
  lastStep: StepMessage | null = null;

  constructor(extensionUri: vscode.Uri, transport: TransportFactory) {
    this.client = new EngineClient(transport, {
      timeLimitMs: settings.timeLimitMs,
      killGraceMs: 500,
      timers: realTimers,
      now: () => performance.now(),
      log: (line) => this.output.appendLine(`[gradscope] ${line}`),
    });
    this.graph = new GraphPanel(extensionUri, (m) => {
      const node = this.shown?.snapshot.graph.nodes.find((n) => n.id === m.nodeId);
      const range = m.range ?? node?.range;
      const doc = this.sessionDocument();
      if (range && doc) void vscode.window.showTextDocument(doc, { selection: toVsRange(range, doc), preserveFocus: false, viewColumn: vscode.ViewColumn.One });
    });
    this.status.name = 'Gradscope';
    this.status.command = 'gradscope.showOutput';
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((ed) => this.decorator.refresh(ed))),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('gradscope.liveDebounceMs')) this.debouncer.setDelay(settings.liveDebounceMs());
        if (e.affectsConfiguration('gradscope.liveMode')) {
          this.updateContext();
          const ed = vscode.window.activeTextEditor;
          if (settings.liveMode() && ed && ed.document.languageId === 'python') void this.run(ed.document);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.toString() === this.shown?.uri) this.diagnostics.delete(doc.uri);
      }),
    );
    this.updateContext();
  }

  // ───────────── running ─────────────

  async run(doc: vscode.TextDocument): Promise<TraceSnapshot | undefined> {
    this.debouncer.cancel();
    const runId = this.ledger.begin(doc.version);
    this.beginWork();
    this.setStatus('$(sync~spin) Gradscope: running…', `Running ${vscode.workspace.asRelativePath(doc.uri)}`);
    const fileName = doc.uri.path.split('/').pop() ?? 'script.py';
    try {
      const result = await this.client.run(runId, doc.getText(), fileName, { maxShortChars: settings.inlineMaxWidth(), timeLimitMs: settings.timeLimitMs() });
      this.sessionUri = doc.uri.toString();
      return this.accept(doc, result);
    } finally {
      this.endWork();
    }
  }

  async backwardAgain(): Promise<TraceSnapshot | undefined> {
    return this.sessionAction((runId) => this.client.backwardAgain(runId), 'Backward Again');
  }

  async zeroGrads(mode: 'none' | 'zeros' = settings.zeroGradsMode()): Promise<TraceSnapshot | undefined> {
    return this.sessionAction((runId) => this.client.zeroGrads(runId, mode), 'Zero Grads');
  }

  async step(direction: 'next' | 'prev' | 'reset' = 'next'): Promise<StepMessage | undefined> {
    const r = await this.client.step(direction);
    if ('error' in r) {
      void vscode.window.showWarningMessage(`Gradscope: ${r.error}`);
      return undefined;
    }
    this.lastStep = r;
    const nodeId = r.step?.nodeId ?? null;
    this.graph.post({ v: 1, kind: 'stepState', callIndex: r.callIndex, stepIndex: r.stepIndex, stepCount: r.stepCount, nodeId });
    const node = nodeId ? this.shown?.snapshot.graph.nodes.find((n) => n.id === nodeId) : undefined;
    const where = r.line !== undefined ? ` (line ${r.line})` : '';
    const grads = r.step ? ` grads in: ${r.step.gradOutputs.map((g) => g ?? 'None').join(', ')} → out: ${r.step.gradInputs.map((g) => g ?? 'None').join(', ')}` : '';
    this.setStatus(`$(debug-step-over) Gradscope: step ${r.stepIndex + 1}/${r.stepCount} ${node?.label ?? ''}${where}`, grads.trim());
    const doc = this.sessionDocument();
    if (doc && r.line !== undefined) {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      if (editor) editor.revealRange(new vscode.Range(r.line - 1, 0, r.line - 1, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    return r;
  }

  stop(): boolean {
    this.debouncer.cancel();
    return this.client.stop();
  }

  clear(): void {
    this.debouncer.cancel();
    const doc = this.sessionDocument();
    if (doc) this.decorator.clear(doc);
    this.diagnostics.clear();
    this.shown = null;
    this.sessionUri = null;
    this.client.clear();
    this.status.hide();
    this.updateContext();
  }

  get snapshot(): TraceSnapshot | undefined {
    return this.shown?.snapshot;
  }

  snapshotFor(uri: vscode.Uri): TraceSnapshot | undefined {
    return this.shown && this.shown.uri === uri.toString() ? this.shown.snapshot : undefined;
  }

  /** The snapshot only while the document still has the text it ran on (hovers must not describe old text). */
  currentSnapshotFor(doc: vscode.TextDocument): TraceSnapshot | undefined {
    return this.shown && this.shown.uri === doc.uri.toString() && this.shown.version === doc.version ? this.shown.snapshot : undefined;
  }

  inlineTextsFor(uri: vscode.Uri): InlineText[] {
    return this.decorator.textsOf(uri);
  }

  /** Resolves when no run is pending (debounced) or in flight. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0 && !this.debouncer.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ───────────── internals ─────────────

  private async sessionAction(act: (runId: number) => Promise<SnapshotResult>, what: string): Promise<TraceSnapshot | undefined> {
    const doc = this.sessionDocument();
    if (!doc || !this.shown) {
      void vscode.window.showWarningMessage(`Gradscope: run the script before ${what}.`);
      return undefined;
    }
    const runId = this.ledger.begin(doc.version);
    this.beginWork();
    this.setStatus(`$(sync~spin) Gradscope: ${what}…`);
    try {
      const snap = this.accept(doc, await act(runId));
      // A repeated backward can fail as in PyTorch (its graph was freed): say so plainly.
      const lastCall = snap?.graph.backwardCalls[snap.graph.backwardCalls.length - 1];
      if (what === 'Backward Again' && lastCall?.origin === 'backwardAgain' && lastCall.error) {
        void vscode.window.showWarningMessage(`Gradscope: Backward Again failed: ${lastCall.error}`);
      }
      return snap;
    } finally {
      this.endWork();
    }
  }

  private accept(doc: vscode.TextDocument, result: SnapshotResult): TraceSnapshot | undefined {
    const current = doc.isClosed ? -1 : doc.version;
    if (result.superseded || !this.ledger.accept(result.runId, current)) {
      this.metrics.droppedRuns++;
      return undefined;
    }
    if (result.error !== undefined || !result.snapshot) {
      this.setStatus(`$(warning) Gradscope: ${result.error ?? 'no answer'}`);
      void vscode.window.showWarningMessage(`Gradscope: ${result.error ?? 'no answer from the worker'}`);
      return undefined;
    }
    this.show(doc, result.runId, result.snapshot);
    this.metrics.engineMs = result.snapshot.durationMs;
    this.metrics.roundTripMs = result.elapsedMs;
    if (this.lastEditAt && this.lastEditAt.uri === doc.uri.toString() && this.lastEditAt.version === doc.version) {
      this.metrics.editToDecorationsMs = performance.now() - this.lastEditAt.at;
      this.lastEditAt = null;
    }
    return result.snapshot;
  }

  private show(doc: vscode.TextDocument, runId: number, snapshot: TraceSnapshot): void {
    this.metrics.shownRuns++;
    this.shown = { uri: doc.uri.toString(), runId, version: doc.version, snapshot };
    this.metrics.shownVersion = doc.version;
    this.decorator.show(doc, inlineTexts(snapshot, { maxWidth: settings.inlineMaxWidth() }));
    this.diagnostics.set(doc.uri, problemsOf(snapshot).map((p) => {
      const d = new vscode.Diagnostic(toVsRange(p.range, doc), p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      if (p.mistake) d.code = p.mistake;
      if (p.related) d.relatedInformation = p.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toVsRange(r.range, doc)), r.message));
      return d;
    }));
    this.output.replace(snapshot.stdout);
    for (const e of snapshot.errors) {
      if (e.traceback && e.traceback.length > 0) {
        this.output.appendLine('Traceback (most recent call last):');
        for (const f of e.traceback) this.output.appendLine(`  File "${doc.uri.path.split('/').pop()}", line ${f.line}, in ${f.name}`);
      }
      this.output.appendLine(`${e.type}: ${e.message}`);
    }
    if (snapshot.note && snapshot.status !== 'ok') this.output.appendLine(`[gradscope] ${snapshot.note}`);
    this.setStatus(...statusText(snapshot));
    this.graph.update(runId, doc.uri.path.split('/').pop() ?? '', snapshot.graph);
    this.updateContext();
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const doc = e.document;
    const uri = doc.uri.toString();
    const isShown = this.shown?.uri === uri;
    // Values no longer match the text: drop them at once (a new run redraws them).
    if (isShown) {
      this.decorator.clear(doc);
      if (this.shown) this.graph.update(this.shown.runId, doc.uri.path.split('/').pop() ?? '', this.shown.snapshot.graph, true);
    }
    if (settings.liveMode() && doc.languageId === 'python' && (isShown || doc === vscode.window.activeTextEditor?.document)) {
      this.lastEditAt = { uri, version: doc.version, at: performance.now() };
      this.debouncer.trigger(() => {
        void this.run(doc);
      });
    }
  }

  private sessionDocument(): vscode.TextDocument | undefined {
    const uri = this.shown?.uri ?? this.sessionUri;
    return uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) : undefined;
  }

  private beginWork(): void {
    this.inFlight++;
    void vscode.commands.executeCommand('setContext', 'gradscope.running', true);
  }

  private endWork(): void {
    this.inFlight--;
    if (this.inFlight === 0) void vscode.commands.executeCommand('setContext', 'gradscope.running', false);
    if (this.inFlight === 0 && !this.debouncer.pending) for (const w of this.idleWaiters.splice(0)) w();
  }

  private statusUpdates = 0;

  private setStatus(text: string, tooltip?: string): void {
    this.status.text = text;
    // The update count lets a screen reader (and the UI test) tell a new result from an equal old one.
    this.status.accessibilityInformation = { label: `${text.replace(/\$\([^)]*\)\s*/g, '')}, update ${++this.statusUpdates}`, role: 'button' };
    this.status.tooltip = tooltip ?? text.replace(/\$\([^)]*\)\s*/g, '');
    this.status.show();
  }

  updateContext(): void {
    const s = this.shown?.snapshot;
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const here = !!s && this.shown?.uri === active;
    void vscode.commands.executeCommand('setContext', 'gradscope.hasSession', here);
    void vscode.commands.executeCommand('setContext', 'gradscope.hasBackward', here && s!.graph.backwardCalls.length > 0);
    void vscode.commands.executeCommand('setContext', 'gradscope.liveMode', settings.liveMode());
  }

  dispose(): void {
    this.debouncer.cancel();
    this.client.dispose();
    for (const d of this.disposables) d.dispose();
    this.decorator.dispose();
    this.diagnostics.dispose();
    this.output.dispose();
    this.status.dispose();
    this.graph.dispose();
  }
}
