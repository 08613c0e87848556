// Worker thread entry (node:worker_threads): holds the engine and the live session, so runs
// never block the extension host's thread. The host ends this thread to stop a runaway run.

import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { PROTOCOL_VERSION, WorkerStartOptions } from '../protocol/messages';
import { setStorageLimitBytes } from '../tensor/dtype';
import { WorkerSession } from './session';
import { engineRunner } from './engine';

const bootStarted = performance.now();
if (!parentPort) throw new Error('engine/worker/main.ts must run as a worker thread');
const port = parentPort;
const start = (workerData ?? {}) as WorkerStartOptions;
if (typeof start.storageLimitBytes === 'number') setStorageLimitBytes(start.storageLimitBytes);
const session = new WorkerSession(engineRunner, (m) => port.postMessage(m), () => performance.now());
port.on('message', (m: unknown) => session.handle(m));
port.postMessage({
  v: PROTOCOL_VERSION, kind: 'ready', engineAvailable: engineRunner.available,
  startMs: performance.now() - bootStarted,
});
