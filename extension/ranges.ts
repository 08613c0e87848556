// Engine ranges (1-based lines) ↔ VS Code ranges (0-based lines). Columns agree (UTF-16).
import * as vscode from 'vscode';
import type { SourceRange } from '../engine/protocol/trace';

export function toVsRange(r: SourceRange, doc?: vscode.TextDocument): vscode.Range {
  const range = new vscode.Range(Math.max(0, r.line - 1), Math.max(0, r.col), Math.max(0, r.endLine - 1), Math.max(0, r.endCol));
  return doc ? doc.validateRange(range) : range;
}

export function fromVsRange(r: vscode.Range): SourceRange {
  return { line: r.start.line + 1, col: r.start.character, endLine: r.end.line + 1, endCol: r.end.character };
}
