// CPython's compile-time SyntaxWarnings, reported before the script runs (as CPython prints
// them while compiling): invalid escape sequences in string literals (tokenizer, first) and
// `is` / `is not` against a literal (compiler, then).

import type * as A from './ast';
import { tokenize } from './lexer';

export interface CompileWarning {
  line: number;
  message: string;
}

export function compileWarnings(source: string, module: A.Module, parsedCompletely: boolean): CompileWarning[] {
  const out: CompileWarning[] = [];
  if (source.includes('\\')) escapeWarnings(source, out);
  if (parsedCompletely) isLiteralWarnings(module, out);
  return out;
}

// ---------------------------------------------------------------- escapes
const VALID_STR_ESCAPES = new Set(['\n', '\\', "'", '"', 'a', 'b', 'f', 'n', 'r', 't', 'v', '0', '1', '2', '3', '4', '5', '6', '7', 'x', 'N', 'u', 'U']);
const VALID_BYTES_ESCAPES = new Set(['\n', '\\', "'", '"', 'a', 'b', 'f', 'n', 'r', 't', 'v', '0', '1', '2', '3', '4', '5', '6', '7', 'x']);

function escapeWarnings(source: string, out: CompileWarning[]): void {
  const { tokens } = tokenize(source);
  for (const t of tokens) {
    if (t.type !== 'STRING' || !t.value.includes('\\')) continue;
    const q = t.value.search(/['"]/);
    if (q < 0) continue;
    const prefix = t.value.slice(0, q).toLowerCase();
    if (prefix.includes('r')) continue;
    const quoteLen = t.value.startsWith(t.value[q].repeat(3), q) ? 3 : 1;
    const body = t.value.slice(q + quoteLen, t.value.length - quoteLen);
    const valid = prefix.includes('b') ? VALID_BYTES_ESCAPES : VALID_STR_ESCAPES;
    scanLiteral(body, prefix.includes('f') || prefix.includes('t'), valid, t.line, out);
  }
}

/** Reports the first invalid escape of each literal part (an f-string's fields split it). */
function scanLiteral(body: string, isFormat: boolean, valid: Set<string>, startLine: number, out: CompileWarning[]): void {
  let line = startLine;
  let reportedInPart = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\n') line++;
    if (isFormat && c === '{') {
      if (body[i + 1] === '{') {
        i++;
        continue;
      }
      // skip the replacement field (nested braces in its format spec included)
      let depth = 1;
      for (i++; i < body.length && depth > 0; i++) {
        if (body[i] === '{') depth++;
        else if (body[i] === '}') depth--;
        else if (body[i] === '\n') line++;
      }
      i--;
      reportedInPart = false;
      continue;
    }
    if (c !== '\\') continue;
    const n = body[i + 1];
    if (n === undefined) break;
    if (!valid.has(n) && !reportedInPart) {
      out.push({
        line,
        message: `"\\${n}" is an invalid escape sequence. Such sequences will not work in the future. Did you mean "\\\\${n}"? A raw string is also an option.`,
      });
      reportedInPart = true;
    }
    if (n === '\n') line++;
    i++;
  }
}

// ---------------------------------------------------------------- `is` with a literal
function literalTypeName(e: A.Expr): string | null {
  if (e.kind === 'Constant') {
    switch (e.constType) {
      case 'int':
      case 'float':
      case 'str':
      case 'bytes':
      case 'complex':
        return e.constType;
    }
    return null;
  }
  // a tuple of constants is folded into one constant before the check
  if (e.kind === 'Tuple' && e.elts.every((x) => x.kind === 'Constant' || (x.kind === 'Tuple' && literalTypeName(x) !== null))) return 'tuple';
  return null;
}

function isLiteralWarnings(module: A.Module, out: CompileWarning[]): void {
  const stack: unknown[] = [module];
  const found: { node: A.Compare; message: string }[] = [];
  while (stack.length) {
    const n = stack.pop() as { kind?: string } | null;
    if (!n || typeof n !== 'object') continue;
    if (n.kind === 'Compare') {
      const c = n as A.Compare;
      let left: A.Expr = c.left;
      for (let i = 0; i < c.ops.length; i++) {
        const op = c.ops[i];
        const right = c.comparators[i];
        if (op === 'is' || op === 'is not') {
          const lit = literalTypeName(left) ?? literalTypeName(right);
          if (lit !== null) {
            found.push({ node: c, message: `"${op}" with '${lit}' literal. Did you mean "${op === 'is' ? '==' : '!='}"?` });
            break;
          }
        }
        left = right;
      }
    }
    for (const k in n) {
      if (k === 'range' || k === 'scopeInfo') continue;
      const v = (n as Record<string, unknown>)[k];
      if (Array.isArray(v)) for (let j = v.length - 1; j >= 0; j--) stack.push(v[j]);
      else if (v && typeof v === 'object' && 'kind' in (v as object)) stack.push(v);
    }
  }
  // source order (the compiler's visiting order for these simple cases)
  found.sort((a, b) => a.node.range.line - b.node.range.line || a.node.range.col - b.node.range.col);
  for (const f of found) out.push({ line: f.node.range.line, message: f.message });
}
