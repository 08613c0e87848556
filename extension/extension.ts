// Gradscope's VS Code entry point. Runs happen in a worker thread (dist/worker.js); this host
// only draws what the worker's snapshots say. activate() returns an API object that the
// extension-host tests (test/vscode/suite) assert through.
import * as vscode from 'vscode';
import type { TraceSnapshot } from '../engine/protocol/trace';
import { Controller } from './controller';
import type { RunMetrics } from './controller';
import type { InlineText } from './core/decorations';
import type { EngineStats } from './core/engineClient';
import { hoverMarkdown } from './core/hover';
import { exportFormatOf, graphToDot, graphToJson } from './core/graphExport';
import type { ExportFormat } from './core/graphExport';
import { imageBytes } from './graphPanel';
import { nodeWorkerFactory } from './nodeWorkerTransport';
import { GradscopeCodeLens, GradscopeHover, GradscopeQuickFixes } from './providers';
import { settings } from './settings';

export interface GradscopeApi {
  readonly apiVersion: 1;
  /** Run a Python document (default: the active editor's) and wait for its snapshot (undefined if superseded). */
  run(uri?: vscode.Uri): Promise<TraceSnapshot | undefined>;
  snapshot(uri?: vscode.Uri): TraceSnapshot | undefined;
  /** The inline texts currently drawn in a document (empty once its text changed). */
  inlineTexts(uri?: vscode.Uri): InlineText[];
  hover(uri: vscode.Uri, line: number, col: number, word: string): string | null;
  backwardAgain(): Promise<TraceSnapshot | undefined>;
  zeroGrads(mode?: 'none' | 'zeros'): Promise<TraceSnapshot | undefined>;
  stop(): boolean;
  clear(): void;
  whenIdle(): Promise<void>;
  workerReady(): Promise<void>;
  stats(): EngineStats & RunMetrics;
}

let controller: Controller | undefined;

function targetDocument(uri?: vscode.Uri): vscode.TextDocument | undefined {
  if (uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === 'python' ? doc : undefined;
}

export function activate(context: vscode.ExtensionContext): GradscopeApi {
  const transport = nodeWorkerFactory({
    scriptPath: vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath,
    memoryLimitMb: settings.memoryLimitMb,
  });
  const c = (controller = new Controller(context.extensionUri, transport));
  const lens = new GradscopeCodeLens(c);
  const python: vscode.DocumentSelector = { language: 'python' };

  const run = async (uri?: vscode.Uri): Promise<TraceSnapshot | undefined> => {
    const doc = uri instanceof vscode.Uri ? targetDocument(uri) ?? (await vscode.workspace.openTextDocument(uri)) : targetDocument();
    if (!doc) {
      void vscode.window.showInformationMessage('Gradscope: open a Python tensor script to run it.');
      return undefined;
    }
    const snap = await c.run(doc);
    lens.refresh();
    return snap;
  };

  const exportGraph = async (target?: vscode.Uri, format?: ExportFormat): Promise<vscode.Uri | undefined> => {
    const snap = c.snapshot;
    if (!snap) {
      void vscode.window.showWarningMessage('Gradscope: run the script before exporting its graph.');
      return undefined;
    }
    const dest = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({
      filters: { 'Graphviz DOT': ['dot', 'gv'], 'Gradscope graph JSON': ['json'], 'SVG image': ['svg'], 'PNG image': ['png'] },
      saveLabel: 'Export Graph',
    });
    if (!dest) return undefined;
    const fmt = format ?? exportFormatOf(dest.path);
    let bytes: Uint8Array;
    if (fmt === 'svg' || fmt === 'png') {
      // Pictures are drawn by the graph panel (ELK layout + SVG): open it and ask it.
      const image = await pictureFromPanel(fmt);
      if (!image) {
        void vscode.window.showWarningMessage('Gradscope: the graph panel did not answer; try again once it shows the graph.');
        return undefined;
      }
      bytes = imageBytes(image);
    } else {
      bytes = new TextEncoder().encode(fmt === 'json' ? graphToJson(snap.graph) : graphToDot(snap.graph));
    }
    await vscode.workspace.fs.writeFile(dest, bytes);
    return dest;
  };

  const pictureFromPanel = async (fmt: 'svg' | 'png') => {
    c.graph.show();
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      const image = await c.graph.requestImage(fmt, 5000);
      if (image) return image;
      await new Promise((r) => setTimeout(r, 200)); // the panel is still loading
    }
    return undefined;
  };

  context.subscriptions.push(
    c,
    vscode.languages.registerHoverProvider(python, new GradscopeHover(c)),
    vscode.languages.registerCodeActionsProvider(python, new GradscopeQuickFixes(c), { providedCodeActionKinds: GradscopeQuickFixes.kinds }),
    vscode.languages.registerCodeLensProvider(python, lens),
    vscode.commands.registerCommand('gradscope.run', run),
    vscode.commands.registerCommand('gradscope.toggleLive', async () => {
      await settings.setLiveMode(!settings.liveMode());
      lens.refresh();
    }),
    vscode.commands.registerCommand('gradscope.backwardAgain', () => c.backwardAgain()),
    vscode.commands.registerCommand('gradscope.zeroGrads', async (mode?: 'none' | 'zeros') => {
      const chosen = mode ?? (await vscode.window.showQuickPick([
        { label: 'Set to None', description: 'PyTorch 2.x zero_grad() default', mode: 'none' as const },
        { label: 'Set to zeros', description: 'zero_grad(set_to_none=False)', mode: 'zeros' as const },
      ], { placeHolder: 'Zero the leaf gradients' }))?.mode;
      return chosen ? c.zeroGrads(chosen) : undefined;
    }),
    vscode.commands.registerCommand('gradscope.stepBackward', (direction?: 'next' | 'prev' | 'reset') => c.step(direction ?? 'next')),
    vscode.commands.registerCommand('gradscope.showGraph', () => c.graph.show()),
    vscode.commands.registerCommand('gradscope.exportGraph', exportGraph),
    vscode.commands.registerCommand('gradscope.stop', () => c.stop()),
    vscode.commands.registerCommand('gradscope.clear', () => {
      c.clear();
      lens.refresh();
    }),
    vscode.commands.registerCommand('gradscope.showOutput', () => c.output.show(true)),
  );

  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('gradscope')) lens.refresh();
  }));

  // A warm worker makes the first run fast; start it when a Python file is around.
  if (vscode.workspace.textDocuments.some((d) => d.languageId === 'python')) c.client.warmUp();
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => {
    if (d.languageId === 'python') c.client.warmUp();
  }));

  return {
    apiVersion: 1,
    run,
    snapshot: (uri) => (uri ? c.snapshotFor(uri) : c.snapshot),
    inlineTexts: (uri) => {
      const u = uri ?? vscode.window.activeTextEditor?.document.uri;
      return u ? c.inlineTextsFor(u) : [];
    },
    hover: (uri, line, col, word) => {
      const s = c.snapshotFor(uri);
      return s ? hoverMarkdown(s, { line, col, word }) : null;
    },
    backwardAgain: () => c.backwardAgain(),
    zeroGrads: (mode) => c.zeroGrads(mode),
    stop: () => c.stop(),
    clear: () => c.clear(),
    whenIdle: () => c.whenIdle(),
    workerReady: () => c.client.whenReady(),
    stats: () => ({ ...c.client.stats, ...c.metrics }),
  };
}

export function deactivate(): void {
  controller?.dispose();
  controller = undefined;
}
