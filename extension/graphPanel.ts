// Host of the graph inspector webview: strict CSP with a nonce, the bundled webview script
// (dist/webview.js, built from webview/), and messages checked by the protocol guards. The
// webview holds no authority: it can only ask for a reveal or one of a closed set of commands.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PROTOCOL_VERSION } from '../engine/protocol/messages';
import type { HostToWebview, WebviewToHost } from '../engine/protocol/messages';
import { isWebviewToHost } from '../engine/protocol/guards';
import type { GraphModel } from '../engine/protocol/trace';
import { toVsRange } from './ranges';

export const GRAPH_VIEW_TYPE = 'gradscope.graph';

export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | null = null;
  private last: HostToWebview | null = null;
  private webviewReady = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onReveal: (m: Extract<WebviewToHost, { kind: 'reveal' }>) => void,
  ) {}

  get isOpen(): boolean {
    return this.panel !== null;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Gradscope Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [dist],
      retainContextWhenHidden: true,
    });
    this.webviewReady = false;
    this.panel.webview.html = this.html(this.panel.webview, dist);
    this.panel.onDidDispose(() => (this.panel = null));
    this.panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m));
    if (this.last) void this.panel.webview.postMessage(this.last);
  }

  update(runId: number, fileName: string, graph: GraphModel, stale = false): void {
    this.last = { v: PROTOCOL_VERSION, kind: 'graph', runId, fileName, graph, ...(stale ? { stale } : {}) };
    if (this.panel) void this.panel.webview.postMessage(this.last);
  }

  post(m: HostToWebview): void {
    if (this.panel && this.webviewReady) void this.panel.webview.postMessage(m);
  }

  private receive(m: unknown): void {
    if (!isWebviewToHost(m)) return; // anything else is ignored, never trusted
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
    }
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const scriptPath = vscode.Uri.joinPath(dist, 'webview.js');
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
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);background:var(--vscode-editor-background);margin:0;padding:0}#root{width:100vw;height:100vh}</style>
<title>Gradscope Graph</title></head>
<body><div id="root" data-nonce="${nonce}"></div>${script}</body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.panel = null;
  }
}

export { toVsRange };
