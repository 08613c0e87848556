import { describe, it, expect } from 'vitest';
import {
  PROTOCOL_VERSION, emptySnapshot, explain, isHostToWorker, isTraceSnapshot, isWorkerToHost, isWebviewToHost,
  stableNodeId,
} from '../../engine/protocol';

describe('protocol guards', () => {
  it('accept a well-formed run request and reject a wrong version or unknown kind', () => {
    const run = { v: PROTOCOL_VERSION, kind: 'run', runId: 3, source: 'x = 1\n', fileName: 't.py' };
    expect(isHostToWorker(run)).toBe(true);
    expect(isHostToWorker({ ...run, v: 2 })).toBe(false);
    expect(isHostToWorker({ ...run, kind: 'format' })).toBe(false);
    expect(explain.hostToWorker({ ...run, runId: 1.5 })).toMatch(/runId: expected integer/);
    expect(explain.hostToWorker({ ...run, source: undefined })).toMatch(/source: missing/);
  });

  it('reject kinds inherited from Object.prototype', () => {
    expect(isHostToWorker({ v: PROTOCOL_VERSION, kind: 'toString' })).toBe(false);
  });

  it('accept an empty snapshot wrapped in a snapshot message, and survive structuredClone', () => {
    const msg = { v: PROTOCOL_VERSION, kind: 'snapshot', runId: 1, snapshot: emptySnapshot('engine_unavailable', 'no engine') };
    expect(isWorkerToHost(structuredClone(msg))).toBe(true);
  });

  it('reject a snapshot whose line record is malformed, naming the path', () => {
    const s = emptySnapshot('ok') as unknown as { lines: unknown[] };
    s.lines.push({ line: 1, count: 1, bindings: [{ name: 'x', value: { short: 1, type: 'int' } }], exprs: [], prints: [] });
    expect(isTraceSnapshot(s)).toBe(false);
    expect(explain.traceSnapshot(s)).toBe('snapshot.lines[0].bindings[0].value.short: expected string');
  });

  it('check webview commands against the closed list', () => {
    expect(isWebviewToHost({ v: 1, kind: 'command', command: 'zeroGrads' })).toBe(true);
    expect(isWebviewToHost({ v: 1, kind: 'command', command: 'rm -rf' })).toBe(false);
  });

  it('derive stable node ids from range and occurrence', () => {
    const r = { line: 3, col: 4, endLine: 3, endCol: 9 };
    expect(stableNodeId('grad_fn', r, 0)).toBe('grad_fn@3:4-3:9#0');
    expect(stableNodeId('grad_fn', r, 1)).not.toBe(stableNodeId('grad_fn', r, 0));
  });
});
