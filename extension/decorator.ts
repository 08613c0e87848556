// Draws inline values after lines. The decoration types are created once; each snapshot only
// recomputes the options (VS Code's guidance: types are costly, options are cheap).
import * as vscode from 'vscode';
import type { InlineKind, InlineText } from './core/decorations';

const COLORS: Record<InlineKind, string> = {
  value: 'gradscope.inlineValueForeground',
  grad: 'gradscope.inlineGradForeground',
  print: 'gradscope.inlinePrintForeground',
  error: 'gradscope.inlineErrorForeground',
};

export class InlineDecorator implements vscode.Disposable {
  private readonly types: Record<InlineKind, vscode.TextEditorDecorationType>;
  /** What is drawn per document (so the API and tests can read it back). */
  private readonly drawn = new Map<string, InlineText[]>();

  constructor() {
    const make = (kind: InlineKind) =>
      vscode.window.createTextEditorDecorationType({
        after: { color: new vscode.ThemeColor(COLORS[kind]), margin: '0 0 0 2em', fontStyle: kind === 'error' ? 'italic' : 'normal' },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        isWholeLine: false,
      });
    this.types = { value: make('value'), grad: make('grad'), print: make('print'), error: make('error') };
  }

  show(doc: vscode.TextDocument, texts: InlineText[]): void {
    this.drawn.set(doc.uri.toString(), texts);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === doc) this.paint(editor, texts);
  }

  /** Values no longer match the text: remove them at once. */
  clear(doc: vscode.TextDocument): void {
    if (!this.drawn.has(doc.uri.toString())) return;
    this.drawn.delete(doc.uri.toString());
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === doc) this.paint(editor, []);
  }

  /** Re-apply to an editor that became visible. */
  refresh(editor: vscode.TextEditor): void {
    const texts = this.drawn.get(editor.document.uri.toString());
    if (texts) this.paint(editor, texts);
  }

  textsOf(uri: vscode.Uri): InlineText[] {
    return this.drawn.get(uri.toString()) ?? [];
  }

  private paint(editor: vscode.TextEditor, texts: InlineText[]): void {
    const byKind: Record<InlineKind, vscode.DecorationOptions[]> = { value: [], grad: [], print: [], error: [] };
    const doc = editor.document;
    for (const t of texts) {
      if (t.line < 1 || t.line > doc.lineCount) continue;
      const end = doc.lineAt(t.line - 1).range.end;
      byKind[t.kind].push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: t.text } } });
    }
    for (const kind of Object.keys(byKind) as InlineKind[]) editor.setDecorations(this.types[kind], byKind[kind]);
  }

  dispose(): void {
    for (const t of Object.values(this.types)) t.dispose();
    this.drawn.clear();
  }
}
