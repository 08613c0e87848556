// EngineTransport over node:worker_threads (the desktop / code-server extension host).
// A Web Worker transport can replace it for a web extension; nothing else changes.
import { Worker } from 'node:worker_threads';
import type { EngineTransport, TransportFactory } from './core/engineClient';
import type { WorkerStartOptions } from '../engine/protocol/messages';

export interface NodeWorkerOptions {
  /** Absolute path of dist/worker.js. */
  scriptPath: string;
  /** V8 heap limit for the worker (setting gradscope.memoryLimitMb). */
  memoryLimitMb: () => number;
}

export function nodeWorkerFactory(options: NodeWorkerOptions): TransportFactory {
  return (): EngineTransport => {
    const heap = Math.max(64, options.memoryLimitMb());
    // Tensor storage lives outside the V8 heap: one tensor may not exceed the limit either.
    const start: WorkerStartOptions = { storageLimitBytes: heap * 1024 * 1024 };
    const worker = new Worker(options.scriptPath, {
      workerData: start,
      resourceLimits: { maxOldGenerationSizeMb: heap, maxYoungGenerationSizeMb: Math.min(64, Math.ceil(heap / 8)) },
      stdout: false,
      stderr: false,
    });
    let terminated = false;
    let exitListener: ((reason: string) => void) | null = null;
    let lastError = '';
    worker.on('error', (e: Error & { code?: string }) => {
      lastError = e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the script used more than the memory limit (${heap} MB, setting gradscope.memoryLimitMb)` : `${e.name}: ${e.message}`;
    });
    worker.on('exit', (code) => {
      if (!terminated) exitListener?.(lastError || `exit code ${code}`);
    });
    worker.unref(); // never keep the extension host alive for the worker
    return {
      post: (m) => worker.postMessage(m),
      onMessage: (l) => worker.on('message', l),
      onExit: (l) => (exitListener = l),
      terminate: () => {
        terminated = true;
        void worker.terminate();
      },
    };
  };
}
