// Tree-walking evaluator of the tensor script AST.
//
// Control flow inside a function uses completion codes (no JS exceptions for break/continue/
// return); Python exceptions are PyException objects thrown through JS. Each frame adds its
// traceback entry when an exception first passes one of its nodes (innermost node = most
// precise location). Recursion depth and a time/step budget are checked cheaply.

import type * as A from './ast';
import {
  BoundMethod, ClassMethod, Ellipsis, KwArgs, NativeFunction, NotImplementedErrorType, PyDict, PyException,
  PyFunction, PyList, PyModule, PySet, PySlice, PySuper, PyTuple, PyType, PyValue, StaticMethod, STOP,
  AssertionErrorType, BaseExceptionType, ImportErrorType, ModuleNotFoundErrorType, NameErrorType,
  RecursionErrorType, RuntimeErrorType, TimeoutErrorType, TypeErrorType, UnboundLocalErrorType, ValueErrorType,
  objectType, raise, raiseTypeError, typeName, typeOf, EXCEPTION_TYPES, PyProperty, bumpTypeEpoch, PyInstance,
  SyntaxErrorType, IndentationErrorType, TabErrorType, MemoryErrorType, OverflowErrorType, IndexErrorType,
  TracebackEntry, PyGenerator, PyIterator, GEN_SEND, GEN_THROW, GenMode, generatorDriver, generatorType,
  StopIterationType, GeneratorExitType, IterResult,
} from './objects';
import {
  binaryOp, callDescr, callValue, compare, contains, delAttr, delItem, getAttr, getItem, getIter, inplaceOp,
  iterToArray, repr, setAttr, setItem, setPyFunctionCaller, str, truthy, unaryOp, checkHashable, updateDict,
  getAttrOrUndefined, setFromConstants, budgetTick,
} from './ops';
import { ScopeInfo, classScopeInfo, comprehensionScopeInfo, functionScopeInfo, moduleScopeInfo } from './scope';
import { RunContext, TraceHooks } from './context';
import { formatValue } from './builtins';
import { getBuiltins, superFunction } from './builtins';
import { lookupModuleFactory, FORBIDDEN_MODULES, ModuleFactory } from './modules';
import { closestName, suggestionContext } from './traceback';

const NORMAL = 0;
const BREAK = 1;
const CONTINUE = 2;
const RETURN = 3;
type Completion = 0 | 1 | 2 | 3;

/** Thrown (not a PyException, so `except` cannot catch it) when the time budget is exceeded or the run is cancelled. */
export class ScriptAbort {
  constructor(readonly reason: 'timeout' | 'cancelled', readonly message: string) {}
}

/** The dict of a function frame, whose locals live in slots: writing to it is an engine bug. */
class SlotFrameVars extends Map<string, PyValue> {
  override set(): this {
    throw new Error('function frames keep their locals in slots');
  }
}
const SLOT_FRAME_VARS: Map<string, PyValue> = new SlotFrameVars();

export class Frame {
  // declared, assigned in the constructor: no class-field defineProperty per call
  /** Namespace of module, class and comprehension frames (function frames use `slots`). */
  declare vars: Map<string, PyValue>;
  /** Function frames: locals by the slot numbers of their scope (undefined = unbound). */
  declare slots: PyValue[] | null;
  /** Function frames: a local the scope analysis did not foresee (defensive; normally unused). */
  declare extra: Map<string, PyValue> | null;
  declare retval: PyValue;
  declare line: number;
  declare readonly info: ScopeInfo;
  /** Enclosing function/comprehension frame for free variables (null at module level). */
  declare readonly parent: Frame | null;
  declare readonly globals: Map<string, PyValue>;
  declare readonly codeName: string;
  declare readonly func: PyFunction | null;
  constructor(
    info: ScopeInfo,
    parent: Frame | null,
    globals: Map<string, PyValue>,
    codeName: string,
    func: PyFunction | null,
    vars?: Map<string, PyValue>,
  ) {
    this.info = info;
    this.parent = parent;
    this.globals = globals;
    this.codeName = codeName;
    this.func = func;
    this.extra = null;
    if (info.slotOf !== undefined && vars === undefined) {
      this.slots = new Array<PyValue>(info.slotNames!.length);
      this.vars = SLOT_FRAME_VARS;
    } else {
      this.slots = null;
      this.vars = vars ?? new Map();
    }
    this.retval = null;
    this.line = 0;
  }

  getLocal(name: string): PyValue | undefined {
    const s = this.slots;
    if (s === null) return this.vars.get(name);
    const i = this.info.slotOf!.get(name);
    return i !== undefined ? s[i] : this.extra?.get(name);
  }

  setLocal(name: string, v: PyValue): void {
    const s = this.slots;
    if (s === null) {
      this.vars.set(name, v);
      return;
    }
    const i = this.info.slotOf!.get(name);
    if (i !== undefined) s[i] = v;
    else (this.extra ??= new Map()).set(name, v);
  }

  /** False when the name was not bound. */
  deleteLocal(name: string): boolean {
    const s = this.slots;
    if (s === null) return this.vars.delete(name);
    const i = this.info.slotOf!.get(name);
    if (i === undefined) return this.extra !== null && this.extra.delete(name);
    if (s[i] === undefined) return false;
    s[i] = undefined as unknown as PyValue;
    return true;
  }

  /** The bound local names and values, in definition order (for suggestions and `locals`). */
  localsMap(): Map<string, PyValue> {
    const s = this.slots;
    if (s === null) return this.vars;
    const m = new Map<string, PyValue>();
    const names = this.info.slotNames!;
    for (let i = 0; i < names.length; i++) if (s[i] !== undefined) m.set(names[i], s[i]);
    if (this.extra !== null) for (const [k, v] of this.extra) m.set(k, v);
    return m;
  }
}

interface FuncCode {
  node: A.FunctionDef | A.Lambda;
  info: ScopeInfo;
  /** posonlyargs then args. */
  posNames: string[];
  nPosOnly: number;
  kwNames: string[];
  vararg: string | null;
  kwarg: string | null;
  /** The positional parameters occupy slots 0..n-1 (lets a plain call bind by index). */
  paramsInSlotOrder: boolean;
}

export interface Limits {
  /** Wall-clock budget in seconds (default 10). */
  timeoutSeconds?: number;
  /** Maximum Python call depth (default 1000, like CPython's recursion limit). */
  maxDepth?: number;
  /** Checked with the time budget: set `cancelled = true` from the host to stop the run. */
  cancel?: { cancelled: boolean };
}

const BUDGET_MASK = 1023;

export class Interpreter {
  readonly builtins: Map<string, PyValue>;
  readonly globals = new Map<string, PyValue>();
  readonly moduleFrame: Frame;
  private depth = 1;
  private ticks = 0;
  private readonly deadline: number;
  private readonly maxDepth: number;
  private readonly cancel: { cancelled: boolean } | null;
  private readonly timeoutSeconds: number;
  /** Exceptions being handled (innermost last): for bare `raise` and `__context__`. */
  private handling: PyException[] = [];
  readonly modules = new Map<string, PyModule>();
  hooks: TraceHooks | null;
  /** Innermost call range (for native code that wants its source location). */
  currentCallRange: A.Range | null = null;
  currentLine = 0;

  constructor(
    readonly ctx: RunContext,
    limits: Limits = {},
    private readonly extraModules: Record<string, ModuleFactory> = {},
  ) {
    this.builtins = getBuiltins();
    this.hooks = ctx.hooks;
    this.timeoutSeconds = limits.timeoutSeconds ?? 10;
    this.deadline = Date.now() + this.timeoutSeconds * 1000;
    this.maxDepth = limits.maxDepth ?? 1000;
    this.cancel = limits.cancel ?? null;
    this.globals.set('__name__', '__main__');
    this.globals.set('__file__', ctx.filename);
    this.globals.set('__doc__', null);
    this.moduleFrame = new Frame(moduleScopeInfo(), null, this.globals, '<module>', null, this.globals);
    setPyFunctionCaller((f, args, kwargs) => this.callFunction(f, args, kwargs));
    generatorDriver.resume = (g, mode, value) => this.resumeGenerator(g, mode, value);
    budgetTick.tick = () => this.checkBudget();
    generatorDriver.close = (g) => this.closeGenerator(g);
  }

  // ---------------------------------------------------------------- budget
  private checkBudget(): void {
    if (this.cancel !== null && this.cancel.cancelled) throw new ScriptAbort('cancelled', 'script was cancelled');
    if (Date.now() > this.deadline) {
      throw new ScriptAbort('timeout', `script exceeded the time limit of ${this.timeoutSeconds} s`);
    }
  }
  /** Cheap per-iteration / per-call tick. */
  tick(): void {
    if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
  }

  // ---------------------------------------------------------------- module
  runModuleBody(body: A.Stmt[]): void {
    this.execBlock(body, this.moduleFrame);
    this.finalizeGlobalGenerators();
  }

  /** At exit CPython clears the module's names in order; a suspended generator held by one is closed then (its `finally` runs). */
  private finalizeGlobalGenerators(): void {
    for (const v of [...this.globals.values()]) {
      if (!(v instanceof PyGenerator) || !v.started || v.finished || v.running) continue;
      try {
        this.closeGenerator(v);
      } catch (e) {
        if (e instanceof ScriptAbort) throw e;
        // CPython only reports "Exception ignored in: <generator ...>" on stderr
      }
    }
  }

  // ---------------------------------------------------------------- errors
  /** Converts any thrown JS value into a PyException (or rethrows an abort). */
  toPyException(e: unknown): PyException {
    if (e instanceof PyException) return e;
    if (e instanceof ScriptAbort) throw e;
    return jsErrorToPy(e);
  }

  private locate(e: unknown, node: A.Expr | A.Stmt, frame: Frame): PyException {
    const exc = this.toPyException(e);
    while (frame.info.kind === 'comprehension' && frame.parent !== null && frame.codeName === frame.parent.codeName) frame = frame.parent;
    if (exc.lastFrame !== frame) {
      const range = node.range;
      if (exc.lastFrame === null && exc.name !== null && !suggestionContext.has(exc)) {
        suggestionContext.set(exc, { locals: frame.localsMap(), globals: frame.globals, builtins: this.builtins.keys(), isModule: frame.info.kind === 'module' });
      }
      exc.lastFrame = frame;
      const entry: TracebackEntry & { node?: unknown } = { filename: this.ctx.filename, line: range.line, name: frame.codeName, range };
      entry.node = node;
      exc.traceback.push(entry);
      if (exc.range === null) exc.range = range;
    }
    return exc;
  }

  // ---------------------------------------------------------------- statements
  execBlock(body: A.Stmt[], frame: Frame): Completion {
    for (let i = 0; i < body.length; i++) {
      const c = this.execStmt(body[i], frame);
      if (c !== NORMAL) return c;
    }
    return NORMAL;
  }

  execStmt(s: A.Stmt, frame: Frame): Completion {
    frame.line = s.range.line;
    this.currentLine = s.range.line;
    if (this.hooks !== null && this.hooks.onLine) this.hooks.onLine(s.range.line, s.range);
    try {
      switch (s.kind) {
        case 'ExprStmt': {
          const v = this.evalExpr(s.value, frame);
          if (this.hooks !== null && this.hooks.onExprValue) this.hooks.onExprValue(v, s.value.range);
          return NORMAL;
        }
        case 'Assign': {
          const v = this.evalExpr(s.value, frame);
          for (let i = 0; i < s.targets.length; i++) this.assign(s.targets[i], v, frame);
          return NORMAL;
        }
        case 'AugAssign':
          this.execAugAssign(s, frame);
          return NORMAL;
        case 'If':
          if (truthy(this.evalExpr(s.test, frame))) return this.execBlock(s.body, frame);
          return s.orelse.length ? this.execBlock(s.orelse, frame) : NORMAL;
        case 'For':
          return this.execFor(s, frame);
        case 'While':
          return this.execWhile(s, frame);
        case 'Return':
          frame.retval = s.value === null ? null : this.evalExpr(s.value, frame);
          return RETURN;
        case 'Pass':
          return NORMAL;
        case 'Break':
          return BREAK;
        case 'Continue':
          return CONTINUE;
        default:
          return this.execStmtRare(s, frame);
      }
    } catch (e) {
      throw this.locate(e, s, frame);
    }
    return NORMAL;
  }


  /** Less frequent statement kinds (kept out of execStmt to keep its JS frame small). */
  private execStmtRare(s: A.Stmt, frame: Frame): Completion {
    switch (s.kind) {
        case 'FunctionDef':
          this.execFunctionDef(s, frame);
          return NORMAL;
        case 'ClassDef':
          this.execClassDef(s, frame);
          return NORMAL;
        case 'AnnAssign':
          if (s.value !== null) this.assign(s.target, this.evalExpr(s.value, frame), frame);
          if (s.simple && s.target.kind === 'Name' && frame.info.kind !== 'function') this.recordAnnotation(s.target.id, s.annotation, frame);
          return NORMAL;
        case 'Import':
          this.execImport(s, frame);
          return NORMAL;
        case 'ImportFrom':
          this.execImportFrom(s, frame);
          return NORMAL;
        case 'With':
          return this.execWith(s, 0, frame);
        case 'Try':
          return this.execTry(s, frame);
        case 'Raise':
          this.execRaise(s, frame);
          return NORMAL;
        case 'Assert':
          if (!truthy(this.evalExpr(s.test, frame))) {
            const exc = s.msg === null ? new PyException(AssertionErrorType) : new PyException(AssertionErrorType, this.evalExpr(s.msg, frame));
            throw this.locate(exc, s.test, frame);
          }
          return NORMAL;
        case 'Delete':
          for (const t of s.targets) this.deleteTarget(t, frame);
          return NORMAL;
        case 'Global':
        case 'Nonlocal':
          return NORMAL;
        case 'UnsupportedStmt':
          return raise(NotImplementedErrorType, `${s.construct} is not supported`);
    }
    return NORMAL;
  }

  /** `name: T` in a class or module body goes into its `__annotations__` (what dataclasses read). */
  private recordAnnotation(name: string, annotation: A.Expr, frame: Frame): void {
    let ann = frame.vars.get('__annotations__');
    if (!(ann instanceof PyDict)) {
      ann = new PyDict();
      frame.vars.set('__annotations__', ann);
    }
    let v: PyValue;
    try {
      v = this.evalExpr(annotation, frame);
    } catch (e) {
      // CPython 3.14 evaluates annotations lazily: an unresolvable one must not fail the class
      if (e instanceof ScriptAbort) throw e;
      v = null;
    }
    (ann as PyDict).set(name, v);
  }

  private execFor(s: A.For, frame: Frame): Completion {
    const it = getIter(this.evalExpr(s.iter, frame));
    if (it instanceof PyGenerator && ownedByLoop(s, it)) return this.execForOwnedGenerator(s, it, frame);
    const target = s.target;
    for (;;) {
      const x = it.next();
      if (x === STOP) break;
      if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
      this.assign(target, x, frame);
      const c = this.execBlock(s.body, frame);
      if (c === BREAK) return NORMAL;
      if (c === RETURN) return c;
    }
    return s.orelse.length ? this.execBlock(s.orelse, frame) : NORMAL;
  }

  /**
   * `for x in gen(): ... break`: CPython frees the generator when the loop drops it, which
   * closes it (its `finally` blocks and `with` exits run right there). A generator made by the
   * loop's own iterable expression has no other reference, so leaving the loop early closes it.
   */
  private execForOwnedGenerator(s: A.For, it: PyGenerator, frame: Frame): Completion {
    let finished = false;
    try {
      for (;;) {
        const x = it.next();
        if (x === STOP) break;
        if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
        this.assign(s.target, x, frame);
        const c = this.execBlock(s.body, frame);
        if (c === BREAK) return NORMAL;
        if (c === RETURN) return c;
      }
      finished = true;
    } finally {
      if (!finished && !it.finished && !it.running) this.closeGenerator(it);
    }
    return s.orelse.length ? this.execBlock(s.orelse, frame) : NORMAL;
  }

  private execWhile(s: A.While, frame: Frame): Completion {
    while (truthy(this.evalExpr(s.test, frame))) {
      if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
      const c = this.execBlock(s.body, frame);
      if (c === BREAK) return NORMAL;
      if (c === RETURN) return c;
      // Trace: the header runs again (CPython's tracer reports its line too), so what the test does is attributed to it.
      if (this.hooks !== null && this.hooks.onLine) this.hooks.onLine(s.range.line, s.range);
    }
    return s.orelse.length ? this.execBlock(s.orelse, frame) : NORMAL;
  }

  private execAugAssign(s: A.AugAssign, frame: Frame): void {
    const t = s.target;
    if (t.kind === 'Name') {
      const cur = this.evalExpr(t, frame);
      this.storeName(t.id, inplaceOp(s.op, cur, this.evalExpr(s.value, frame)), frame, t.range);
    } else if (t.kind === 'Attribute') {
      const obj = this.evalExpr(t.value, frame);
      const cur = getAttr(obj, t.attr);
      setAttr(obj, t.attr, inplaceOp(s.op, cur, this.evalExpr(s.value, frame)));
    } else if (t.kind === 'Subscript') {
      const obj = this.evalExpr(t.value, frame);
      const key = this.evalExpr(t.slice, frame);
      const cur = getItem(obj, key);
      setItem(obj, key, inplaceOp(s.op, cur, this.evalExpr(s.value, frame)));
    } else raiseTypeError('illegal expression for augmented assignment');
  }

  private execTry(s: A.Try, frame: Frame): Completion {
    if (s.isStar) raise(NotImplementedErrorType, "'except*' is not supported");
    let result: Completion = NORMAL;
    try {
      let raised = false;
      try {
        result = this.execBlock(s.body, frame);
      } catch (e0) {
        raised = true;
        const exc = this.toPyException(e0);
        result = this.handleException(s, exc, frame);
      }
      if (!raised && result === NORMAL && s.orelse.length) result = this.execBlock(s.orelse, frame);
    } finally {
      if (s.finalbody.length) {
        const r = this.execBlock(s.finalbody, frame);
        // a return/break/continue in `finally` replaces the pending outcome (as in Python)
        // eslint-disable-next-line no-unsafe-finally
        if (r !== NORMAL) return r;
      }
    }
    return result;
  }

  private handleException(s: A.Try, exc: PyException, frame: Frame): Completion {
    for (const h of s.handlers) {
      if (h.type !== null) {
        const t = this.evalExpr(h.type, frame);
        if (!this.exceptionMatches(exc, t)) continue;
      }
      exc.lastFrame = null;
      this.handling.push(exc);
      try {
        if (h.name !== null) this.storeName(h.name, exc, frame, h.range);
        return this.execBlock(h.body, frame);
      } catch (e) {
        const inner = this.toPyException(e);
        if (inner !== exc && inner.context === null) inner.context = exc;
        throw inner;
      } finally {
        this.handling.pop();
        if (h.name !== null) {
          frame.deleteLocal(h.name);
        }
      }
    }
    throw exc;
  }

  private exceptionMatches(exc: PyException, t: PyValue): boolean {
    if (t instanceof PyTuple) return t.items.some((x) => this.exceptionMatches(exc, x));
    if (!(t instanceof PyType) || !t.isSubtypeOf(BaseExceptionType)) {
      return raiseTypeError('catching classes that do not inherit from BaseException is not allowed');
    }
    return exc.cls.isSubtypeOf(t);
  }

  private execRaise(s: A.Raise, frame: Frame): never {
    if (s.exc === null) {
      const cur = this.handling[this.handling.length - 1];
      if (cur === undefined) raise(RuntimeErrorType, 'No active exception to reraise');
      throw cur;
    }
    const exc = this.makeException(this.evalExpr(s.exc, frame));
    if (s.cause !== null) {
      const c = this.evalExpr(s.cause, frame);
      exc.cause = c === null ? null : this.makeException(c);
      exc.suppressContext = true;
    }
    const ctx = this.handling[this.handling.length - 1];
    if (ctx !== undefined && ctx !== exc) exc.context = ctx;
    exc.lastFrame = null;
    throw exc;
  }

  private makeException(v: PyValue): PyException {
    if (v instanceof PyType && v.isSubtypeOf(BaseExceptionType)) {
      const e = callValue(v, []);
      if (e instanceof PyException) return e;
    }
    if (v instanceof PyException) return v;
    return raiseTypeError('exceptions must derive from BaseException');
  }

  private execWith(s: A.With, index: number, frame: Frame): Completion {
    if (index >= s.items.length) return this.execBlock(s.body, frame);
    const item = s.items[index];
    const mgr = this.evalExpr(item.contextExpr, frame);
    const t = typeOf(mgr);
    const enter = t.lookup('__enter__');
    const exit = t.lookup('__exit__');
    if (enter === undefined || exit === undefined) {
      raiseTypeError(`'${t.name}' object does not support the context manager protocol` + (enter === undefined ? '' : " (missed __exit__ method)"));
    }
    const v = callDescr(enter!, mgr, []);
    if (item.optionalVars !== null) this.assign(item.optionalVars, v, frame);
    let result: Completion;
    try {
      result = this.execWith(s, index + 1, frame);
    } catch (e0) {
      const exc = this.toPyException(e0);
      const suppress = truthy(callDescr(exit!, mgr, [exc.cls, exc, null]));
      if (!suppress) throw exc;
      return NORMAL;
    }
    callDescr(exit!, mgr, [null, null, null]);
    return result;
  }

  // ---------------------------------------------------------------- definitions
  private makeFuncCode(node: A.FunctionDef | A.Lambda): FuncCode {
    const code = this.makeFuncCodeFields(node);
    const slotOf = code.info.slotOf;
    code.paramsInSlotOrder = slotOf !== undefined && code.posNames.every((n, i) => slotOf.get(n) === i);
    return code;
  }
  private makeFuncCodeFields(node: A.FunctionDef | A.Lambda): FuncCode {
    const a = node.args;
    return {
      node,
      info: functionScopeInfo(node),
      posNames: [...a.posonlyargs, ...a.args].map((p) => p.name),
      nPosOnly: a.posonlyargs.length,
      kwNames: a.kwonlyargs.map((p) => p.name),
      vararg: a.vararg ? a.vararg.name : null,
      kwarg: a.kwarg ? a.kwarg.name : null,
      paramsInSlotOrder: false,
    };
  }
  private codeCache = new WeakMap<object, FuncCode>();

  private makeFunction(node: A.FunctionDef | A.Lambda, frame: Frame, name: string): PyFunction {
    let code = this.codeCache.get(node);
    if (!code) {
      code = this.makeFuncCode(node);
      this.codeCache.set(node, code);
    }
    const defaults = node.args.defaults.map((d) => this.evalExpr(d, frame));
    const kwDefaults = new Map<string, PyValue>();
    node.args.kwDefaults.forEach((d, i) => {
      if (d !== null) kwDefaults.set(node.args.kwonlyargs[i].name, this.evalExpr(d, frame));
    });
    const closure = frame.info.kind === 'class' ? frame.parent : frame.info.kind === 'module' ? null : frame;
    const qualname = this.qualnameFor(name, frame);
    const f = new PyFunction(name, qualname, code, closure, frame.globals, defaults, kwDefaults);
    if (node.kind === 'FunctionDef') {
      const b = node.body[0];
      if (b && b.kind === 'ExprStmt' && b.value.kind === 'Constant' && b.value.constType === 'str') f.doc = b.value.value;
    }
    return f;
  }

  private qualnameFor(name: string, frame: Frame): string {
    if (frame.info.kind === 'module') return name;
    if (frame.info.kind === 'class') return (frame.vars.get('__qualname__') as string) + '.' + name;
    const outer = frame.func ? frame.func.qualname : frame.codeName;
    return outer + '.<locals>.' + name;
  }

  private execFunctionDef(s: A.FunctionDef, frame: Frame): void {
    const decorators = s.decorators.map((d) => this.evalExpr(d, frame));
    let f: PyValue = this.makeFunction(s, frame, s.name);
    for (let i = decorators.length - 1; i >= 0; i--) f = callValue(decorators[i], [f]);
    this.storeName(s.name, f, frame, s.nameRange);
  }

  private execClassDef(s: A.ClassDef, frame: Frame): void {
    const decorators = s.decorators.map((d) => this.evalExpr(d, frame));
    const bases: PyType[] = [];
    for (const b of s.bases) {
      const v = this.evalExpr(b, frame);
      if (!(v instanceof PyType)) raiseTypeError(`bases must be types`);
      if ((v as PyType).final) raiseTypeError(`type '${(v as PyType).name}' is not an acceptable base type`);
      bases.push(v as PyType);
    }
    for (const k of s.keywords) {
      if (k.arg !== 'metaclass') raiseTypeError(`${s.name}.__init_subclass__() takes no keyword arguments`);
      this.evalExpr(k.value, frame);
    }
    const info = classScopeInfo(s);
    const closure = frame.info.kind === 'class' ? frame.parent : frame.info.kind === 'module' ? null : frame;
    const ns = new Frame(info, closure, frame.globals, s.name, null);
    const qualname = this.qualnameFor(s.name, frame);
    ns.vars.set('__module__', '__main__');
    ns.vars.set('__qualname__', qualname);
    const first = s.body[0];
    ns.vars.set('__doc__', first && first.kind === 'ExprStmt' && first.value.kind === 'Constant' && first.value.constType === 'str' ? first.value.value as string : null);
    this.enterCall();
    try {
      const c = this.execBlock(s.body, ns);
      if (c === RETURN) raise(SyntaxErrorType, "'return' outside function");
    } finally {
      this.depth--;
    }
    const cls = new PyType(s.name, bases.length ? bases : [objectType], false, '__main__');
    cls.qualname = qualname;
    cls.hasInstanceDict = true;
    for (const [k, v] of ns.vars) {
      if (k === '__qualname__') continue;
      cls.dict.set(k, v);
      const fn = v instanceof StaticMethod || v instanceof ClassMethod ? v.func : v instanceof PyProperty ? v.fget : v;
      if (fn instanceof PyFunction && fn.classCell === null) fn.classCell = cls;
      if (v instanceof PyProperty) {
        for (const g of [v.fset, v.fdel]) if (g instanceof PyFunction && g.classCell === null) g.classCell = cls;
      }
    }
    if (cls.dict.has('__eq__') && !cls.dict.has('__hash__')) cls.dict.set('__hash__', null);
    const initSub = cls.mro[1]?.lookup('__init_subclass__');
    if (initSub instanceof ClassMethod) callValue(initSub.func, [cls]);
    bumpTypeEpoch();
    let result: PyValue = cls;
    for (let i = decorators.length - 1; i >= 0; i--) result = callValue(decorators[i], [result]);
    this.storeName(s.name, result, frame, s.nameRange);
  }

  // ---------------------------------------------------------------- imports
  importModule(name: string): PyModule {
    const cached = this.modules.get(name);
    if (cached) return cached;
    const top = name.split('.')[0];
    if (FORBIDDEN_MODULES.has(top)) {
      const e = new PyException(ModuleNotFoundErrorType, `No module named '${name}'`);
      e.notes = null;
      throw e;
    }
    const factory = Object.prototype.hasOwnProperty.call(this.extraModules, name) ? this.extraModules[name] : lookupModuleFactory(name);
    if (!factory) {
      // importing a submodule first imports its parents
      throw new PyException(ModuleNotFoundErrorType, `No module named '${name}'`);
    }
    if (name.includes('.')) this.importModule(name.slice(0, name.lastIndexOf('.')));
    const mod = factory(this.ctx);
    this.modules.set(name, mod);
    if (name.includes('.')) {
      const parent = this.modules.get(name.slice(0, name.lastIndexOf('.')))!;
      if (!parent.dict.has(name.slice(name.lastIndexOf('.') + 1))) parent.dict.set(name.slice(name.lastIndexOf('.') + 1), mod);
    }
    return mod;
  }

  private execImport(s: A.Import, frame: Frame): void {
    for (const a of s.names) {
      const mod = this.importModule(a.name);
      if (a.asname) this.storeName(a.asname, mod, frame, a.range);
      else {
        const top = a.name.split('.')[0];
        this.storeName(top, this.importModule(top), frame, a.range);
      }
    }
  }

  private execImportFrom(s: A.ImportFrom, frame: Frame): void {
    if (s.level > 0) raise(ImportErrorType, 'attempted relative import with no known parent package');
    const modName = s.module!;
    if (modName === '__future__') return;
    const mod = this.importModule(modName);
    for (const a of s.names) {
      if (a.name === '*') {
        const all = mod.dict.get('__all__');
        const names = all !== undefined ? iterToArray(all).map((x) => String(x)) : [...mod.dict.keys()].filter((k) => !k.startsWith('_'));
        for (const n of names) this.storeName(n, mod.dict.get(n) ?? null, frame, a.range);
        continue;
      }
      let v = mod.dict.get(a.name);
      if (v === undefined) {
        try {
          v = this.importModule(modName + '.' + a.name);
        } catch (e) {
          if (!(e instanceof PyException) || !e.cls.isSubtypeOf(ImportErrorType)) throw e;
          const err = new PyException(ImportErrorType, `cannot import name '${a.name}' from '${modName}' (unknown location)`);
          throw err;
        }
      }
      this.storeName(a.asname ?? a.name, v, frame, a.range);
    }
  }

  // ---------------------------------------------------------------- names
  private resolveDepth(name: string, frame: Frame): number {
    const info = frame.info;
    let cache = info.resolved;
    if (cache === undefined) cache = info.resolved = new Map();
    let d = cache.get(name);
    if (d !== undefined) return d;
    if (info.globals.has(name)) d = -1;
    else if (info.locals.has(name)) d = 0;
    else {
      d = -1;
      let k = 1;
      for (let p = frame.parent; p !== null; p = p.parent, k++) {
        if (p.info.kind !== 'class' && p.info.kind !== 'module' && p.info.locals.has(name)) {
          d = k;
          break;
        }
      }
    }
    cache.set(name, d);
    return d;
  }

  loadName(e: A.Name, frame: Frame): PyValue {
    const name = e.id;
    const kind = frame.info.kind;
    if (kind === 'module') {
      const v = frame.vars.get(name);
      if (v !== undefined) return v;
      return this.loadGlobal(name, frame);
    }
    if (kind === 'class') {
      const v = frame.vars.get(name);
      if (v !== undefined) return v;
      if (!frame.info.globals.has(name)) {
        for (let p = frame.parent; p !== null; p = p.parent) {
          if (p.info.kind !== 'class' && p.info.locals.has(name)) {
            const w = p.getLocal(name);
            if (w !== undefined) return w;
          }
        }
      }
      return this.loadGlobal(name, frame);
    }
    // per-node cache of the resolution (a Name node is always evaluated in frames of one scope)
    const node = e;
    let d: number;
    if (node.scopeInfo === frame.info) d = node.depth!;
    else d = this.cacheResolution(node, frame);
    if (d === 0) {
      const slots = frame.slots;
      const v = slots !== null && node.slot! >= 0 ? slots[node.slot!] : frame.getLocal(name);
      if (v !== undefined) return v;
      if (kind === 'comprehension') return this.loadGlobal(name, frame);
      const e = new PyException(UnboundLocalErrorType, `cannot access local variable '${name}' where it is not associated with a value`);
      throw e;
    }
    if (d > 0) {
      let p = frame;
      for (let i = 0; i < d; i++) p = p.parent!;
      const v = p.slots !== null && node.slot! >= 0 ? p.slots[node.slot!] : p.getLocal(name);
      if (v !== undefined) return v;
      return raise(NameErrorType, `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`);
    }
    return this.loadGlobal(name, frame);
  }

  /** Resolves a Name node for frames of this scope and caches depth and slot on the node. */
  private cacheResolution(node: A.Name, frame: Frame): number {
    const d = this.resolveDepth(node.id, frame);
    let owner: Frame | null = d >= 0 ? frame : null;
    for (let i = 0; i < d && owner !== null; i++) owner = owner.parent;
    const slot = owner !== null && owner.info.slotOf !== undefined ? owner.info.slotOf.get(node.id) : undefined;
    node.scopeInfo = frame.info;
    node.depth = d;
    node.slot = slot ?? -1;
    return d;
  }

  private loadGlobal(name: string, frame: Frame): PyValue {
    const v = frame.globals.get(name);
    if (v !== undefined) return v;
    const b = this.builtins.get(name);
    if (b !== undefined) return b;
    const e = new PyException(NameErrorType, `name '${name}' is not defined`);
    e.name = name;
    e.obj = undefined;
    throw e;
  }

  /** Names visible from a frame (for "Did you mean" suggestions). */
  visibleNames(frame: Frame): string[] {
    const out = new Set<string>();
    for (const k of frame.localsMap().keys()) out.add(k);
    for (let p = frame.parent; p !== null; p = p.parent) for (const k of p.localsMap().keys()) out.add(k);
    for (const k of frame.globals.keys()) out.add(k);
    for (const k of this.builtins.keys()) out.add(k);
    return [...out];
  }

  /** Assignment to a Name target: a local slot store when the node's cache allows it. */
  private storeNameNode(t: A.Name, v: PyValue, frame: Frame): void {
    const slots = frame.slots;
    if (slots !== null) {
      let d: number;
      if (t.scopeInfo === frame.info) d = t.depth!;
      else d = this.cacheResolution(t, frame);
      if (d === 0 && t.slot! >= 0) {
        slots[t.slot!] = v;
        if (this.hooks !== null && this.hooks.onBind) this.hooks.onBind(t.id, v, t.range);
        return;
      }
    }
    this.storeName(t.id, v, frame, t.range);
  }

  storeName(name: string, v: PyValue, frame: Frame, range: A.Range): void {
    const info = frame.info;
    if (info.kind === 'module' || (info.kind !== 'class' && !info.globals.has(name) && !info.nonlocals.has(name)) || (info.kind === 'class' && !info.globals.has(name))) {
      frame.setLocal(name, v);
    } else if (info.globals.has(name)) {
      frame.globals.set(name, v);
    } else {
      let p = frame.parent;
      while (p !== null && !(p.info.kind !== 'class' && p.info.locals.has(name))) p = p.parent;
      if (p === null) raise(SyntaxErrorType, `no binding for nonlocal '${name}' found`);
      p!.setLocal(name, v);
    }
    if (this.hooks !== null && this.hooks.onBind) this.hooks.onBind(name, v, range);
  }

  private deleteName(name: string, frame: Frame): void {
    const info = frame.info;
    let deleted: boolean;
    if (info.globals.has(name)) deleted = frame.globals.delete(name);
    else if (info.nonlocals.has(name)) {
      let p = frame.parent;
      while (p !== null && !p.info.locals.has(name)) p = p.parent;
      deleted = (p ?? frame).deleteLocal(name);
    } else deleted = frame.deleteLocal(name);
    if (!deleted) {
      if (info.kind === 'function' && info.locals.has(name)) {
        raise(UnboundLocalErrorType, `cannot access local variable '${name}' where it is not associated with a value`);
      }
      const e = new PyException(NameErrorType, `name '${name}' is not defined`);
      e.name = name;
      throw e;
    }
  }

  // ---------------------------------------------------------------- targets
  assign(t: A.Expr, v: PyValue, frame: Frame): void {
    switch (t.kind) {
      case 'Name':
        this.storeNameNode(t, v, frame);
        return;
      case 'Attribute':
        setAttr(this.evalExpr(t.value, frame), t.attr, v);
        return;
      case 'Subscript': {
        const obj = this.evalExpr(t.value, frame);
        setItem(obj, this.evalExpr(t.slice, frame), v);
        return;
      }
      case 'Tuple':
      case 'List':
        this.unpack(t.elts, v, frame);
        return;
      case 'Starred':
        raise(SyntaxErrorType, 'starred assignment target must be in a list or tuple');
    }
    raiseTypeError(`cannot assign to ${t.kind}`);
  }

  private unpack(elts: A.Expr[], v: PyValue, frame: Frame): void {
    let items: PyValue[];
    if (v instanceof PyTuple || v instanceof PyList) items = v.items;
    else {
      try {
        items = iterToArray(v);
      } catch (err) {
        if (err instanceof PyException && err.cls === TypeErrorType && err.message === `'${typeName(v)}' object is not iterable`) {
          raiseTypeError(`cannot unpack non-iterable ${typeName(v)} object`);
        }
        throw err;
      }
    }
    const starIdx = elts.findIndex((e) => e.kind === 'Starred');
    if (starIdx < 0) {
      if (items.length !== elts.length) {
        if (items.length < elts.length) raise(ValueErrorType, `not enough values to unpack (expected ${elts.length}, got ${items.length})`);
        raise(ValueErrorType, `too many values to unpack (expected ${elts.length}, got ${items.length})`);
      }
      for (let i = 0; i < elts.length; i++) this.assign(elts[i], items[i], frame);
      return;
    }
    const after = elts.length - starIdx - 1;
    if (items.length < elts.length - 1) raise(ValueErrorType, `not enough values to unpack (expected at least ${elts.length - 1}, got ${items.length})`);
    for (let i = 0; i < starIdx; i++) this.assign(elts[i], items[i], frame);
    this.assign((elts[starIdx] as A.Starred).value, new PyList(items.slice(starIdx, items.length - after)), frame);
    for (let i = 0; i < after; i++) this.assign(elts[starIdx + 1 + i], items[items.length - after + i], frame);
  }

  private deleteTarget(t: A.Expr, frame: Frame): void {
    switch (t.kind) {
      case 'Name':
        this.deleteName(t.id, frame);
        return;
      case 'Attribute':
        delAttr(this.evalExpr(t.value, frame), t.attr);
        return;
      case 'Subscript':
        delItem(this.evalExpr(t.value, frame), this.evalExpr(t.slice, frame));
        return;
      case 'Tuple':
      case 'List':
        for (const e of t.elts) this.deleteTarget(e, frame);
        return;
    }
    raiseTypeError('cannot delete');
  }

  // ---------------------------------------------------------------- expressions
  evalExpr(e: A.Expr, frame: Frame): PyValue {
    try {
      switch (e.kind) {
        case 'Name':
          return this.loadName(e, frame);
        case 'Constant':
          return constantValue(e);
        case 'Attribute':
          return getAttr(this.evalExpr(e.value, frame), e.attr);
        case 'Call':
          return this.evalCall(e, frame);
        case 'BinOp':
          if (e.left.kind === 'BinOp') return this.evalBinOpChain(e, frame);
          return binaryOp(e.op, this.evalExpr(e.left, frame), this.evalExpr(e.right, frame));
        case 'Compare':
          return this.evalCompare(e, frame);
        case 'Subscript':
          return getItem(this.evalExpr(e.value, frame), this.evalExpr(e.slice, frame));
        case 'UnaryOp':
          return unaryOp(e.op, this.evalExpr(e.operand, frame));
        default:
          return this.evalExprRare(e, frame);
      }
    } catch (err) {
      throw this.locate(err, e, frame);
    }
    return raise(NotImplementedErrorType, `expression ${(e as A.Expr).kind} is not supported`);
  }


  /**
   * `a + b - c * d + ...`: the parser builds left-nested BinOps as long as the source line;
   * evaluating the left spine in a loop keeps the JS stack flat at any length.
   */
  private evalBinOpChain(e: A.BinOp, frame: Frame): PyValue {
    const spine: A.BinOp[] = [];
    let n: A.Expr = e;
    while (n.kind === 'BinOp') {
      spine.push(n);
      n = n.left;
    }
    let v = this.evalExpr(n, frame);
    for (let i = spine.length - 1; i >= 0; i--) {
      const b = spine[i];
      const r = this.evalExpr(b.right, frame);
      try {
        v = binaryOp(b.op, v, r);
      } catch (err) {
        throw this.locate(err, b, frame);
      }
    }
    return v;
  }

  /** Less frequent expression kinds, kept out of evalExpr so its JS frame stays small (deep recursion). */
  private evalExprRare(e: A.Expr, frame: Frame): PyValue {
    switch (e.kind) {
        case 'BoolOp': {
          let v: PyValue = null;
          const isAnd = e.op === 'and';
          for (let i = 0; i < e.values.length; i++) {
            v = this.evalExpr(e.values[i], frame);
            if (truthy(v) !== isAnd) return v;
          }
          return v;
        }
        case 'IfExp':
          return truthy(this.evalExpr(e.test, frame)) ? this.evalExpr(e.body, frame) : this.evalExpr(e.orelse, frame);
        case 'Tuple':
          return new PyTuple(this.evalElts(e.elts, frame));
        case 'List':
          return new PyList(this.evalElts(e.elts, frame));
        case 'Dict': {
          const d = new PyDict();
          for (let i = 0; i < e.keys.length; i++) {
            const k = e.keys[i];
            if (k === null) {
              updateDict(d, this.evalExpr(e.values[i], frame));
              continue;
            }
            const kv = this.evalExpr(k, frame);
            checkHashable(kv, true);
            d.set(kv, this.evalExpr(e.values[i], frame));
          }
          return d;
        }
        case 'Set': {
          const items = this.evalElts(e.elts, frame);
          for (const x of items) checkHashable(x, false);
          if (items.length > 2 && e.elts.every((x) => x.kind === 'Constant')) return setFromConstants(items);
          return new PySet(items);
        }
        case 'Slice':
          return new PySlice(
            e.lower === null ? null : this.evalExpr(e.lower, frame),
            e.upper === null ? null : this.evalExpr(e.upper, frame),
            e.step === null ? null : this.evalExpr(e.step, frame),
          );
        case 'JoinedStr': {
          let out = '';
          for (const part of e.values) {
            out += part.kind === 'Constant' ? part.value : this.evalFormatted(part, frame);
          }
          return out;
        }
        case 'FormattedValue':
          return this.evalFormatted(e, frame);
        case 'Lambda':
          return this.makeFunction(e, frame, '<lambda>');
        case 'ListComp':
          return new PyList(this.runComprehension(e, frame));
        case 'SetComp': {
          const items = this.runComprehension(e, frame);
          for (const x of items) checkHashable(x, false);
          return new PySet(items);
        }
        case 'DictComp': {
          const d = new PyDict();
          this.runComprehension(e, frame, d);
          return d;
        }
        case 'GeneratorExp':
          return this.makeGeneratorExp(e, frame);
        case 'Yield':
        case 'YieldFrom':
          // only reachable outside a generator body (e.g. `yield` in a class body)
          return raise(SyntaxErrorType, "'yield' outside function");
        case 'NamedExpr': {
          const v = this.evalExpr(e.value, frame);
          let f = frame;
          while (f.info.kind === 'comprehension' && f.parent !== null) f = f.parent;
          this.storeName(e.target.id, v, f, e.target.range);
          return v;
        }
      case 'Starred':
        return raise(SyntaxErrorType, "can't use starred expression here");
      case 'UnsupportedExpr':
        return raise(NotImplementedErrorType, `${e.construct} is not supported`);
    }
    return raise(NotImplementedErrorType, `expression ${e.kind} is not supported`);
  }

  private evalElts(elts: A.Expr[], frame: Frame): PyValue[] {
    const out: PyValue[] = [];
    for (let i = 0; i < elts.length; i++) {
      const x = elts[i];
      if (x.kind === 'Starred') out.push(...iterToArray(this.evalExpr(x.value, frame)));
      else out.push(this.evalExpr(x, frame));
    }
    return out;
  }

  private evalFormatted(f: A.FormattedValue, frame: Frame): string {
    let v = this.evalExpr(f.value, frame);
    if (f.conversion === 'r') v = repr(v);
    else if (f.conversion === 's') v = str(v);
    else if (f.conversion === 'a') v = asciiRepr(v);
    let spec = '';
    if (f.formatSpec !== null) {
      for (const part of f.formatSpec.values) spec += part.kind === 'Constant' ? part.value : this.evalFormatted(part, frame);
    }
    return formatValue(v, spec);
  }

  private evalCompare(e: A.Compare, frame: Frame): PyValue {
    let left = this.evalExpr(e.left, frame);
    const n = e.ops.length;
    let result: PyValue = true;
    for (let i = 0; i < n; i++) {
      const right = this.evalExpr(e.comparators[i], frame);
      const op = e.ops[i];
      switch (op) {
        case 'is':
          result = isSame(left, right);
          break;
        case 'is not':
          result = !isSame(left, right);
          break;
        case 'in':
          result = contains(right, left);
          break;
        case 'not in':
          result = !contains(right, left);
          break;
        default:
          result = compare(op, left, right);
      }
      if (i < n - 1 && !truthy(result)) return result;
      left = right;
    }
    return result;
  }

  private runComprehension(e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp, frame: Frame, dict?: PyDict): PyValue[] {
    const info = comprehensionScopeInfo(e);
    const parent = frame.info.kind === 'class' ? frame.parent : frame;
    const firstIter = this.evalExpr(e.generators[0].iter, frame);
    const cf = new Frame(info, parent ?? null, frame.globals, frame.codeName, frame.func);
    // module-level comprehensions see module names through globals
    const out: PyValue[] = [];
    const gens = e.generators;
    const run = (level: number, iterable: PyValue): void => {
      const g = gens[level];
      if (g.isAsync) raise(NotImplementedErrorType, "'async for' is not supported");
      const it = getIter(iterable);
      for (;;) {
        const x = it.next();
        if (x === STOP) break;
        if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
        this.assign(g.target, x, cf);
        let ok = true;
        for (const cond of g.ifs) {
          if (!truthy(this.evalExpr(cond, cf))) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        if (level + 1 < gens.length) run(level + 1, this.evalExpr(gens[level + 1].iter, cf));
        else if (e.kind === 'DictComp') {
          const k = this.evalExpr(e.key, cf);
          checkHashable(k, true);
          dict!.set(k, this.evalExpr(e.value, cf));
        } else out.push(this.evalExpr(e.elt, cf));
      }
    };
    run(0, firstIter);
    return out;
  }

  // ---------------------------------------------------------------- calls
  /** Keyword arguments of the last evalArgs (read at once by the caller: no tuple per call). */
  private lastKwargs: KwArgs = null;

  /** Evaluates a call's arguments (self first when given); keywords go to `lastKwargs`. */
  private evalArgs(e: A.Call, frame: Frame, self: PyValue | undefined): PyValue[] {
    const eargs = e.args;
    const n = eargs.length;
    if (e.keywords.length === 0 && e.hasStarred === false) {
      // common case: plain positional arguments, array allocated at its final size
      const off = self === undefined ? 0 : 1;
      const out = new Array<PyValue>(n + off);
      if (off) out[0] = self as PyValue;
      for (let i = 0; i < n; i++) out[i + off] = this.evalExpr(eargs[i], frame);
      this.lastKwargs = null;
      return out;
    }
    // the callee, for messages (argument evaluation may run other calls)
    const callee = this.currentCallee;
    const args: PyValue[] = self === undefined ? [] : [self];
    for (let i = 0; i < e.args.length; i++) {
      const a = e.args[i];
      if (a.kind === 'Starred') {
        const v = this.evalExpr(a.value, frame);
        if (!(v instanceof PyList || v instanceof PyTuple) && typeOf(v).lookup('__iter__') === undefined && typeof v !== 'string' && !(v instanceof PyDict || v instanceof PySet)) {
          raiseTypeError(`${functionStr(callee)} argument after * must be an iterable, not ${typeName(v)}`);
        }
        args.push(...iterToArray(v));
      } else args.push(this.evalExpr(a, frame));
    }
    let kwargs: KwArgs = null;
    if (e.keywords.length) {
      kwargs = new Map();
      for (const k of e.keywords) {
        if (k.arg === null) {
          const m = this.evalExpr(k.value, frame);
          if (!(m instanceof PyDict)) {
            const tmp = new PyDict();
            if (getAttrOrUndefined(m, 'keys') === undefined) raiseTypeError(`${functionStr(callee)} argument after ** must be a mapping, not ${typeName(m)}`);
            updateDict(tmp, m);
            for (const [kk, vv] of tmp.map.values()) this.putKwarg(kwargs, kk, vv, callee);
          } else for (const [kk, vv] of m.map.values()) this.putKwarg(kwargs, kk, vv, callee);
        } else {
          // a literal repeat is a SyntaxError at parse time; here one came from a ** mapping
          const v = this.evalExpr(k.value, frame);
          this.putKwarg(kwargs, k.arg, v, callee);
        }
      }
    }
    this.lastKwargs = kwargs;
    return args;
  }

  private putKwarg(kwargs: Map<string, PyValue>, k: PyValue, v: PyValue, callee: PyValue): void {
    if (typeof k !== 'string') raiseTypeError('keywords must be strings');
    if (kwargs.has(k as string)) raiseTypeError(`${functionStr(callee)} got multiple values for keyword argument '${k}'`);
    kwargs.set(k as string, v);
  }

  /** The function being called while its arguments are evaluated (for CPython's argument messages). */
  private currentCallee: PyValue = null;

  private evalCall(e: A.Call, frame: Frame): PyValue {
    const fn = e.func;
    let result: PyValue;
    if (fn.kind === 'Attribute') {
      // method-call fast path: avoid allocating a bound method
      const obj = this.evalExpr(fn.value, frame);
      const t = typeOf(obj);
      if (!(obj instanceof PyType) && !(obj instanceof PyModule) && !(obj instanceof PySuper)) {
        const descr = t.lookup(fn.attr);
        if ((descr instanceof PyFunction || (descr instanceof NativeFunction && descr.isMethod)) && !(obj instanceof PyInstance && obj.dict.has(fn.attr))) {
          this.currentCallee = descr;
          const args = this.evalArgs(e, frame, obj);
          const kwargs = this.lastKwargs;
          const saved = this.currentCallRange;
          this.currentCallRange = e.range;
          try {
            result = descr instanceof PyFunction ? this.callFunction(descr, args, kwargs) : descr.impl(args, kwargs);
          } finally {
            this.currentCallRange = saved;
          }
          if (this.hooks !== null && this.hooks.onCallResult) this.hooks.onCallResult(result, e.range);
          return result;
        }
      }
      let f: PyValue;
      try {
        f = getAttr(obj, fn.attr);
      } catch (err) {
        throw this.locate(err, fn, frame);
      }
      this.currentCallee = f;
      const args = this.evalArgs(e, frame, undefined);
      const kwargs = this.lastKwargs;
      {
        const saved = this.currentCallRange;
        this.currentCallRange = e.range;
        result = f instanceof PyFunction ? this.callFunction(f, args, kwargs) : callValue(f, args, kwargs);
        this.currentCallRange = saved;
      }
    } else {
      const f = this.evalExpr(fn, frame);
      if (f === superFunction && e.args.length === 0) {
        result = this.zeroArgSuper(frame);
      } else {
        this.currentCallee = f;
        const args = this.evalArgs(e, frame, undefined);
        const kwargs = this.lastKwargs;
        {
        const saved = this.currentCallRange;
        this.currentCallRange = e.range;
        result = f instanceof PyFunction ? this.callFunction(f, args, kwargs) : callValue(f, args, kwargs);
        this.currentCallRange = saved;
      }
      }
    }
    if (this.hooks !== null && this.hooks.onCallResult) this.hooks.onCallResult(result, e.range);
    return result;
  }

  /** Calls with currentCallRange set (restored on return; an exception leaves the caller to reset it). */
  private invoke(f: PyValue, args: PyValue[], kwargs: KwArgs, range: A.Range): PyValue {
    const saved = this.currentCallRange;
    this.currentCallRange = range;
    const r = f instanceof PyFunction ? this.callFunction(f, args, kwargs) : callValue(f, args, kwargs);
    this.currentCallRange = saved;
    return r;
  }

  private zeroArgSuper(frame: Frame): PyValue {
    let f: Frame | null = frame;
    while (f !== null && f.info.kind === 'comprehension') f = f.parent;
    const func = f?.func;
    if (!func || func.classCell === null) return raise(RuntimeErrorType, 'super(): __class__ cell not found');
    const code = func.code as FuncCode;
    const firstName = code.posNames[0] ?? code.vararg;
    if (firstName === undefined || firstName === null) return raise(RuntimeErrorType, 'super(): no arguments');
    let self = f!.getLocal(firstName);
    if (self === undefined) return raise(RuntimeErrorType, 'super(): arg[0] deleted');
    if (code.posNames[0] === undefined && self instanceof PyTuple) self = self.items[0];
    const cls = func.classCell;
    if (self instanceof PyType && self.isSubtypeOf(cls)) return new PySuper(cls, self, self);
    const t = typeOf(self);
    if (!t.isSubtypeOf(cls)) raiseTypeError('super(type, obj): obj must be an instance or subtype of type');
    return new PySuper(cls, self, t);
  }


  // ---------------------------------------------------------------- generators
  // A generator's body runs as a JS generator: gExecStmt/gEval mirror execStmt/evalExpr for
  // the statements and expressions that contain a `yield`, and hand everything else to the
  // ordinary (non-generator) evaluator, so code without `yield` pays nothing.

  /** Drives a generator one step (next/send/throw); STOP when its body has finished. */
  resumeGenerator(g: PyGenerator, mode: GenMode, value: PyValue): IterResult {
    if (g.running) raise(ValueErrorType, 'generator already executing');
    if (g.finished) {
      if (mode === GEN_THROW) throw value;
      return STOP;
    }
    if (mode === GEN_SEND && !g.started && value !== null) raiseTypeError("can't send non-None value to a just-started generator");
    this.enterCall();
    const callerLine = this.currentLine;
    g.running = true;
    g.started = true;
    // the generator's own `except` state is stacked on the caller's while it runs
    const handling = this.handling;
    const base = handling.length;
    for (let i = 0; i < g.handling.length; i++) handling.push(g.handling[i]);
    try {
      const r = mode === GEN_THROW ? g.body.throw(value) : g.body.next(value);
      if (r.done) {
        g.finished = true;
        g.returnValue = r.value;
        return STOP;
      }
      return r.value;
    } catch (e) {
      g.finished = true;
      if (e instanceof PyException && e.cls.isSubtypeOf(StopIterationType)) {
        // PEP 479: a StopIteration escaping a generator body becomes a RuntimeError
        const err = new PyException(RuntimeErrorType, 'generator raised StopIteration');
        err.cause = e;
        err.context = e;
        err.suppressContext = true;
        throw err;
      }
      throw e;
    } finally {
      g.handling = handling.length > base ? handling.splice(base) : NO_EXCEPTIONS;
      g.running = false;
      this.depth--;
      this.currentLine = callerLine;
    }
  }

  /** `gen.close()`: GeneratorExit at the suspended `yield`. */
  closeGenerator(g: PyGenerator): void {
    if (g.finished) return;
    if (!g.started) {
      g.finished = true;
      return;
    }
    try {
      const r = this.resumeGenerator(g, GEN_THROW, new PyException(GeneratorExitType));
      if (r !== STOP) raise(RuntimeErrorType, 'generator ignored GeneratorExit');
    } catch (e) {
      if (e instanceof PyException && (e.cls.isSubtypeOf(GeneratorExitType) || e.cls.isSubtypeOf(StopIterationType))) return;
      throw e;
    }
  }

  private *generatorFunctionBody(code: FuncCode, frame: Frame): Generator<PyValue, PyValue, PyValue> {
    const node = code.node;
    if (node.kind === 'Lambda') {
      yield* this.gEval(node.body, frame);
      return null;
    }
    const body = node.body;
    for (let i = 0; i < body.length; i++) {
      const st = body[i];
      const c = containsYield(st) ? yield* this.gExecStmt(st, frame) : this.execStmt(st, frame);
      if (c === RETURN) return frame.retval;
    }
    return null;
  }

  private *gExecBlock(body: A.Stmt[], frame: Frame): Generator<PyValue, Completion, PyValue> {
    for (let i = 0; i < body.length; i++) {
      const st = body[i];
      const c = containsYield(st) ? yield* this.gExecStmt(st, frame) : this.execStmt(st, frame);
      if (c !== NORMAL) return c;
    }
    return NORMAL;
  }

  /** A statement containing `yield` (mirrors execStmt). */
  private *gExecStmt(s: A.Stmt, frame: Frame): Generator<PyValue, Completion, PyValue> {
    frame.line = s.range.line;
    this.currentLine = s.range.line;
    if (this.hooks !== null && this.hooks.onLine) this.hooks.onLine(s.range.line, s.range);
    try {
      switch (s.kind) {
        case 'ExprStmt': {
          const v = yield* this.gEval(s.value, frame);
          if (this.hooks !== null && this.hooks.onExprValue) this.hooks.onExprValue(v, s.value.range);
          return NORMAL;
        }
        case 'Assign': {
          const v = yield* this.gEval(s.value, frame);
          for (let i = 0; i < s.targets.length; i++) this.assign(s.targets[i], v, frame);
          return NORMAL;
        }
        case 'AnnAssign':
          if (s.value !== null) this.assign(s.target, yield* this.gEval(s.value, frame), frame);
          return NORMAL;
        case 'AugAssign': {
          const t = s.target;
          if (t.kind === 'Name') {
            const cur = this.evalExpr(t, frame);
            this.storeName(t.id, inplaceOp(s.op, cur, yield* this.gEval(s.value, frame)), frame, t.range);
          } else if (t.kind === 'Attribute') {
            const obj = this.evalExpr(t.value, frame);
            const cur = getAttr(obj, t.attr);
            setAttr(obj, t.attr, inplaceOp(s.op, cur, yield* this.gEval(s.value, frame)));
          } else if (t.kind === 'Subscript') {
            const obj = this.evalExpr(t.value, frame);
            const key = this.evalExpr(t.slice, frame);
            const cur = getItem(obj, key);
            setItem(obj, key, inplaceOp(s.op, cur, yield* this.gEval(s.value, frame)));
          }
          return NORMAL;
        }
        case 'Return':
          frame.retval = s.value === null ? null : yield* this.gEval(s.value, frame);
          return RETURN;
        case 'If':
          if (truthy(yield* this.gEval(s.test, frame))) return yield* this.gExecBlock(s.body, frame);
          return s.orelse.length ? yield* this.gExecBlock(s.orelse, frame) : NORMAL;
        case 'For': {
          const it = getIter(yield* this.gEval(s.iter, frame));
          for (;;) {
            const x = it.next();
            if (x === STOP) break;
            if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
            this.assign(s.target, x, frame);
            const c = yield* this.gExecBlock(s.body, frame);
            if (c === BREAK) return NORMAL;
            if (c === RETURN) return c;
          }
          return s.orelse.length ? yield* this.gExecBlock(s.orelse, frame) : NORMAL;
        }
        case 'While':
          while (truthy(yield* this.gEval(s.test, frame))) {
            if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
            const c = yield* this.gExecBlock(s.body, frame);
            if (c === BREAK) return NORMAL;
            if (c === RETURN) return c;
            // Trace: the header runs again (as in execWhile).
            if (this.hooks !== null && this.hooks.onLine) this.hooks.onLine(s.range.line, s.range);
          }
          return s.orelse.length ? yield* this.gExecBlock(s.orelse, frame) : NORMAL;
        case 'Try':
          return yield* this.gExecTry(s, frame);
        case 'With':
          return yield* this.gExecWith(s, 0, frame);
        case 'Raise': {
          if (s.exc === null) return this.execStmt(s, frame);
          const exc = this.makeException(yield* this.gEval(s.exc, frame));
          const ctx = this.handling[this.handling.length - 1];
          if (ctx !== undefined && ctx !== exc) exc.context = ctx;
          exc.lastFrame = null;
          throw exc;
        }
        case 'Assert':
          if (!truthy(yield* this.gEval(s.test, frame))) {
            const exc = s.msg === null ? new PyException(AssertionErrorType) : new PyException(AssertionErrorType, yield* this.gEval(s.msg, frame));
            throw this.locate(exc, s.test, frame);
          }
          return NORMAL;
      }
      return raise(NotImplementedErrorType, `'yield' inside a ${s.kind} statement is not supported`);
    } catch (e) {
      throw this.locate(e, s, frame);
    }
  }

  private *gExecTry(s: A.Try, frame: Frame): Generator<PyValue, Completion, PyValue> {
    if (s.isStar) raise(NotImplementedErrorType, "'except*' is not supported");
    let result: Completion = NORMAL;
    try {
      let raised = false;
      try {
        result = yield* this.gExecBlock(s.body, frame);
      } catch (e0) {
        raised = true;
        const exc = this.toPyException(e0);
        result = yield* this.gHandleException(s, exc, frame);
      }
      if (!raised && result === NORMAL && s.orelse.length) result = yield* this.gExecBlock(s.orelse, frame);
    } finally {
      if (s.finalbody.length) {
        const r = yield* this.gExecBlock(s.finalbody, frame);
        // eslint-disable-next-line no-unsafe-finally
        if (r !== NORMAL) return r;
      }
    }
    return result;
  }

  private *gHandleException(s: A.Try, exc: PyException, frame: Frame): Generator<PyValue, Completion, PyValue> {
    for (const h of s.handlers) {
      if (h.type !== null) {
        const t = this.evalExpr(h.type, frame);
        if (!this.exceptionMatches(exc, t)) continue;
      }
      exc.lastFrame = null;
      this.handling.push(exc);
      try {
        if (h.name !== null) this.storeName(h.name, exc, frame, h.range);
        return yield* this.gExecBlock(h.body, frame);
      } catch (e) {
        const inner = this.toPyException(e);
        if (inner !== exc && inner.context === null) inner.context = exc;
        throw inner;
      } finally {
        const i = this.handling.lastIndexOf(exc);
        if (i >= 0) this.handling.splice(i, 1);
        if (h.name !== null) frame.deleteLocal(h.name);
      }
    }
    throw exc;
  }

  private *gExecWith(s: A.With, index: number, frame: Frame): Generator<PyValue, Completion, PyValue> {
    if (index >= s.items.length) return yield* this.gExecBlock(s.body, frame);
    const item = s.items[index];
    const mgr = yield* this.gEval(item.contextExpr, frame);
    const t = typeOf(mgr);
    const enter = t.lookup('__enter__');
    const exit = t.lookup('__exit__');
    if (enter === undefined || exit === undefined) {
      raiseTypeError(`'${t.name}' object does not support the context manager protocol` + (enter === undefined ? '' : ' (missed __exit__ method)'));
    }
    const v = callDescr(enter!, mgr, []);
    if (item.optionalVars !== null) this.assign(item.optionalVars, v, frame);
    let result: Completion;
    try {
      result = yield* this.gExecWith(s, index + 1, frame);
    } catch (e0) {
      const exc = this.toPyException(e0);
      const suppress = truthy(callDescr(exit!, mgr, [exc.cls, exc, null]));
      if (!suppress) throw exc;
      return NORMAL;
    }
    callDescr(exit!, mgr, [null, null, null]);
    return result;
  }

  /** An expression containing `yield` (mirrors evalExpr for the kinds a yield can sit in). */
  private *gEval(e: A.Expr, frame: Frame): Generator<PyValue, PyValue, PyValue> {
    if (!containsYield(e)) return this.evalExpr(e, frame);
    try {
      switch (e.kind) {
        case 'Yield': {
          const v = e.value === null ? null : yield* this.gEval(e.value, frame);
          return yield v;
        }
        case 'YieldFrom':
          return yield* this.gYieldFrom(yield* this.gEval(e.value, frame));
        case 'BinOp': {
          const l = yield* this.gEval(e.left, frame);
          return binaryOp(e.op, l, yield* this.gEval(e.right, frame));
        }
        case 'UnaryOp':
          return unaryOp(e.op, yield* this.gEval(e.operand, frame));
        case 'BoolOp': {
          let v: PyValue = null;
          const isAnd = e.op === 'and';
          for (let i = 0; i < e.values.length; i++) {
            v = yield* this.gEval(e.values[i], frame);
            if (truthy(v) !== isAnd) return v;
          }
          return v;
        }
        case 'IfExp':
          return truthy(yield* this.gEval(e.test, frame)) ? yield* this.gEval(e.body, frame) : yield* this.gEval(e.orelse, frame);
        case 'Compare': {
          let left = yield* this.gEval(e.left, frame);
          let result: PyValue = true;
          for (let i = 0; i < e.ops.length; i++) {
            const right = yield* this.gEval(e.comparators[i], frame);
            result = compareOp(e.ops[i], left, right);
            if (i < e.ops.length - 1 && !truthy(result)) return result;
            left = right;
          }
          return result;
        }
        case 'Attribute':
          return getAttr(yield* this.gEval(e.value, frame), e.attr);
        case 'Subscript': {
          const obj = yield* this.gEval(e.value, frame);
          return getItem(obj, yield* this.gEval(e.slice, frame));
        }
        case 'Tuple':
        case 'List': {
          const out: PyValue[] = [];
          for (const x of e.elts) {
            if (x.kind === 'Starred') out.push(...iterToArray(yield* this.gEval(x.value, frame)));
            else out.push(yield* this.gEval(x, frame));
          }
          return e.kind === 'Tuple' ? new PyTuple(out) : new PyList(out);
        }
        case 'Call': {
          const f = yield* this.gEval(e.func, frame);
          const args: PyValue[] = [];
          for (const a of e.args) {
            if (a.kind === 'Starred') args.push(...iterToArray(yield* this.gEval(a.value, frame)));
            else args.push(yield* this.gEval(a, frame));
          }
          let kwargs: KwArgs = null;
          for (const k of e.keywords) {
            kwargs ??= new Map();
            const v = yield* this.gEval(k.value, frame);
            if (k.arg === null) {
              const tmp = new PyDict();
              updateDict(tmp, v);
              for (const [kk, vv] of tmp.map.values()) this.putKwarg(kwargs, kk, vv, f);
            } else kwargs.set(k.arg, v);
          }
          const result = this.invoke(f, args, kwargs, e.range);
          if (this.hooks !== null && this.hooks.onCallResult) this.hooks.onCallResult(result, e.range);
          return result;
        }
      }
      return raise(NotImplementedErrorType, `'yield' inside this ${e.kind} expression is not supported`);
    } catch (err) {
      throw this.locate(err, e, frame);
    }
  }

  /** `yield from src`: delegates next/send/throw to a sub-generator; its return value is the result. */
  private *gYieldFrom(src: PyValue): Generator<PyValue, PyValue, PyValue> {
    const it = getIter(src);
    if (!(it instanceof PyGenerator)) {
      for (;;) {
        const x = it.next();
        if (x === STOP) return null;
        yield x;
      }
    }
    let mode: GenMode = GEN_SEND;
    let sent: PyValue = null;
    for (;;) {
      const r = this.resumeGenerator(it, mode, sent);
      if (r === STOP) return it.returnValue;
      try {
        sent = yield r;
        mode = GEN_SEND;
      } catch (e) {
        if (e instanceof PyException && e.cls.isSubtypeOf(GeneratorExitType)) {
          this.closeGenerator(it);
          throw e;
        }
        if (!(e instanceof PyException)) throw e;
        mode = GEN_THROW;
        sent = e;
      }
    }
  }

  /** A generator expression: the first iterable is evaluated now, the rest lazily. */
  private makeGeneratorExp(e: A.GeneratorExp, frame: Frame): PyGenerator {
    const info = comprehensionScopeInfo(e);
    const parent = frame.info.kind === 'class' ? frame.parent : frame;
    const first = getIter(this.evalExpr(e.generators[0].iter, frame));
    const cf = new Frame(info, parent ?? null, frame.globals, '<genexpr>', frame.func);
    const outer = frame.info.kind === 'module' ? '' : frame.info.kind === 'class' ? (frame.vars.get('__qualname__') as string) + '.' : (frame.func ? frame.func.qualname : frame.codeName) + '.<locals>.';
    return new PyGenerator(this.generatorExpBody(e, cf, 0, first), '<genexpr>', outer + '<genexpr>');
  }

  private *generatorExpBody(e: A.GeneratorExp, cf: Frame, level: number, it: PyIterator): Generator<PyValue, PyValue, PyValue> {
    const g = e.generators[level];
    if (g.isAsync) raise(NotImplementedErrorType, "'async for' is not supported");
    const last = level + 1 === e.generators.length;
    try {
      for (;;) {
        const x = it.next();
        if (x === STOP) return null;
        if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
        this.assign(g.target, x, cf);
        let ok = true;
        for (const cond of g.ifs) {
          if (!truthy(this.evalExpr(cond, cf))) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        if (last) yield this.evalExpr(e.elt, cf);
        else yield* this.generatorExpBody(e, cf, level + 1, getIter(this.evalExpr(e.generators[level + 1].iter, cf)));
      }
    } catch (err) {
      throw this.locate(err, level === 0 ? e : g.iter, cf);
    }
  }

  private enterCall(): void {
    if (++this.depth > this.maxDepth) {
      this.depth--;
      raise(RecursionErrorType, 'maximum recursion depth exceeded');
    }
    if ((++this.ticks & BUDGET_MASK) === 0) this.checkBudget();
  }

  callFunction(f: PyFunction, args: PyValue[], kwargs: KwArgs): PyValue {
    const code = f.code as FuncCode;
    const frame = new Frame(code.info, f.scope as Frame | null, f.globals, f.name, f);
    this.bindArgs(f, code, args, kwargs, frame);
    // a generator function: the call only binds the arguments; the body runs on next()
    if (code.info.hasYield) return new PyGenerator(this.generatorFunctionBody(code, frame), f.name, f.qualname);
    this.enterCall();
    // the caller's line is current again after the call (warnings raised later in its statement)
    const callerLine = this.currentLine;
    try {
      const node = code.node;
      if (node.kind === 'Lambda') {
        frame.line = this.currentLine = node.body.range.line;
        return this.evalExpr(node.body, frame);
      }
      const body = node.body;
      for (let i = 0; i < body.length; i++) {
        if (this.execStmt(body[i], frame) === RETURN) return frame.retval;
      }
      return null;
    } finally {
      this.depth--;
      this.currentLine = callerLine;
    }
  }

  private bindArgs(f: PyFunction, code: FuncCode, args: PyValue[], kwargs: KwArgs, frame: Frame): void {
    const posNames = code.posNames;
    const nPos = posNames.length;
    const nArgs = args.length;
    // fast path: exact positional call
    if (nArgs === nPos && kwargs === null && code.kwNames.length === 0 && code.vararg === null && code.kwarg === null) {
      const slots = frame.slots;
      if (slots !== null && code.paramsInSlotOrder) for (let i = 0; i < nPos; i++) slots[i] = args[i];
      else for (let i = 0; i < nPos; i++) frame.setLocal(posNames[i], args[i]);
      return;
    }
    const fname = f.qualname + '()';
    const n = Math.min(nArgs, nPos);
    for (let i = 0; i < n; i++) frame.setLocal(posNames[i], args[i]);
    if (nArgs > nPos) {
      if (code.vararg === null) {
        const nDef = f.defaults.length;
        const kwGiven = kwargs ? [...kwargs.keys()].filter((k) => code.kwNames.includes(k)).length : 0;
        const takes = nDef > 0 ? `from ${nPos - nDef} to ${nPos}` : String(nPos);
        const plural = nPos === 1 && nDef === 0 ? 'argument' : 'arguments';
        const given = kwGiven > 0
          ? `${nArgs} positional argument${nArgs === 1 ? '' : 's'} (and ${kwGiven} keyword-only argument${kwGiven === 1 ? '' : 's'}) were given`
          : `${nArgs} ${nArgs === 1 ? 'was' : 'were'} given`;
        raiseTypeError(`${fname} takes ${takes} positional ${plural} but ${given}`);
      }
      frame.setLocal(code.vararg!, new PyTuple(args.slice(nPos)));
    } else if (code.vararg !== null) frame.setLocal(code.vararg, new PyTuple([]));
    let kwDict: PyDict | null = null;
    if (code.kwarg !== null) {
      kwDict = new PyDict();
      frame.setLocal(code.kwarg, kwDict);
    }
    if (kwargs !== null) {
      const posOnlyAsKw: string[] = [];
      for (const [k, v] of kwargs) {
        const idx = posNames.indexOf(k);
        if (idx >= code.nPosOnly || (idx < 0 && code.kwNames.includes(k))) {
          if (frame.getLocal(k) !== undefined) raiseTypeError(`${fname} got multiple values for argument '${k}'`);
          frame.setLocal(k, v);
        } else if (kwDict !== null) {
          kwDict.set(k, v);
        } else if (idx >= 0) {
          posOnlyAsKw.push(k);
        } else {
          const hint = closestName([...posNames.slice(code.nPosOnly), ...code.kwNames], k, true);
          raiseTypeError(`${fname} got an unexpected keyword argument '${k}'` + (hint !== null ? `. Did you mean '${hint}'?` : ''));
        }
      }
      if (posOnlyAsKw.length) raiseTypeError(`${fname} got some positional-only arguments passed as keyword arguments: '${posOnlyAsKw.join(', ')}'`);
    }
    if (nArgs < nPos) {
      const nDef = f.defaults.length;
      const missing: string[] = [];
      for (let i = nArgs; i < nPos; i++) {
        const name = posNames[i];
        if (frame.getLocal(name) !== undefined) continue;
        const di = i - (nPos - nDef);
        if (di >= 0) frame.setLocal(name, f.defaults[di]);
        else missing.push(name);
      }
      if (missing.length) raiseTypeError(`${fname} missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${listNames(missing)}`);
    }
    if (code.kwNames.length) {
      const missing: string[] = [];
      for (const k of code.kwNames) {
        if (frame.getLocal(k) !== undefined) continue;
        const d = f.kwDefaults.get(k);
        if (d !== undefined) frame.setLocal(k, d);
        else missing.push(k);
      }
      if (missing.length) raiseTypeError(`${fname} missing ${missing.length} required keyword-only argument${missing.length > 1 ? 's' : ''}: ${listNames(missing)}`);
    }
  }
}

function listNames(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return q[0] + ' and ' + q[1];
  return q.slice(0, -1).join(', ') + ', and ' + q[q.length - 1];
}



const NO_EXCEPTIONS: PyException[] = [];

/** Whether a statement or expression contains `yield` outside nested functions/classes/lambdas (cached). */
const yieldCache = new WeakMap<object, boolean>();
function containsYield(node: A.Stmt | A.Expr): boolean {
  let r = yieldCache.get(node);
  if (r === undefined) {
    r = findYield(node);
    yieldCache.set(node, r);
  }
  return r;
}
function findYield(root: object): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop() as { kind?: string } | null;
    if (!n || typeof n !== 'object') continue;
    const k = n.kind;
    if (k === 'Yield' || k === 'YieldFrom') return true;
    if (n !== root && (k === 'FunctionDef' || k === 'ClassDef' || k === 'Lambda')) continue;
    for (const key in n) {
      if (key === 'range' || key === 'scopeInfo') continue;
      const v = (n as Record<string, unknown>)[key];
      if (Array.isArray(v)) for (const x of v) stack.push(x);
      else if (v && typeof v === 'object' && 'kind' in (v as object)) stack.push(v);
    }
  }
  return false;
}

/** The loop's iterable expression made this generator (a call or generator expression), and it has not started yet. */
function ownedByLoop(s: A.For, g: PyGenerator): boolean {
  return !g.started && (s.iter.kind === 'Call' || s.iter.kind === 'GeneratorExp');
}

/** CPython's _PyObject_FunctionStr: `module.qualname()` (no module for builtins). */
function functionStr(f: PyValue): string {
  if (f instanceof BoundMethod) return functionStr(f.func);
  if (f instanceof PyFunction) return f.module === 'builtins' ? `${f.qualname}()` : `${f.module}.${f.qualname}()`;
  if (f instanceof PyType) return f.module === 'builtins' ? `${f.qualname}()` : `${f.module}.${f.qualname}()`;
  if (f instanceof NativeFunction) return (f.ownerName !== null && f.isMethod ? `${f.ownerName}.${f.name}` : f.name) + '()';
  return `${typeName(f)} object`;
}

function compareOp(op: A.CmpOperator, left: PyValue, right: PyValue): PyValue {
  switch (op) {
    case 'is':
      return isSame(left, right);
    case 'is not':
      return !isSame(left, right);
    case 'in':
      return contains(right, left);
    case 'not in':
      return !contains(right, left);
  }
  return compare(op, left, right);
}

function isSame(a: PyValue, b: PyValue): boolean {
  if (a === b) return true;
  // small ints and interned values: CPython caches -5..256; equal bigints compare as identical
  // here (documented deviation: `x is y` for equal large ints is True)
  return false;
}

export function constantValue(e: A.Constant): PyValue {
  switch (e.constType) {
    case 'Ellipsis':
      return Ellipsis;
    case 'bytes':
      return raise(NotImplementedErrorType, 'bytes literals are not supported');
    case 'complex':
      return raise(NotImplementedErrorType, 'complex numbers are not supported');
    default:
      return e.value as PyValue;
  }
}

function asciiRepr(v: PyValue): string {
  const r = repr(v);
  let out = '';
  for (const ch of r) {
    const c = ch.codePointAt(0)!;
    if (c < 128) out += ch;
    else if (c < 0x100) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out;
}

/** Maps an error thrown by JS code (engine errors, stack overflow, bugs) to a Python exception. */
export function jsErrorToPy(e: unknown): PyException {
  if (e instanceof PyException) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new PyException(RecursionErrorType, 'maximum recursion depth exceeded');
  }
  if (e instanceof RangeError && /BigInt/i.test(e.message)) return new PyException(OverflowErrorType, 'integer too large');
  if (e instanceof Error) {
    // engine errors carry their Python type by name (e.g. TorchError.pyType = 'RuntimeError')
    const pyType = (e as Error & { pyType?: unknown }).pyType;
    if (typeof pyType === 'string') {
      const t = EXCEPTION_TYPES.find((x) => x.name === pyType);
      if (t) return new PyException(t, e.message);
    }
    const exc = new PyException(SystemErrorType, `internal error: ${e.name}: ${e.message}`);
    (exc as PyException & { internal?: unknown }).internal = e;
    return exc;
  }
  const exc = new PyException(SystemErrorType, `internal error: ${String(e)}`);
  (exc as PyException & { internal?: unknown }).internal = e;
  return exc;
}
import { SystemErrorType } from './objects';

void [IndexErrorType, MemoryErrorType, TimeoutErrorType, IndentationErrorType, TabErrorType, BoundMethod];
