// Runs a tensor script with the torch modules installed: what `python3 FILE.py` does with
// PyTorch, for every host (CLI, worker, tests). Resets all per-run engine state first, so runs
// do not leak into each other.
import { runModule, RunResult, syntaxErrorToPy } from '../script/run';
import { parseModule } from '../script/parser';
import { formatTraceback } from '../script/traceback';
import type { TraceHooks } from '../script/context';
import type { Limits } from '../script/interpreter';
import { gradMode } from '../autograd/grad_mode';
import { resetPrintOptions } from '../tensor/format';
import { defaultGenerator, DEFAULT_SEED } from '../tensor/random';
import { setDefaultDtype } from '../ops/creation';
import { installTorch } from './index';

export interface ScriptRunOptions {
  filename: string;
  stdout(text: string): void;
  /** Warnings and the traceback, formatted as Python prints them to stderr. */
  stderr(text: string): void;
  timeLimitSeconds?: number;
  cancel?: Limits['cancel'];
  hooks?: TraceHooks;
  /**
   * Editor mode: run the statements before a syntax error, then report it. Off, a syntax
   * error stops the script before anything runs, as in Python.
   */
  runBeforeSyntaxError?: boolean;
}

export interface WarningRecord {
  category: string;
  message: string;
  line: number;
}

export interface ScriptRunResult extends Partial<RunResult> {
  ok: boolean;
  traceback: string | null;
  warnings: WarningRecord[];
}

export function resetEngineState(): void {
  gradMode.enabled = true;
  gradMode.inference = false;
  resetPrintOptions();
  setDefaultDtype('float32');
  defaultGenerator.manualSeed(DEFAULT_SEED);
}

export function runScript(source: string, opts: ScriptRunOptions): ScriptRunResult {
  installTorch();
  resetEngineState();
  const warnings: WarningRecord[] = [];
  if (!opts.runBeforeSyntaxError) {
    const parsed = parseModule(source, opts.filename);
    if (parsed.error) {
      const traceback = formatTraceback(syntaxErrorToPy(parsed.error, opts.filename), opts.filename, source);
      opts.stderr(traceback.endsWith('\n') ? traceback : traceback + '\n');
      return { ok: false, traceback, warnings, syntaxError: parsed.error };
    }
  }
  const lines = source.split(/\r?\n/);
  // Python's default warning filter shows a given warning once per source location.
  const shown = new Set<string>();
  const result = runModule(source, {
    filename: opts.filename,
    stdout: opts.stdout,
    warn: (category, message, line) => {
      warnings.push({ category, message, line });
      const key = `${category}\0${message}\0${line}`;
      if (shown.has(key)) return;
      shown.add(key);
      const text = lines[line - 1]?.trim();
      opts.stderr(`${opts.filename}:${line}: ${category}: ${message}\n${text ? `  ${text}\n` : ''}`);
    },
    limits: { timeoutSeconds: opts.timeLimitSeconds ?? 60, cancel: opts.cancel },
    hooks: opts.hooks,
  });
  gradMode.enabled = true;
  gradMode.inference = false;
  if (result.traceback) opts.stderr(result.traceback.endsWith('\n') ? result.traceback : result.traceback + '\n');
  return { ...result, warnings };
}
