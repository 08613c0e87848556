// The host-facing context of the run in progress (one script runs at a time per thread):
// output callbacks and trace hooks, reachable from builtins and native modules.

import type { PyValue } from './objects';
import type { Range } from './ast';

/** Optional trace callbacks; each costs nothing when not set. */
export interface TraceHooks {
  /** Before each statement runs. */
  onLine?(line: number, range: Range): void;
  /** After a name is bound by assignment / for / with / import / def / class. */
  onBind?(name: string, value: PyValue, range: Range): void;
  /** After an expression statement is evaluated (its value, even None). */
  onExprValue?(value: PyValue, range: Range): void;
  /** After a call expression returns (value and the call's range). */
  onCallResult?(value: PyValue, range: Range): void;
}

export interface RunContext {
  filename: string;
  stdout(text: string): void;
  warn(category: string, message: string, line: number): void;
  /** Line of the statement running now (for warnings raised by native code). */
  currentLine(): number;
  /** Range of the innermost call expression being evaluated (for native code that records origins). */
  currentRange(): Range | null;
  hooks: TraceHooks | null;
  /** Per-run storage for native modules (e.g. torch's RNG state), keyed by the module. */
  moduleState: Map<string, unknown>;
}

let active: RunContext | null = null;

export function currentContext(): RunContext {
  if (active === null) throw new Error('no script is running');
  return active;
}
export function setCurrentContext(c: RunContext | null): RunContext | null {
  const prev = active;
  active = c;
  return prev;
}
