/// <reference lib="dom" />
// ELK runs off the UI thread: elk's own worker script is bundled into dist/webview.js as text
// (esbuild's `with { type: 'text' }`) and started from a blob: URL, which the panel's CSP allows
// (`worker-src … blob:`). A webview resource URL cannot be used directly: it is cross-origin to
// the webview document, and `new Worker` needs a same-origin script.
import ElkConstructor from 'elkjs/lib/elk-api.js';
import type { ELK } from 'elkjs/lib/elk-api';
// @ts-ignore -- a text import: esbuild inlines the file's contents as a string.
import elkWorkerSource from 'elkjs/lib/elk-worker.min.js' with { type: 'text' };

import { elkGraph } from './draw';
import { syntheticGraph } from './synthetic';

let shared: ELK | null = null;

/** One ELK instance backed by a Web Worker, started on first use (call early to warm it up). */
export function workerElk(): ELK {
  if (shared) return shared;
  const url = URL.createObjectURL(new Blob([elkWorkerSource as string], { type: 'text/javascript' }));
  shared = new ElkConstructor({ workerFactory: () => new Worker(url, { name: 'elk-layout' }) });
  return shared;
}

/**
 * Lay out a small graph at start-up: the worker parses its (large) script and the JIT warms
 * the layered algorithm's hot paths while the host is still sending the real graph. (Once
 * warm, ELK is several times faster on the same graph.)
 */
export function warmUpElk(): void {
  void workerElk().layout(elkGraph(syntheticGraph(40), 'RIGHT')).catch(() => undefined);
}
