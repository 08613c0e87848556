// `gradscope graph`: runs a script traced and exports its graph as JSON (the whole snapshot),
// DOT (torchviz's conventions), or SVG / HTML laid out with elkjs and drawn by the graph
// panel's renderer (webview/render.ts).
import ELK from 'elkjs/lib/elk.bundled.js';
import { runTraced, toDot } from '../trace';
import type { TraceSnapshot } from '../protocol/trace';
import { renderStandaloneSvg, standaloneHtml } from '../../webview/render';

export type GraphFormat = 'json' | 'dot' | 'svg' | 'html';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['json', 'dot', 'svg', 'html'];

export interface ExportOptions {
  fileName: string;
  format: GraphFormat;
  timeLimitSeconds?: number;
  direction?: 'DOWN' | 'RIGHT';
  /** Receives warnings and the traceback as Python would print them. */
  stderr?(text: string): void;
}

export interface ExportResult {
  text: string;
  snapshot: TraceSnapshot;
}

export async function exportGraph(source: string, options: ExportOptions): Promise<ExportResult> {
  const session = runTraced(source, {
    fileName: options.fileName,
    timeLimitSeconds: options.timeLimitSeconds,
    runBeforeSyntaxError: false,
    stderr: options.stderr,
  });
  const snapshot = session.snapshot;
  return { text: await formatSnapshot(snapshot, options), snapshot };
}

export async function formatSnapshot(snapshot: TraceSnapshot, options: Pick<ExportOptions, 'fileName' | 'format' | 'direction'>): Promise<string> {
  switch (options.format) {
    case 'json':
      return JSON.stringify(snapshot, null, 1) + '\n';
    case 'dot':
      return toDot(snapshot.graph, { tensors: snapshot.tensors });
    case 'svg':
    case 'html': {
      const elk = new ELK();
      const title = `${baseName(options.fileName)} — autograd graph`;
      const svg = await renderStandaloneSvg(snapshot.graph, elk, { title, direction: options.direction });
      return options.format === 'svg' ? svg.svg + '\n' : standaloneHtml(svg, title);
    }
  }
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}
