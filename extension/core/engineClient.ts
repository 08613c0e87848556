// The extension host's side of the worker: sends requests, enforces the time limit by ending
// the worker (a synchronous run cannot be interrupted any other way), starts a fresh worker,
// and marks results that a newer request has superseded. Pure: the thread API sits behind
// EngineTransport (node:worker_threads today, a Web Worker for a web extension later).

import { PROTOCOL_VERSION } from '../../engine/protocol/messages';
import type { HostToWorker, RunOptions, StepMessage, WorkerToHost } from '../../engine/protocol/messages';
import { explain } from '../../engine/protocol/guards';
import { emptySnapshot } from '../../engine/protocol/trace';
import type { RunStatus, TraceSnapshot } from '../../engine/protocol/trace';
import type { Timers } from './live';

export interface EngineTransport {
  post(message: HostToWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the worker ends by itself (crash, memory limit), not after terminate(). */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

export type TransportFactory = () => EngineTransport;

export interface EngineClientOptions {
  /** Read at each request, so a settings change applies to the next run. */
  timeLimitMs: () => number;
  timers: Timers;
  now: () => number;
  /** Extra time after the limit before a run's worker is ended (the engine's own limit fires first). */
  killGraceMs?: number;
  /** A run still going after this long is abandoned (worker restarted) when a newer run comes. */
  supersedeAfterMs?: number;
  log?: (line: string) => void;
}

export interface SnapshotResult {
  runId: number;
  /** Absent when the worker answered with an error instead (e.g. no live session). */
  snapshot?: TraceSnapshot;
  error?: string;
  /** A newer request was made before this one finished: do not show it. */
  superseded: boolean;
  /** Host-side wall time from request to answer. */
  elapsedMs: number;
}

export interface EngineStats {
  workerStarts: number;
  /** Spawn → ready of the latest worker, in ms (undefined until it is ready). */
  lastStartMs?: number;
  engineAvailable?: boolean;
  kills: number;
}

interface PendingSnapshot {
  message: Extract<HostToWorker, { runId: number }>;
  resolve: (r: SnapshotResult) => void;
  timer: unknown;
  sentAt: number;
}

interface PendingRequest {
  resolve: (m: WorkerToHost | null, error?: string) => void;
  timer: unknown;
}

export class EngineClient {
  private transport: EngineTransport | null = null;
  private generation = 0;
  private spawnedAt = 0;
  private newestRunId = 0;
  private nextRequestId = 1;
  private readonly snapshots = new Map<number, PendingSnapshot>();
  private readonly requests = new Map<number, PendingRequest>();
  readonly stats: EngineStats = { workerStarts: 0, kills: 0 };
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};

  constructor(private readonly factory: TransportFactory, private readonly opts: EngineClientOptions) {}

  /** Start a worker now (so the first run does not pay for it). */
  warmUp(): void {
    this.ensureTransport();
  }

  /** Resolves when the current worker has said ready. */
  whenReady(): Promise<void> {
    this.ensureTransport();
    return this.ready;
  }

  get busy(): boolean {
    return this.snapshots.size > 0;
  }

  run(runId: number, source: string, fileName: string, options?: RunOptions): Promise<SnapshotResult> {
    // A long run nobody wants any more is abandoned rather than waited for.
    this.newestRunId = Math.max(this.newestRunId, runId);
    const supersedeAfter = this.opts.supersedeAfterMs ?? 250;
    const now = this.opts.now();
    for (const p of this.snapshots.values()) {
      if (now - p.sentAt > supersedeAfter) {
        this.restart('superseded by a newer run', 'stopped');
        break;
      }
    }
    return this.requestSnapshot({ v: PROTOCOL_VERSION, kind: 'run', runId, source, fileName, ...(options ? { options } : {}) });
  }

  backwardAgain(runId: number, callIndex?: number): Promise<SnapshotResult> {
    return this.requestSnapshot({ v: PROTOCOL_VERSION, kind: 'backwardAgain', runId, ...(callIndex !== undefined ? { callIndex } : {}) });
  }

  zeroGrads(runId: number, mode: 'none' | 'zeros'): Promise<SnapshotResult> {
    return this.requestSnapshot({ v: PROTOCOL_VERSION, kind: 'zeroGrads', runId, mode });
  }

  async step(direction: 'next' | 'prev' | 'reset', callIndex?: number): Promise<StepMessage | { error: string }> {
    const requestId = this.nextRequestId++;
    const reply = await this.request({ v: PROTOCOL_VERSION, kind: 'step', requestId, direction, ...(callIndex !== undefined ? { callIndex } : {}) }, requestId);
    if (reply.message?.kind === 'stepped') return reply.message;
    return { error: reply.error ?? 'no answer' };
  }

  async getValue(reprId: string): Promise<string | null> {
    const requestId = this.nextRequestId++;
    const reply = await this.request({ v: PROTOCOL_VERSION, kind: 'getValue', requestId, reprId }, requestId);
    return reply.message?.kind === 'value' ? reply.message.text : null;
  }

  /** End the current run (if any) by ending the worker; a fresh worker takes over. */
  stop(): boolean {
    if (this.snapshots.size === 0 && this.requests.size === 0) return false;
    this.restart('stopped by the user', 'stopped');
    return true;
  }

  clear(): void {
    this.transport?.post({ v: PROTOCOL_VERSION, kind: 'clear' });
  }

  dispose(): void {
    this.generation++;
    this.transport?.terminate();
    this.transport = null;
    this.failAll('the extension was deactivated', 'stopped');
  }

  // ───────────── internals ─────────────

  private requestSnapshot(message: PendingSnapshot['message']): Promise<SnapshotResult> {
    this.newestRunId = Math.max(this.newestRunId, message.runId);
    // Older requests still waiting are superseded: resolve them now so nobody waits on them.
    return new Promise((resolve) => {
      const transport = this.ensureTransport();
      const sentAt = this.opts.now();
      // The engine stops itself at the limit (keeping partial values); the worker is ended
      // only if it is still busy a grace period later (a loop the engine cannot interrupt).
      const limit = this.opts.timeLimitMs() + (message.kind === 'run' ? this.opts.killGraceMs ?? 0 : 0);
      const timer = this.opts.timers.set(() => this.onTimeout(message.runId), limit);
      this.snapshots.set(message.runId, { message, resolve, timer, sentAt });
      transport.post(message);
    });
  }

  private request(message: HostToWorker, requestId: number): Promise<{ message: WorkerToHost | null; error?: string }> {
    return new Promise((resolve) => {
      const transport = this.ensureTransport();
      const timer = this.opts.timers.set(() => {
        this.requests.delete(requestId);
        resolve({ message: null, error: 'the worker did not answer in time' });
      }, this.opts.timeLimitMs());
      this.requests.set(requestId, { timer, resolve: (m, error) => resolve({ message: m, ...(error ? { error } : {}) }) });
      transport.post(message);
    });
  }

  private ensureTransport(): EngineTransport {
    if (this.transport) return this.transport;
    const generation = ++this.generation;
    this.spawnedAt = this.opts.now();
    this.stats.workerStarts++;
    this.stats.lastStartMs = undefined;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const t = this.factory();
    t.onMessage((m) => {
      if (generation === this.generation) this.onMessage(m);
    });
    t.onExit((reason) => {
      if (generation !== this.generation) return;
      this.opts.log?.(`worker exited: ${reason}`);
      this.transport = null;
      this.failAll(`The worker ended: ${reason}`, 'crashed');
    });
    this.transport = t;
    return t;
  }

  private onMessage(raw: unknown): void {
    const why = explain.workerToHost(raw);
    if (why !== null) {
      this.opts.log?.(`dropped a malformed worker message: ${why}`);
      // A malformed snapshot still answers its run, so the editor does not wait forever.
      const runId = (raw as { runId?: unknown })?.runId;
      if (typeof runId === 'number') this.settleSnapshot(runId, { snapshot: emptySnapshot('crashed', `Malformed answer from the worker: ${why}`) });
      return;
    }
    const m = raw as WorkerToHost;
    switch (m.kind) {
      case 'ready':
        this.stats.lastStartMs = this.opts.now() - this.spawnedAt;
        this.stats.engineAvailable = m.engineAvailable;
        this.markReady();
        return;
      case 'snapshot':
        this.settleSnapshot(m.runId, { snapshot: m.snapshot });
        return;
      case 'workerError':
        if (m.runId !== undefined) this.settleSnapshot(m.runId, { error: m.message });
        else if (m.requestId !== undefined) this.settleRequest(m.requestId, null, m.message);
        else this.opts.log?.(`worker: ${m.message}`);
        return;
      case 'stepped':
      case 'value':
        this.settleRequest(m.requestId, m);
        return;
    }
  }

  private settleSnapshot(runId: number, answer: { snapshot?: TraceSnapshot; error?: string }): void {
    const p = this.snapshots.get(runId);
    if (!p) return;
    this.snapshots.delete(runId);
    this.opts.timers.clear(p.timer);
    p.resolve({ runId, ...answer, superseded: runId < this.newestRunId, elapsedMs: this.opts.now() - p.sentAt });
  }

  private settleRequest(requestId: number, m: WorkerToHost | null, error?: string): void {
    const p = this.requests.get(requestId);
    if (!p) return;
    this.requests.delete(requestId);
    this.opts.timers.clear(p.timer);
    p.resolve(m, error);
  }

  private onTimeout(runId: number): void {
    const p = this.snapshots.get(runId);
    if (!p) return;
    const seconds = (this.opts.timeLimitMs() / 1000).toFixed(1).replace(/\.0$/, '');
    this.opts.log?.(`run ${runId} exceeded the time limit (${seconds} s): ending the worker`);
    // Answer the runaway first, then restart; runs queued behind it are sent to the new worker.
    this.snapshots.delete(runId);
    this.opts.timers.clear(p.timer);
    p.resolve({
      runId, superseded: runId < this.newestRunId, elapsedMs: this.opts.now() - p.sentAt,
      snapshot: { ...emptySnapshot('timeout', `Stopped: the script ran longer than the time limit (${seconds} s, setting gradscope.timeLimitSeconds).`), durationMs: this.opts.now() - p.sentAt },
    });
    this.restart('time limit', 'stopped', true);
  }

  /**
   * End the worker and start a fresh one. With `requeueNewest` (after a time-out) the newest
   * run, queued behind the runaway, is sent again to the new worker; everything else is
   * answered now with `status`.
   */
  private restart(reason: string, status: RunStatus, requeueNewest = false): void {
    this.stats.kills++;
    this.generation++;
    this.transport?.terminate();
    this.transport = null;
    const newest = requeueNewest ? this.snapshots.get(this.newestRunId) : undefined;
    const requeue = newest && newest.message.kind === 'run' ? newest : undefined;
    this.failAll(reason, status, requeue ? new Set([requeue.message.runId]) : new Set());
    const t = this.ensureTransport();
    if (requeue) {
      this.opts.timers.clear(requeue.timer);
      requeue.sentAt = this.opts.now();
      requeue.timer = this.opts.timers.set(() => this.onTimeout(requeue.message.runId), this.opts.timeLimitMs() + (this.opts.killGraceMs ?? 0));
      t.post(requeue.message);
    }
  }

  private failAll(reason: string, status: RunStatus, keep: Set<number> = new Set()): void {
    for (const [runId, p] of [...this.snapshots]) {
      if (keep.has(runId)) continue;
      this.snapshots.delete(runId);
      this.opts.timers.clear(p.timer);
      const note = status === 'stopped' ? `Stopped (${reason}).` : status === 'crashed' ? `${reason}` : reason;
      p.resolve({ runId, superseded: runId < this.newestRunId, elapsedMs: this.opts.now() - p.sentAt, snapshot: { ...emptySnapshot(status, note), durationMs: this.opts.now() - p.sentAt } });
    }
    for (const [id, p] of [...this.requests]) {
      this.requests.delete(id);
      this.opts.timers.clear(p.timer);
      p.resolve(null, reason);
    }
  }
}
