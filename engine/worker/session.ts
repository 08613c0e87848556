// The worker's state machine, free of any thread API so tests drive it directly: it keeps the
// live session of the last run and answers each request with exactly one reply.

import { PROTOCOL_VERSION } from '../protocol/messages';
import type { HostToWorker, WorkerToHost } from '../protocol/messages';
import { explain } from '../protocol/guards';
import { emptySnapshot } from '../protocol/trace';
import type { TraceSnapshot } from '../protocol/trace';
import type { LiveSession, ScriptRunner } from './runner';

const NO_SESSION = 'There is no live session: run the script first.';

export class WorkerSession {
  private live: LiveSession | null = null;
  /** Stepper cursor: which backward call, and the last step shown (-1 = before the first). */
  private cursor = { callIndex: -1, stepIndex: -1 };

  constructor(
    private readonly runner: ScriptRunner,
    private readonly post: (message: WorkerToHost) => void,
    private readonly now: () => number,
  ) {}

  handle(raw: unknown): void {
    const why = explain.hostToWorker(raw);
    if (why !== null) {
      this.post({ v: PROTOCOL_VERSION, kind: 'workerError', message: `Malformed request rejected: ${why}` });
      return;
    }
    const msg = raw as HostToWorker;
    switch (msg.kind) {
      case 'run': {
        const started = this.now();
        const opts = { fileName: msg.fileName, ...msg.options };
        this.live = null;
        this.cursor = { callIndex: -1, stepIndex: -1 };
        const snapshot = this.guarded(() => {
          const session = this.runner.run(msg.source, opts);
          this.live = session;
          return session.snapshot;
        }, started);
        this.post({ v: PROTOCOL_VERSION, kind: 'snapshot', runId: msg.runId, snapshot });
        return;
      }
      case 'backwardAgain':
      case 'zeroGrads': {
        const started = this.now();
        const live = this.live;
        const action = msg.kind === 'backwardAgain' ? live?.backwardAgain : live?.zeroGrads;
        if (!live || !action) {
          const why = !live ? NO_SESSION : `The engine does not support ${msg.kind === 'backwardAgain' ? 'Backward Again' : 'Zero Grads'} yet.`;
          this.post({ v: PROTOCOL_VERSION, kind: 'workerError', runId: msg.runId, message: why });
          return;
        }
        let produced: TraceSnapshot;
        try {
          produced = msg.kind === 'backwardAgain' ? live.backwardAgain!(msg.callIndex) : live.zeroGrads!(msg.mode);
        } catch (e) {
          // The action could not be done (e.g. a non-scalar root): say why, keep the session as it was.
          this.post({ v: PROTOCOL_VERSION, kind: 'workerError', runId: msg.runId, message: e instanceof Error ? e.message : String(e) });
          return;
        }
        const snapshot = this.guarded(() => produced, started);
        // Keep acting on the same objects; the snapshot now describes them after the action.
        live.snapshot = snapshot;
        this.post({ v: PROTOCOL_VERSION, kind: 'snapshot', runId: msg.runId, snapshot });
        return;
      }
      case 'step':
        this.step(msg.requestId, msg.direction, msg.callIndex);
        return;
      case 'getValue': {
        const live = this.live;
        const text = live ? live.snapshot.reprs[msg.reprId] ?? live.repr?.(msg.reprId) ?? null : null;
        this.post({ v: PROTOCOL_VERSION, kind: 'value', requestId: msg.requestId, reprId: msg.reprId, text });
        return;
      }
      case 'clear':
        this.live = null;
        this.cursor = { callIndex: -1, stepIndex: -1 };
        return;
      case 'stop':
        // A run is synchronous, so a stop that arrives here finds the worker idle; the host
        // stops a busy worker by ending its thread.
        return;
    }
  }

  /** Runs an engine call; an exception or a malformed result becomes a 'crashed' snapshot. */
  private guarded(produce: () => TraceSnapshot, started: number): TraceSnapshot {
    let snapshot: TraceSnapshot;
    try {
      snapshot = produce();
    } catch (e) {
      const err = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return { ...emptySnapshot('crashed', `Internal engine error: ${err}`), durationMs: this.now() - started };
    }
    const why = explain.traceSnapshot(snapshot);
    if (why !== null) return { ...emptySnapshot('crashed', `The engine produced a malformed snapshot (${why}).`), durationMs: this.now() - started };
    if (!(snapshot.durationMs > 0)) snapshot = { ...snapshot, durationMs: this.now() - started };
    return snapshot;
  }

  private step(requestId: number, direction: 'next' | 'prev' | 'reset', callIndex: number | undefined): void {
    const calls = this.live?.snapshot.graph.backwardCalls ?? [];
    if (calls.length === 0) {
      this.post({
        v: PROTOCOL_VERSION, kind: 'workerError', requestId,
        message: this.live ? 'The script ran no backward pass to step through.' : NO_SESSION,
      });
      return;
    }
    const wanted = callIndex ?? calls.length - 1;
    const index = Math.min(Math.max(wanted, 0), calls.length - 1);
    if (index !== this.cursor.callIndex || direction === 'reset') this.cursor = { callIndex: index, stepIndex: -1 };
    const call = calls[index]!;
    const count = call.steps.length;
    if (direction === 'next') this.cursor.stepIndex = Math.min(this.cursor.stepIndex + 1, count - 1);
    else if (direction === 'prev') this.cursor.stepIndex = Math.max(this.cursor.stepIndex - 1, -1);
    const step = this.cursor.stepIndex >= 0 ? call.steps[this.cursor.stepIndex] ?? null : null;
    const node = step ? this.live!.snapshot.graph.nodes.find((n) => n.id === step.nodeId) : undefined;
    this.post({
      v: PROTOCOL_VERSION, kind: 'stepped', requestId, callIndex: index, stepIndex: this.cursor.stepIndex,
      stepCount: count, step, ...(node?.line !== undefined ? { line: node.line } : {}),
    });
  }
}
