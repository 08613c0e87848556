// Guards: structural checks that reject malformed messages and snapshots. Written as a tiny
// schema language (no dependency) so each message's shape is stated once, next to its kind.

import { PROTOCOL_VERSION } from './messages';
import type { HostToWorker, WorkerToHost, HostToWebview, WebviewToHost } from './messages';
import { TRACE_SCHEMA_VERSION } from './trace';
import type { TraceSnapshot, GraphModel } from './trace';

/** A check returns null when the value fits, else the path and reason of the first misfit. */
type Check = (value: unknown, path: string) => string | null;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const str: Check = (x, p) => (typeof x === 'string' ? null : `${p}: expected string`);
const num: Check = (x, p) => (typeof x === 'number' && Number.isFinite(x) ? null : `${p}: expected finite number`);
const int: Check = (x, p) => (Number.isSafeInteger(x) ? null : `${p}: expected integer`);
const bool: Check = (x, p) => (typeof x === 'boolean' ? null : `${p}: expected boolean`);
const lit = (...values: (string | number)[]): Check => (x, p) =>
  values.includes(x as string | number) ? null : `${p}: expected one of ${values.join(', ')}`;
const nullable = (c: Check): Check => (x, p) => (x === null ? null : c(x, p));
const arr = (c: Check): Check => (x, p) => {
  if (!Array.isArray(x)) return `${p}: expected array`;
  for (let i = 0; i < x.length; i++) {
    const e = c(x[i], `${p}[${i}]`);
    if (e) return e;
  }
  return null;
};
const record = (c: Check): Check => (x, p) => {
  if (!isObj(x)) return `${p}: expected object`;
  for (const k of Object.keys(x)) {
    const e = c(x[k], `${p}.${k}`);
    if (e) return e;
  }
  return null;
};
/** Required fields, plus optional ones (`?` suffix on the key); other keys are allowed. */
const obj = (fields: Record<string, Check>): Check => (x, p) => {
  if (!isObj(x)) return `${p}: expected object`;
  for (const [key, c] of Object.entries(fields)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const v = x[name];
    if (v === undefined) {
      if (optional) continue;
      return `${p}.${name}: missing`;
    }
    const e = c(v, `${p}.${name}`);
    if (e) return e;
  }
  return null;
};

const range = obj({ line: int, col: int, endLine: int, endCol: int });
const valueRef = obj({ short: str, type: str, 'reprId?': str, 'tensorId?': str });
const gradChange = obj({ name: str, 'tensorId?': str, 'nodeId?': str, before: nullable(str), after: str, 'delta?': str });
const related = arr(obj({ range, message: str }));
const mistake = str;

const lineRecord = obj({
  line: int,
  count: int,
  bindings: arr(obj({ name: str, value: valueRef, 'range?': range })),
  exprs: arr(obj({ range, value: valueRef })),
  prints: arr(str),
  'gradChanges?': arr(gradChange),
});

const errorRecord = obj({
  phase: lit('syntax', 'runtime'),
  type: str,
  message: str,
  range,
  'traceback?': arr(obj({ name: str, line: int, 'range?': range })),
  'mistake?': mistake,
  'related?': related,
});

const warningRecord = obj({ category: str, message: str, range, 'mistake?': mistake, 'related?': related });

const tensorSummary = obj({
  id: str,
  'name?': str,
  'createdAt?': range,
  shape: arr(int),
  dtype: str,
  requiresGrad: bool,
  isLeaf: bool,
  gradFn: nullable(str),
  grad: nullable(str),
  'gradReprId?': str,
  version: int,
  hooks: int,
  retainsGrad: bool,
  short: str,
  'reprId?': str,
  'nodeId?': str,
});

const gradNoneReason = obj({
  range,
  line: int,
  name: str,
  'tensorId?': str,
  cause: lit('not_leaf', 'no_requires_grad', 'not_reachable', 'cut', 'no_backward', 'zeroed'),
  message: str,
  'gradFn?': str,
  'cutReason?': str,
  'cutLine?': int,
  'zeroLine?': int,
});

const graphNode = obj({
  id: str,
  kind: lit('leaf', 'tensor', 'grad_fn', 'accumulate_grad', 'output'),
  label: str,
  'name?': str,
  'range?': range,
  'line?': int,
  'tensorId?': str,
  'shape?': arr(int),
  'dtype?': str,
  'value?': str,
  'grad?': nullable(str),
  flags: obj({}),
  'formula?': str,
  'saved?': arr(obj({ name: str, version: int, freed: bool })),
  'scope?': str,
});

const graphEdge = obj({
  id: str,
  from: str,
  to: str,
  kind: lit('flow', 'cut', 'saved'),
  'inputIndex?': int,
  'reason?': str,
  'line?': int,
  'label?': str,
});

const backwardCall = obj({
  index: int,
  kind: lit('backward', 'grad'),
  line: int,
  'range?': range,
  rootNodeIds: arr(str),
  retainGraph: bool,
  createGraph: bool,
  steps: arr(obj({ nodeId: str, gradOutputs: arr(nullable(str)), gradInputs: arr(nullable(str)), 'formula?': str })),
  leafGrads: arr(gradChange),
  hooks: arr(obj({ nodeId: str, hookKind: str, before: nullable(str), after: nullable(str), changed: bool })),
  freedNodeIds: arr(str),
  'error?': str,
});

const graphModel = obj({
  schema: lit(TRACE_SCHEMA_VERSION),
  nodes: arr(graphNode),
  edges: arr(graphEdge),
  backwardCalls: arr(backwardCall),
  zeroings: arr(obj({ line: int, kind: lit('set_to_none', 'zero_', 'assign'), tensorIds: arr(str), names: arr(str) })),
});

const traceSnapshot = obj({
  schema: lit(TRACE_SCHEMA_VERSION),
  status: lit('ok', 'error', 'syntax_error', 'engine_unavailable', 'timeout', 'stopped', 'crashed'),
  durationMs: num,
  lines: arr(lineRecord),
  stdout: str,
  prints: arr(obj({ line: int, text: str })),
  errors: arr(errorRecord),
  warnings: arr(warningRecord),
  tensors: record(tensorSummary),
  reprs: record(str),
  gradNone: arr(gradNoneReason),
  versionBumps: arr(obj({ line: int, tensorId: str, version: int })),
  graph: graphModel,
  'note?': str,
});

/** Messages: `kind` picks the schema; `v` must be this protocol's version. */
const byKind = (schemas: Record<string, Check>): Check => (x, p) => {
  if (!isObj(x)) return `${p}: expected object`;
  if (x.v !== PROTOCOL_VERSION) return `${p}.v: expected protocol version ${PROTOCOL_VERSION}, got ${String(x.v)}`;
  const schema = typeof x.kind === 'string' && Object.prototype.hasOwnProperty.call(schemas, x.kind) ? schemas[x.kind] : undefined;
  if (!schema) return `${p}.kind: unknown kind ${JSON.stringify(x.kind)}`;
  return schema(x, p);
};

const hostToWorker = byKind({
  run: obj({ runId: int, source: str, fileName: str, 'options?': obj({ 'maxShortChars?': int, 'maxSteps?': int, 'timeLimitMs?': num }) }),
  backwardAgain: obj({ runId: int, 'callIndex?': int }),
  zeroGrads: obj({ runId: int, mode: lit('none', 'zeros') }),
  step: obj({ requestId: int, direction: lit('next', 'prev', 'reset'), 'callIndex?': int }),
  getValue: obj({ requestId: int, reprId: str }),
  stop: obj({}),
  clear: obj({}),
});

const workerToHost = byKind({
  ready: obj({ engineAvailable: bool, startMs: num }),
  snapshot: obj({ runId: int, snapshot: traceSnapshot }),
  stepped: obj({
    requestId: int,
    callIndex: int,
    stepIndex: int,
    stepCount: int,
    step: nullable(obj({ nodeId: str, gradOutputs: arr(nullable(str)), gradInputs: arr(nullable(str)) })),
    'line?': int,
  }),
  value: obj({ requestId: int, reprId: str, text: nullable(str) }),
  workerError: obj({ 'runId?': int, 'requestId?': int, message: str }),
});

const hostToWebview = byKind({
  graph: obj({ runId: int, fileName: str, graph: graphModel, 'stale?': bool }),
  highlightLines: obj({ lines: arr(int) }),
  stepState: obj({ callIndex: int, stepIndex: int, stepCount: int, nodeId: nullable(str) }),
  requestExport: obj({ format: lit('svg', 'png') }),
});

const webviewToHost = byKind({
  ready: obj({}),
  reveal: obj({ nodeId: str, 'range?': range }),
  command: obj({ command: lit('backwardAgain', 'zeroGrads', 'stepBackward', 'run', 'exportGraph') }),
  exportImage: obj({ format: lit('svg', 'png'), data: str }),
});

/** Why a value is not a valid message/snapshot (null when it is valid). */
export const explain = {
  hostToWorker: (x: unknown) => hostToWorker(x, 'message'),
  workerToHost: (x: unknown) => workerToHost(x, 'message'),
  hostToWebview: (x: unknown) => hostToWebview(x, 'message'),
  webviewToHost: (x: unknown) => webviewToHost(x, 'message'),
  traceSnapshot: (x: unknown) => traceSnapshot(x, 'snapshot'),
  graphModel: (x: unknown) => graphModel(x, 'graph'),
};

export const isHostToWorker = (x: unknown): x is HostToWorker => explain.hostToWorker(x) === null;
export const isWorkerToHost = (x: unknown): x is WorkerToHost => explain.workerToHost(x) === null;
export const isHostToWebview = (x: unknown): x is HostToWebview => explain.hostToWebview(x) === null;
export const isWebviewToHost = (x: unknown): x is WebviewToHost => explain.webviewToHost(x) === null;
export const isTraceSnapshot = (x: unknown): x is TraceSnapshot => explain.traceSnapshot(x) === null;
export const isGraphModel = (x: unknown): x is GraphModel => explain.graphModel(x) === null;
