// engine/trace: runs a script with the recorder attached and returns its TraceSnapshot, or a
// live session the worker keeps to act on (Backward Again, Zero Grads, full values by id).
import type { TraceSnapshot, ErrorRecord, RunStatus, AutogradMistake, TracebackFrame } from '../protocol/trace';
import { autogradEvents } from '../autograd/events';
import { Tensor } from '../tensor/tensor';
import { TorchError } from '../tensor/errors';
import { runScript } from '../torch/run';
import { ModuleObject, namedParameters } from '../torch/nn';
import { formatExceptionLine } from '../script/traceback';
import type { PyException, PyValue } from '../script/objects';
import * as G from '../index';
import { Recorder, RecorderLimits, reprOfRecorded } from './recorder';

export { Recorder, DEFAULT_LIMITS } from './recorder';
export type { RecorderLimits } from './recorder';
export { toDot } from './dot';
export type { DotOptions } from './dot';

/** The worker's options (engine/worker/runner.ts RunTracedOptions), plus limits for tests. */
export interface TraceOptions {
  fileName: string;
  maxShortChars?: number;
  maxSteps?: number;
  /** Seconds before the interpreter stops the script itself (the host has its own limit too). */
  timeLimitSeconds?: number;
  /** Run the statements before a syntax error (editor mode, default true). */
  runBeforeSyntaxError?: boolean;
  limits?: Partial<RecorderLimits>;
  /** Also receives stdout / stderr text as the script produces it (the CLI passes them through). */
  stdout?(text: string): void;
  stderr?(text: string): void;
}

export interface TracedSession {
  snapshot: TraceSnapshot;
  backwardAgain(callIndex: number | undefined): TraceSnapshot;
  zeroGrads(mode: 'none' | 'zeros'): TraceSnapshot;
  repr(reprId: string): string | null;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Runs `source` traced. Matches engine/worker/runner.ts's RunTraced. */
export function runTraced(source: string, options: TraceOptions): TracedSession {
  const limits: Partial<RecorderLimits> = { ...options.limits };
  if (options.maxShortChars !== undefined) limits.maxShortChars = options.maxShortChars;
  const recorder = new Recorder(source, limits);
  const started = now();
  const prevListener = autogradEvents.listener;
  autogradEvents.listener = recorder;
  let result: ReturnType<typeof runScript>;
  try {
    result = runScript(source, {
      filename: options.fileName,
      stdout: (text) => {
        recorder.onStdout(text);
        options.stdout?.(text);
      },
      stderr: (text) => options.stderr?.(text),
      timeLimitSeconds: options.timeLimitSeconds ?? 30,
      hooks: recorder,
      runBeforeSyntaxError: options.runBeforeSyntaxError ?? true,
    });
  } finally {
    autogradEvents.listener = prevListener;
  }
  const durationMs = Math.max(now() - started, 0.001);
  const errors: ErrorRecord[] = [];
  let status: RunStatus = 'ok';
  if (result.error) {
    const rec = errorRecord(result.error, result.syntaxError != null && isSyntaxType(result.error));
    errors.push(rec);
    status = rec.phase === 'syntax' ? 'syntax_error' : rec.type === 'TimeoutError' ? 'timeout' : 'error';
  } else if (!result.ok && result.syntaxError) {
    status = 'syntax_error';
  }
  recorder.nameParameters(result.globals, moduleParams);
  const runInfo = { status, durationMs, errors, warnings: result.warnings };
  let built = recorder.build(runInfo);
  const session: TracedSession = {
    snapshot: built.snapshot,
    repr(reprId) {
      if (built.snapshot.reprs[reprId] !== undefined) return built.snapshot.reprs[reprId];
      return built.reprSource.has(reprId) ? reprOfRecorded(built.reprSource.get(reprId)) : null;
    },
    backwardAgain(callIndex) {
      const index = callIndex ?? recorder.defaultAgainIndex();
      const call = recorder.callRoots(index);
      if (call === null || call.kind !== 'backward') {
        throw new Error('Backward Again repeats a backward() call of the run whose output the script still holds (the newest call of each backward() line); this one cannot be repeated.');
      }
      const grads: (Tensor | null)[] = call.grads ?? call.roots.map(() => null);
      if (call.roots.some((r, i) => r.numel !== 1 && grads[i] === null)) {
        throw new Error('Backward Again cannot repeat this call: its output is not a scalar and no gradient was recorded for it.');
      }
      act(() => {
        recorder.setLine(call.line);
        try {
          G.backwardMany(call.roots, grads, { retainGraph: true });
        } catch (e) {
          if (!(e instanceof TorchError)) throw e;
        }
        recorder.markLastCallOrigin('backwardAgain');
      });
      return session.snapshot;
    },
    zeroGrads(mode) {
      act(() => {
        recorder.actionOrigin = 'zeroGrads';
        for (const leaf of recorder.leaves()) {
          if (leaf.grad === null) continue;
          if (mode === 'none') {
            leaf.grad = null;
            recorder.onGradSet(leaf, null, 'zero_grad');
          } else {
            G.zeroInPlace(leaf.grad);
          }
        }
        recorder.actionOrigin = undefined;
      });
      return session.snapshot;
    },
  };
  function act(action: () => void): void {
    const started2 = now();
    const prev = autogradEvents.listener;
    autogradEvents.listener = recorder;
    try {
      action();
    } finally {
      autogradEvents.listener = prev;
    }
    built = recorder.build({ ...runInfo, durationMs: Math.max(now() - started2, 0.001) });
    session.snapshot = built.snapshot;
  }
  return session;
}

function moduleParams(v: PyValue): [string, Tensor][] | null {
  return v instanceof ModuleObject ? namedParameters(v) : null;
}

function isSyntaxType(e: PyException): boolean {
  return e.syntax !== null;
}

const MISTAKES: [RegExp, AutogradMistake][] = [
  [/^grad can be implicitly created only for scalar outputs/, 'non_scalar_backward'],
  [/^Trying to backward through the graph a second time/, 'second_backward'],
  [/^a leaf Variable that requires grad is being used in an in-place operation/, 'leaf_inplace'],
  [/^you can only change requires_grad flags of leaf variables/, 'non_leaf_requires_grad'],
  [/appears to not have been used in the graph/, 'unused_input'],
  [/^Can't call numpy\(\) on Tensor that requires grad/, 'numpy_requires_grad'],
  [/does not require grad and does not have a grad_fn/, 'no_grad_fn'],
];

export function mistakeOf(message: string): AutogradMistake | undefined {
  for (const [re, m] of MISTAKES) if (re.test(message)) return m;
  return undefined;
}

function errorRecord(e: PyException, syntax: boolean): ErrorRecord {
  const line = formatExceptionLine(e).split('\n')[0];
  const type = e.cls.qualname;
  const colon = line.indexOf(': ');
  const message = colon >= 0 ? line.slice(colon + 2) : '';
  const innermost = e.traceback[0];
  const r = e.range ?? innermost?.range ?? { line: innermost?.line ?? 1, col: 0, endLine: innermost?.line ?? 1, endCol: 1 };
  const rec: ErrorRecord = {
    phase: syntax ? 'syntax' : 'runtime', type, message,
    range: { line: r.line, col: r.col, endLine: r.endLine, endCol: r.endCol },
  };
  if (e.traceback.length > 0) {
    // Outermost first, as Python prints a traceback.
    rec.traceback = e.traceback.slice().reverse().map((f) => {
      const frame: TracebackFrame = { name: f.name, line: f.line };
      if (f.range) frame.range = { line: f.range.line, col: f.range.col, endLine: f.range.endLine, endCol: f.range.endCol };
      return frame;
    });
  }
  const mistake = mistakeOf(message);
  if (mistake !== undefined) rec.mistake = mistake;
  return rec;
}
