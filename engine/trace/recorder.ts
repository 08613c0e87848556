// The trace recorder: listens to the interpreter (TraceHooks) and to autograd
// (AutogradListener) while a script runs, and builds the TraceSnapshot / GraphModel.
//
// Cost model: the hooks do the least possible work per event (counters, a frozen copy of a
// small tensor, references kept for later); every text is formatted once, when the snapshot
// is built. Everything kept is capped (RecorderLimits), so a loop of a million iterations or
// a graph of 100,000 nodes gives a summarised trace, never an unbounded one.
import type * as P from '../protocol/trace';
import { stableNodeId, TRACE_SCHEMA_VERSION } from '../protocol/trace';
import { Tensor } from '../tensor/tensor';
import { Node } from '../autograd/node';
import { AccumulateGrad, existingAccumulator } from '../autograd/accumulate';
import { FunctionNode } from '../autograd/function';
import type { AutogradListener, CutKind } from '../autograd/events';
import type { TraceHooks, RunContext } from '../script/context';
import { currentContext } from '../script/context';
import type { Range } from '../script/ast';
import type { PyValue } from '../script/objects';
import { ModuleObject, namedParameters } from '../torch/nn';
import { freeze, fullRepr, fullTensorRepr, safeTypeName, shortOf, shortTensor } from './values';

export interface RecorderLimits {
  maxGraphNodes: number;
  maxGraphEdges: number;
  /** Backward calls recorded in full at the start of the run … */
  maxDetailedCalls: number;
  /** … and the last few (older ones of the tail keep only their summary). */
  maxTailDetailedCalls: number;
  /** Backward call records kept at all (the last one always replaces the newest beyond this). */
  maxCalls: number;
  /** Values kept per binding of a line run many times. */
  maxIterationValues: number;
  /** Prints, version bumps, cuts, zeroings, .grad-None records: each list up to this. */
  maxEvents: number;
  maxStdoutChars: number;
  maxTrackedTensors: number;
  maxShortChars: number;
  /** Full reprs put into the snapshot up to this many characters in total (the rest on demand). */
  maxReprBudgetChars: number;
}

export const DEFAULT_LIMITS: RecorderLimits = {
  // Everything kept holds tensors (and through them graphs) alive: the caps are sized so a long
  // training loop traced stays within 1.5x of an untraced run (GC is the cost, not the hooks).
  maxGraphNodes: 1000,
  maxGraphEdges: 3000,
  maxDetailedCalls: 50,
  maxTailDetailedCalls: 5,
  maxCalls: 500,
  maxIterationValues: 100,
  maxEvents: 500,
  maxStdoutChars: 1 << 20,
  maxTrackedTensors: 1000,
  maxShortChars: 80,
  maxReprBudgetChars: 2_000_000,
};

/** What the recorder keeps on a Tensor (its free `traceInfo` slot). */
interface TensorTrace {
  name?: string;
  createdAt?: Range;
  /** Graph node standing for the tensor (leaf / tensor / output). */
  nodeId?: string;
  /** For a leaf: its AccumulateGrad graph node. */
  accId?: string;
  cut?: { reason: P.CutReason; line: number; range?: Range; from: Tensor };
  /** Line that last set `.grad` to None. */
  zeroLine?: number;
}

interface BindingState {
  name: string;
  range: Range;
  last: PyValue;
  lastRaw: PyValue;
  iterations: PyValue[];
  omitted: number;
}

interface LineState {
  count: number;
  lastExec: number;
  bindings: Map<string, BindingState>;
  exprs: Map<string, { range: Range; last: PyValue; raw: PyValue }>;
  prints: string[];
  printsExec: number;
  /** Index of the last backward call made on this line. */
  lastCall: number;
}

interface StepState {
  node: Node;
  gradOutputs: (Tensor | null)[];
  gradInputs: (Tensor | null)[];
}

interface CallState {
  index: number;
  kind: 'backward' | 'grad';
  line: number;
  range?: Range;
  roots: Tensor[];
  rootNodeIds: string[];
  retainGraph: boolean;
  createGraph: boolean;
  detailed: boolean;
  steps: StepState[];
  leafGrads: { leaf: Tensor; before: Tensor | null; after: Tensor }[];
  hooks: { node: Node; before: Tensor; after: Tensor }[];
  freedNodeIds: string[];
  error?: string;
  failedNodeId?: string;
  origin?: 'script' | 'backwardAgain';
}

interface CutState {
  line: number;
  range?: Range;
  reason: P.CutReason;
  from: Tensor[];
  to: Tensor[];
}

interface ZeroingState {
  line: number;
  kind: P.ZeroingEvent['kind'];
  tensors: Tensor[];
  exec: number;
  origin?: 'script' | 'zeroGrads';
}

const NON_LEAF_WARNING_START = 'The .grad attribute of a Tensor that is not a leaf Tensor';

function contains(a: Range, b: Range): boolean {
  const startsBefore = a.line < b.line || (a.line === b.line && a.col <= b.col);
  const endsAfter = a.endLine > b.endLine || (a.endLine === b.endLine && a.endCol >= b.endCol);
  return startsBefore && endsAfter;
}

function rangeKey(r: Range | undefined): string {
  return r ? `${r.line}:${r.col}-${r.endLine}:${r.endCol}` : 'nowhere';
}

function toSourceRange(r: Range): P.SourceRange {
  return { line: r.line, col: r.col, endLine: r.endLine, endCol: r.endCol };
}

function traceOf(t: Tensor): TensorTrace {
  let info = t.traceInfo as TensorTrace | undefined;
  if (info === undefined) t.traceInfo = info = {};
  return info;
}

export class Recorder implements AutogradListener, TraceHooks {
  readonly limits: RecorderLimits;
  private readonly sourceLines: string[];
  private ctx: RunContext | null = null;

  // ---- where the run is
  private curStmt: Range | null = null;
  private curLine = 0;
  private stmtSerial = 0;
  /** Statement ranges seen so far, by start line (to find the statement around a call). */
  private stmtsByLine: Range[][] = [];
  private seenStmts = new Set<Range>();
  /** Method name of a call range (`w.grad.zero_()` → `zero_`), cached by AST range. */
  private callNames = new WeakMap<Range, string>();

  // ---- per line
  private lines: (LineState | undefined)[] = [];
  private stdoutParts: string[] = [];
  private stdoutChars = 0;
  private stdoutTruncated = false;
  private prints: P.PrintRecord[] = [];

  // ---- graph
  private nodes: P.GraphNode[] = [];
  private nodeById = new Map<string, P.GraphNode>();
  private nodeOccurrence = new Map<string, number>();
  /** Per node: how many nodes with the same label came from the same range before it (loop iteration). */
  private iterationOf = new Map<string, { key: string; occ: number }>();
  private labelOccurrence = new Map<string, number>();
  private nodeTensor = new Map<string, Tensor>();
  private nodeFn = new Map<string, Node>();
  private freedByCall = new Map<string, number>();
  /** grad_fn graph node → the named tensor node it produced (for hooks on non-leaf tensors). */
  private tensorNodeOfFn = new Map<string, string>();
  private edges: P.GraphEdge[] = [];
  private edgeKeys = new Set<string>();
  private nodesDropped = 0;
  private edgesDropped = 0;

  // ---- events
  private calls: CallState[] = [];
  private callCount = 0;
  private backwardKinds = { backward: 0, grad: 0 };
  private current: CallState | null = null;
  private detailedTail: CallState[] = [];
  private callsSummarised = 0;
  private callsDropped = 0;
  private cuts: CutState[] = [];
  private zeroings: ZeroingState[] = [];
  private bumps: { line: number; t: Tensor; version: number; op?: string }[] = [];
  private gradNone: P.GradNoneReason[] = [];
  private gradNoneSeen = new Set<string>();
  private nonLeafReads = new Map<number, P.SourceRange>();
  private eventsDropped = 0;

  // ---- tensors in the snapshot
  private tracked = new Map<Tensor, string>();

  constructor(source: string, limits: Partial<RecorderLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.sourceLines = source.split(/\r?\n/);
  }

  // =============================================================== interpreter hooks

  onLine(line: number, range: Range): void {
    if (this.ctx === null) this.ctx = safeContext();
    this.stmtSerial++;
    this.curStmt = range;
    this.curLine = line;
    if (!this.seenStmts.has(range)) {
      this.seenStmts.add(range);
      (this.stmtsByLine[line] ??= []).push(range);
    }
    const ls = this.lineState(line);
    ls.count++;
    ls.lastExec = this.stmtSerial;
  }

  onBind(name: string, value: PyValue, range: Range): void {
    const ls = this.lineState(range.line);
    const rec = value instanceof Tensor ? freeze(value) : value;
    let b = ls.bindings.get(name);
    if (b === undefined) {
      b = { name, range, last: rec, lastRaw: value, iterations: [], omitted: 0 };
      ls.bindings.set(name, b);
    }
    b.last = rec;
    b.lastRaw = value;
    if (b.iterations.length < this.limits.maxIterationValues) b.iterations.push(rec);
    else b.omitted++;
    if (value instanceof Tensor) this.noteName(value, name);
  }

  onExprValue(value: PyValue, range: Range): void {
    if (value === null) return; // print(...), backward(): nothing worth showing
    const ls = this.lineState(range.line);
    const key = rangeKey(range);
    const rec = value instanceof Tensor ? freeze(value) : value;
    const e = ls.exprs.get(key);
    if (e === undefined) ls.exprs.set(key, { range, last: rec, raw: value });
    else {
      e.last = rec;
      e.raw = value;
    }
  }

  onCallResult(value: PyValue, range: Range): void {
    // Back from a Python function: the statement running is again the one around this call.
    if (this.curStmt !== null && !contains(this.curStmt, range)) this.restoreStatement(range);
    if (value instanceof Tensor) {
      if (value.traceInfo === undefined) value.traceInfo = { createdAt: range } as TensorTrace;
    } else if (value instanceof ModuleObject) {
      // Parameters are made inside the module's constructor: they come from this call.
      for (const [, p] of namedParameters(value)) if (p.traceInfo === undefined) p.traceInfo = { createdAt: range } as TensorTrace;
    }
  }

  /** Receives what the script prints (one call per print()). */
  onStdout(text: string): void {
    if (!this.stdoutTruncated) {
      if (this.stdoutChars + text.length > this.limits.maxStdoutChars) this.stdoutTruncated = true;
      else {
        this.stdoutParts.push(text);
        this.stdoutChars += text.length;
      }
    }
    const line = this.curLine;
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    if (this.prints.length < this.limits.maxEvents) this.prints.push({ line, text: body });
    else this.eventsDropped++;
    if (line > 0) {
      const ls = this.lineState(line);
      if (ls.printsExec !== ls.lastExec) {
        ls.prints = [];
        ls.printsExec = ls.lastExec;
      }
      if (ls.prints.length < this.limits.maxIterationValues) ls.prints.push(body);
    }
  }

  // =============================================================== autograd events

  onNodeCreated(node: Node, inputs: Tensor[], outputs: Tensor[]): void {
    const range = this.origin();
    for (let i = 0; i < outputs.length; i++) {
      const info = traceOf(outputs[i]);
      if (info.createdAt === undefined && range !== null) info.createdAt = range;
    }
    // Sources first, so the node list is in topological (model) order for the layout.
    const edges = node.nextEdges;
    const aligned = inputs.length === edges.length;
    const sources: (string | null)[] = [];
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i];
      sources.push(e === null ? null : this.sourceNode(aligned ? inputs[i] : undefined, e.node));
    }
    const g = this.addNode('grad_fn', range, node.name());
    if (g === null) return;
    node.traceInfo = g.id;
    this.nodeFn.set(g.id, node);
    if (node instanceof FunctionNode && node.spec.formula) g.formula = node.spec.formula.join('; ');
    if (node.saved.length > 0) {
      g.saved = node.saved.map((s, i) => {
        const t = s.tensor;
        let name = `saved${i}`;
        if (t !== null) {
          const at = inputs.indexOf(t);
          if (at === 0) name = 'self';
          else if (at > 0) name = at === 1 ? 'other' : `input${at}`;
          else if (outputs.includes(t)) name = 'result';
        }
        const info: P.SavedTensorInfo = { name, version: s.savedVersion, freed: false };
        const id = t !== null ? this.track(t) : undefined;
        if (id !== undefined) info.tensorId = id;
        return info;
      });
    }
    for (let i = 0; i < sources.length; i++) {
      const from = sources[i];
      if (from !== null) this.addEdge(from, g.id, 'flow', i);
    }
  }

  onBackwardStart(roots: Tensor[], kind: 'backward' | 'grad', options?: { retainGraph: boolean; createGraph: boolean }): void {
    const index = this.callCount++;
    this.backwardKinds[kind]++;
    const detailed = index < this.limits.maxDetailedCalls || this.limits.maxTailDetailedCalls > 0;
    const call: CallState = {
      index, kind, line: this.curLine, roots,
      rootNodeIds: [],
      retainGraph: options?.retainGraph ?? false,
      createGraph: options?.createGraph ?? false,
      detailed, steps: [], leafGrads: [], hooks: [], freedNodeIds: [],
    };
    const callRange = (this.ctx !== null ? this.ctx.currentRange() : null) ?? this.curStmt ?? undefined;
    if (callRange) call.range = callRange;
    for (const r of roots) {
      const id = this.rootNode(r);
      if (id !== null) call.rootNodeIds.push(id);
    }
    this.current = call;
    if (this.curLine > 0) this.lineState(this.curLine).lastCall = index;
    // Keep the first calls in full, and a short tail of the latest ones.
    if (index >= this.limits.maxDetailedCalls) {
      this.detailedTail.push(call);
      if (this.detailedTail.length > this.limits.maxTailDetailedCalls) this.summarise(this.detailedTail.shift()!);
    }
    if (this.calls.length < this.limits.maxCalls) this.calls.push(call);
    else {
      const dropped = this.calls[this.calls.length - 1];
      if (dropped.detailed) this.summarise(dropped);
      this.calls[this.calls.length - 1] = call;
      this.callsDropped++;
    }
  }

  onNodeRun(node: Node, gradOutputs: (Tensor | null)[], gradInputs: (Tensor | null)[]): void {
    const call = this.current;
    if (call !== null && call.detailed) call.steps.push({ node, gradOutputs, gradInputs });
  }

  onAccumulate(leaf: Tensor, before: Tensor | null, after: Tensor): void {
    const call = this.current;
    if (call !== null && call.detailed) call.leafGrads.push({ leaf, before, after: freeze(after) });
  }

  onHookFired(_tensor: Tensor | null, node: Node, before: Tensor, after: Tensor): void {
    const call = this.current;
    if (call !== null && call.detailed) call.hooks.push({ node, before, after });
  }

  onSavedFreed(node: Node): void {
    const id = node.traceInfo;
    if (typeof id !== 'string') return;
    const g = this.nodeById.get(id);
    if (g === undefined) return;
    g.flags.freed = true;
    if (g.saved) for (const s of g.saved) {
      s.freed = true;
      s.freedAtLine = this.curLine;
    }
    const call = this.current;
    if (call !== null) {
      this.freedByCall.set(id, call.index);
      if (call.detailed) call.freedNodeIds.push(id);
    }
  }

  onBackwardEnd(error?: unknown): void {
    const call = this.current;
    this.current = null;
    if (call === null || error === undefined) return;
    call.error = error instanceof Error ? error.message : String(error);
    const failed = findFailedNode(call.roots);
    if (failed !== null && typeof failed.traceInfo === 'string') call.failedNodeId = failed.traceInfo;
  }

  onVersionBump(t: Tensor): void {
    const op = this.currentCallName();
    if (this.bumps.length < this.limits.maxEvents) this.bumps.push({ line: this.curLine, t, version: t.version.value, op });
    else this.eventsDropped++;
    if (op === 'zero_' || op === 'zero_grad') {
      // `x.grad.zero_()`: find whose .grad this is among the leaves seen (no per-event
      // bookkeeping: a WeakMap entry per gradient costs more GC than this rare scan).
      for (const leaf of this.nodeTensor.values()) if (leaf.grad === t) return this.addZeroing(leaf, 'zero_');
      for (const leaf of this.tracked.keys()) if (leaf.grad === t) return this.addZeroing(leaf, 'zero_');
    }
  }

  onCut(inputs: Tensor[], outputs: Tensor[], kind: CutKind): void {
    // Ops a backward pass runs on saved tensors (grad mode off) are not the script's cuts.
    if (this.current !== null) return;
    const range = this.origin();
    const line = range?.line ?? this.curLine;
    const from = inputs.filter((t) => t.requiresGrad);
    if (from.length === 0) return;
    const fresh = outputs.filter((o) => !inputs.includes(o));
    if (fresh.length === 0) {
      // An in-place write: under no_grad it is an update (optimizer step), not a cut; detach_()
      // and requires_grad_(False) cut the tensor itself.
      if (kind === 'no_grad' || kind === 'inference_mode') return;
      for (const t of outputs) {
        const info = traceOf(t);
        info.cut = { reason: kind, line, range: range ?? undefined, from: t };
        if (info.nodeId) {
          const g = this.nodeById.get(info.nodeId);
          if (g) g.flags.cut = { reason: kind, line };
        }
      }
    } else {
      for (const o of fresh) {
        const info = traceOf(o);
        if (info.createdAt === undefined && range) info.createdAt = range;
        info.cut = { reason: kind, line, range: range ?? undefined, from: from[0] };
      }
    }
    if (this.cuts.length < this.limits.maxEvents) {
      this.cuts.push({ line, range: range ?? undefined, reason: kind, from, to: fresh });
    } else this.eventsDropped++;
  }

  onGradRead(t: Tensor, value: Tensor | null): void {
    if (value !== null) return;
    const info = traceOf(t);
    const name = info.name ?? 'tensor';
    const line = this.curLine;
    const key = `${line}\0${t.id}`;
    if (this.gradNoneSeen.has(key)) return;
    const range = this.gradAccessRange(name);
    if (!t.isLeaf && !t.retainsGrad) this.nonLeafReads.set(line, range);
    if (this.gradNone.length >= this.limits.maxEvents) {
      this.eventsDropped++;
      return;
    }
    this.gradNoneSeen.add(key);
    const id = this.track(t);
    const r: P.GradNoneReason = { range, line, name, cause: 'no_backward', message: '' };
    if (id !== undefined) r.tensorId = id;
    explainGradNone(r, t, info, this.backwardKinds, this.cuts);
    this.gradNone.push(r);
  }

  onGradSet(t: Tensor, value: Tensor | null, via: 'assign' | 'zero_grad'): void {
    if (value !== null) {
      this.addZeroing(t, 'assign');
      return;
    }
    traceOf(t).zeroLine = this.curLine;
    void via;
    this.addZeroing(t, 'set_to_none');
  }

  // =============================================================== helpers (recording)

  private lineState(line: number): LineState {
    let ls = this.lines[line];
    if (ls === undefined) {
      ls = { count: 0, lastExec: -1, bindings: new Map(), exprs: new Map(), prints: [], printsExec: -2, lastCall: -1 };
      this.lines[line] = ls;
    }
    return ls;
  }

  /** The innermost seen statement around `r`: statements nest, so the latest start that contains it. */
  private statementAround(r: Range): Range | null {
    for (let line = r.line; line >= 1; line--) {
      const list = this.stmtsByLine[line];
      if (list === undefined) continue;
      for (let i = list.length - 1; i >= 0; i--) if (contains(list[i], r)) return list[i];
    }
    return null;
  }

  private restoreStatement(r: Range): void {
    const s = this.statementAround(r);
    if (s !== null) {
      this.curStmt = s;
      this.curLine = s.line;
    }
  }

  /** Where the event being recorded comes from: the innermost call in this statement, else the statement. */
  private origin(): Range | null {
    const call = this.ctx !== null ? this.ctx.currentRange() : null;
    const stmt = this.curStmt;
    if (call !== null && stmt !== null) {
      if (contains(stmt, call)) return call;
      // A loop or if header re-evaluated around the current statement (`while y.data.norm() < 1000:`).
      const outer = this.statementAround(call);
      if (outer !== null && contains(outer, stmt)) return call;
    }
    return stmt ?? call;
  }

  private currentCallName(): string | undefined {
    const r = this.ctx !== null ? this.ctx.currentRange() : null;
    if (r === null) return undefined;
    let name = this.callNames.get(r);
    if (name === undefined) {
      name = calleeName(this.sourceLines, r) ?? '';
      this.callNames.set(r, name);
    }
    return name === '' ? undefined : name;
  }

  /** The range of `name.grad` on the current line, else the statement. */
  private gradAccessRange(name: string): P.SourceRange {
    const line = this.curLine;
    const text = this.sourceLines[line - 1] ?? '';
    const needle = `${name}.grad`;
    let at = text.indexOf(needle);
    while (at > 0 && /[\w.]/.test(text[at - 1])) at = text.indexOf(needle, at + 1);
    if (at >= 0) return { line, col: at, endLine: line, endCol: at + needle.length };
    const s = this.curStmt;
    return s ? toSourceRange(s) : { line, col: 0, endLine: line, endCol: text.length };
  }

  private addZeroing(t: Tensor, kind: P.ZeroingEvent['kind']): void {
    const last = this.zeroings[this.zeroings.length - 1];
    if (last !== undefined && last.exec === this.stmtSerial && last.kind === kind && last.line === this.curLine) {
      if (!last.tensors.includes(t)) last.tensors.push(t);
      return;
    }
    if (this.zeroings.length >= this.limits.maxEvents) {
      this.eventsDropped++;
      return;
    }
    this.zeroings.push({ line: this.curLine, kind, tensors: [t], exec: this.stmtSerial, origin: this.actionOrigin });
  }

  /** Set while a live-session action (Backward Again, Zero Grads) runs. */
  actionOrigin: 'script' | 'zeroGrads' | undefined = undefined;

  private summarise(call: CallState): void {
    if (!call.detailed) return;
    call.detailed = false;
    call.steps = [];
    call.leafGrads = [];
    call.hooks = [];
    call.freedNodeIds = [];
    call.roots = [];
    this.callsSummarised++;
  }

  private track(t: Tensor): string | undefined {
    let id = this.tracked.get(t);
    if (id !== undefined) return id;
    if (this.tracked.size >= this.limits.maxTrackedTensors) return undefined;
    id = `t${t.id}`;
    this.tracked.set(t, id);
    return id;
  }

  private addNode(kind: P.GraphNodeKind, range: Range | null | undefined, label: string): P.GraphNode | null {
    if (this.nodes.length >= this.limits.maxGraphNodes) {
      this.nodesDropped++;
      return null;
    }
    const r = range ?? undefined;
    const key = `${kind}@${rangeKey(r)}`;
    const occ = this.nodeOccurrence.get(key) ?? 0;
    this.nodeOccurrence.set(key, occ + 1);
    const id = stableNodeId(kind, r, occ);
    const g: P.GraphNode = { id, kind, label, flags: {} };
    if (r) {
      g.range = toSourceRange(r);
      g.line = r.line;
    }
    this.nodes.push(g);
    this.nodeById.set(id, g);
    const labelKey = `${key}\0${label}`;
    const iteration = this.labelOccurrence.get(labelKey) ?? 0;
    this.labelOccurrence.set(labelKey, iteration + 1);
    this.iterationOf.set(id, { key: labelKey, occ: iteration });
    return g;
  }

  private addEdge(from: string, to: string, kind: P.GraphEdgeKind, inputIndex?: number, extra?: Partial<P.GraphEdge>): void {
    const id = `${kind}:${from}->${to}${inputIndex !== undefined ? `#${inputIndex}` : ''}`;
    if (this.edgeKeys.has(id)) return;
    if (this.edges.length >= this.limits.maxGraphEdges) {
      this.edgesDropped++;
      return;
    }
    this.edgeKeys.add(id);
    const e: P.GraphEdge = { id, from, to, kind, ...extra };
    if (inputIndex !== undefined) e.inputIndex = inputIndex;
    this.edges.push(e);
  }

  private tensorNodeOf(t: Tensor, kind: P.GraphNodeKind, label: string): P.GraphNode | null {
    const info = traceOf(t);
    const g = this.addNode(kind, info.createdAt, label);
    if (g === null) return null;
    info.nodeId = g.id;
    this.nodeTensor.set(g.id, t);
    const id = this.track(t);
    if (id !== undefined) g.tensorId = id;
    return g;
  }

  private leafNode(leaf: Tensor): string | null {
    const info = traceOf(leaf);
    if (info.nodeId !== undefined) return info.nodeId;
    return this.tensorNodeOf(leaf, 'leaf', info.name ?? '')?.id ?? null;
  }

  private accNode(leaf: Tensor, acc: Node | undefined): string | null {
    const info = traceOf(leaf);
    if (info.accId !== undefined) return info.accId;
    const leafId = this.leafNode(leaf);
    const g = this.addNode('accumulate_grad', info.createdAt, 'AccumulateGrad');
    if (g === null) return null;
    info.accId = g.id;
    const engineNode = acc ?? existingAccumulator(leaf);
    if (engineNode !== undefined) {
      engineNode.traceInfo = g.id;
      this.nodeFn.set(g.id, engineNode);
    }
    this.nodeTensor.set(g.id, leaf);
    if (leafId !== null) this.addEdge(leafId, g.id, 'flow', 0);
    return g.id;
  }

  /** The graph node a gradient edge starts from, in forward direction. */
  private sourceNode(input: Tensor | undefined, fn: Node): string | null {
    if (fn instanceof AccumulateGrad) return this.accNode(fn.variable, fn);
    if (input !== undefined) {
      const info = input.traceInfo as TensorTrace | undefined;
      if (info?.nodeId !== undefined && input.gradFn === fn) return info.nodeId;
    }
    return this.fnNode(fn);
  }

  /** The graph node of an engine Node, made on demand for nodes created before recording began. */
  private fnNode(fn: Node): string | null {
    if (typeof fn.traceInfo === 'string' && this.nodeById.has(fn.traceInfo)) return fn.traceInfo;
    if (fn instanceof AccumulateGrad) return this.accNode(fn.variable, fn);
    const g = this.addNode('grad_fn', undefined, fn.name());
    if (g === null) return null;
    fn.traceInfo = g.id;
    this.nodeFn.set(g.id, fn);
    return g.id;
  }

  /** A tensor got its first name: it may now deserve a node of its own. */
  private noteName(t: Tensor, name: string): void {
    const info = traceOf(t);
    if (info.name !== undefined) return;
    info.name = name;
    if (info.createdAt === undefined && this.curStmt !== null) info.createdAt = this.curStmt;
    if (info.nodeId !== undefined) {
      const g = this.nodeById.get(info.nodeId);
      if (g !== undefined && g.label === '') g.label = name;
      return;
    }
    if (t.gradFn !== null) {
      const g = this.tensorNodeOf(t, 'tensor', name);
      const fnId = g !== null ? this.fnNode(t.gradFn as Node) : null;
      if (g !== null && fnId !== null) {
        this.addEdge(fnId, g.id, 'flow', t.outputNr);
        if (!this.tensorNodeOfFn.has(fnId)) this.tensorNodeOfFn.set(fnId, g.id);
      }
    } else if (t.leafRequiresGrad) {
      this.leafNode(t);
    } else if (info.cut !== undefined) {
      const g = this.tensorNodeOf(t, 'leaf', name);
      const from = this.cutSource(info.cut.from);
      if (g !== null && from !== null) {
        this.addEdge(from, g.id, 'cut', undefined, { reason: info.cut.reason, line: info.cut.line });
      }
    }
  }

  private cutSource(t: Tensor): string | null {
    const info = traceOf(t);
    if (info.nodeId !== undefined) return info.nodeId;
    if (t.gradFn !== null) return this.fnNode(t.gradFn as Node);
    if (t.leafRequiresGrad) return this.leafNode(t);
    return null;
  }

  private rootNode(root: Tensor): string | null {
    const info = traceOf(root);
    if (info.nodeId !== undefined) {
      const g = this.nodeById.get(info.nodeId);
      if (g !== undefined && g.kind === 'tensor') g.kind = 'output';
      return info.nodeId;
    }
    if (root.gradFn === null) return this.leafNode(root);
    const g = this.tensorNodeOf(root, 'output', info.name ?? '');
    const fnId = g !== null ? this.fnNode(root.gradFn as Node) : null;
    if (g !== null && fnId !== null) {
      this.addEdge(fnId, g.id, 'flow', root.outputNr);
      if (!this.tensorNodeOfFn.has(fnId)) this.tensorNodeOfFn.set(fnId, g.id);
    }
    return g?.id ?? null;
  }

  // =============================================================== the snapshot

  /** Names the parameters of the nn.Modules bound in `globals` (`net.hidden.weight`). */
  nameParameters(globals: Map<string, PyValue> | undefined, namedParameters: (m: PyValue) => [string, Tensor][] | null): void {
    if (!globals) return;
    for (const [gname, v] of globals) {
      if (gname.startsWith('__')) continue;
      let params: [string, Tensor][] | null = null;
      try {
        params = namedParameters(v);
      } catch {
        params = null;
      }
      if (params === null) continue;
      for (const [pname, p] of params) {
        const info = traceOf(p);
        if (info.name !== undefined) continue;
        info.name = `${gname}.${pname}`;
        if (info.nodeId !== undefined) {
          const g = this.nodeById.get(info.nodeId);
          if (g !== undefined && g.label === '') g.label = info.name;
        }
      }
    }
  }

  /** Builds the snapshot from what was recorded and the live state of the tensors now. */
  build(run: { status: P.RunStatus; durationMs: number; errors: P.ErrorRecord[]; warnings: { category: string; message: string; line: number }[]; note?: string }): { snapshot: P.TraceSnapshot; reprSource: Map<string, PyValue> } {
    const max = this.limits.maxShortChars;
    const reprSource = new Map<string, PyValue>();
    const reprs: Record<string, string> = {};
    let reprBudget = this.limits.maxReprBudgetChars;
    let nextRepr = 0;
    const reprIdOf = (v: PyValue): string => {
      const id = `r${nextRepr++}`;
      reprSource.set(id, v);
      if (reprBudget > 0) {
        const text = fullRepr(v);
        if (text.length <= reprBudget) {
          reprs[id] = text;
          reprBudget -= text.length;
        } else reprBudget = 0;
      }
      return id;
    };
    const valueRef = (shown: PyValue, live: PyValue, withRepr: boolean): P.ValueRef => {
      const ref: P.ValueRef = { short: shortOf(shown, max), type: safeTypeName(shown) };
      if (withRepr) ref.reprId = reprIdOf(shown);
      if (live instanceof Tensor) {
        const id = this.track(live);
        if (id !== undefined) ref.tensorId = id;
      }
      return ref;
    };
    const nameOf = (t: Tensor): string => (t.traceInfo as TensorTrace | undefined)?.name ?? `t${t.id}`;
    const graphIdOf = (t: Tensor): string | undefined => {
      const info = t.traceInfo as TensorTrace | undefined;
      return info?.nodeId;
    };

    // ---- backward calls
    const backwardCalls: P.BackwardCall[] = this.calls.map((c) => {
      const call: P.BackwardCall = {
        index: c.index, kind: c.kind, line: c.line, rootNodeIds: c.rootNodeIds, retainGraph: c.retainGraph, createGraph: c.createGraph,
        steps: c.steps.map((s) => {
          const id = typeof s.node.traceInfo === 'string' ? s.node.traceInfo : '';
          const step: P.BackwardStep = {
            nodeId: id,
            label: s.node.name(),
            gradOutputs: s.gradOutputs.map((g) => shortTensor(g, max)),
            gradInputs: s.gradInputs.map((g) => shortTensor(g, max)),
          };
          const g = this.nodeById.get(id);
          if (g?.formula) step.formula = g.formula;
          return step;
        }),
        leafGrads: c.leafGrads.map((lg) => gradChangeOf(lg.leaf, lg.before, lg.after, this.track(lg.leaf))),
        hooks: c.hooks.map((h) => {
          const leaf = h.node instanceof AccumulateGrad ? h.node.variable : null;
          const fnId = typeof h.node.traceInfo === 'string' ? h.node.traceInfo : '';
          const nodeId = (leaf !== null ? graphIdOf(leaf) : this.tensorNodeOfFn.get(fnId)) ?? fnId;
          const fired: P.HookFired = {
            nodeId, hookKind: 'tensor', before: shortTensor(h.before, max), after: shortTensor(h.after, max), changed: h.before !== h.after,
          };
          if (leaf !== null) {
            const id = this.track(leaf);
            if (id !== undefined) fired.tensorId = id;
          }
          return fired;
        }),
        freedNodeIds: c.freedNodeIds,
      };
      if (c.range) call.range = toSourceRange(c.range);
      if (c.error !== undefined) call.error = c.error;
      if (c.failedNodeId !== undefined) call.failedNodeId = c.failedNodeId;
      if (!c.detailed) call.summarised = true;
      if (c.origin) call.origin = c.origin;
      return call;
    });
    function gradChangeOf(this: void, leaf: Tensor, before: Tensor | null, after: Tensor, tensorId: string | undefined): P.GradChange {
      const ch: P.GradChange = { name: nameOf(leaf), before: shortTensor(before, max), after: shortTensor(after, max)! };
      if (tensorId !== undefined) ch.tensorId = tensorId;
      const nodeId = graphIdOf(leaf);
      if (nodeId !== undefined) ch.nodeId = nodeId;
      const floating = after.dtype === 'float32' || after.dtype === 'float64';
      if (before !== null && floating && before.numel === after.numel && after.numel <= 4096) {
        // What this call added: after - before, in the gradient's own dtype.
        const a = after.data();
        const b = before.data();
        const diff = after.dtype === 'float64' ? new Float64Array(a.length) : new Float32Array(a.length);
        for (let i = 0; i < a.length; i++) diff[i] = a[i] - b[i];
        ch.delta = shortTensor(new Tensor(diff, after.shape.slice(), after.dtype), max)!;
      }
      return ch;
    }

    // ---- lines
    const lineRecords: P.LineRecord[] = [];
    for (let line = 1; line < this.lines.length; line++) {
      const ls = this.lines[line];
      if (ls === undefined) continue;
      const rec: P.LineRecord = { line, count: ls.count, bindings: [], exprs: [], prints: ls.printsExec === ls.lastExec ? ls.prints.slice() : [] };
      for (const b of ls.bindings.values()) {
        const binding: P.Binding = { name: b.name, value: valueRef(b.last, b.lastRaw, true), range: toSourceRange(b.range) };
        if (b.iterations.length > 1 || b.omitted > 0) {
          binding.iterations = b.iterations.map((v) => valueRef(v, null, false));
          if (b.omitted > 0) binding.iterationsOmitted = b.omitted;
        }
        rec.bindings.push(binding);
      }
      for (const e of ls.exprs.values()) rec.exprs.push({ range: toSourceRange(e.range), value: valueRef(e.last, e.raw, true) });
      if (ls.lastCall >= 0) {
        const call = backwardCalls.find((c) => c.index === ls.lastCall);
        if (call && call.leafGrads.length > 0) rec.gradChanges = call.leafGrads;
      }
      if (rec.count === 0 && rec.bindings.length === 0 && rec.prints.length === 0) continue;
      lineRecords.push(rec);
    }

    // ---- graph nodes: fill live state
    const occTotal = this.labelOccurrence;
    for (const g of this.nodes) {
      const occ = this.iterationOf.get(g.id);
      // Several nodes from one range on a line that ran several times: loop iterations.
      if (occ && (occTotal.get(occ.key) ?? 0) > 1 && g.line !== undefined && (this.lines[g.line]?.count ?? 0) > 1) g.flags.iteration = occ.occ;
      const t = this.nodeTensor.get(g.id);
      if (t !== undefined) {
        const info = t.traceInfo as TensorTrace | undefined;
        if (info?.name !== undefined) {
          g.name = info.name;
          if (g.label === '' && g.kind !== 'accumulate_grad') g.label = info.name;
        }
        if (g.label === '') g.label = g.kind === 'output' ? 'output' : g.kind === 'leaf' ? 'leaf' : 'tensor';
        if (g.kind !== 'accumulate_grad') {
          g.shape = t.shape.slice();
          g.dtype = `torch.${t.dtype}`;
          g.value = shortTensor(t, max)!;
          g.flags.requiresGrad = t.requiresGrad;
          g.flags.isLeaf = t.isLeaf;
          if (t.retainsGrad) g.flags.retainsGrad = true;
          if (t.isLeaf || t.retainsGrad) g.grad = shortTensor(t.grad, max);
          if (t.hooks !== null && t.hooks.length > 0) {
            g.flags.hooks = t.hooks.length;
            const removed = t.hooks.filter((h) => h.removed).length;
            if (removed > 0) g.flags.hooksRemoved = removed;
          }
          if (info?.cut !== undefined && info.cut.from === t) g.flags.cut = { reason: info.cut.reason, line: info.cut.line };
        }
      }
      const fn = this.nodeFn.get(g.id);
      if (fn !== undefined && g.kind === 'grad_fn') {
        let hooks = fn.preHooks.length + fn.postHooks.length;
        for (const list of fn.tensorPreHooks) if (list) hooks += list.length;
        if (hooks > 0) g.flags.hooks = hooks;
        if (fn.retainGradTensors.some((x) => x !== undefined)) g.flags.retainsGrad = true;
        if (g.saved) g.saved.forEach((s, i) => {
          const saved = fn.saved[i]?.tensor;
          if (!s.freed && saved) s.short = shortTensor(saved, max)!;
        });
      }
    }

    // ---- tensors
    const tensors: Record<string, P.TensorSummary> = {};
    for (const [t, id] of this.tracked) {
      const info = t.traceInfo as TensorTrace | undefined;
      const s: P.TensorSummary = {
        id, shape: t.shape.slice(), dtype: `torch.${t.dtype}`, requiresGrad: t.requiresGrad, isLeaf: t.isLeaf,
        gradFn: t.gradFn !== null ? t.gradFn.name() : null, grad: shortTensor(t.grad, max), version: t.version.value,
        hooks: t.hooks !== null ? t.hooks.filter((h) => !h.removed).length : 0, retainsGrad: t.retainsGrad,
        short: shortTensor(t, max)!,
      };
      if (info?.name !== undefined) s.name = info.name;
      if (info?.createdAt !== undefined) s.createdAt = toSourceRange(info.createdAt);
      if (info?.nodeId !== undefined) s.nodeId = info.nodeId;
      if (t.grad !== null) s.gradReprId = reprIdOf(t.grad);
      if (t.numel <= 64) s.reprId = reprIdOf(t);
      tensors[id] = s;
    }

    // ---- events
    const zeroings: P.ZeroingEvent[] = this.zeroings.map((z) => {
      const ev: P.ZeroingEvent = {
        line: z.line, kind: z.kind, tensorIds: z.tensors.map((t) => this.track(t) ?? `t${t.id}`), names: z.tensors.map(nameOf),
      };
      if (z.origin) ev.origin = z.origin;
      return ev;
    });
    const cuts: P.CutRecord[] = this.cuts.map((c) => {
      const rec: P.CutRecord = {
        line: c.line, reason: c.reason, fromTensorIds: c.from.map((t) => `t${t.id}`), toTensorIds: c.to.map((t) => `t${t.id}`),
        fromNames: c.from.map(nameOf),
      };
      if (c.range) rec.range = toSourceRange(c.range);
      return rec;
    });
    const versionBumps: P.VersionBump[] = this.bumps.map((b) => {
      const v: P.VersionBump = { line: b.line, tensorId: this.track(b.t) ?? `t${b.t.id}`, version: b.version };
      const n = (b.t.traceInfo as TensorTrace | undefined)?.name;
      if (n !== undefined) v.name = n;
      if (b.op !== undefined) v.op = b.op;
      return v;
    });

    // ---- warnings and errors with ranges
    const warnings: P.WarningRecord[] = run.warnings.map((w) => {
      const nonLeaf = w.message.startsWith(NON_LEAF_WARNING_START);
      const range = (nonLeaf ? this.nonLeafReads.get(w.line) : undefined) ?? this.statementRangeAt(w.line);
      const rec: P.WarningRecord = { category: w.category, message: w.message, range };
      if (nonLeaf) rec.mistake = 'non_leaf_grad';
      return rec;
    });
    for (const e of run.errors) {
      if (e.mistake === 'second_backward') {
        const failing = backwardCalls.filter((c) => c.error !== undefined).pop();
        const freedBy = failing?.failedNodeId !== undefined ? this.freedByCall.get(failing.failedNodeId) : undefined;
        const first = freedBy !== undefined ? backwardCalls.find((c) => c.index === freedBy) : undefined;
        if (first?.range) {
          e.related = [{ range: first.range, message: 'the graph was freed by this backward call (add retain_graph=True here to call backward again)' }];
        }
      }
    }

    const limits: P.TraceLimits = {
      graphNodesDropped: this.nodesDropped, graphEdgesDropped: this.edgesDropped, backwardCallsSummarised: this.callsSummarised,
      backwardCallsDropped: this.callsDropped, eventsDropped: this.eventsDropped, stdoutTruncated: this.stdoutTruncated,
    };
    const anyLimit = limits.graphNodesDropped + limits.graphEdgesDropped + limits.backwardCallsSummarised + limits.backwardCallsDropped + limits.eventsDropped > 0 || limits.stdoutTruncated;

    const snapshot: P.TraceSnapshot = {
      schema: TRACE_SCHEMA_VERSION,
      status: run.status,
      durationMs: run.durationMs,
      lines: lineRecords,
      stdout: this.stdoutParts.join(''),
      prints: this.prints.slice(),
      errors: run.errors,
      warnings,
      tensors,
      reprs,
      gradNone: this.gradNone.slice(),
      versionBumps,
      graph: {
        schema: TRACE_SCHEMA_VERSION,
        nodes: this.nodes.map((n) => structuredCloneNode(n)),
        edges: this.edges.slice(),
        backwardCalls,
        zeroings,
        cuts,
      },
    };
    if (run.note !== undefined) snapshot.note = run.note;
    if (anyLimit) snapshot.limits = limits;
    return { snapshot, reprSource };
  }

  /** The first statement starting on a line (for warnings, which carry only a line). */
  statementRangeAt(line: number): P.SourceRange {
    const s = this.stmtsByLine[line]?.[0];
    if (s) return toSourceRange(s);
    const text = this.sourceLines[line - 1] ?? '';
    const indent = text.length - text.trimStart().length;
    return { line, col: indent, endLine: line, endCol: text.length };
  }

  /** For Live-session actions: make the events appear on a given line. */
  setLine(line: number): void {
    this.curLine = line;
    this.curStmt = this.stmtsByLine[line]?.[0] ?? null;
  }

  /** Backward call roots kept for Backward Again. */
  callRoots(index: number): { roots: Tensor[]; kind: 'backward' | 'grad'; line: number } | null {
    const c = this.calls.find((x) => x.index === index);
    return c ? { roots: c.roots, kind: c.kind, line: c.line } : null;
  }
  get backwardCallCount(): number {
    return this.callCount;
  }
  markLastCallOrigin(origin: 'backwardAgain'): void {
    const c = this.calls[this.calls.length - 1];
    if (c) c.origin = origin;
  }
  /** Leaves of the graph (for Zero Grads). */
  leaves(): Tensor[] {
    const out: Tensor[] = [];
    for (const g of this.nodes) {
      if (g.kind !== 'leaf') continue;
      const t = this.nodeTensor.get(g.id);
      if (t !== undefined && t.leafRequiresGrad) out.push(t);
    }
    return out;
  }
}

function structuredCloneNode(n: P.GraphNode): P.GraphNode {
  const c: P.GraphNode = { ...n, flags: { ...n.flags } };
  if (n.saved) c.saved = n.saved.map((s) => ({ ...s }));
  return c;
}

function safeContext(): RunContext | null {
  try {
    return currentContext();
  } catch {
    return null;
  }
}

/** `w.grad.zero_()` → `zero_`: the last name before the call's own parentheses. */
export function calleeName(lines: string[], r: Range): string | null {
  if (r.line !== r.endLine) {
    const first = lines[r.line - 1] ?? '';
    const m = /([A-Za-z_]\w*)\s*\($/.exec(first.slice(r.col).split('(')[0] + '(');
    return m ? m[1] : null;
  }
  const text = (lines[r.line - 1] ?? '').slice(r.col, r.endCol);
  if (!text.endsWith(')')) return null;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) {
        const m = /([A-Za-z_]\w*)\s*$/.exec(text.slice(0, i));
        return m ? m[1] : null;
      }
    }
  }
  return null;
}

/** After a failed backward: the node it stopped at (freed saved tensors, or a saved tensor modified in place). */
function findFailedNode(roots: Tensor[]): Node | null {
  const seen = new Set<Node>();
  const queue: Node[] = [];
  for (const r of roots) if (r.gradFn !== null) queue.push(r.gradFn as Node);
  for (let i = 0; i < queue.length && i < 100000; i++) {
    const n = queue[i];
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.saved.length > 0 && (n.savedFreed || n.saved.some((s) => s.tensor !== null && s.tensor.version.value !== s.savedVersion))) return n;
    for (const e of n.nextEdges) if (e !== null) queue.push(e.node);
  }
  return null;
}

/** Fills the cause and message of a `.grad` that read None. */
function explainGradNone(r: P.GradNoneReason, t: Tensor, info: TensorTrace, kinds: { backward: number; grad: number }, cuts: CutState[]): void {
  const anyBackward = kinds.backward > 0;
  const name = r.name;
  if (!t.isLeaf && !t.retainsGrad) {
    const fn = t.gradFn!.name();
    r.cause = 'not_leaf';
    r.gradFn = fn;
    r.message = `${name} is not a leaf: it was computed by ${fn}, and backward() fills .grad only for leaves. Call ${name}.retain_grad() before backward() to keep its gradient.`;
    return;
  }
  if (!t.requiresGrad) {
    if (info.cut !== undefined) {
      r.cause = 'cut';
      r.cutReason = info.cut.reason;
      r.cutLine = info.cut.line;
      r.message = `${name} does not require grad: ${cutText(info.cut.reason)} on line ${info.cut.line} cut it out of the graph.`;
    } else {
      r.cause = 'no_requires_grad';
      r.message = `${name} does not require grad (requires_grad=False), so no gradient is computed for it. Create it with requires_grad=True or call ${name}.requires_grad_().`;
    }
    return;
  }
  if (info.zeroLine !== undefined) {
    r.cause = 'zeroed';
    r.zeroLine = info.zeroLine;
    r.message = `${name}.grad was set to None on line ${info.zeroLine} and no backward() has reached ${name} since.`;
    return;
  }
  if (!anyBackward) {
    r.cause = 'no_backward';
    r.message = kinds.grad > 0
      ? `No backward() has run: torch.autograd.grad() returns the gradients instead of storing them in .grad, so ${name}.grad is still None.`
      : `No backward() has run yet, so ${name}.grad is still None.`;
    return;
  }
  const cut = cuts.find((c) => c.from.includes(t));
  if (cut !== undefined) {
    r.cause = 'cut';
    r.cutReason = cut.reason;
    r.cutLine = cut.line;
    r.message = `${name} is not reachable from the output of backward(): the path was cut by ${cutText(cut.reason)} on line ${cut.line}.`;
    return;
  }
  r.cause = 'not_reachable';
  r.message = `${name} is not reachable from the output backward() ran from: no path of operations leads from ${name} to it.`;
}

function cutText(reason: P.CutReason): string {
  switch (reason) {
    case 'detach': return 'detach()';
    case 'data': return '.data';
    case 'no_grad': return 'torch.no_grad()';
    case 'inference_mode': return 'torch.inference_mode()';
    case 'requires_grad_false': return 'requires_grad_(False)';
  }
}

export { fullTensorRepr };
