// Snapshot → the short text shown after each line. Pure (unit-tested without VS Code).
import type { GradChange, LineRecord, TraceSnapshot, ValueRef } from '../../engine/protocol/trace';
import { bareTensorValues, oneLine } from './format';

export type InlineKind = 'value' | 'grad' | 'print' | 'error';

export interface InlineText {
  /** 1-based line. */
  line: number;
  text: string;
  kind: InlineKind;
}

export interface InlineOptions {
  /** Longest text after a line, in characters (setting gradscope.inlineMaxWidth). */
  maxWidth: number;
}

function describeValue(name: string, value: ValueRef, snapshot: TraceSnapshot): string {
  const tensor = value.tensorId ? snapshot.tensors[value.tensorId] : undefined;
  // A computed tensor: its grad_fn says more than its numbers (which the hover shows).
  if (tensor && tensor.gradFn && !name.endsWith('.grad')) return `${name}: grad_fn=<${tensor.gradFn}>`;
  return `${name} = ${value.short}`;
}

/** Grad changes of the newest backward call per line that a session action made (Backward Again). */
function actionGradChanges(snapshot: TraceSnapshot): Map<number, GradChange[]> {
  const byLine = new Map<number, GradChange[]>();
  for (const call of snapshot.graph.backwardCalls) {
    if (call.origin === 'backwardAgain' && !call.error && call.leafGrads.length > 0) byLine.set(call.line, call.leafGrads);
  }
  return byLine;
}

function lineParts(rec: LineRecord, snapshot: TraceSnapshot, again: Map<number, GradChange[]>): { text: string; kind: InlineKind } | null {
  const gradChanges = again.get(rec.line) ?? rec.gradChanges;
  if (gradChanges && gradChanges.length > 0) {
    // First gradient: what was added is the whole of it (`x.grad += …`, None + g = g). After
    // that, the total leads (it is what the next line sees) and the addition follows.
    const parts = gradChanges.map((g) =>
      g.before === null
        ? `${g.name}.grad += ${bareTensorValues(g.delta ?? g.after)}`
        : `${g.name}.grad = ${bareTensorValues(g.after)}${g.delta !== undefined ? ` (+= ${bareTensorValues(g.delta)})` : ''}`,
    );
    return { text: parts.join('; '), kind: 'grad' };
  }
  // `import torch` binds a module: nothing worth showing.
  const bindings = rec.bindings.filter((b) => b.value.type !== 'module');
  if (bindings.length > 0) {
    return { text: bindings.map((b) => describeValue(b.name, b.value, snapshot)).join('; '), kind: 'value' };
  }
  if (rec.prints.length > 0) return { text: rec.prints.join(' ⏎ '), kind: 'print' };
  if (rec.exprs.length > 0) {
    const shown = rec.exprs.filter((e) => e.value.type !== 'NoneType');
    if (shown.length > 0) return { text: shown.map((e) => e.value.short).join('; '), kind: 'value' };
  }
  return null;
}

/** One inline text per line that did something, plus the error's line. Sorted by line. */
export function inlineTexts(snapshot: TraceSnapshot, options: InlineOptions): InlineText[] {
  const out: InlineText[] = [];
  const errorLines = new Map<number, string>();
  for (const e of snapshot.errors) errorLines.set(e.range.line, `${e.type}: ${e.message}`);
  const again = actionGradChanges(snapshot);
  for (const rec of snapshot.lines) {
    if (errorLines.has(rec.line)) continue;
    const part = lineParts(rec, snapshot, again);
    if (!part) continue;
    const loop = rec.count > 1 ? ` (×${rec.count})` : '';
    out.push({ line: rec.line, kind: part.kind, text: oneLine(part.text, Math.max(8, options.maxWidth - loop.length)) + loop });
  }
  for (const [line, text] of errorLines) out.push({ line, kind: 'error', text: oneLine(text, options.maxWidth) });
  return out.sort((a, b) => a.line - b.line);
}
