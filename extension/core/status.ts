// Status bar text for a snapshot: "done in N ms", or the error, or why nothing ran. Pure.
import type { TraceSnapshot } from '../../engine/protocol/trace';

/** [text with a codicon, tooltip] */
export function statusText(s: TraceSnapshot): [string, string] {
  const ms = `${Math.round(s.durationMs)} ms`;
  switch (s.status) {
    case 'ok': return [`$(check) Gradscope: done in ${ms}`, `Ran in ${ms}${s.warnings.length ? `, ${s.warnings.length} warning(s)` : ''}`];
    case 'error':
    case 'syntax_error': {
      const e = s.errors[0];
      const text = e ? `${e.type}: ${e.message}` : 'error';
      return [`$(error) Gradscope: ${text.length > 60 ? text.slice(0, 59) + '…' : text}`, e ? `line ${e.range.line}: ${text}` : text];
    }
    case 'timeout': return ['$(watch) Gradscope: stopped (time limit)', s.note ?? (s.errors[0] ? `${s.errors[0].type}: ${s.errors[0].message}` : 'time limit')];
    case 'stopped': return ['$(debug-stop) Gradscope: stopped', s.note ?? 'stopped'];
    case 'crashed': return ['$(error) Gradscope: worker crashed', s.note ?? 'crashed'];
    case 'engine_unavailable': return ['$(warning) Gradscope: engine unavailable', s.note ?? 'engine unavailable'];
  }
}
