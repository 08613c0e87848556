// The seam between the worker and the engine. The worker knows only this interface; the
// engine's recorder (engine/trace) provides `runTraced`. Until a build has it, the worker
// uses `unavailableRunner`, which answers honestly that nothing ran — never fake values.

import type { TraceSnapshot } from '../protocol/trace';
import { emptySnapshot } from '../protocol/trace';

export interface RunTracedOptions {
  /** For tracebacks: `File "01_requires_grad.py", line 3`. */
  fileName: string;
  /** Longest inline short text, in characters. */
  maxShortChars?: number;
  /** Interpreter step budget (a second guard besides the host's wall-clock limit). */
  maxSteps?: number;
  /** Stop the script at this limit with a TimeoutError, keeping the values so far (the host kills the worker a grace period later). */
  timeLimitMs?: number;
}

/**
 * What a run leaves behind: its snapshot and, when the engine supports it, the live objects
 * to act on (the script's globals, tensors, graph). Each action returns the updated snapshot
 * of the whole session (lines, tensors and graph after the action), with the action's own
 * backward call / zeroing event appended (origin: 'backwardAgain' / 'zeroGrads').
 */
export interface LiveSession {
  snapshot: TraceSnapshot;
  /** Repeat a backward call of the run (index into graph.backwardCalls; default the last) with retain_graph. */
  backwardAgain?(callIndex: number | undefined): TraceSnapshot;
  /** Set every leaf's .grad to None, or zero it in place. */
  zeroGrads?(mode: 'none' | 'zeros'): TraceSnapshot;
  /** Full repr of a value by reprId, when the snapshot left it out. */
  repr?(reprId: string): string | null;
}

/** engine/trace's entry point may return a bare snapshot (no live actions) or a session. */
export type RunTraced = (source: string, options: RunTracedOptions) => TraceSnapshot | LiveSession;

export interface ScriptRunner {
  readonly available: boolean;
  run(source: string, options: RunTracedOptions): LiveSession;
}

function isLiveSession(x: TraceSnapshot | LiveSession): x is LiveSession {
  return 'snapshot' in x && typeof (x as LiveSession).snapshot === 'object';
}

export function runnerFrom(runTraced: RunTraced): ScriptRunner {
  return {
    available: true,
    run(source, options) {
      const result = runTraced(source, options);
      return isLiveSession(result) ? result : { snapshot: result };
    },
  };
}

export const ENGINE_UNAVAILABLE_NOTE =
  'This build of Gradscope has no script engine yet (engine/trace is missing), so the script was not run.';

export const unavailableRunner: ScriptRunner = {
  available: false,
  run: () => ({ snapshot: emptySnapshot('engine_unavailable', ENGINE_UNAVAILABLE_NOTE) }),
};
