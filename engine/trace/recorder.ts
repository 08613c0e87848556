// The trace recorder: listens to the interpreter (TraceHooks) and to autograd
// (AutogradListener) while a script runs, and builds the TraceSnapshot / GraphModel.
//
// Cost model (tracing must stay within 1.5x of an untraced run, test/unit/trace-overhead):
// - The recorder keeps no Tensor or Node of the run beyond what the live session needs. A
//   kept tensor keeps its grad_fn and through it that iteration's whole graph alive, and a
//   long loop then spends its time in the garbage collector. What is recorded at event time
//   is plain data: TensorCopy (values + display state), strings, numbers. The exceptions are
//   bounded and cheap to keep: leaf tensors (they hold no graph; Zero Grads acts on them) and
//   the roots of the newest backward() per call site (Backward Again repeats it).
// - Hot hooks allocate nothing in steady state: onLine bumps counters; a binding overwrites
//   its reusable "last value" copy; the details of the newest backward calls live in a ring
//   whose copies are overwritten; a tensor's origin is its AST Range stored in `traceInfo`
//   (upgraded to a TensorTrace object only when the tensor is named or drawn).
// - Texts are formatted when the snapshot is built, and only for what it includes. The state
//   "at the end of the run" comes from the live objects the script's globals still reach
//   (walked at build time); tensors no longer reachable show their state when last recorded.
// - Everything kept is capped (RecorderLimits): a loop of a million iterations or a graph of
//   100,000 nodes gives a summarised trace, never an unbounded one.
import type * as P from '../protocol/trace';
import { stableNodeId, TRACE_SCHEMA_VERSION } from '../protocol/trace';
import { Tensor } from '../tensor/tensor';
import { Node } from '../autograd/node';
import { AccumulateGrad, existingAccumulator } from '../autograd/accumulate';
import { FunctionNode } from '../autograd/function';
import type { AutogradListener, CutKind, HookKind } from '../autograd/events';
import type { TraceHooks, RunContext } from '../script/context';
import { currentContext } from '../script/context';
import type { Range } from '../script/ast';
import type { PyValue } from '../script/objects';
import { PyDict, PyException, PyInstance, PyList, PyModule, PyTuple } from '../script/objects';
import { ModuleObject, namedParameters } from '../torch/nn';
import { COPY_MAX_ELEMENTS, ITERATION_COPY_MAX_ELEMENTS, TensorCopy, TextCache, copyInto, fullRepr, fullTensorRepr, safeTypeName, shortOf, shortTensor } from './values';

export interface RecorderLimits {
  maxGraphNodes: number;
  /** Graph nodes drawn per source range (a loop draws its first iterations; later ones are counted as dropped). */
  maxNodesPerRange: number;
  maxGraphEdges: number;
  /** Backward calls recorded in full at the start of the run … */
  maxDetailedCalls: number;
  /** … and the last few (older ones of the tail keep only their summary). */
  maxTailDetailedCalls: number;
  /** Backward call records kept at all (the last one always replaces the newest beyond this). */
  maxCalls: number;
  /** Values kept per binding of a line run many times (the first executions). */
  maxIterationValues: number;
  /** Prints, version bumps, cuts, zeroings, .grad-None records: each list up to this. */
  maxEvents: number;
  maxStdoutChars: number;
  maxTrackedTensors: number;
  maxShortChars: number;
  /** Full reprs put into the snapshot up to this many characters in total (the rest on demand). */
  maxReprBudgetChars: number;
  /** Leaf tensors kept alive for Zero Grads and the end state of leaf nodes. */
  maxKeptLeaves: number;
  /** Elements copied for snapshot.tensors in total; beyond it a tensor's text is made when it is recorded. */
  maxCopiedElements: number;
}

export const DEFAULT_LIMITS: RecorderLimits = {
  maxGraphNodes: 1000,
  // A loop's graph repeats: its first iterations show the structure; drawing more would spend
  // the node budget (and the run's time) on copies.
  maxNodesPerRange: 40,
  maxGraphEdges: 3000,
  // A tutorial makes a handful of backward calls; a training loop repeats one: its first ten
  // and its newest five in full are what the stepper and the timeline need.
  maxDetailedCalls: 10,
  maxTailDetailedCalls: 5,
  maxCalls: 500,
  // Each is formatted into the snapshot: enough to see a loop's values evolve.
  maxIterationValues: 32,
  maxEvents: 500,
  maxStdoutChars: 1 << 20,
  maxTrackedTensors: 1000,
  maxShortChars: 80,
  maxReprBudgetChars: 2_000_000,
  maxKeptLeaves: 1000,
  maxCopiedElements: 1 << 23,
};

/** Node.traceInfo of an engine node the graph does not draw (caps): nothing is made for it later either. */
const DROPPED = 0;

/** Objects and graph nodes the build walks from the globals at most (the live state it refreshes). */
const MAX_LIVE_WALK = 200_000;

/**
 * What the recorder keeps on a Tensor (its free `traceInfo` slot) once the tensor is named or
 * drawn. Before that the slot holds just the AST Range the tensor came from. Plain data: it
 * refers to no tensor, so records may hold it to resolve names when the snapshot is built.
 */
class TensorTrace {
  name: string | undefined = undefined;
  createdAt: Range | undefined = undefined;
  /** Graph node standing for the tensor (leaf / tensor / output). */
  nodeId: string | undefined = undefined;
  /** For a leaf: its AccumulateGrad graph node. */
  accId: string | undefined = undefined;
  /** `self`: the tensor itself was cut (detach_(), requires_grad_(False)); fromNodeId: the graph node it was cut from. */
  cut: { reason: P.CutReason; line: number; self: boolean; fromNodeId: string | null } | undefined = undefined;
  /** Line that last set `.grad` to None. */
  zeroLine: number | undefined = undefined;
  /** The recorder keeps this leaf alive (keptLeaves): saves a Set lookup per gradient. */
  kept = false;
  constructor(readonly num: number) {}
}

function traceOf(t: Tensor): TensorTrace {
  const v = t.traceInfo;
  if (v instanceof TensorTrace) return v;
  const info = new TensorTrace(t.id);
  if (v !== undefined) info.createdAt = v as Range;
  t.traceInfo = info;
  return info;
}

/** The TensorTrace of `t` if it has one (never allocates). */
function infoOf(t: Tensor): TensorTrace | undefined {
  const v = t.traceInfo;
  return v instanceof TensorTrace ? v : undefined;
}

/** Records where `t` came from, once: the Range itself, no allocation. */
function setOrigin(t: Tensor, range: Range): void {
  const v = t.traceInfo;
  if (v === undefined) t.traceInfo = range;
  else if (v instanceof TensorTrace && v.createdAt === undefined) v.createdAt = range;
}

/** A recorded value: a tensor's copy, or any other Python value by reference (formatted at build). */
type Recorded = TensorCopy | PyValue;

interface BindingState {
  name: string;
  range: Range;
  /** Overwritten in place by each execution (a reusable copy for tensors). */
  last: Recorded;
  lastInfo: TensorTrace | undefined;
  iterations: Recorded[];
  omitted: number;
}

interface ExprState {
  range: Range;
  last: Recorded;
  lastInfo: TensorTrace | undefined;
}

interface LineState {
  count: number;
  lastExec: number;
  /** The statement range last seen starting on this line (skips the list lookup in onLine). */
  lastStmt: Range | null;
  bindings: Map<string, BindingState>;
  exprs: Map<Range, ExprState>;
  prints: string[];
  printsExec: number;
  /** Index of the last backward call made on this line. */
  lastCall: number;
}

/** One node run by a backward pass (reused slots: `outs`/`ins` hold copies overwritten by the next call using this detail). */
class StepRecord {
  nodeId = '';
  label = '';
  outs: (TensorCopy | null)[] = [];
  ins: (TensorCopy | null)[] = [];
  nOut = 0;
  nIn = 0;
}

class LeafGradRecord {
  info: TensorTrace | null = null;
  before = new TensorCopy();
  hasBefore = false;
  after = new TensorCopy();
}

class HookRecord {
  nodeId = '';
  tensorNum = 0;
  kind: HookKind = 'tensor';
  before = new TensorCopy();
  hasBefore = false;
  after = new TensorCopy();
  hasAfter = false;
  changed = false;
}

/** The detailed part of a backward call: what it ran, with the gradients (a pooled object). */
class CallDetail {
  steps: StepRecord[] = [];
  stepCount = 0;
  leafGrads: LeafGradRecord[] = [];
  leafCount = 0;
  hooks: HookRecord[] = [];
  hookCount = 0;
  freedNodeIds: string[] = [];

  reset(): void {
    this.stepCount = 0;
    this.leafCount = 0;
    this.hookCount = 0;
    this.freedNodeIds.length = 0;
  }
  nextStep(): StepRecord {
    const s = this.steps[this.stepCount] ?? (this.steps[this.stepCount] = new StepRecord());
    this.stepCount++;
    return s;
  }
  nextLeaf(): LeafGradRecord {
    const s = this.leafGrads[this.leafCount] ?? (this.leafGrads[this.leafCount] = new LeafGradRecord());
    this.leafCount++;
    return s;
  }
  nextHook(): HookRecord {
    const s = this.hooks[this.hookCount] ?? (this.hooks[this.hookCount] = new HookRecord());
    this.hookCount++;
    return s;
  }
}

interface CallRecord {
  index: number;
  kind: 'backward' | 'grad';
  line: number;
  range: Range | undefined;
  rootNodeIds: string[];
  /** Tensor ids of the roots (to find them again among the live objects). */
  rootNums: number[];
  /** Explicit root gradients (backward(gradient=…)), as copies; null where implicit. */
  gradients: (TensorCopy | null)[] | null;
  retainGraph: boolean;
  createGraph: boolean;
  /** Null once summarised. */
  detail: CallDetail | null;
  error: string | undefined;
  failedNodeId: string | undefined;
  origin: 'script' | 'backwardAgain' | undefined;
  /** The call running when this one started (a backward inside a hook). */
  outer: CallRecord | null;
}

interface CutState {
  line: number;
  range?: Range;
  reason: P.CutReason;
  fromNums: number[];
  toNums: number[];
  fromInfos: (TensorTrace | undefined)[];
}

interface ZeroingState {
  line: number;
  kind: P.ZeroingEvent['kind'];
  nums: number[];
  infos: (TensorTrace | undefined)[];
  exec: number;
  origin?: 'script' | 'zeroGrads';
}

interface BumpState {
  line: number;
  num: number;
  info: TensorTrace | undefined;
  version: number;
  op?: string;
}

/** A tensor in snapshot.tensors: its trace info and its state when first recorded (refreshed from the live tensor at build). */
interface TensorRecord {
  id: string;
  info: TensorTrace | undefined;
  state: TensorCopy;
}

/** Roots (and root gradients) of the newest backward call made at one call site, for Backward Again. */
interface SiteRoots {
  index: number;
  roots: Tensor[];
  grads: Tensor[] | null;
}

/** What the globals still reach when the snapshot is built. */
interface LiveState {
  tensors: Map<number, Tensor>;
  /** Engine nodes that have a graph node, by graph node id. */
  fns: Map<string, Node>;
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

/** Shared by calls whose roots are not drawn (never written to). */
const NO_IDS: string[] = [];

function tensorNum(t: Tensor): number {
  return t.id;
}

/** Whether a root gradient is the implicit one backward() makes for a scalar output (a single 1). */
function isImplicitGradient(root: Tensor, g: Tensor): boolean {
  return g.numel === 1 && root.numel === 1 && g.storage[g.offset] === 1;
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
  /** Method name of a call range (`w.grad.zero_()` → `zero_`), cached by AST range. */
  private callNames = new WeakMap<Range, string>();

  // ---- per line
  private lines: (LineState | undefined)[] = [];
  private stdoutParts: string[] = [];
  private stdoutChars = 0;
  private stdoutTruncated = false;
  private prints: P.PrintRecord[] = [];

  // ---- graph (plain data; engine Nodes carry their graph id in their own traceInfo)
  private nodes: P.GraphNode[] = [];
  private nodeById = new Map<string, P.GraphNode>();
  private nodeOccurrence = new Map<string, number>();
  /** Nodes drawn per source range (by the AST Range object: no key to build on the hot path). */
  private nodesPerRange = new Map<Range, number>();
  /** Per node: how many nodes with the same label came from the same range before it (loop iteration). */
  private iterationOf = new Map<string, { key: string; occ: number }>();
  private labelOccurrence = new Map<string, number>();
  /** Graph node → the tensor (id) it stands for (leaf / tensor / output / AccumulateGrad of a leaf). */
  private nodeTensorNum = new Map<string, number>();
  private freedByCall = new Map<string, number>();
  /** grad_fn graph node → the named tensor node it produced (for hooks on non-leaf tensors). */
  private tensorNodeOfFn = new Map<string, string>();
  private edges: P.GraphEdge[] = [];
  private edgeKeys = new Set<string>();
  private nodesDropped = 0;
  private edgesDropped = 0;

  // ---- backward calls
  private calls: CallRecord[] = [];
  private callCount = 0;
  private backwardKinds = { backward: 0, grad: 0 };
  private current: CallRecord | null = null;
  private currentRoots: Tensor[] | null = null;
  /** The detailed calls after the first maxDetailedCalls: a ring whose details are reused. */
  private tail: CallRecord[] = [];
  private tailNext = 0;
  private callsSummarised = 0;
  private callsDropped = 0;
  private siteRoots = new Map<Range, SiteRoots>();

  // ---- events
  private cuts: CutState[] = [];
  private zeroings: ZeroingState[] = [];
  private bumps: BumpState[] = [];
  private gradNone: P.GradNoneReason[] = [];
  private gradNoneSeen = new Set<string>();
  private nonLeafReads = new Map<number, P.SourceRange>();
  private eventsDropped = 0;

  // ---- tensors
  private records = new Map<number, TensorRecord>();
  /** What is left of maxCopiedElements. */
  private copyBudget: number;
  /** Leaves seen in the graph or given a gradient (they hold no graph: cheap to keep alive). */
  private keptLeaves = new Set<Tensor>();
  /** The script's globals once it ended: the live state a snapshot describes. */
  private globals: Map<string, PyValue> | null = null;

  constructor(source: string, limits: Partial<RecorderLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.sourceLines = source.split(/\r?\n/);
    this.copyBudget = this.limits.maxCopiedElements;
  }

  /** Set while a live-session action (Backward Again, Zero Grads) runs. */
  actionOrigin: 'script' | 'zeroGrads' | undefined = undefined;

  // =============================================================== interpreter hooks

  onLine(line: number, range: Range): void {
    if (this.ctx === null) this.ctx = safeContext();
    this.stmtSerial++;
    this.curStmt = range;
    this.curLine = line;
    const ls = this.lines[line] ?? this.lineState(line);
    if (ls.lastStmt !== range) this.noteStatement(ls, line, range);
    ls.count++;
    ls.lastExec = this.stmtSerial;
  }

  onBind(name: string, value: PyValue, range: Range): void {
    const ls = this.lines[range.line] ?? this.lineState(range.line);
    let b = ls.bindings.get(name);
    if (value instanceof Tensor) {
      const info = this.noteName(value, name);
      if (b === undefined) {
        b = { name, range, last: TensorCopy.of(value), lastInfo: info, iterations: [], omitted: 0 };
        ls.bindings.set(name, b);
      } else {
        b.last = b.last instanceof TensorCopy ? b.last.assign(value) : TensorCopy.of(value);
        b.lastInfo = info;
      }
      if (b.iterations.length < this.limits.maxIterationValues) b.iterations.push(TensorCopy.of(value, ITERATION_COPY_MAX_ELEMENTS));
      else b.omitted++;
      return;
    }
    if (b === undefined) {
      b = { name, range, last: value, lastInfo: undefined, iterations: [], omitted: 0 };
      ls.bindings.set(name, b);
    } else {
      b.last = value;
      b.lastInfo = undefined;
    }
    if (b.iterations.length < this.limits.maxIterationValues) b.iterations.push(value);
    else b.omitted++;
  }

  onExprValue(value: PyValue, range: Range): void {
    if (value === null) return; // print(...), backward(): nothing worth showing
    const ls = this.lines[range.line] ?? this.lineState(range.line);
    const e = ls.exprs.get(range);
    if (value instanceof Tensor) {
      const info = traceOf(value);
      if (e === undefined) ls.exprs.set(range, { range, last: TensorCopy.of(value), lastInfo: info });
      else {
        e.last = e.last instanceof TensorCopy ? e.last.assign(value) : TensorCopy.of(value);
        e.lastInfo = info;
      }
    } else if (e === undefined) ls.exprs.set(range, { range, last: value, lastInfo: undefined });
    else {
      e.last = value;
      e.lastInfo = undefined;
    }
  }

  onCallResult(value: PyValue, range: Range): void {
    // Back from a Python function: the statement running is again the one around this call.
    if (this.curStmt !== null && !contains(this.curStmt, range)) this.restoreStatement(range);
    if (value instanceof Tensor) {
      if (value.traceInfo === undefined) value.traceInfo = range;
    } else if (value instanceof ModuleObject) {
      // Parameters are made inside the module's constructor: they come from this call.
      for (const [, p] of namedParameters(value)) setOrigin(p, range);
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
    if (range !== null) for (let i = 0; i < outputs.length; i++) setOrigin(outputs[i], range);
    if (this.nodes.length >= this.limits.maxGraphNodes || (range !== null && (this.nodesPerRange.get(range) ?? 0) >= this.limits.maxNodesPerRange)) {
      // Not drawn (the graph is full, or this line drew its share): nothing is allocated for it.
      node.traceInfo = DROPPED;
      this.nodesDropped++;
      return;
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
    if (g === null) {
      node.traceInfo = DROPPED;
      return;
    }
    node.traceInfo = g.id;
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

  onBackwardStart(roots: Tensor[], kind: 'backward' | 'grad', options?: { retainGraph: boolean; createGraph: boolean; rootGrads?: Tensor[] }): void {
    const call = this.newCall(roots, kind, options?.retainGraph ?? false, options?.createGraph ?? false);
    call.outer = this.current;
    this.current = call;
    this.currentRoots = roots;
    const grads = options?.rootGrads;
    if (grads !== undefined) {
      for (let i = 0; i < grads.length; i++) {
        if (isImplicitGradient(roots[i], grads[i])) continue;
        (call.gradients ??= roots.map(() => null))[i] = TensorCopy.of(grads[i]);
      }
    }
    // Backward Again repeats the newest call of a site: keep its roots (its graph is the one
    // the script's variables hold anyway), replacing the previous call's.
    const site = call.range;
    if (site !== undefined && kind === 'backward') {
      const kept = this.siteRoots.get(site);
      if (kept === undefined) this.siteRoots.set(site, { index: call.index, roots, grads: grads ?? null });
      else {
        kept.index = call.index;
        kept.roots = roots;
        kept.grads = grads ?? null;
      }
    }
  }

  /** backward() / autograd.grad() refused before its pass began (a non-scalar output without gradient, a root that does not require grad). */
  onBackwardRejected(roots: Tensor[], error: unknown): void {
    if (this.current !== null) return; // raised inside a running pass: that pass records it
    const kind = this.currentCallName() === 'grad' ? 'grad' : 'backward';
    const call = this.newCall(roots, kind, false, false);
    call.error = error instanceof Error ? error.message : String(error);
    if (call.detail !== null) call.detail.reset();
  }

  private newCall(roots: Tensor[], kind: 'backward' | 'grad', retainGraph: boolean, createGraph: boolean): CallRecord {
    const index = this.callCount++;
    this.backwardKinds[kind]++;
    // Every field set at once, in one order: one hidden class for all call records.
    const call: CallRecord = {
      index, kind, line: this.curLine, range: (this.ctx !== null ? this.ctx.currentRange() : null) ?? this.curStmt ?? undefined,
      rootNodeIds: NO_IDS, rootNums: roots.length === 1 ? [roots[0].id] : roots.map(tensorNum), gradients: null, retainGraph, createGraph,
      detail: null, error: undefined, failedNodeId: undefined, origin: undefined, outer: null,
    };
    for (let i = 0; i < roots.length; i++) {
      const id = this.rootNode(roots[i]);
      if (id !== null) (call.rootNodeIds === NO_IDS ? (call.rootNodeIds = []) : call.rootNodeIds).push(id);
    }
    if (this.curLine > 0) this.lineState(this.curLine).lastCall = index;
    // The first calls in full; then a ring of the newest few, whose details are reused.
    if (index < this.limits.maxDetailedCalls) call.detail = new CallDetail();
    else if (this.limits.maxTailDetailedCalls > 0) {
      const slot = this.tailNext;
      this.tailNext = (slot + 1) % this.limits.maxTailDetailedCalls;
      const old = this.tail[slot];
      if (old !== undefined && old.detail !== null) {
        call.detail = old.detail;
        old.detail = null;
        this.callsSummarised++;
        call.detail.reset();
      } else call.detail = new CallDetail();
      this.tail[slot] = call;
    }
    // The list keeps the first calls and the newest one (it replaces the previous newest).
    if (this.calls.length < this.limits.maxCalls) this.calls.push(call);
    else if (this.calls.length > 0) {
      this.calls[this.calls.length - 1] = call;
      this.callsDropped++;
    } else this.callsDropped++;
    return call;
  }

  onNodeRun(node: Node, gradOutputs: (Tensor | null)[], gradInputs: (Tensor | null)[]): void {
    const detail = this.current?.detail;
    if (detail == null) return;
    const step = detail.nextStep();
    step.nodeId = typeof node.traceInfo === 'string' ? node.traceInfo : '';
    step.label = node.name();
    step.nOut = copyAll(step.outs, gradOutputs);
    step.nIn = copyAll(step.ins, gradInputs);
  }

  onAccumulate(leaf: Tensor, before: Tensor | null, after: Tensor): void {
    this.keepLeaf(leaf);
    const detail = this.current?.detail;
    if (detail == null) return;
    const rec = detail.nextLeaf();
    rec.info = traceOf(leaf);
    rec.hasBefore = before !== null;
    if (before !== null) rec.before.assign(before);
    rec.after.assign(after);
  }

  onHookFired(tensor: Tensor | null, node: Node, before: Tensor | null, after: Tensor | null, kind: HookKind = 'tensor'): void {
    const detail = this.current?.detail;
    if (detail == null) return;
    const leaf = tensor ?? (node instanceof AccumulateGrad ? node.variable : null);
    const fnId = typeof node.traceInfo === 'string' ? node.traceInfo : '';
    const rec = detail.nextHook();
    rec.kind = kind;
    // A tensor's hook is shown on the tensor's node (a leaf, or the named result of the grad_fn); a node hook on the grad_fn node.
    const onTensor = kind === 'tensor' || kind === 'retain_grad';
    rec.nodeId = onTensor ? ((leaf !== null ? infoOf(leaf)?.nodeId : undefined) ?? this.tensorNodeOfFn.get(fnId) ?? fnId) : fnId;
    rec.tensorNum = leaf !== null ? leaf.id : 0;
    rec.hasBefore = before !== null;
    if (before !== null) rec.before.assign(before);
    rec.hasAfter = after !== null;
    if (after !== null) rec.after.assign(after);
    rec.changed = before !== after;
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
      if (call.detail !== null) call.detail.freedNodeIds.push(id);
    }
  }

  onBackwardEnd(error?: unknown): void {
    const call = this.current;
    const roots = this.currentRoots;
    this.current = call?.outer ?? null;
    this.currentRoots = null;
    if (call === null) return;
    call.outer = null;
    if (error === undefined) return;
    call.error = error instanceof Error ? error.message : String(error);
    const failed = roots !== null ? findFailedNode(roots) : null;
    if (failed !== null && typeof failed.traceInfo === 'string') call.failedNodeId = failed.traceInfo;
  }

  onVersionBump(t: Tensor): void {
    const op = this.currentCallName();
    if (this.bumps.length < this.limits.maxEvents) {
      this.track(t);
      this.bumps.push({ line: this.curLine, num: t.id, info: infoOf(t), version: t.version.value, op });
    } else this.eventsDropped++;
    if (op === 'zero_' || op === 'zero_grad') {
      // `x.grad.zero_()`: whose .grad is this? Leaves are the only tensors whose .grad the recorder can reach.
      for (const leaf of this.keptLeaves) if (leaf.grad === t) return this.addZeroing(leaf, 'zero_');
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
        info.cut = { reason: kind, line, self: true, fromNodeId: info.nodeId ?? null };
        if (info.nodeId) {
          const g = this.nodeById.get(info.nodeId);
          if (g) g.flags.cut = { reason: kind, line };
        }
      }
    } else {
      // The graph node the results were cut from, found now: the record keeps no tensor.
      const fromNodeId = this.nodes.length < this.limits.maxGraphNodes || infoOf(from[0])?.nodeId !== undefined ? this.cutSource(from[0]) : null;
      for (const o of fresh) {
        const info = traceOf(o);
        if (info.createdAt === undefined && range) info.createdAt = range;
        info.cut = { reason: kind, line, self: false, fromNodeId };
      }
    }
    if (this.cuts.length < this.limits.maxEvents) {
      const c: CutState = { line, reason: kind, fromNums: from.map((t) => t.id), toNums: fresh.map((t) => t.id), fromInfos: from.map(infoOf) };
      if (range) c.range = range;
      this.cuts.push(c);
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
    void via;
    if (t.leafRequiresGrad) this.keepLeaf(t);
    if (value !== null) {
      this.addZeroing(t, 'assign');
      return;
    }
    traceOf(t).zeroLine = this.curLine;
    this.addZeroing(t, 'set_to_none');
  }

  // =============================================================== helpers (recording)

  private lineState(line: number): LineState {
    let ls = this.lines[line];
    if (ls === undefined) {
      ls = { count: 0, lastExec: -1, lastStmt: null, bindings: new Map(), exprs: new Map(), prints: [], printsExec: -2, lastCall: -1 };
      this.lines[line] = ls;
    }
    return ls;
  }

  private noteStatement(ls: LineState, line: number, range: Range): void {
    ls.lastStmt = range;
    const list = this.stmtsByLine[line] ?? (this.stmtsByLine[line] = []);
    if (!list.includes(range)) list.push(range);
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
      // A loop or if header re-evaluated around the current statement.
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
      if (!last.nums.includes(t.id)) {
        last.nums.push(t.id);
        last.infos.push(traceOf(t));
      }
      return;
    }
    if (this.zeroings.length >= this.limits.maxEvents) {
      this.eventsDropped++;
      return;
    }
    this.track(t);
    this.zeroings.push({ line: this.curLine, kind, nums: [t.id], infos: [traceOf(t)], exec: this.stmtSerial, origin: this.actionOrigin });
  }

  /** Keeps a leaf that requires grad alive (bounded): it holds no graph, and Zero Grads acts on it. */
  private keepLeaf(t: Tensor): void {
    const info = traceOf(t);
    if (info.kept || this.keptLeaves.size >= this.limits.maxKeptLeaves) return;
    info.kept = true;
    this.keptLeaves.add(t);
  }

  /** Registers `t` in snapshot.tensors (a copy of its state now; refreshed at build when still reachable). */
  private track(t: Tensor): string | undefined {
    const r = this.records.get(t.id);
    if (r !== undefined) return r.id;
    if (this.records.size >= this.limits.maxTrackedTensors) return undefined;
    // Copies of big tensors (a model's weights, saved activations) would add up: past the budget, the text now.
    const n = t.numel;
    const copy = n <= this.copyBudget;
    if (copy) this.copyBudget -= n;
    const rec: TensorRecord = { id: `t${t.id}`, info: infoOf(t), state: TensorCopy.of(t, copy ? COPY_MAX_ELEMENTS : 0) };
    this.records.set(t.id, rec);
    return rec.id;
  }

  /** Registers a recorded copy in snapshot.tensors (at build, for values shown on lines). */
  private trackCopy(c: TensorCopy, info: TensorTrace | undefined): string | undefined {
    const r = this.records.get(c.id);
    if (r !== undefined) {
      r.info ??= info;
      return r.id;
    }
    if (this.records.size >= this.limits.maxTrackedTensors) return undefined;
    const rec: TensorRecord = { id: `t${c.id}`, info, state: c };
    this.records.set(c.id, rec);
    return rec.id;
  }

  private addNode(kind: P.GraphNodeKind, range: Range | null | undefined, label: string): P.GraphNode | null {
    if (this.nodes.length >= this.limits.maxGraphNodes) {
      this.nodesDropped++;
      return null;
    }
    const r = range ?? undefined;
    if (r !== undefined) {
      const drawn = this.nodesPerRange.get(r) ?? 0;
      if (drawn >= this.limits.maxNodesPerRange) {
        this.nodesDropped++;
        return null;
      }
      this.nodesPerRange.set(r, drawn + 1);
    }
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
    this.nodeTensorNum.set(g.id, t.id);
    if (t.leafRequiresGrad) this.keepLeaf(t);
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
    if (engineNode !== undefined) engineNode.traceInfo = g.id;
    this.nodeTensorNum.set(g.id, leaf.id);
    this.keepLeaf(leaf);
    if (leafId !== null) this.addEdge(leafId, g.id, 'flow', 0);
    return g.id;
  }

  /** The graph node a gradient edge starts from, in forward direction. */
  private sourceNode(input: Tensor | undefined, fn: Node): string | null {
    if (fn instanceof AccumulateGrad) return this.accNode(fn.variable, fn);
    if (input !== undefined) {
      const info = infoOf(input);
      if (info?.nodeId !== undefined && input.gradFn === fn) return info.nodeId;
    }
    return this.fnNode(fn);
  }

  /** The graph node of an engine Node, made on demand for nodes created before recording began. */
  private fnNode(fn: Node): string | null {
    if (fn.traceInfo === DROPPED) return null;
    if (typeof fn.traceInfo === 'string' && this.nodeById.has(fn.traceInfo)) return fn.traceInfo;
    if (fn instanceof AccumulateGrad) return this.accNode(fn.variable, fn);
    const g = this.addNode('grad_fn', undefined, fn.name());
    if (g === null) return null;
    fn.traceInfo = g.id;
    return g.id;
  }

  /** A tensor got its first name: it may now deserve a node of its own. */
  private noteName(t: Tensor, name: string): TensorTrace {
    const info = traceOf(t);
    if (info.name !== undefined) return info;
    info.name = name;
    if (info.createdAt === undefined && this.curStmt !== null) info.createdAt = this.curStmt;
    if (info.nodeId !== undefined) {
      const g = this.nodeById.get(info.nodeId);
      if (g !== undefined && g.label === '') g.label = name;
      return info;
    }
    if (this.nodes.length >= this.limits.maxGraphNodes) return info; // nothing more can be drawn
    if (t.gradFn !== null) {
      if ((t.gradFn as Node).traceInfo === DROPPED) return info; // its grad_fn is not drawn: neither is it
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
      const from = info.cut.fromNodeId;
      if (g !== null && from !== null && from !== g.id) {
        this.addEdge(from, g.id, 'cut', undefined, { reason: info.cut.reason, line: info.cut.line });
      }
    }
    return info;
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
    if (root.gradFn === null) return root.leafRequiresGrad ? this.leafNode(root) : null;
    if ((root.gradFn as Node).traceInfo === DROPPED) return null;
    const g = this.tensorNodeOf(root, 'output', info.name ?? '');
    const fnId = g !== null ? this.fnNode(root.gradFn as Node) : null;
    if (g !== null && fnId !== null) {
      this.addEdge(fnId, g.id, 'flow', root.outputNr);
      if (!this.tensorNodeOfFn.has(fnId)) this.tensorNodeOfFn.set(fnId, g.id);
    }
    return g?.id ?? null;
  }

  // =============================================================== the snapshot

  /** The script's globals after it ended: names the parameters of its nn.Modules (`net.hidden.weight`) and is the live state snapshots describe. */
  nameParameters(globals: Map<string, PyValue> | undefined, namedParameters: (m: PyValue) => [string, Tensor][] | null): void {
    if (!globals) return;
    this.globals = globals;
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

  /**
   * The live objects: tensors reachable from the globals (through modules, lists, tuples, dicts
   * and instances), the kept leaves and call roots, and every engine node of their graphs that
   * has a graph node. Walked once per build, bounded.
   */
  private liveState(): LiveState {
    const tensors = new Map<number, Tensor>();
    const fns = new Map<string, Node>();
    let budget = MAX_LIVE_WALK;
    const seen = new Set<object>();
    const nodeQueue: Node[] = [];
    const addTensor = (t: Tensor): void => {
      if (tensors.has(t.id)) return;
      tensors.set(t.id, t);
      if (t.gradFn !== null) nodeQueue.push(t.gradFn as Node);
      if (t.grad !== null && t.grad.gradFn !== null) nodeQueue.push(t.grad.gradFn as Node);
    };
    const visit = (v: PyValue, depth: number): void => {
      if (v === null || typeof v !== 'object' || --budget < 0) return;
      if (v instanceof Tensor) return addTensor(v);
      if (depth > 4 || seen.has(v)) return;
      seen.add(v);
      if (v instanceof ModuleObject) {
        for (const p of v.parameters.values()) if (p !== null) addTensor(p);
        for (const b of v.buffers.values()) if (b !== null) addTensor(b);
        for (const m of v.modules.values()) if (m !== null) visit(m, depth + 1);
      }
      // Instances of the script's classes (models, optimizers); not imported modules (`torch`).
      if (v instanceof PyInstance) {
        if (!(v instanceof PyModule) && !(v instanceof PyException)) for (const x of v.dict.values()) visit(x, depth + 1);
      }
      else if (v instanceof PyList || v instanceof PyTuple) for (const x of v.items) visit(x, depth + 1);
      else if (v instanceof PyDict) for (const [, x] of v.map.values()) visit(x, depth + 1);
    };
    if (this.globals !== null) for (const [name, v] of this.globals) if (!name.startsWith('__')) visit(v, 0);
    for (const leaf of this.keptLeaves) addTensor(leaf);
    for (const site of this.siteRoots.values()) for (const r of site.roots) addTensor(r);
    const seenNodes = new Set<Node>();
    for (let i = 0; i < nodeQueue.length && seenNodes.size < MAX_LIVE_WALK; i++) {
      const n = nodeQueue[i];
      if (seenNodes.has(n)) continue;
      seenNodes.add(n);
      if (typeof n.traceInfo === 'string') fns.set(n.traceInfo, n);
      if (n instanceof AccumulateGrad && !tensors.has(n.variable.id)) tensors.set(n.variable.id, n.variable);
      for (const e of n.nextEdges) if (e !== null && !seenNodes.has(e.node)) nodeQueue.push(e.node);
    }
    return { tensors, fns };
  }

  /** Builds the snapshot from what was recorded and the live state of what the globals still reach. */
  build(run: { status: P.RunStatus; durationMs: number; errors: P.ErrorRecord[]; warnings: { category: string; message: string; line: number }[]; note?: string }): { snapshot: P.TraceSnapshot; reprSource: Map<string, Recorded> } {
    const max = this.limits.maxShortChars;
    const texts = new TextCache(max);
    const live = this.liveState();
    const reprSource = new Map<string, Recorded>();
    const reprs: Record<string, string> = {};
    let reprBudget = this.limits.maxReprBudgetChars;
    let nextRepr = 0;
    const reprIdOf = (v: Recorded): string => {
      const id = `r${nextRepr++}`;
      reprSource.set(id, v);
      if (reprBudget > 0) {
        const text = v instanceof TensorCopy ? texts.repr(v) : fullRepr(v);
        // A one-line text that fits is its own short text: readers fall back to the short (or ask getValue).
        if (text.length <= max && text.indexOf('\n') < 0) return id;
        if (text.length <= reprBudget) {
          reprs[id] = text;
          reprBudget -= text.length;
        } else reprBudget = 0;
      }
      return id;
    };
    const valueRef = (shown: Recorded, info: TensorTrace | undefined, withRepr: boolean): P.ValueRef => {
      if (shown instanceof TensorCopy) {
        const ref: P.ValueRef = { short: texts.short(shown), type: 'Tensor' };
        if (withRepr) {
          ref.reprId = reprIdOf(shown);
          const id = this.trackCopy(shown, info);
          if (id !== undefined) ref.tensorId = id;
        }
        return ref;
      }
      const ref: P.ValueRef = { short: shortOf(shown, max), type: safeTypeName(shown) };
      if (withRepr) ref.reprId = reprIdOf(shown);
      return ref;
    };
    const nameOfNum = (num: number, info: TensorTrace | null | undefined): string => info?.name ?? this.records.get(num)?.info?.name ?? `t${num}`;
    const tensorIdOf = (num: number): string => this.records.get(num)?.id ?? `t${num}`;

    // ---- backward calls
    const backwardCalls: P.BackwardCall[] = this.calls.map((c) => {
      const d = c.detail;
      const call: P.BackwardCall = {
        index: c.index, kind: c.kind, line: c.line, rootNodeIds: c.rootNodeIds.slice(), retainGraph: c.retainGraph, createGraph: c.createGraph,
        steps: [], leafGrads: [], hooks: [], freedNodeIds: d !== null ? d.freedNodeIds.slice() : [],
      };
      if (d !== null) {
        for (let i = 0; i < d.stepCount; i++) {
          const s = d.steps[i];
          const step: P.BackwardStep = {
            nodeId: s.nodeId, label: s.label, gradOutputs: shortsOf(s.outs, s.nOut, texts), gradInputs: shortsOf(s.ins, s.nIn, texts),
          };
          const g = this.nodeById.get(s.nodeId);
          if (g?.formula) step.formula = g.formula;
          call.steps.push(step);
        }
        for (let i = 0; i < d.leafCount; i++) {
          const lg = d.leafGrads[i];
          const num = lg.info?.num ?? lg.after.id;
          call.leafGrads.push(gradChangeOf(nameOfNum(num, lg.info), this.records.get(num)?.id, lg.info?.nodeId, lg.hasBefore ? lg.before : null, lg.after, texts, max));
        }
        for (let i = 0; i < d.hookCount; i++) {
          const h = d.hooks[i];
          const fired: P.HookFired = {
            nodeId: h.nodeId, hookKind: h.kind, before: h.hasBefore ? texts.short(h.before) : null, after: h.hasAfter ? texts.short(h.after) : null, changed: h.changed,
          };
          if (h.tensorNum !== 0) {
            const id = this.records.get(h.tensorNum)?.id;
            if (id !== undefined) fired.tensorId = id;
          }
          call.hooks.push(fired);
        }
      }
      if (c.gradients !== null) call.gradients = c.gradients.map((g) => (g !== null ? texts.short(g) : null));
      if (c.range) call.range = toSourceRange(c.range);
      if (c.error !== undefined) call.error = c.error;
      if (c.failedNodeId !== undefined) call.failedNodeId = c.failedNodeId;
      if (d === null) call.summarised = true;
      if (c.origin) call.origin = c.origin;
      return call;
    });

    // ---- lines
    const lineRecords: P.LineRecord[] = [];
    for (let line = 1; line < this.lines.length; line++) {
      const ls = this.lines[line];
      if (ls === undefined) continue;
      const rec: P.LineRecord = { line, count: ls.count, bindings: [], exprs: [], prints: ls.printsExec === ls.lastExec ? ls.prints.slice() : [] };
      for (const b of ls.bindings.values()) {
        const binding: P.Binding = { name: b.name, value: valueRef(b.last, b.lastInfo, true), range: toSourceRange(b.range) };
        if (b.iterations.length > 1 || b.omitted > 0) {
          binding.iterations = b.iterations.map((v) => valueRef(v, undefined, false));
          if (b.omitted > 0) binding.iterationsOmitted = b.omitted;
        }
        rec.bindings.push(binding);
      }
      for (const e of ls.exprs.values()) rec.exprs.push({ range: toSourceRange(e.range), value: valueRef(e.last, e.lastInfo, true) });
      if (ls.lastCall >= 0) {
        const call = backwardCalls.find((c) => c.index === ls.lastCall);
        if (call && call.leafGrads.length > 0) rec.gradChanges = call.leafGrads;
      }
      if (rec.count === 0 && rec.bindings.length === 0 && rec.prints.length === 0) continue;
      lineRecords.push(rec);
    }

    // ---- graph nodes: the state of what is still reachable, else as last recorded
    const occTotal = this.labelOccurrence;
    const nodes: P.GraphNode[] = [];
    for (const g0 of this.nodes) {
      const g = cloneNode(g0);
      nodes.push(g);
      const occ = this.iterationOf.get(g.id);
      // Several nodes from one range on a line that ran several times: loop iterations.
      if (occ && (occTotal.get(occ.key) ?? 0) > 1 && g.line !== undefined && (this.lines[g.line]?.count ?? 0) > 1) g.flags.iteration = occ.occ;
      const num = this.nodeTensorNum.get(g.id);
      if (num !== undefined) {
        const t = live.tensors.get(num);
        const rec = this.records.get(num);
        const info = (t !== undefined ? infoOf(t) : undefined) ?? rec?.info;
        if (info?.name !== undefined) {
          g.name = info.name;
          if (g.label === '' && g.kind !== 'accumulate_grad') g.label = info.name;
        }
        if (g.label === '') g.label = g.kind === 'output' ? 'output' : g.kind === 'leaf' ? 'leaf' : 'tensor';
        const state: Tensor | TensorCopy | undefined = t ?? rec?.state;
        if (g.kind !== 'accumulate_grad' && state !== undefined) {
          g.shape = state.shape.slice();
          g.dtype = `torch.${state.dtype}`;
          g.value = state instanceof Tensor ? shortTensor(state, max)! : texts.short(state);
          g.flags.requiresGrad = state.requiresGrad;
          g.flags.isLeaf = state.isLeaf;
          if (state.retainsGrad) g.flags.retainsGrad = true;
          if (t !== undefined && (t.isLeaf || t.retainsGrad)) g.grad = shortTensor(t.grad, max);
          const [hooks, removed] = state instanceof Tensor ? hookCounts(state) : [state.hooks + state.hooksRemoved, state.hooksRemoved];
          if (hooks > 0) {
            g.flags.hooks = hooks;
            if (removed > 0) g.flags.hooksRemoved = removed;
          }
          if (info?.cut !== undefined && info.cut.self) g.flags.cut = { reason: info.cut.reason, line: info.cut.line };
        }
      }
      const fn = live.fns.get(g.id);
      if (fn !== undefined && g.kind === 'grad_fn') {
        let hooks = fn.preHooks.length + fn.postHooks.length;
        for (const list of fn.tensorPreHooks) if (list) hooks += list.length;
        if (hooks > 0) g.flags.hooks = hooks;
        if (fn.retainGradTensors.some((x) => x !== undefined)) g.flags.retainsGrad = true;
      }
      if (g.saved) g.saved.forEach((s, i) => {
        if (s.freed) return;
        const saved = fn?.saved[i]?.tensor;
        if (saved) s.short = shortTensor(saved, max)!;
        else if (s.tensorId !== undefined) {
          const rec = this.records.get(Number(s.tensorId.slice(1)));
          if (rec) s.short = texts.short(rec.state);
        }
      });
    }

    // ---- tensors
    const tensors: Record<string, P.TensorSummary> = {};
    for (const [num, rec] of this.records) {
      const t = live.tensors.get(num);
      const info = (t !== undefined ? infoOf(t) : undefined) ?? rec.info;
      let s: P.TensorSummary;
      if (t !== undefined) {
        s = {
          id: rec.id, shape: t.shape.slice(), dtype: `torch.${t.dtype}`, requiresGrad: t.requiresGrad, isLeaf: t.isLeaf,
          gradFn: t.gradFn !== null ? t.gradFn.name() : null, grad: shortTensor(t.grad, max), version: t.version.value,
          hooks: hookCounts(t)[0] - hookCounts(t)[1], retainsGrad: t.retainsGrad, short: shortTensor(t, max)!,
        };
        if (t.grad !== null) s.gradReprId = reprIdOf(t.grad);
        if (t.numel <= 64) s.reprId = reprIdOf(t);
      } else {
        const c = rec.state;
        s = {
          id: rec.id, shape: c.shape.slice(), dtype: `torch.${c.dtype}`, requiresGrad: c.requiresGrad, isLeaf: c.isLeaf,
          gradFn: c.gradFn, grad: null, version: c.version, hooks: c.hooks, retainsGrad: c.retainsGrad, short: texts.short(c),
        };
        if (c.numel <= 64) s.reprId = reprIdOf(c);
      }
      if (info?.name !== undefined) s.name = info.name;
      if (info?.createdAt !== undefined) s.createdAt = toSourceRange(info.createdAt);
      if (info?.nodeId !== undefined) s.nodeId = info.nodeId;
      tensors[rec.id] = s;
    }

    // ---- events
    const zeroings: P.ZeroingEvent[] = this.zeroings.map((z) => {
      const ev: P.ZeroingEvent = { line: z.line, kind: z.kind, tensorIds: z.nums.map(tensorIdOf), names: z.nums.map((n, i) => nameOfNum(n, z.infos[i])) };
      if (z.origin) ev.origin = z.origin;
      return ev;
    });
    const cuts: P.CutRecord[] = this.cuts.map((c) => {
      const rec: P.CutRecord = {
        line: c.line, reason: c.reason, fromTensorIds: c.fromNums.map((n) => `t${n}`), toTensorIds: c.toNums.map((n) => `t${n}`),
        fromNames: c.fromNums.map((n, i) => nameOfNum(n, c.fromInfos[i])),
      };
      if (c.range) rec.range = toSourceRange(c.range);
      return rec;
    });
    const versionBumps: P.VersionBump[] = this.bumps.map((b) => {
      const v: P.VersionBump = { line: b.line, tensorId: tensorIdOf(b.num), version: b.version };
      const n = b.info?.name ?? this.records.get(b.num)?.info?.name;
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
        nodes,
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

  /**
   * What Backward Again needs to repeat call `index`: its roots and root gradients. Kept for the
   * newest call of each call site; an older call can be repeated while the globals still hold
   * its roots (then with the implicit gradient).
   */
  callRoots(index: number): { roots: Tensor[]; grads: Tensor[] | null; kind: 'backward' | 'grad'; line: number } | null {
    const c = this.calls.find((x) => x.index === index);
    if (c === undefined) return null;
    for (const site of this.siteRoots.values()) if (site.index === index) return { roots: site.roots, grads: site.grads, kind: c.kind, line: c.line };
    const live = this.liveState();
    const roots: Tensor[] = [];
    for (const num of c.rootNums) {
      const t = live.tensors.get(num);
      if (t === undefined) return null;
      roots.push(t);
    }
    return roots.length > 0 ? { roots, grads: null, kind: c.kind, line: c.line } : null;
  }
  get backwardCallCount(): number {
    return this.callCount;
  }
  /** The call Backward Again repeats by default: the newest backward() that ran (not one refused or failed). */
  defaultAgainIndex(): number {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const c = this.calls[i];
      if (c.kind === 'backward' && c.error === undefined) return c.index;
    }
    return this.callCount - 1;
  }
  markLastCallOrigin(origin: 'backwardAgain'): void {
    const c = this.calls[this.calls.length - 1];
    if (c) c.origin = origin;
  }
  /** Leaves that require grad: those the run drew or gave gradients, and those the globals reach (for Zero Grads). */
  leaves(): Tensor[] {
    const out = new Set<Tensor>();
    for (const t of this.keptLeaves) if (t.leafRequiresGrad) out.add(t);
    for (const t of this.liveState().tensors.values()) if (t.isLeaf && t.leafRequiresGrad) out.add(t);
    return [...out];
  }
}

/** Copies gradients into reusable slots (a None gradient empties its slot); returns how many. */
function copyAll(slots: (TensorCopy | null)[], grads: (Tensor | null)[]): number {
  for (let i = 0; i < grads.length; i++) slots[i] = copyInto(slots[i], grads[i]);
  return grads.length;
}

function shortsOf(slots: (TensorCopy | null)[], n: number, texts: TextCache): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const c = slots[i];
    out.push(c == null ? null : texts.short(c));
  }
  return out;
}

function hookCounts(t: Tensor): [number, number] {
  if (t.hooks === null) return [0, 0];
  let removed = 0;
  for (const h of t.hooks) if (h.removed) removed++;
  return [t.hooks.length, removed];
}

function recordedRepr(v: Recorded): string {
  return v instanceof TensorCopy ? v.repr() : fullRepr(v);
}

/** A leaf's gradient before/after one call, with what the call added. */
function gradChangeOf(name: string, tensorId: string | undefined, nodeId: string | undefined, before: TensorCopy | null, after: TensorCopy, texts: TextCache, max: number): P.GradChange {
  const ch: P.GradChange = { name, before: before !== null ? texts.short(before) : null, after: texts.short(after) };
  if (tensorId !== undefined) ch.tensorId = tensorId;
  if (nodeId !== undefined) ch.nodeId = nodeId;
  const floating = after.dtype === 'float32' || after.dtype === 'float64';
  if (before !== null && floating && before.numel === after.numel && after.numel <= 4096 && after.data !== null && before.data !== null) {
    // What this call added: after - before, in the gradient's own dtype.
    const a = after.data;
    const b = before.data;
    const n = after.numel;
    const diff = after.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) diff[i] = a[i] - b[i];
    ch.delta = shortTensor(new Tensor(diff, after.shape.slice(), after.dtype), max)!;
  }
  return ch;
}

function cloneNode(n: P.GraphNode): P.GraphNode {
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

/** Full repr of a recorded value (for getValue). */
export function reprOfRecorded(v: unknown): string {
  return recordedRepr(v as Recorded);
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
  const cut = cuts.find((c) => c.fromNums.includes(t.id));
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

