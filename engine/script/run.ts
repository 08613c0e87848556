// Entry point: parse and run a tensor script.

import { parseModule } from './parser';
import type { PySyntaxError } from './ast';
import { Interpreter, Limits, ScriptAbort, jsErrorToPy } from './interpreter';
import { KeyboardInterruptType, MemoryErrorType, PyException, PyValue, SyntaxErrorType, IndentationErrorType, TabErrorType, TimeoutErrorType } from './objects';
import { RunContext, TraceHooks, setCurrentContext } from './context';
import { installTypeMethods } from './typemethods';
import { ModuleFactory } from './modules';
import { formatTraceback } from './traceback';
import { compileWarnings } from './compilewarnings';
import './stdlib';

export interface RunOptions {
  filename?: string;
  /** Receives everything the script prints (already joined with sep/end). */
  stdout?: (text: string) => void;
  /** Receives warnings (`warnings.warn`, and PyTorch-style warnings raised by native code). */
  warn?: (category: string, message: string, line: number) => void;
  limits?: Limits;
  hooks?: TraceHooks;
  /** Extra modules for this run only (override registered ones by name). */
  modules?: Record<string, ModuleFactory>;
}

export interface RunResult {
  ok: boolean;
  /** The first uncaught exception (a SyntaxError when the source does not parse completely). */
  error: PyException | null;
  /** CPython-format traceback text of `error` (null when ok). */
  traceback: string | null;
  syntaxError: PySyntaxError | null;
  globals: Map<string, PyValue>;
  interpreter: Interpreter;
}

export function syntaxErrorToPy(err: PySyntaxError, filename: string): PyException {
  if (err.type === 'MemoryError') {
    // CPython prints it without a traceback or source line
    const m = new PyException(MemoryErrorType, err.msg);
    m.range = { line: err.line, col: err.col, endLine: err.line, endCol: err.col + 1 };
    return m;
  }
  const t = err.type === 'IndentationError' ? IndentationErrorType : err.type === 'TabError' ? TabErrorType : SyntaxErrorType;
  const e = new PyException(t, err.msg);
  e.syntax = { filename, line: err.line, col: err.col, text: err.lineText, endCol: err.endLine === undefined || err.endLine === err.line ? err.endCol : undefined };
  e.range = { line: err.line, col: err.col, endLine: err.endLine ?? err.line, endCol: err.endCol ?? err.col + 1 };
  return e;
}

/**
 * Runs a module: the statements before a syntax error run first, then the SyntaxError is
 * reported. Never throws (a JS error inside the engine becomes a Python SystemError).
 */
export function runModule(source: string, options: RunOptions = {}): RunResult {
  installTypeMethods();
  const filename = options.filename ?? '<string>';
  const parsed = parseModule(source, filename);
  let line = 0;
  let interp: Interpreter | null = null;
  const ctx: RunContext = {
    filename,
    stdout: options.stdout ?? (() => {}),
    warn: options.warn ?? (() => {}),
    currentLine: () => (interp ? interp.currentLine : line),
    currentRange: () => (interp ? interp.currentCallRange : null),
    hooks: options.hooks ?? null,
    moduleState: new Map(),
  };
  interp = new Interpreter(ctx, options.limits ?? {}, options.modules);
  if (options.warn) {
    // compile-time SyntaxWarnings come before anything the script prints
    for (const w of compileWarnings(source, parsed.module, parsed.error === null)) {
      if (parsed.error === null || w.line < parsed.error.line) options.warn('SyntaxWarning', w.message, w.line);
    }
  }
  const prev = setCurrentContext(ctx);
  let error: PyException | null = null;
  try {
    // Only statements that end above the error line: on that line a "complete" statement may
    // just be the prefix of the broken one the person is typing.
    const body = parsed.error ? parsed.module.body.filter((st) => st.range.endLine < parsed.error!.line) : parsed.module.body;
    interp.runModuleBody(body);
  } catch (e) {
    if (e instanceof ScriptAbort) {
      error = new PyException(e.reason === 'timeout' ? TimeoutErrorType : KeyboardInterruptType, e.message);
      error.range = null;
      line = interp.currentLine;
      error.traceback.push({ filename, line: interp.currentLine, name: '<module>' });
    } else error = e instanceof PyException ? e : jsErrorToPy(e);
  } finally {
    setCurrentContext(prev);
  }
  if (error === null && parsed.error !== null) error = syntaxErrorToPy(parsed.error, filename);
  return {
    ok: error === null,
    error,
    traceback: error ? formatTraceback(error, filename, source) : null,
    syntaxError: parsed.error,
    globals: interp.globals,
    interpreter: interp,
  };
}
