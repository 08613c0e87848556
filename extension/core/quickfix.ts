// Quick fixes for the classic autograd mistakes, as plain text edits. Pure: the VS Code glue
// turns them into CodeActions; nothing is applied unless the person picks one.
import type { AutogradMistake, RelatedLocation, SourceRange, TraceSnapshot } from '../../engine/protocol/trace';
import { classifyMistake } from './mistakes';

export interface TextEditSpec {
  /** 1-based lines, 0-based columns (end exclusive), like SourceRange. */
  range: SourceRange;
  newText: string;
}

export interface QuickFix {
  title: string;
  isPreferred: boolean;
  edits: TextEditSpec[];
  mistake: AutogradMistake;
}

export interface ProblemInfo {
  message: string;
  range: SourceRange;
  mistake?: AutogradMistake;
  related?: RelatedLocation[];
}

interface Pos {
  line: number; // 1-based
  col: number;
}

const at = (p: Pos): SourceRange => ({ line: p.line, col: p.col, endLine: p.line, endCol: p.col });
const insert = (p: Pos, text: string): TextEditSpec => ({ range: at(p), newText: text });

/** Matching `)` for the `(` at `open`, over several lines; skips string literals. */
export function matchParen(lines: string[], open: Pos): Pos | null {
  let depth = 0;
  let quote: string | null = null;
  for (let ln = open.line; ln <= lines.length && ln < open.line + 50; ln++) {
    const text = lines[ln - 1] ?? '';
    for (let c = ln === open.line ? open.col : 0; c < text.length; c++) {
      const ch = text[c]!;
      if (quote) {
        if (ch === '\\') c++;
        else if (ch === quote) quote = null;
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        depth--;
        if (depth === 0) return { line: ln, col: c };
      }
    }
    quote = null; // single-line strings only
  }
  return null;
}

/** The expression a method is called on: `y` in `y.backward()`, `(x*2)` in `(x*2).backward()`. */
export function receiverBefore(text: string, dot: number): string {
  let i = dot - 1;
  let depth = 0;
  while (i >= 0) {
    const ch = text[i]!;
    if (ch === ')' || ch === ']') depth++;
    else if (ch === '(' || ch === '[') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && !/[\w.]/.test(ch)) break;
    i--;
  }
  return text.slice(i + 1, dot);
}

/** Arguments text between `(` and `)` of a call (joined when multi-line). */
function argsText(lines: string[], open: Pos, close: Pos): string {
  if (open.line === close.line) return lines[open.line - 1]!.slice(open.col + 1, close.col);
  const parts = [lines[open.line - 1]!.slice(open.col + 1)];
  for (let l = open.line + 1; l < close.line; l++) parts.push(lines[l - 1]!);
  parts.push(lines[close.line - 1]!.slice(0, close.col));
  return parts.join('\n');
}

/** Edit adding a keyword argument to the call whose `(` is at `open`. */
function addKeyword(lines: string[], open: Pos, keyword: string): TextEditSpec | null {
  const close = matchParen(lines, open);
  if (!close) return null;
  const args = argsText(lines, open, close).trim();
  if (new RegExp(`\\b${keyword.split('=')[0]}\\s*=`).test(args)) return null; // already there
  const closeLine = lines[close.line - 1]!;
  if (close.line > open.line && closeLine.slice(0, close.col).trim() === '') {
    // `)` on its own line: add the keyword as one more argument line, like its neighbours.
    const argIndent = indentOf(lines[close.line - 2] ?? '');
    if (args.endsWith(',')) return insert({ line: close.line, col: 0 }, `${argIndent}${keyword},\n`);
    const prev = lines[close.line - 2] ?? '';
    return insert({ line: close.line - 1, col: prev.length }, `,\n${argIndent}${keyword}`);
  }
  return insert(close, args.length === 0 ? keyword : args.endsWith(',') ? ` ${keyword}` : `, ${keyword}`);
}

/** `.backward(` or `grad(` on a line: the position of its `(` and of the dot before `backward`. */
function findCall(text: string, names: RegExp, fromCol = 0): { dot: number; open: number; name: string } | null {
  names.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = names.exec(text))) {
    const open = m.index + m[0].length - 1;
    if (open >= fromCol || m.index >= fromCol) return { dot: m.index, open, name: m[0] };
  }
  return null;
}

const BACKWARD = /\.backward\s*\(/g;
const GRAD_CALL = /\bgrad\s*\(/g;
const indentOf = (s: string): string => /^\s*/.exec(s)![0];

function nonScalarBackward(p: ProblemInfo, lines: string[]): QuickFix[] {
  const text = lines[p.range.line - 1] ?? '';
  const call = findCall(text, BACKWARD, 0);
  if (!call) return [];
  const receiver = receiverBefore(text, call.dot);
  if (!receiver) return [];
  const fixes: QuickFix[] = [{
    title: `Reduce to a scalar first: ${receiver}.sum().backward()`,
    isPreferred: true,
    edits: [insert({ line: p.range.line, col: call.dot }, '.sum()')],
    mistake: 'non_scalar_backward',
  }];
  const kw = addKeyword(lines, { line: p.range.line, col: call.open }, `gradient=torch.ones_like(${receiver})`);
  if (kw) fixes.push({ title: `Pass the output gradient: gradient=torch.ones_like(${receiver})`, isPreferred: false, edits: [kw], mistake: 'non_scalar_backward' });
  return fixes;
}

function secondBackward(p: ProblemInfo, lines: string[], snapshot: TraceSnapshot | undefined): QuickFix[] {
  // The call to change is the earlier one that freed the graph.
  let target: number | undefined = p.related?.[0]?.range.line;
  if (target === undefined && snapshot) {
    const earlier = snapshot.graph.backwardCalls.filter((c) => c.line < p.range.line && !c.retainGraph && !c.error && c.origin !== 'backwardAgain');
    target = earlier.length > 0 ? earlier[earlier.length - 1]!.line : undefined;
  }
  if (target === undefined) {
    for (let l = p.range.line - 1; l >= 1; l--) {
      const t = lines[l - 1] ?? '';
      if (/\.backward\s*\(|autograd\.grad\s*\(/.test(t) && !/retain_graph\s*=\s*True/.test(t)) { target = l; break; }
    }
  }
  target ??= p.range.line; // a loop calling backward on the same graph: the call itself
  const text = lines[target - 1] ?? '';
  const call = findCall(text, BACKWARD) ?? findCall(text, GRAD_CALL);
  if (!call) return [];
  const edit = addKeyword(lines, { line: target, col: call.open }, 'retain_graph=True');
  if (!edit) return [];
  const where = target === p.range.line ? 'this backward()' : `the first backward() (line ${target})`;
  return [{ title: `Keep the graph for a second backward: add retain_graph=True to ${where}`, isPreferred: true, edits: [edit], mistake: 'second_backward' }];
}

function leafInplace(p: ProblemInfo, lines: string[]): QuickFix[] {
  const text = lines[p.range.line - 1] ?? '';
  const stripped = text.trim();
  if (!stripped || stripped.endsWith(':') || stripped.endsWith('\\')) return [];
  const indent = indentOf(text);
  return [{
    title: 'Update the leaf outside autograd: wrap in `with torch.no_grad():`',
    isPreferred: true,
    edits: [{
      range: { line: p.range.line, col: indent.length, endLine: p.range.line, endCol: text.length },
      newText: `with torch.no_grad():\n${indent}    ${stripped}`,
    }],
    mistake: 'leaf_inplace',
  }];
}

function nonLeafGrad(p: ProblemInfo, lines: string[], snapshot: TraceSnapshot | undefined): QuickFix[] {
  const text = lines[p.range.line - 1] ?? '';
  // The `name.grad` read the warning is about (at the range, else the first on the line).
  const reads = [...text.matchAll(/([A-Za-z_][\w.]*)\.grad\b/g)];
  const read = reads.find((m) => m.index! >= p.range.col && m.index! <= p.range.endCol) ?? reads[0];
  if (!read) return [];
  const name = read[1]!;
  // Insert retain_grad() right after the statement that last bound the name before this line.
  let defEnd: number | undefined;
  if (snapshot) {
    for (const rec of snapshot.lines) {
      if (rec.line >= p.range.line) continue;
      for (const b of rec.bindings) if (b.name === name) defEnd = Math.max(defEnd ?? 0, b.range?.endLine ?? rec.line);
    }
  }
  if (defEnd === undefined) {
    const assign = new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*=[^=]`);
    for (let l = p.range.line - 1; l >= 1; l--) if (assign.test(lines[l - 1] ?? '')) { defEnd = l; break; }
  }
  if (defEnd === undefined) return [];
  const indent = indentOf(lines[defEnd - 1] ?? '');
  return [{
    title: `Keep the gradient of non-leaf ${name}: insert ${name}.retain_grad() after line ${defEnd}`,
    isPreferred: true,
    edits: [insert({ line: defEnd + 1, col: 0 }, `${indent}${name}.retain_grad()\n`)],
    mistake: 'non_leaf_grad',
  }];
}

function nonLeafRequiresGrad(p: ProblemInfo, lines: string[]): QuickFix[] {
  const text = lines[p.range.line - 1] ?? '';
  const m = /^(\s*)([A-Za-z_][\w.]*)\.requires_grad(?:\s*=\s*(True|False)|_\(\s*(True|False)?\s*\))\s*$/.exec(text);
  if (!m) return [];
  const [, indent, name, assigned, called] = m;
  const wantGrad = (assigned ?? called ?? 'True') === 'True';
  const newStmt = wantGrad ? `${name} = ${name}.detach().requires_grad_()` : `${name} = ${name}.detach()`;
  return [{
    title: wantGrad ? `Make ${name} a new leaf: ${newStmt}` : `Cut ${name} from the graph: ${newStmt}`,
    isPreferred: true,
    edits: [{ range: { line: p.range.line, col: indent!.length, endLine: p.range.line, endCol: text.length }, newText: newStmt }],
    mistake: 'non_leaf_requires_grad',
  }];
}

function unusedInput(p: ProblemInfo, lines: string[]): QuickFix[] {
  for (let l = p.range.line; l >= Math.max(1, p.range.line - 5); l--) {
    const call = findCall(lines[l - 1] ?? '', GRAD_CALL);
    if (!call) continue;
    const edit = addKeyword(lines, { line: l, col: call.open }, 'allow_unused=True');
    if (!edit) return [];
    return [{ title: 'Allow inputs the output does not depend on: allow_unused=True (their grads are None)', isPreferred: true, edits: [edit], mistake: 'unused_input' }];
  }
  return [];
}

function numpyRequiresGrad(p: ProblemInfo, lines: string[]): QuickFix[] {
  const text = lines[p.range.line - 1] ?? '';
  const i = text.indexOf('.numpy(', Math.max(0, p.range.col));
  const j = i >= 0 ? i : text.indexOf('.numpy(');
  if (j < 0) return [];
  return [{ title: 'Leave the graph first: .detach().numpy()', isPreferred: true, edits: [insert({ line: p.range.line, col: j }, '.detach()')], mistake: 'numpy_requires_grad' }];
}

export function quickFixes(p: ProblemInfo, lines: string[], snapshot?: TraceSnapshot): QuickFix[] {
  switch (p.mistake ?? classifyMistake(p.message)) {
    case 'non_scalar_backward': return nonScalarBackward(p, lines);
    case 'second_backward': return secondBackward(p, lines, snapshot);
    case 'leaf_inplace': return leafInplace(p, lines);
    case 'non_leaf_grad': return nonLeafGrad(p, lines, snapshot);
    case 'non_leaf_requires_grad': return nonLeafRequiresGrad(p, lines);
    case 'unused_input': return unusedInput(p, lines);
    case 'numpy_requires_grad': return numpyRequiresGrad(p, lines);
    default: return [];
  }
}

/** Applies edits to text (for tests and previews); edits must not overlap. */
export function applyEdits(text: string, edits: TextEditSpec[]): string {
  const lines = text.split('\n');
  const offset = (line: number, col: number): number => {
    let o = 0;
    for (let l = 1; l < line; l++) o += lines[l - 1]!.length + 1;
    return o + col;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.line, b.range.col) - offset(a.range.line, a.range.col));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.line, e.range.col)) + e.newText + out.slice(offset(e.range.endLine, e.range.endCol));
  return out;
}
