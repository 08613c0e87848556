// Snapshot → diagnostics (errors and PyTorch warnings at their exact ranges). Pure.
import type { AutogradMistake, RelatedLocation, SourceRange, TraceSnapshot } from '../../engine/protocol/trace';
import { classifyMistake } from './mistakes';

export interface ProblemSpec {
  range: SourceRange;
  /** `RuntimeError: grad can be implicitly created only for scalar outputs` */
  message: string;
  severity: 'error' | 'warning';
  mistake?: AutogradMistake;
  related?: RelatedLocation[];
  /** The raw message (without the type prefix) that quick fixes classify. */
  rawMessage: string;
}

export function problemsOf(snapshot: TraceSnapshot): ProblemSpec[] {
  const out: ProblemSpec[] = [];
  for (const e of snapshot.errors) {
    const mistake = e.mistake ?? classifyMistake(e.message);
    out.push({
      range: e.range, message: `${e.type}: ${e.message}`, severity: 'error', rawMessage: e.message,
      ...(mistake ? { mistake } : {}), ...(e.related ? { related: e.related } : {}),
    });
  }
  for (const w of snapshot.warnings) {
    const mistake = w.mistake ?? classifyMistake(w.message);
    out.push({
      range: w.range, message: `${w.category}: ${w.message}`, severity: 'warning', rawMessage: w.message,
      ...(mistake ? { mistake } : {}), ...(w.related ? { related: w.related } : {}),
    });
  }
  return out;
}
