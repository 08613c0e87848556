// The trace of one run, as plain JSON: what the recorder (engine/trace) produces, what the
// worker sends to the extension host, and what the graph panel draws. No classes, no
// functions, no cycles — a snapshot must survive structuredClone / JSON.stringify unchanged.
//
// Conventions (the same as engine/script/ast.ts):
// - `line` / `endLine` are 1-based; `col` / `endCol` are 0-based UTF-16 code units, `endCol`
//   exclusive (VS Code's own columns).
// - Every "short" text is one line, already shortened for an inline decoration
//   (e.g. `tensor([[1., 1.], …], requires_grad=True)`); full texts live in `reprs` or are
//   fetched from the worker with a `getValue` message by their `reprId`.
// - Ids are strings. Graph node ids are stable across re-runs of the same (or slightly edited)
//   source: `<kind>@<line>:<col>-<endLine>:<endCol>#<occurrence>` where occurrence counts the
//   nodes created from the same range (loop iterations, repeated calls), so a layout does not
//   jump when the person types. Tensor ids (`t<number>`) are only unique within a snapshot.

export const TRACE_SCHEMA_VERSION = 1 as const;

export interface SourceRange {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

/** A Python value as shown in the editor: short text inline, full text on demand. */
export interface ValueRef {
  /** One line, shortened (`tensor([[1., 1.], …], requires_grad=True)`, `3.5`, `[1, 2]`). */
  short: string;
  /** Python type name: `Tensor`, `float`, `int`, `list`, `NoneType`, `Linear`, … */
  type: string;
  /** Key into `TraceSnapshot.reprs` (or for `getValue`) giving the full repr. */
  reprId?: string;
  /** When the value is a tensor: key into `TraceSnapshot.tensors`. */
  tensorId?: string;
}

/** Everything the hover shows about a tensor (state at the end of the run). */
export interface TensorSummary {
  id: string;
  /** Variable the tensor was first bound to, if any. */
  name?: string;
  /** Where it was created. */
  createdAt?: SourceRange;
  shape: number[];
  /** PyTorch spelling: `torch.float32`. */
  dtype: string;
  requiresGrad: boolean;
  isLeaf: boolean;
  /** `AddBackward0`, or null for leaves / tensors outside the graph. */
  gradFn: string | null;
  /** Short text of `.grad`, or null when `.grad` is None. */
  grad: string | null;
  /** Full repr of `.grad` (key into `reprs`), when not None. */
  gradReprId?: string;
  /** `_version` (bumped by in-place ops). */
  version: number;
  /** Number of hooks registered on the tensor (register_hook). */
  hooks: number;
  retainsGrad: boolean;
  /** Short text of the value (one line). */
  short: string;
  /** Full repr, as PyTorch prints it (key into `reprs`). */
  reprId?: string;
  /** Graph node standing for this tensor (leaf / tensor / output node). */
  nodeId?: string;
}

export interface Binding {
  /** Target as written: `x`, `x.grad`, `w[0]`, `a, b` gives one binding per name. */
  name: string;
  value: ValueRef;
  /** Range of the target in the source, if known. */
  range?: SourceRange;
  /**
   * For a line run several times (a loop): the value bound by each execution, oldest first.
   * Bounded: the first executions are kept, later ones counted in `iterationsOmitted`.
   */
  iterations?: ValueRef[];
  iterationsOmitted?: number;
}

export interface ExprResult {
  /** Range of the expression (an expression statement, or the argument of print). */
  range: SourceRange;
  value: ValueRef;
}

/** A leaf's gradient as one backward() call changed it (shown after the backward line). */
export interface GradChange {
  /** Name of the leaf (`x`, `w`, `model.weight`), or its tensor id when unnamed. */
  name: string;
  tensorId?: string;
  nodeId?: string;
  /** Short `.grad` before the call; null when it was None. */
  before: string | null;
  /** Short `.grad` after the call. */
  after: string;
  /** Short text of what this call added (`after - before`), when the recorder knows it. */
  delta?: string;
}

/** What happened on one source line (values are from its last execution). */
export interface LineRecord {
  line: number;
  /** How many times the line ran (loops, functions). */
  count: number;
  bindings: Binding[];
  exprs: ExprResult[];
  /** Text printed by this line's last execution (each print() call is one entry, no trailing \n). */
  prints: string[];
  /** Leaf gradients changed by a backward()/grad call on this line (last execution). */
  gradChanges?: GradChange[];
}

export interface PrintRecord {
  line: number;
  text: string;
}

export interface TracebackFrame {
  /** Function name, `<module>` at top level. */
  name: string;
  line: number;
  range?: SourceRange;
}

/**
 * Classification of a classic autograd mistake, for quick fixes. The recorder may set it; the
 * extension also recognises PyTorch's message texts itself when it is absent.
 */
export type AutogradMistake =
  | 'non_scalar_backward' // grad can be implicitly created only for scalar outputs
  | 'second_backward' // Trying to backward through the graph a second time …
  | 'leaf_inplace' // a leaf Variable that requires grad is being used in an in-place operation.
  | 'non_leaf_grad' // UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor …
  | 'non_leaf_requires_grad' // you can only change requires_grad flags of leaf variables.
  | 'unused_input' // One of the differentiated Tensors appears to not have been used in the graph.
  | 'numpy_requires_grad' // Can't call numpy() on Tensor that requires grad.
  | 'no_grad_fn'; // element 0 of tensors does not require grad and does not have a grad_fn

export interface RelatedLocation {
  range: SourceRange;
  message: string;
}

export interface ErrorRecord {
  /** `syntax`: the parser stopped here (statements before it ran); `runtime`: raised while running. */
  phase: 'syntax' | 'runtime';
  /** Python exception type: `RuntimeError`, `SyntaxError`, `IndentationError`, `NameError`, … */
  type: string;
  /** The message exactly as Python/PyTorch prints it after `Type: `. */
  message: string;
  /** The exact range to underline (the failing call / token). */
  range: SourceRange;
  traceback?: TracebackFrame[];
  mistake?: AutogradMistake;
  /** E.g. for a second backward: the first backward call that freed the graph. */
  related?: RelatedLocation[];
}

export interface WarningRecord {
  /** `UserWarning`, … */
  category: string;
  message: string;
  range: SourceRange;
  mistake?: AutogradMistake;
  related?: RelatedLocation[];
}

/** Why a `.grad` read gave None. */
export type GradNoneCause =
  | 'not_leaf' // a non-leaf tensor (its grad_fn is named in `gradFn`); use retain_grad()
  | 'no_requires_grad' // requires_grad is False
  | 'not_reachable' // not on any path from the output backward() ran from
  | 'cut' // the path was cut (detach / .data / no_grad / requires_grad_(False)); see cutLine
  | 'no_backward' // backward never ran (before this line)
  | 'zeroed'; // set to None by zero_grad() / `.grad = None` (see zeroLine)

export interface GradNoneReason {
  /** The `.grad` expression read. */
  range: SourceRange;
  line: number;
  /** Name of the tensor whose `.grad` was read (`x`, `y`). */
  name: string;
  tensorId?: string;
  cause: GradNoneCause;
  /** Human explanation, one or two sentences. */
  message: string;
  gradFn?: string;
  cutReason?: CutReason;
  cutLine?: number;
  zeroLine?: number;
}

// ───────────────────────────── graph ─────────────────────────────

export type GraphNodeKind =
  | 'leaf' // a leaf tensor (user-created, requires_grad or not)
  | 'tensor' // a non-leaf tensor (result of an op)
  | 'grad_fn' // a backward Node (AddBackward0, …)
  | 'accumulate_grad' // AccumulateGrad of one leaf (one per leaf, shared by every graph)
  | 'output'; // the root a backward()/grad() ran from

export interface SavedTensorInfo {
  /** Name as in PyTorch (`self`, `other`, `result`, `mat2`). */
  name: string;
  tensorId?: string;
  /** Short value text, when not freed. */
  short?: string;
  /** Version the tensor had when saved. */
  version: number;
  freed: boolean;
  /** Line of the backward() that freed it. */
  freedAtLine?: number;
}

export interface GraphNodeFlags {
  requiresGrad?: boolean;
  isLeaf?: boolean;
  retainsGrad?: boolean;
  /** Number of hooks on the tensor / node (registered, including removed ones). */
  hooks?: number;
  /** How many of those hooks were removed (handle.remove()) by the end of the run. */
  hooksRemoved?: number;
  /** Its saved tensors were freed by a backward without retain_graph. */
  freed?: boolean;
  /** Created inside a loop: the iteration (0-based) it came from. */
  iteration?: number;
  /** requires_grad_(False) / detach_() cut this tensor itself out of the graph. */
  cut?: { reason: CutReason; line: number };
}

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** What the node says: `AddBackward0`, `AccumulateGrad`, `x`, `loss`. */
  label: string;
  /** Variable name of the tensor, for leaf/tensor/output nodes and AccumulateGrad. */
  name?: string;
  range?: SourceRange;
  /** Same as range.line, for quick lookup (line → nodes). */
  line?: number;
  tensorId?: string;
  shape?: number[];
  dtype?: string;
  /** Short value text. */
  value?: string;
  /** Short `.grad` text (leaves / retained tensors), null when None. */
  grad?: string | null;
  flags: GraphNodeFlags;
  /** The vector-Jacobian product, e.g. `grad_self = grad · other` (grad_fn nodes). */
  formula?: string;
  saved?: SavedTensorInfo[];
  /** Function the node was created in (`<module>` at top level), for collapsing. */
  scope?: string;
}

export type CutReason = 'detach' | 'data' | 'no_grad' | 'requires_grad_false' | 'inference_mode';

export type GraphEdgeKind =
  | 'flow' // gradient flow between tensor/grad_fn nodes (drawn in forward direction)
  | 'cut' // a value passed on with its graph cut (detach, .data, no_grad, …)
  | 'saved'; // a grad_fn node saved this tensor for backward

export interface GraphEdge {
  id: string;
  /** Forward direction: `from` is the input side, `to` consumes it. Gradients flow to → from. */
  from: string;
  to: string;
  kind: GraphEdgeKind;
  /** Index in the consumer's next_functions / inputs. */
  inputIndex?: number;
  /** For `cut` edges. */
  reason?: CutReason;
  /** Line of the cut (or of the saving op). */
  line?: number;
  /** Saved-tensor name for `saved` edges (`self`, `other`). */
  label?: string;
  /** A gradient summed over broadcast dimensions on this edge: the original shape. */
  broadcastFrom?: number[];
}

/** One node run by a backward pass, in engine order (for the stepper). */
export interface BackwardStep {
  nodeId: string;
  /** The node's name (`MulBackward0`), also when the node is not in the (capped) graph. */
  label?: string;
  /** Short texts of the gradients the node received (one per output; null = None). */
  gradOutputs: (string | null)[];
  /** Short texts of the gradients it sent to its next functions (one per input). */
  gradInputs: (string | null)[];
  /** The formula with numbers filled in, when the recorder has it. */
  formula?: string;
}

export interface HookFired {
  nodeId: string;
  tensorId?: string;
  /**
   * `tensor` (register_hook), `retain_grad` (before/after: the tensor's .grad), `node_pre`
   * (grad_fn.register_prehook), `node` (grad_fn.register_hook), `post_accumulate`. For node hooks
   * before/after are the first gradient.
   */
  hookKind: string;
  before: string | null;
  after: string | null;
  /** The hook returned a new gradient. */
  changed: boolean;
}

export interface BackwardCall {
  /** Order of the call in the run (0-based). */
  index: number;
  kind: 'backward' | 'grad';
  line: number;
  range?: SourceRange;
  /** The root(s): graph node ids of the output tensors. */
  rootNodeIds: string[];
  retainGraph: boolean;
  createGraph: boolean;
  steps: BackwardStep[];
  /** Leaf gradients before/after (the accumulation timeline). */
  leafGrads: GradChange[];
  hooks: HookFired[];
  /** grad_fn nodes whose saved tensors this call freed. */
  freedNodeIds: string[];
  /**
   * Set when the call raised (e.g. a second backward). A call refused before its pass began
   * (a non-scalar output without gradient) has an error and no steps.
   */
  error?: string;
  /** Session action that caused the call (`backwardAgain`), absent for calls from the script. */
  origin?: 'script' | 'backwardAgain';
  /** When the call raised: the node it failed at (e.g. the first one whose saved tensors were freed). */
  failedNodeId?: string;
  /** Set when the recorder kept only the summary of this call (steps, grads and hooks left out to bound the trace). */
  summarised?: boolean;
  /**
   * The explicit root gradients (`y.backward(gradient=v)`, `grad(outputs, inputs, grad_outputs)`),
   * one short text per root; null for a root that got the implicit 1. Absent when all were implicit.
   */
  gradients?: (string | null)[];
}

/** A graph cut as it happened (also those whose result was never named, so not drawn). */
export interface CutRecord {
  line: number;
  range?: SourceRange;
  reason: CutReason;
  /** Tensors that required grad on the input side, and the results cut from them. */
  fromTensorIds: string[];
  toTensorIds: string[];
  /** Names of the inputs (`x`), when known. */
  fromNames: string[];
}

/** What the recorder left out to keep a huge run bounded (absent when nothing was). */
export interface TraceLimits {
  graphNodesDropped: number;
  graphEdgesDropped: number;
  backwardCallsSummarised: number;
  backwardCallsDropped: number;
  /** Prints, version bumps, cuts, zeroings, .grad-None records beyond their caps. */
  eventsDropped: number;
  stdoutTruncated: boolean;
}

/** `.grad` set to None or zeros (zero_grad(), `x.grad = None`, `x.grad.zero_()`). */
export interface ZeroingEvent {
  line: number;
  kind: 'set_to_none' | 'zero_' | 'assign';
  tensorIds: string[];
  names: string[];
  origin?: 'script' | 'zeroGrads';
}

export interface VersionBump {
  line: number;
  tensorId: string;
  name?: string;
  version: number;
  /** Op that bumped it: `add_`, `mul_`, `__setitem__`. */
  op?: string;
}

export interface GraphModel {
  schema: typeof TRACE_SCHEMA_VERSION;
  nodes: GraphNode[];
  edges: GraphEdge[];
  backwardCalls: BackwardCall[];
  zeroings: ZeroingEvent[];
  /** Every cut with its line (the drawn `cut` edges are those whose result was named). */
  cuts?: CutRecord[];
}

export type RunStatus =
  | 'ok' // ran to the end
  | 'error' // a runtime exception stopped it (results up to the error are kept)
  | 'syntax_error' // statements before the first syntax error ran
  | 'engine_unavailable' // this build has no engine able to run scripts
  | 'timeout' // the time limit stopped it (the worker was ended)
  | 'stopped' // the person stopped it
  | 'crashed'; // the worker died (memory limit or an internal error)

export interface TraceSnapshot {
  schema: typeof TRACE_SCHEMA_VERSION;
  status: RunStatus;
  /** Wall time of the run inside the worker. */
  durationMs: number;
  /** Per-line records, sorted by line, only lines that did something. */
  lines: LineRecord[];
  /** All printed output, in order, exactly as the script printed it. */
  stdout: string;
  prints: PrintRecord[];
  errors: ErrorRecord[];
  warnings: WarningRecord[];
  tensors: Record<string, TensorSummary>;
  /** Full reprs by reprId (the recorder may leave some out: then ask with getValue). */
  reprs: Record<string, string>;
  gradNone: GradNoneReason[];
  versionBumps: VersionBump[];
  graph: GraphModel;
  /** Free text for the status bar / output when status is not ok (e.g. why the engine is unavailable). */
  note?: string;
  /** Present when limits summarised the trace (a huge graph, a very long loop). */
  limits?: TraceLimits;
}

/** A snapshot with nothing in it, for a given status (used for errors outside a run). */
export function emptySnapshot(status: RunStatus, note?: string): TraceSnapshot {
  return {
    schema: TRACE_SCHEMA_VERSION,
    status,
    durationMs: 0,
    lines: [],
    stdout: '',
    prints: [],
    errors: [],
    warnings: [],
    tensors: {},
    reprs: {},
    gradNone: [],
    versionBumps: [],
    graph: { schema: TRACE_SCHEMA_VERSION, nodes: [], edges: [], backwardCalls: [], zeroings: [] },
    ...(note !== undefined ? { note } : {}),
  };
}

/** Stable graph node id from a source range and an occurrence count (see file header). */
export function stableNodeId(kind: GraphNodeKind, range: SourceRange | undefined, occurrence: number): string {
  const where = range ? `${range.line}:${range.col}-${range.endLine}:${range.endCol}` : 'nowhere';
  return `${kind}@${where}#${occurrence}`;
}
