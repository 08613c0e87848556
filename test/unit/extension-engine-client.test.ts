import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION, emptySnapshot } from '../../engine/protocol';
import type { HostToWorker } from '../../engine/protocol';
import { EngineClient } from '../../extension/core/engineClient';
import type { EngineTransport } from '../../extension/core/engineClient';
import { Debouncer, RunLedger } from '../../extension/core/live';
import type { Timers } from '../../extension/core/live';
import { nodeWorkerFactory } from '../../extension/nodeWorkerTransport';
import { WorkerSession } from '../../engine/worker/session';
import { unavailableRunner, runnerFrom } from '../../engine/worker/runner';

/** Manual clock: timers fire only when the test advances time. */
class FakeClock implements Timers {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  set(fn: () => void, ms: number) { const id = this.next++; this.timers.set(id, { at: this.t + ms, fn }); return id; }
  clear(h: unknown) { this.timers.delete(h as number); }
  advance(ms: number) {
    this.t += ms;
    for (const [id, tm] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (tm.at <= this.t && this.timers.has(id)) { this.timers.delete(id); tm.fn(); }
    }
  }
}

/** In-memory worker: records what it was sent; the test answers by hand. */
class FakeWorker implements EngineTransport {
  sent: HostToWorker[] = [];
  terminated = false;
  listener: (m: unknown) => void = () => {};
  exit: (reason: string) => void = () => {};
  post(m: HostToWorker) { this.sent.push(m); }
  onMessage(l: (m: unknown) => void) { this.listener = l; }
  onExit(l: (r: string) => void) { this.exit = l; }
  terminate() { this.terminated = true; }
  answer(runId: number, status: 'ok' | 'error' = 'ok') {
    this.listener({ v: PROTOCOL_VERSION, kind: 'snapshot', runId, snapshot: emptySnapshot(status) });
  }
}

function setup(timeLimitMs = 5000) {
  const clock = new FakeClock();
  const workers: FakeWorker[] = [];
  const client = new EngineClient(() => { const w = new FakeWorker(); workers.push(w); return w; }, {
    timeLimitMs: () => timeLimitMs, timers: clock, now: () => clock.t,
  });
  return { clock, workers, client };
}

describe('engine client (host side of the worker)', () => {
  it('answers a run with the worker snapshot and leaves fresh results unsuperseded', async () => {
    const { workers, client } = setup();
    const p = client.run(1, 'x = 1', 't.py');
    expect(workers[0]!.sent[0]).toMatchObject({ kind: 'run', runId: 1, source: 'x = 1', v: PROTOCOL_VERSION });
    workers[0]!.answer(1);
    const r = await p;
    expect(r).toMatchObject({ runId: 1, superseded: false });
    expect(r.snapshot?.status).toBe('ok');
  });

  it('marks an older run superseded when a newer one was requested before it finished', async () => {
    const { workers, client } = setup();
    const first = client.run(1, 'a', 't.py');
    const second = client.run(2, 'b', 't.py');
    workers[0]!.answer(1);
    workers[0]!.answer(2);
    expect((await first).superseded).toBe(true);
    expect((await second).superseded).toBe(false);
  });

  it('ends a runaway worker at the time limit, answers "timeout", and sends the queued newest run to a fresh worker', async () => {
    const { clock, workers, client } = setup(5000);
    const runaway = client.run(1, 'while True: pass', 't.py');
    clock.advance(100);
    const next = client.run(2, 'x = 1', 't.py'); // queued: the runaway is only 100 ms old, too young to abandon
    clock.advance(5000);
    const r = await runaway;
    expect(r.snapshot?.status).toBe('timeout');
    expect(r.snapshot?.note).toMatch(/time limit \(5 s/);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent.map((m) => m.kind === 'run' && m.runId)).toEqual([2]);
    workers[1]!.answer(2);
    expect((await next).snapshot?.status).toBe('ok');
    expect(client.stats).toMatchObject({ workerStarts: 2, kills: 1 });
  });

  it('abandons a long run when a newer run arrives, instead of waiting for it', async () => {
    const { clock, workers, client } = setup();
    const slow = client.run(1, 'slow', 't.py');
    clock.advance(300);
    const fresh = client.run(2, 'fast', 't.py');
    const r = await slow;
    expect(r).toMatchObject({ superseded: true });
    expect(r.snapshot?.status).toBe('stopped');
    expect(workers[0]!.terminated).toBe(true);
    workers[1]!.answer(2);
    expect((await fresh).superseded).toBe(false);
  });

  it('stop ends the worker and answers the pending run with "stopped"', async () => {
    const { workers, client } = setup();
    const p = client.run(1, 'x', 't.py');
    expect(client.stop()).toBe(true);
    expect((await p).snapshot?.status).toBe('stopped');
    expect(workers[0]!.terminated).toBe(true);
    expect(client.stop()).toBe(false); // nothing left to stop
  });

  it('a worker that dies (memory limit) answers its runs with "crashed" and the reason', async () => {
    const { workers, client } = setup();
    const p = client.run(1, 'x', 't.py');
    workers[0]!.exit('the script used more than the memory limit (512 MB, setting gradscope.memoryLimitMb)');
    const r = await p;
    expect(r.snapshot?.status).toBe('crashed');
    expect(r.snapshot?.note).toMatch(/memory limit/);
  });

  it('drops malformed worker messages but still answers the run they claim to answer', async () => {
    const { workers, client } = setup();
    const p = client.run(1, 'x', 't.py');
    workers[0]!.listener({ v: PROTOCOL_VERSION, kind: 'snapshot', runId: 1, snapshot: { status: 'ok' } });
    const r = await p;
    expect(r.snapshot?.status).toBe('crashed');
    expect(r.snapshot?.note).toMatch(/Malformed answer from the worker: message\.snapshot\.schema: missing/);
  });

  it('passes a worker error (no live session) through as an error, not a snapshot', async () => {
    const { workers, client } = setup();
    const p = client.backwardAgain(4);
    workers[0]!.listener({ v: PROTOCOL_VERSION, kind: 'workerError', runId: 4, message: 'There is no live session: run the script first.' });
    expect(await p).toMatchObject({ runId: 4, error: 'There is no live session: run the script first.' });
  });
});

describe('live mode timing', () => {
  it('debounces a burst of edits into one run after the last edit', () => {
    const clock = new FakeClock();
    const d = new Debouncer(clock, 50);
    let runs = 0;
    for (let i = 0; i < 10; i++) { d.trigger(() => runs++); clock.advance(20); }
    expect(runs).toBe(0);
    clock.advance(30);
    expect(runs).toBe(1);
    expect(d.pending).toBe(false);
  });

  it('shows a result only if it is the newest run and the text is unchanged since it started', () => {
    const ledger = new RunLedger();
    const a = ledger.begin(1);
    const b = ledger.begin(2);
    expect(ledger.accept(a, 2)).toBe(false); // older run
    expect(ledger.accept(b, 3)).toBe(false); // text changed while it ran
    const c = ledger.begin(3);
    expect(ledger.accept(c, 3)).toBe(true);
  });
});

describe('worker session', () => {
  const make = (runner = unavailableRunner) => {
    const out: unknown[] = [];
    const s = new WorkerSession(runner, (m) => out.push(m), () => 0);
    return { s, out };
  };

  it('answers honestly that no engine ran the script when the build has none', () => {
    const { s, out } = make();
    s.handle({ v: 1, kind: 'run', runId: 7, source: 'x = 1', fileName: 't.py' });
    expect(out[0]).toMatchObject({ kind: 'snapshot', runId: 7, snapshot: { status: 'engine_unavailable', lines: [] } });
  });

  it('rejects malformed requests with a reason', () => {
    const { s, out } = make();
    s.handle({ v: 1, kind: 'run', runId: 'seven' });
    expect(out[0]).toMatchObject({ kind: 'workerError', message: expect.stringMatching(/runId: expected integer/) });
  });

  it('turns an engine exception or a malformed snapshot into a "crashed" snapshot', () => {
    const { s, out } = make(runnerFrom(() => { throw new TypeError('boom'); }));
    s.handle({ v: 1, kind: 'run', runId: 1, source: '', fileName: 't.py' });
    expect(out[0]).toMatchObject({ snapshot: { status: 'crashed', note: 'Internal engine error: TypeError: boom' } });
    const bad = make(runnerFrom(() => ({ ...emptySnapshot('ok'), lines: 'nope' }) as never));
    bad.s.handle({ v: 1, kind: 'run', runId: 2, source: '', fileName: 't.py' });
    expect(bad.out[0]).toMatchObject({ snapshot: { status: 'crashed', note: expect.stringMatching(/snapshot.lines: expected array/) } });
  });

  it('acts on the live session and steps through its last backward call', () => {
    const snap = emptySnapshot('ok');
    snap.graph.nodes = [{ id: 'n1', kind: 'grad_fn', label: 'MeanBackward0', flags: {}, line: 5 }];
    snap.graph.backwardCalls = [{ index: 0, kind: 'backward', line: 6, rootNodeIds: ['n1'], retainGraph: false, createGraph: false,
      steps: [{ nodeId: 'n1', gradOutputs: ['tensor(1.)'], gradInputs: ['tensor([0.2500])'] }], leafGrads: [], hooks: [], freedNodeIds: [] }];
    let again = 0;
    const { s, out } = make(runnerFrom(() => ({ snapshot: snap, backwardAgain: () => { again++; return snap; } })));
    s.handle({ v: 1, kind: 'backwardAgain', runId: 1 });
    expect(out.pop()).toMatchObject({ kind: 'workerError', message: 'There is no live session: run the script first.' });
    s.handle({ v: 1, kind: 'run', runId: 2, source: '', fileName: 't.py' });
    s.handle({ v: 1, kind: 'backwardAgain', runId: 3 });
    expect(again).toBe(1);
    s.handle({ v: 1, kind: 'zeroGrads', runId: 4, mode: 'none' });
    expect(out.pop()).toMatchObject({ kind: 'workerError', runId: 4, message: 'The engine does not support Zero Grads yet.' });
    s.handle({ v: 1, kind: 'step', requestId: 9, direction: 'next' });
    expect(out.pop()).toMatchObject({ kind: 'stepped', requestId: 9, stepIndex: 0, stepCount: 1, line: 5, step: { nodeId: 'n1' } });
    s.handle({ v: 1, kind: 'step', requestId: 10, direction: 'prev' });
    expect(out.pop()).toMatchObject({ stepIndex: -1, step: null });
  });
});

describe('node worker thread transport', () => {
  const script = fileURLToPath(new URL('./fixtures/extension-looping-worker.mjs', import.meta.url));
  const realClient = (timeLimitMs: number, memoryLimitMb = 512) => new EngineClient(nodeWorkerFactory({ scriptPath: script, memoryLimitMb: () => memoryLimitMb }), {
    timeLimitMs: () => timeLimitMs, now: () => performance.now(),
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) },
  });

  it('terminates a real thread stuck in an endless loop, then runs on a fresh one', async () => {
    const client = realClient(300);
    await client.whenReady();
    expect(client.stats.lastStartMs).toBeGreaterThan(0);
    const stuck = await client.run(1, 'while True: pass', 't.py');
    expect(stuck.snapshot?.status).toBe('timeout');
    const next = await client.run(2, 'x = 1', 't.py');
    expect(next.snapshot).toMatchObject({ status: 'ok', stdout: '5\n' });
    expect(client.stats.workerStarts).toBe(2);
    client.dispose();
  });

  it('reports a script that exceeds the memory limit as crashed, naming the limit', async () => {
    const client = realClient(20000, 64);
    const r = await client.run(1, 'allocate', 't.py');
    expect(r.snapshot?.status).toBe('crashed');
    expect(r.snapshot?.note).toMatch(/memory limit \(64 MB/);
    client.dispose();
  });
});
