// Hovers, quick fixes and the CodeLens: thin adapters from VS Code to the pure logic in ./core.
import * as vscode from 'vscode';
import { hoverMarkdown } from './core/hover';
import { quickFixes } from './core/quickfix';
import type { AutogradMistake } from '../engine/protocol/trace';
import type { Controller } from './controller';
import { DIAGNOSTIC_SOURCE } from './controller';
import { fromVsRange, toVsRange } from './ranges';
import { settings } from './settings';

/** Identifier or dotted name under the cursor (`x.grad`, `model.weight`). */
const DOTTED = /[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*/;

export class GradscopeHover implements vscode.HoverProvider {
  constructor(private readonly controller: Controller) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const snapshot = this.controller.currentSnapshotFor(doc);
    if (!snapshot) return undefined;
    const range = doc.getWordRangeAtPosition(pos, DOTTED);
    if (!range) return undefined;
    // Hovering `x` in `x.grad` means x; hovering `grad` means x.grad: cut the dotted name at the cursor's word.
    const full = doc.getText(range);
    const wordEnd = doc.getWordRangeAtPosition(pos)?.end.character ?? range.end.character;
    const word = full.slice(0, wordEnd - range.start.character);
    const md = hoverMarkdown(snapshot, { line: pos.line + 1, col: pos.character, word });
    if (!md) return undefined;
    const content = new vscode.MarkdownString(md);
    content.isTrusted = false;
    content.supportHtml = false;
    return new vscode.Hover(content, new vscode.Range(range.start, new vscode.Position(range.start.line, wordEnd)));
  }
}

export class GradscopeQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  constructor(private readonly controller: Controller) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const lines = doc.getText().split(/\r?\n/);
    const actions: vscode.CodeAction[] = [];
    for (const diag of context.diagnostics) {
      if (diag.source !== DIAGNOSTIC_SOURCE) continue;
      const fixes = quickFixes({
        message: diag.message,
        range: fromVsRange(diag.range),
        ...(typeof diag.code === 'string' ? { mistake: diag.code as AutogradMistake } : {}),
        ...(diag.relatedInformation?.length ? { related: diag.relatedInformation.map((r) => ({ range: fromVsRange(r.location.range), message: r.message })) } : {}),
      }, lines, this.controller.snapshotFor(doc.uri));
      for (const fix of fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diag];
        action.isPreferred = fix.isPreferred;
        const edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) edit.replace(doc.uri, toVsRange(e.range), e.newText);
        action.edit = edit;
        actions.push(action);
      }
    }
    return actions;
  }
}

const IMPORTS_TORCH = /^\s*(import\s+torch\b|from\s+torch\b)/m;

export class GradscopeCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  constructor(private readonly controller: Controller) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!settings.codeLens() || !IMPORTS_TORCH.test(doc.getText())) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: '$(play) Run with Gradscope', command: 'gradscope.run', arguments: [doc.uri] }),
      new vscode.CodeLens(top, { title: settings.liveMode() ? 'Live: on' : 'Live: off', command: 'gradscope.toggleLive' }),
    ];
    if (this.controller.snapshotFor(doc.uri)) lenses.push(new vscode.CodeLens(top, { title: 'Show Graph', command: 'gradscope.showGraph' }));
    return lenses;
  }
}
