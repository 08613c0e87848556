// Host of the graph inspector webview: strict CSP with a nonce, the bundled webview script
// and stylesheet (dist/webview.js + dist/webview.css, built from webview/), and messages
// checked by the protocol guards. The webview holds no authority: it can only ask for a
// reveal, one of a closed set of commands, or to save a picture it made.
//
// The panel also keeps itself in step with the editor: the cursor's lines are highlighted in
// the graph, switching to another Python file shows that file's graph (by running it), and
// after a window reload a serializer brings the panel back (the webview redraws its last
// graph from its own saved state until a fresh run arrives).
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PROTOCOL_VERSION } from '../engine/protocol/messages';
import type { ExportImage, HostToWebview, WebviewToHost } from '../engine/protocol/messages';
import { isWebviewToHost } from '../engine/protocol/guards';
import type { GraphModel } from '../engine/protocol/trace';
import { toVsRange } from './ranges';

export const GRAPH_VIEW_TYPE = 'gradscope.graph';

/** The basename the host uses for a document (the fileName of GraphUpdate). */
const baseName = (uri: vscode.Uri): string => uri.path.split('/').pop() ?? '';

export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | null = null;
  private last: Extract<HostToWebview, { kind: 'graph' }> | null = null;
  private webviewReady = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly panelDisposables: vscode.Disposable[] = [];
  private exportWaiters: ((m: ExportImage) => void)[] = [];
  /** Messages the webview sent (newest last, a few dozen kept): for tests through the API. */
  readonly received: WebviewToHost[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onReveal: (m: Extract<WebviewToHost, { kind: 'reveal' }>) => void,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
          this.adopt(panel);
          // The extension restarted with no run: show the active script's graph again.
          const doc = vscode.window.activeTextEditor?.document;
          if (doc && doc.languageId === 'python' && !this.last) void vscode.commands.executeCommand('gradscope.run', doc.uri);
        },
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e.textEditor, e.selections)),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.onActiveEditor(editor)),
    );
  }

  get isOpen(): boolean {
    return this.panel !== null;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.adopt(vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Gradscope Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [dist],
      retainContextWhenHidden: true,
    }));
  }

  update(runId: number, fileName: string, graph: GraphModel, stale = false): void {
    this.last = { v: PROTOCOL_VERSION, kind: 'graph', runId, fileName, graph, ...(stale ? { stale } : {}) };
    if (this.panel && this.webviewReady) void this.panel.webview.postMessage(this.last);
  }

  post(m: HostToWebview): void {
    if (this.panel && this.webviewReady) void this.panel.webview.postMessage(m);
  }

  /** Ask the webview for the graph as SVG text or a PNG data URL (undefined when no panel answers in time). */
  requestImage(format: 'svg' | 'png', timeoutMs = 10000): Promise<ExportImage | undefined> {
    if (!this.panel || !this.webviewReady) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.exportWaiters = this.exportWaiters.filter((w) => w !== done);
        resolve(undefined);
      }, timeoutMs);
      const done = (m: ExportImage): void => {
        clearTimeout(timer);
        resolve(m);
      };
      this.exportWaiters.push(done);
      this.post({ v: PROTOCOL_VERSION, kind: 'requestExport', format });
    });
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.disposePanel();
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    this.panel = panel;
    this.webviewReady = false;
    panel.webview.html = this.html(panel.webview, dist);
    this.panelDisposables.push(
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = null;
        this.disposePanel();
      }),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
    );
  }

  private disposePanel(): void {
    for (const d of this.panelDisposables.splice(0)) d.dispose();
  }

  private onSelection(editor: vscode.TextEditor, selections: readonly vscode.Selection[]): void {
    if (!this.panel || !this.last || baseName(editor.document.uri) !== this.last.fileName) return;
    const lines = [...new Set(selections.map((s) => s.active.line + 1))];
    this.post({ v: PROTOCOL_VERSION, kind: 'highlightLines', lines });
  }

  private onActiveEditor(editor: vscode.TextEditor | undefined): void {
    if (!this.panel || !editor || editor.document.languageId !== 'python') return;
    if (this.last && baseName(editor.document.uri) === this.last.fileName) return;
    void vscode.commands.executeCommand('gradscope.run', editor.document.uri);
  }

  private receive(m: unknown): void {
    if (!isWebviewToHost(m)) return; // anything else is ignored, never trusted
    this.received.push(m);
    if (this.received.length > 50) this.received.shift();
    switch (m.kind) {
      case 'ready':
        this.webviewReady = true;
        if (this.last) void this.panel?.webview.postMessage(this.last);
        return;
      case 'reveal':
        this.onReveal(m);
        return;
      case 'command': {
        const command = { backwardAgain: 'gradscope.backwardAgain', zeroGrads: 'gradscope.zeroGrads', stepBackward: 'gradscope.stepBackward', run: 'gradscope.run', exportGraph: 'gradscope.exportGraph' }[m.command];
        void vscode.commands.executeCommand(command);
        return;
      }
      case 'exportImage': {
        const waiters = this.exportWaiters.splice(0);
        if (waiters.length > 0) for (const w of waiters) w(m);
        else void this.saveImage(m);
        return;
      }
    }
  }

  /** The webview's Export buttons: ask where, then write the picture. */
  private async saveImage(m: ExportImage): Promise<void> {
    const stem = (this.last?.fileName ?? 'graph').replace(/\.py$/, '');
    const dest = await vscode.window.showSaveDialog({
      defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `${stem}-graph.${m.format}`) : undefined,
      filters: m.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: 'Export Graph',
    });
    if (!dest) return;
    await vscode.workspace.fs.writeFile(dest, imageBytes(m));
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const scriptPath = vscode.Uri.joinPath(dist, 'webview.js');
    const stylePath = vscode.Uri.joinPath(dist, 'webview.css');
    const hasScript = existsSync(scriptPath.fsPath);
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `script-src 'nonce-${nonce}'`,
      `worker-src ${webview.cspSource} blob:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    // Without the UI bundle, a minimal script lists the graph as text (labels are text nodes, never HTML).
    const fallback = `
      const vscode = acquireVsCodeApi();
      const root = document.getElementById('root');
      window.addEventListener('message', (e) => {
        const m = e.data;
        if (!m || m.kind !== 'graph') return;
        root.textContent = '';
        const h = document.createElement('h3');
        h.textContent = m.fileName + ': ' + m.graph.nodes.length + ' nodes, ' + m.graph.edges.length + ' edges';
        root.appendChild(h);
        const ul = document.createElement('ul');
        for (const n of m.graph.nodes) {
          const li = document.createElement('li');
          li.textContent = n.kind + ' ' + n.label + (n.line ? ' (line ' + n.line + ')' : '');
          li.addEventListener('click', () => vscode.postMessage({ v: ${PROTOCOL_VERSION}, kind: 'reveal', nodeId: n.id, range: n.range }));
          ul.appendChild(li);
        }
        root.appendChild(ul);
      });
      vscode.postMessage({ v: ${PROTOCOL_VERSION}, kind: 'ready' });`;
    const script = hasScript
      ? `<script nonce="${nonce}" src="${webview.asWebviewUri(scriptPath)}"></script>`
      : `<script nonce="${nonce}">${fallback}</script>`;
    const stylesheet = existsSync(stylePath.fsPath) ? `<link rel="stylesheet" href="${webview.asWebviewUri(stylePath)}">` : '';
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${stylesheet}
<style nonce="${nonce}">body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);background:var(--vscode-editor-background);margin:0;padding:0}#root{width:100vw;height:100vh}</style>
<title>Gradscope Graph</title></head>
<body><div id="root" data-nonce="${nonce}"></div>${script}</body></html>`;
  }

  dispose(): void {
    this.disposePanel();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel?.dispose();
    this.panel = null;
  }
}

/** Bytes of an exported picture: SVG text as UTF-8, a PNG from its base64 data URL. */
export function imageBytes(m: ExportImage): Uint8Array {
  if (m.format === 'svg') return new TextEncoder().encode(m.data);
  const comma = m.data.indexOf(',');
  return new Uint8Array(Buffer.from(comma >= 0 ? m.data.slice(comma + 1) : m.data, 'base64'));
}

export { toVsRange };
