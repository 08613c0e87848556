// Every message between the extension host, the worker and the graph webview. Each carries
// the protocol version `v` and a `kind` (a discriminated union). Guards (guards.ts) reject
// anything malformed, so a stale or foreign message can never be mistaken for a valid one.
//
// Run ids: the host numbers every request that yields a snapshot (run, backwardAgain,
// zeroGrads) with a fresh, increasing `runId`; only the newest is shown, older replies are
// dropped. The webview holds no authority: it asks the host, the host asks the worker.

import type { GraphModel, SourceRange, TraceSnapshot, BackwardStep } from './trace';

export const PROTOCOL_VERSION = 1 as const;
type V = typeof PROTOCOL_VERSION;

/** What the host gives the worker thread when it starts it (worker_threads' workerData). */
export interface WorkerStartOptions {
  /** The largest single tensor storage in bytes (the memory limit setting). */
  storageLimitBytes?: number;
}

// ───────────────────────────── host → worker ─────────────────────────────

export interface RunOptions {
  /** Longest short text for inline values (characters). */
  maxShortChars?: number;
  /** Interpreter step budget, a second guard besides the host's wall-clock time limit. */
  maxSteps?: number;
  /**
   * The time limit (setting gradscope.timeLimitSeconds). The engine should stop the script
   * itself at this limit (a TimeoutError with the values so far); the host ends the worker
   * only if it is still busy a grace period later.
   */
  timeLimitMs?: number;
}

export interface RunRequest {
  v: V;
  kind: 'run';
  runId: number;
  /** The document text. */
  source: string;
  /** For tracebacks (`File "t.py", line 3`). */
  fileName: string;
  options?: RunOptions;
}

export interface BackwardAgainRequest {
  v: V;
  kind: 'backwardAgain';
  runId: number;
  /** Which backward call of the last run to repeat (its index); default: the last one. */
  callIndex?: number;
}

export interface ZeroGradsRequest {
  v: V;
  kind: 'zeroGrads';
  runId: number;
  /** `none`: set every leaf's .grad to None (PyTorch 2.x zero_grad default); `zeros`: zero in place. */
  mode: 'none' | 'zeros';
}

export interface StepRequest {
  v: V;
  kind: 'step';
  requestId: number;
  direction: 'next' | 'prev' | 'reset';
  /** Backward call to step through; default: the last one. */
  callIndex?: number;
}

export interface GetValueRequest {
  v: V;
  kind: 'getValue';
  requestId: number;
  reprId: string;
}

export interface StopRequest {
  v: V;
  kind: 'stop';
}

export interface ClearRequest {
  v: V;
  kind: 'clear';
}

export type HostToWorker =
  | RunRequest
  | BackwardAgainRequest
  | ZeroGradsRequest
  | StepRequest
  | GetValueRequest
  | StopRequest
  | ClearRequest;

// ───────────────────────────── worker → host ─────────────────────────────

export interface ReadyMessage {
  v: V;
  kind: 'ready';
  /** False when this build has no script engine (snapshots then say why). */
  engineAvailable: boolean;
  /** Milliseconds from the worker's first line to ready. */
  startMs: number;
}

export interface SnapshotMessage {
  v: V;
  kind: 'snapshot';
  runId: number;
  snapshot: TraceSnapshot;
}

export interface StepMessage {
  v: V;
  kind: 'stepped';
  requestId: number;
  callIndex: number;
  /** Position in the call's steps; -1 before the first step. */
  stepIndex: number;
  stepCount: number;
  step: BackwardStep | null;
  line?: number;
}

export interface ValueMessage {
  v: V;
  kind: 'value';
  requestId: number;
  reprId: string;
  /** Full text, or null when the worker no longer has it. */
  text: string | null;
}

export interface WorkerErrorMessage {
  v: V;
  kind: 'workerError';
  /** The request it answers, when there is one. */
  runId?: number;
  requestId?: number;
  message: string;
}

export type WorkerToHost = ReadyMessage | SnapshotMessage | StepMessage | ValueMessage | WorkerErrorMessage;

// ───────────────────────────── host ↔ webview ─────────────────────────────

export interface GraphUpdate {
  v: V;
  kind: 'graph';
  runId: number;
  fileName: string;
  graph: GraphModel;
  /** Lines whose values are stale (the text changed since the run). */
  stale?: boolean;
}

export interface HighlightLines {
  v: V;
  kind: 'highlightLines';
  lines: number[];
}

export interface StepState {
  v: V;
  kind: 'stepState';
  callIndex: number;
  stepIndex: number;
  stepCount: number;
  nodeId: string | null;
}

/** The host asks the webview for a picture of the graph (answered with `exportImage`). */
export interface RequestExport {
  v: V;
  kind: 'requestExport';
  format: 'svg' | 'png';
}

export type HostToWebview = GraphUpdate | HighlightLines | StepState | RequestExport;

export interface WebviewReady {
  v: V;
  kind: 'ready';
}

export interface RevealRange {
  v: V;
  kind: 'reveal';
  nodeId: string;
  range?: SourceRange;
}

export type WebviewCommand = 'backwardAgain' | 'zeroGrads' | 'stepBackward' | 'run' | 'exportGraph';

export interface WebviewCommandRequest {
  v: V;
  kind: 'command';
  command: WebviewCommand;
}

/** The graph as a picture, for the host to save: SVG text, or a PNG as a `data:image/png;base64,` URL. */
export interface ExportImage {
  v: V;
  kind: 'exportImage';
  format: 'svg' | 'png';
  data: string;
}

export type WebviewToHost = WebviewReady | RevealRange | WebviewCommandRequest | ExportImage;
