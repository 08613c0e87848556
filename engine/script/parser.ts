// Recursive-descent parser for the tensor script language (a Python subset), following
// CPython 3.14's grammar (Grammar/python.gram) and reproducing its syntax error messages and
// positions for the common mistakes (the `invalid_*` rules). See ast.ts for AST conventions.
//
// Error model: the first error stops parsing. `parseModule` returns the top-level statements
// completed before it, so the editor can still run them. As in CPython, a tokenizer error
// anywhere later in the file takes precedence over a parser error (CPython tokenizes the rest
// of the file after a parser error), except an unclosed bracket opened on/after the error line.

import type * as A from './ast';
import { ELLIPSIS } from './ast';
import { tokenize, type FStringPart, type Token } from './lexer';

export type { PySyntaxError, ParseResult } from './ast';

class ParseError {
  constructor(readonly error: A.PySyntaxError, readonly fromLexer = false) {}
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue',
  'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in',
  'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

const AUG_OPS = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '<<=', '>>=', '|=', '^=', '&=']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Nesting limit of the recursive descent (unary operators, `**`, conditional expressions...):
 *  deep enough for any plausible program, shallow enough for the JS stack of a worker thread.
 *  Brackets stop earlier, at CPython's tokenizer limit of 200 ("too many nested parentheses").
 *  Beyond it CPython's parser reports "Parser stack overflowed" (a MemoryError) too. */
const MAX_DEPTH = 2000;
const TOO_COMPLEX = 'Parser stack overflowed - Python source too complex to parse';

type BlockKind =
  | "'if' statement" | "'elif' statement" | "'else' statement" | "'while' statement" | "'for' statement"
  | "'with' statement" | "'try' statement" | "'except' statement" | "'finally' statement"
  | 'function definition' | 'class definition' | "'except*' statement" | "'match' statement" | "'case' statement";

/** Parses a module. Never throws. */
export function parseModule(source: string, filename = '<string>'): A.ParseResult {
  void filename;
  try {
    return new Parser(source).parseFile();
  } catch (e) {
    // Defensive: never let a JS exception (e.g. a stack overflow) escape.
    const lines = source.split(/\r\n?|\n/);
    return {
      module: { kind: 'Module', body: [], range: { line: 1, col: 0, endLine: 1, endCol: 0 } },
      error: e instanceof RangeError
        ? { type: 'MemoryError', msg: TOO_COMPLEX, line: 1, col: 0, lineText: lines[0] ?? '' }
        : { type: 'SyntaxError', msg: 'invalid syntax', line: 1, col: 0, lineText: lines[0] ?? '' },
    };
  }
}

/** Parses a single expression (e.g. for a watch or hover). Never throws. */
export function parseExpression(source: string): { expr: A.Expr | null; error: A.PySyntaxError | null } {
  const r = parseModule(source);
  if (r.error) return { expr: null, error: r.error };
  const first = r.module.body[0];
  if (r.module.body.length === 1 && first !== undefined && first.kind === 'ExprStmt') return { expr: first.value, error: null };
  return {
    expr: null,
    error: { type: 'SyntaxError', msg: 'invalid syntax', line: 1, col: 0, lineText: source.split('\n')[0] ?? '' },
  };
}

function rangeOf(a: { range: A.Range }, b: { range: A.Range }): A.Range {
  return { line: a.range.line, col: a.range.col, endLine: b.range.endLine, endCol: b.range.endCol };
}
/** From the start of token `t` to the end of `b` (one allocation). */
function spanFrom(t: Token, b: { range: A.Range }): A.Range {
  return { line: t.line, col: t.col, endLine: b.range.endLine, endCol: b.range.endCol };
}
function tokSpan(a: Token, b: Token): A.Range {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}
function tokRange(t: Token): A.Range {
  return { line: t.line, col: t.col, endLine: t.endLine, endCol: t.endCol };
}

/** CPython's _PyPegen_get_expr_name: how an expression is named in error messages. */
export function exprName(e: A.Expr): string {
  switch (e.kind) {
    case 'Attribute': return 'attribute';
    case 'Subscript': return 'subscript';
    case 'Starred': return 'starred';
    case 'Name': return 'name';
    case 'List': return 'list';
    case 'Tuple': return 'tuple';
    case 'Lambda': return 'lambda';
    case 'Call': return 'function call';
    case 'BoolOp': case 'BinOp': case 'UnaryOp': return 'expression';
    case 'GeneratorExp': return 'generator expression';
    case 'UnsupportedExpr':
      return 'await expression';
    case 'Yield': case 'YieldFrom':
      return 'yield expression';
    case 'ListComp': return 'list comprehension';
    case 'SetComp': return 'set comprehension';
    case 'DictComp': return 'dict comprehension';
    case 'Dict': return 'dict literal';
    case 'Set': return 'set display';
    case 'JoinedStr': case 'FormattedValue': return 'f-string expression';
    case 'Constant':
      if (e.constType === 'None') return 'None';
      if (e.constType === 'bool') return e.value ? 'True' : 'False';
      if (e.constType === 'Ellipsis') return 'ellipsis';
      return 'literal';
    case 'Compare': return 'comparison';
    case 'IfExp': return 'conditional expression';
    case 'NamedExpr': return 'named expression';
    case 'Slice': return 'slice';
  }
}

type TargetsType = 'star' | 'del' | 'for';

/** CPython's _PyPegen_get_invalid_target: the first sub-expression that cannot be a target. */
function invalidTarget(e: A.Expr, type: TargetsType): A.Expr | null {
  switch (e.kind) {
    case 'List': case 'Tuple':
      for (const elt of e.elts) {
        const bad = invalidTarget(elt, type);
        if (bad) return bad;
      }
      return null;
    case 'Starred':
      if (type === 'del') return e;
      return invalidTarget(e.value, type);
    case 'Compare':
      if (type === 'for' && e.ops[0] === 'in') return invalidTarget(e.left, type);
      return e;
    case 'Name': case 'Subscript': case 'Attribute':
      return null;
    default:
      return e;
  }
}

function setContext(e: A.Expr, ctx: A.ExprContext): void {
  switch (e.kind) {
    case 'Name': case 'Attribute': case 'Subscript':
      e.ctx = ctx;
      break;
    case 'Starred':
      e.ctx = ctx;
      setContext(e.value, ctx);
      break;
    case 'List': case 'Tuple':
      e.ctx = ctx;
      for (const elt of e.elts) setContext(elt, ctx);
      break;
    default:
      break;
  }
}

class Parser {
  private readonly tokens: Token[];
  private readonly lexError: A.PySyntaxError | null;
  private readonly lines: string[];
  i = 0;
  /** Furthest token index looked at (CPython's p->fill - 1), for error precedence. */
  private maxSeen = 0;
  private depth = 0;
  /** Number of brackets the parser is inside (CPython's token `level`). */
  private level = 0;
  /** Context for CPython's compile-time checks ('return' outside function, ...). */
  private functionDepth = 0;
  /** Per enclosing function: whether it is an `async def` (where `await` is allowed). */
  private asyncFunctions: boolean[] = [];
  private nextDefIsAsync = false;
  private loopDepth = 0;
  /** Index of the top-level statement being parsed. */
  private topIndex = 0;
  /** First symtable error (duplicate parameter) and first compiler error, in source order. */
  private symtableError: { error: A.PySyntaxError; topIndex: number } | null = null;
  private compilerError: { error: A.PySyntaxError; topIndex: number } | null = null;

  private noteCompilerError(msg: string, range: A.Range): void {
    this.compilerError ??= { error: this.errorAt(msg, range).error, topIndex: this.topIndex };
  }

  constructor(source: string, tokens?: Token[], lines?: string[]) {
    if (tokens && lines) {
      this.tokens = tokens;
      this.lexError = null;
      this.lines = lines;
    } else {
      const lexed = tokenize(source);
      this.tokens = lexed.tokens;
      this.lexError = lexed.error;
      this.lines = lexed.lines;
    }
  }

  // ───────────── entry ─────────────

  parseFile(): A.ParseResult {
    const body: A.Stmt[] = [];
    let error: A.PySyntaxError | null = null;
    let errorIsParser = false;
    let errorAllowsOverride = true;
    try {
      while (this.peek().type !== 'ENDMARKER') {
        if (this.peek().type === 'NEWLINE') {
          this.i++;
          continue;
        }
        this.topIndex = body.length;
        this.parseStatementInto(body);
      }
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      error = e.error;
      errorIsParser = !e.fromLexer;
      errorAllowsOverride = !(e.error.msg === 'unexpected indent' || e.error.msg === 'unexpected unindent');
    }
    if (error && errorIsParser && errorAllowsOverride && this.lexError) {
      // CPython tokenizes the rest of the file after a parser error; a tokenizer error there
      // replaces the parser's. An unclosed bracket only wins if opened on an earlier line.
      const lexErr = this.lexError;
      const isUnclosed = lexErr.msg.endsWith('was never closed');
      const furthest = this.tokens[this.maxSeen] ?? this.tokens[this.tokens.length - 1]!;
      // CPython's second pass may also parse on from an error token into the unclosed bracket
      // (e.g. an expression starting at it) and so reach the end of input.
      const bracketAtOrAfterError = lexErr.line === error.line && lexErr.col >= error.col && !this.bracketFollowedBy(lexErr, [':', ',']);
      // Tokenizer failures that CPython records without raising (E_LINECONT, E_DEDENT,
      // E_TABSPACE, E_TOODEEP, E_EOF) do not replace a parser error.
      const silent = lexErr.type !== 'SyntaxError' || lexErr.msg === 'unexpected character after line continuation character' ||
        lexErr.msg === 'unexpected EOF while parsing';
      if (isUnclosed ? lexErr.line < furthest.line || bracketAtOrAfterError : !silent) error = lexErr;
    }
    if (!error) {
      // Symtable errors come before compiler errors in CPython, regardless of position.
      const compileError = this.symtableError ?? this.compilerError;
      if (compileError) {
        error = compileError.error;
        body.length = compileError.topIndex;
      }
    }
    const last = this.tokens[this.tokens.length - 1];
    const range: A.Range = { line: 1, col: 0, endLine: last?.endLine ?? 1, endCol: last?.endCol ?? 0 };
    return { module: { kind: 'Module', body, range }, error };
  }

  // ───────────── token helpers ─────────────

  /** Is the bracket token at the error's position directly followed by one of `values`? */
  private bracketFollowedBy(at: A.PySyntaxError, values: string[]): boolean {
    for (let k = 0; k < this.tokens.length - 1; k++) {
      const t = this.tokens[k]!;
      if (t.line === at.line && t.col === at.col && t.type === 'OP') {
        const n = this.tokens[k + 1]!;
        return n.type === 'OP' && values.includes(n.value);
      }
    }
    return false;
  }

  private peek(offset = 0): Token {
    if (this.i + offset > this.maxSeen) this.maxSeen = Math.min(this.i + offset, this.tokens.length - 1);
    const t = this.tokens[this.i + offset];
    if (t === undefined) return this.tokens[this.tokens.length - 1]!;
    if (t.type === 'ERRORTOKEN' && offset === 0 && t.value === '' && this.lexError) {
      throw new ParseError(this.lexError, true);
    }
    return t;
  }

  /** Peek without triggering the lexer error (for lookahead). */
  private look(offset: number): Token {
    if (this.i + offset > this.maxSeen) this.maxSeen = Math.min(this.i + offset, this.tokens.length - 1);
    return this.tokens[this.i + offset] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private prev(): Token {
    return this.tokens[this.i - 1] ?? this.tokens[0]!;
  }

  private isOp(value: string, offset = 0): boolean {
    const t = offset === 0 ? this.peek() : this.look(offset);
    return t.type === 'OP' && t.value === value;
  }

  private isKw(value: string, offset = 0): boolean {
    const t = offset === 0 ? this.peek() : this.look(offset);
    return t.type === 'NAME' && t.value === value;
  }

  private eatOp(value: string): Token | null {
    if (this.isOp(value)) return this.next();
    return null;
  }

  private eatKw(value: string): Token | null {
    if (this.isKw(value)) return this.next();
    return null;
  }

  private lineText(line: number): string {
    return this.lines[line - 1] ?? '';
  }

  // ───────────── errors ─────────────

  private errorAt(msg: string, range: A.Range, type: A.PySyntaxError['type'] = 'SyntaxError'): ParseError {
    return new ParseError({
      type, msg, line: range.line, col: range.col, endLine: range.endLine, endCol: range.endCol,
      lineText: this.lineText(range.line),
    });
  }

  /** A generic "invalid syntax" at the current token (CPython's position rules for the
   *  special tokens included). */
  private syntaxError(msg = 'invalid syntax', t: Token = this.peek()): ParseError {
    if (t.type === 'INDENT') {
      return new ParseError({
        type: 'IndentationError', msg: 'unexpected indent', line: t.line, col: t.col,
        endLine: t.line, endCol: -2, lineText: this.lineText(t.line),
      });
    }
    if (t.type === 'DEDENT' && !this.atEof(t)) {
      return new ParseError({
        type: 'IndentationError', msg: 'unexpected unindent', line: t.line, col: -1, lineText: this.lineText(t.line),
      });
    }
    if (t.type === 'ENDMARKER' || (t.type === 'DEDENT' && this.atEof(t))) {
      const line = this.lastContentLine();
      return new ParseError({ type: 'SyntaxError', msg, line, col: -1, endLine: line, endCol: -1, lineText: this.lineText(line) });
    }
    return this.errorAt(msg, tokRange(t));
  }

  private atEof(t: Token): boolean {
    for (let k = this.tokens.indexOf(t); k < this.tokens.length; k++) {
      const u = this.tokens[k]!;
      if (u.type === 'ENDMARKER') return true;
      if (u.type !== 'DEDENT') return false;
    }
    return true;
  }

  private lastContentLine(): number {
    for (let k = this.lines.length; k >= 1; k--) {
      if (this.lines[k - 1]!.length > 0) return k;
    }
    return 1;
  }

  /** "expected an indented block after ..." at the token that should have been an INDENT. */
  private indentError(kind: BlockKind, headerLine: number): ParseError {
    const msg = `expected an indented block after ${kind} on line ${headerLine}`;
    const t = this.peek();
    if (t.type === 'ENDMARKER' || (t.type === 'DEDENT' && this.atEof(t))) {
      const line = this.lastContentLine();
      return new ParseError({ type: 'IndentationError', msg, line, col: this.lineText(line).length, lineText: this.lineText(line) });
    }
    if (t.type === 'DEDENT') {
      return new ParseError({ type: 'IndentationError', msg, line: t.line, col: -1, lineText: this.lineText(t.line) });
    }
    return this.errorAt(msg, tokRange(t), 'IndentationError');
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      const t = this.peek();
      throw new ParseError({ type: 'MemoryError', msg: TOO_COMPLEX, line: t.line, col: t.col, lineText: this.lineText(t.line) });
    }
  }

  // ───────────── statements ─────────────

  private parseStatementInto(out: A.Stmt[]): void {
    const t = this.peek();
    if (t.type === 'INDENT') throw this.syntaxError();
    if (t.type === 'NAME') {
      switch (t.value) {
        case 'if': out.push(this.parseIf()); return;
        case 'while': out.push(this.parseWhile()); return;
        case 'for': out.push(this.parseFor()); return;
        case 'def': out.push(this.parseFunctionDef([], null)); return;
        case 'class': out.push(this.parseClassDef([], null)); return;
        case 'with': out.push(this.parseWith()); return;
        case 'try': out.push(this.parseTry()); return;
        case 'async': out.push(this.parseAsync()); return;
        case 'match':
          if (this.looksLikeMatch()) {
            out.push(this.parseMatch());
            return;
          }
          this.checkMatchWithoutColon();
          break;
        default: break;
      }
    } else if (t.type === 'OP' && t.value === '@') {
      out.push(this.parseDecorated());
      return;
    }
    this.parseSimpleStatements(out);
  }

  private parseSimpleStatements(out: A.Stmt[]): void {
    for (;;) {
      out.push(this.parseSimpleStatement());
      if (this.eatOp(';')) {
        if (this.peek().type === 'NEWLINE') break;
        continue;
      }
      break;
    }
    const t = this.peek();
    if (t.type !== 'NEWLINE') throw this.syntaxError();
    this.next();
  }

  private parseSimpleStatement(): A.Stmt {
    const t = this.peek();
    if (t.type === 'NAME') {
      switch (t.value) {
        case 'pass': this.next(); return { kind: 'Pass', range: tokRange(t) };
        case 'break':
          this.next();
          if (this.loopDepth === 0) this.noteCompilerError("'break' outside loop", tokRange(t));
          return { kind: 'Break', range: tokRange(t) };
        case 'continue':
          this.next();
          if (this.loopDepth === 0) this.noteCompilerError("'continue' not properly in loop", tokRange(t));
          return { kind: 'Continue', range: tokRange(t) };
        case 'return': return this.parseReturn();
        case 'import': return this.parseImport();
        case 'from': return this.parseFromImport();
        case 'raise': return this.parseRaise();
        case 'assert': return this.parseAssert();
        case 'del': return this.parseDel();
        case 'global': case 'nonlocal': return this.parseGlobal(t.value);
        case 'yield': {
          const y = this.parseYield();
          return { kind: 'ExprStmt', value: y, range: y.range };
        }
        case 'type':
          if (this.look(1).type === 'NAME' && (this.isOp('=', 2) || this.isOp('[', 2))) return this.parseTypeAlias();
          break;
        default: break;
      }
    }
    return this.parseExprOrAssign();
  }

  private parseExprOrAssign(): A.Stmt {
    const start = this.peek();
    // Annotated assignment to a bare name: `x: int = 1`.
    const first = this.parseStarExpressions(true);
    if (this.isOp('=')) {
      const targets: A.Expr[] = [first];
      let value: A.Expr = first;
      while (this.eatOp('=')) {
        const rhs = this.peek();
        if (this.isKw('yield')) value = this.parseYield();
        else value = this.parseStarExpressions(false);
        if (this.isOp('=')) targets.push(value);
        else {
          void rhs;
          break;
        }
      }
      for (let k = 0; k < targets.length; k++) {
        const target = targets[k]!;
        this.checkAssignTarget(target, targets.length === 1 && k === 0, targets[k + 1] ?? value);
        setContext(target, 'Store');
      }
      return { kind: 'Assign', targets, value, range: rangeOf(first, value) };
    }
    const t = this.peek();
    if (t.type === 'OP' && AUG_OPS.has(t.value)) {
      if (!(first.kind === 'Name' || first.kind === 'Attribute' || first.kind === 'Subscript')) {
        throw this.errorAt(`'${exprName(first)}' is an illegal expression for augmented assignment`, first.range);
      }
      this.next();
      const value = this.isKw('yield') ? this.parseYield() : this.parseStarExpressions(false);
      setContext(first, 'Store');
      return { kind: 'AugAssign', target: first, op: t.value.slice(0, -1) as A.BinOperator, value, range: rangeOf(first, value) };
    }
    if (this.isOp(':')) {
      const colon = this.next();
      const validTarget = first.kind === 'Name' || first.kind === 'Attribute' || first.kind === 'Subscript';
      let annotation: A.Expr;
      try {
        annotation = this.parseExpression();
      } catch (e) {
        // For an invalid target CPython's first pass already failed at the ':'.
        if (!validTarget && e instanceof ParseError && !e.fromLexer && e.error.msg === 'invalid syntax') throw this.syntaxError('invalid syntax', colon);
        throw e;
      }
      if (first.kind === 'Tuple' && !first.parenthesized) {
        throw this.errorAt('only single target (not tuple) can be annotated', first.elts[0]!.range);
      }
      if (first.kind === 'Tuple' || first.kind === 'List') {
        throw this.errorAt(`only single target (not ${first.kind === 'Tuple' ? 'tuple' : 'list'}) can be annotated`, first.range);
      }
      if (!(first.kind === 'Name' || first.kind === 'Attribute' || first.kind === 'Subscript')) {
        throw this.errorAt('illegal target for annotation', first.range);
      }
      let value: A.Expr | null = null;
      if (this.eatOp('=')) value = this.isKw('yield') ? this.parseYield() : this.parseStarExpressions(false);
      setContext(first, 'Store');
      const simple = first.kind === 'Name' && start.type === 'NAME';
      return { kind: 'AnnAssign', target: first, annotation, value, simple, range: rangeOf(first, value ?? annotation) };
    }
    return { kind: 'ExprStmt', value: first, range: first.range };
  }

  /** Reports CPython's "cannot assign to ..." for an invalid assignment target. */
  private checkAssignTarget(target: A.Expr, single: boolean, rhs: A.Expr): void {
    if (target.kind === 'Starred') {
      throw this.errorAt('starred assignment target must be in a list or tuple', target.range);
    }
    const bad = invalidTarget(target, 'star');
    if (!bad) return;
    // invalid_named_expression: `f() = 1` (one '=', target a bitwise_or that is not a
    // display/True/None/False, rhs starting like a bitwise_or) gets the "here. Maybe" hint.
    const isDisplay = target.kind === 'List' || target.kind === 'Tuple' || target.kind === 'GeneratorExp' ||
      (target.kind === 'Constant' && (target.constType === 'bool' || target.constType === 'None'));
    const rhsStartsBitwiseOr = !(rhs.kind === 'UnaryOp' && rhs.op === 'not') && rhs.kind !== 'Lambda' &&
      rhs.kind !== 'Starred' && rhs.kind !== 'Yield' && rhs.kind !== 'YieldFrom' &&
      !(rhs.kind === 'Tuple' && !rhs.parenthesized && rhs.elts[0]?.kind === 'Starred') &&
      !(rhs.kind === 'BoolOp' && rhs.values[0]?.kind === 'UnaryOp' && (rhs.values[0] as A.UnaryOp).op === 'not');
    if (single && !isDisplay && isBitwiseOrLevel(target) && rhsStartsBitwiseOr) {
      throw this.errorAt(`cannot assign to ${exprName(target)} here. Maybe you meant '==' instead of '='?`, target.range);
    }
    if (bad.kind === 'Yield' || bad.kind === 'YieldFrom') throw this.errorAt('assignment to yield expression not possible', bad.range);
    throw this.errorAt(`cannot assign to ${exprName(bad)}`, bad.range);
  }

  private parseReturn(): A.Return {
    const t = this.next();
    let value: A.Expr | null = null;
    if (!this.atSimpleStmtEnd()) value = this.parseStarExpressions(false);
    const range = value ? spanFrom(t, value) : tokRange(t);
    if (this.functionDepth === 0) this.noteCompilerError("'return' outside function", range);
    return { kind: 'Return', value, range };
  }

  private atSimpleStmtEnd(): boolean {
    const t = this.peek();
    return t.type === 'NEWLINE' || (t.type === 'OP' && t.value === ';');
  }

  private parseDottedName(): { name: string; range: A.Range } {
    const t = this.peek();
    if (t.type !== 'NAME' || KEYWORDS.has(t.value)) throw this.syntaxError();
    this.next();
    let name = t.value;
    let end = t;
    while (this.isOp('.')) {
      this.next();
      const n = this.peek();
      if (n.type !== 'NAME' || KEYWORDS.has(n.value)) throw this.syntaxError();
      this.next();
      name += '.' + n.value;
      end = n;
    }
    return { name, range: { line: t.line, col: t.col, endLine: end.endLine, endCol: end.endCol } };
  }

  private parseImport(): A.Stmt {
    const kw = this.next();
    if (this.peek().type === 'NEWLINE') {
      const n = this.peek();
      throw this.errorAt("Expected one or more names after 'import'", { line: n.line, col: n.col, endLine: n.line, endCol: n.col });
    }
    const names: A.Alias[] = [];
    for (;;) {
      const d = this.parseDottedName();
      let asname: string | null = null;
      let end = d.range;
      if (this.eatKw('as')) {
        const n = this.expectImportTarget();
        asname = n.value;
        end = tokRange(n);
      }
      names.push({ kind: 'Alias', name: d.name, asname, range: { ...d.range, endLine: end.endLine, endCol: end.endCol } });
      if (!this.eatOp(',')) break;
    }
    if (this.isKw('from')) {
      // invalid_import: `import a from b`
      this.next();
      const d = this.parseDottedName();
      throw this.errorAt("Did you mean to use 'from ... import ...' instead?", { line: kw.line, col: kw.col, endLine: d.range.endLine, endCol: d.range.endCol });
    }
    const last = names[names.length - 1]!;
    return { kind: 'Import', names, range: spanFrom(kw, last) };
  }

  /** The name after `as` in an import; CPython's invalid_dotted_as_name / invalid_import_from_as_name. */
  private expectImportTarget(): Token {
    const t = this.peek();
    const after = this.look(1);
    const simple = t.type === 'NAME' && !KEYWORDS.has(t.value) &&
      (after.type === 'NEWLINE' || (after.type === 'OP' && (after.value === ',' || after.value === ')' || after.value === ';')));
    if (!simple && this.startsExpression()) {
      const save = this.i;
      let e: A.Expr | null = null;
      try {
        e = this.parseExpression();
      } catch (err) {
        if (err instanceof ParseError && err.fromLexer) throw err;
        this.i = save;
      }
      if (e) throw this.errorAt(`cannot use ${exprName(e)} as import target`, e.range);
    }
    return this.expectName();
  }

  private expectName(): Token {
    const t = this.peek();
    if (t.type !== 'NAME' || KEYWORDS.has(t.value)) throw this.syntaxError();
    return this.next();
  }

  private parseFromImport(): A.Stmt {
    const kw = this.next();
    let level = 0;
    for (;;) {
      if (this.eatOp('.')) level++;
      else if (this.eatOp('...')) level += 3;
      else break;
    }
    let module: string | null = null;
    if (!(level > 0 && this.isKw('import'))) module = this.parseDottedName().name;
    if (!this.eatKw('import')) throw this.syntaxError();
    const names: A.Alias[] = [];
    let end: Token;
    if (this.isOp('*')) {
      const star = this.next();
      names.push({ kind: 'Alias', name: '*', asname: null, range: tokRange(star) });
      end = star;
    } else {
      const paren = this.eatOp('(');
      if (paren) this.level++;
      if (!paren && this.peek().type === 'NEWLINE') {
        const n = this.peek();
        throw this.errorAt("Expected one or more names after 'import'", { line: n.line, col: n.col, endLine: n.line, endCol: n.col });
      }
      for (;;) {
        const n = this.expectName();
        let asname: string | null = null;
        let e = n;
        if (this.eatKw('as')) {
          e = this.expectImportTarget();
          asname = e.value;
        }
        names.push({ kind: 'Alias', name: n.value, asname, range: { line: n.line, col: n.col, endLine: e.endLine, endCol: e.endCol } });
        const comma = this.eatOp(',');
        if (!comma) break;
        if (paren && this.isOp(')')) break;
        if (!paren && this.peek().type === 'NEWLINE') {
          throw this.errorAt('trailing comma not allowed without surrounding parentheses', tokRange(this.peek()));
        }
      }
      if (paren) {
        if (!this.isOp(')')) throw this.syntaxError();
        this.level--;
        end = this.next();
      } else {
        end = this.prev();
      }
    }
    return { kind: 'ImportFrom', module, names, level, range: { line: kw.line, col: kw.col, endLine: end.endLine, endCol: end.endCol } };
  }

  private parseRaise(): A.Raise {
    const kw = this.next();
    let exc: A.Expr | null = null;
    let cause: A.Expr | null = null;
    if (!this.atSimpleStmtEnd()) {
      exc = this.parseExpression();
      if (this.eatKw('from')) cause = this.parseExpression();
    }
    const endNode = cause ?? exc;
    return { kind: 'Raise', exc, cause, range: endNode ? spanFrom(kw, endNode) : tokRange(kw) };
  }

  private parseAssert(): A.Assert {
    const kw = this.next();
    const test = this.parseExpression();
    let msg: A.Expr | null = null;
    if (this.eatOp(',')) msg = this.parseExpression();
    return { kind: 'Assert', test, msg, range: spanFrom(kw, msg ?? test) };
  }

  private parseDel(): A.Delete {
    const kw = this.next();
    const targets: A.Expr[] = [];
    for (;;) {
      const e = this.parseBitwiseOrOrStar();
      const bad = invalidTarget(e, 'del');
      if (bad) throw this.errorAt(`cannot delete ${exprName(bad)}`, bad.range);
      setContext(e, 'Del');
      targets.push(e);
      if (!this.eatOp(',')) break;
      if (this.atSimpleStmtEnd()) break;
    }
    if (!this.atSimpleStmtEnd()) {
      // `del x + 1`: report the whole expression like CPython's invalid_del_stmt.
      const t = this.peek();
      if (t.type === 'OP' && t.value !== '=' && t.value !== ',') {
        const startTok = this.tokens[this.tokens.indexOf(kw) + 1]!;
        const save = this.i;
        this.i = this.tokens.indexOf(startTok);
        const whole = this.parseStarExpressions(false);
        this.i = save;
        const bad = invalidTarget(whole, 'del');
        if (bad) throw this.errorAt(`cannot delete ${exprName(bad)}`, bad.range);
      }
    }
    const last = targets[targets.length - 1]!;
    return { kind: 'Delete', targets, range: spanFrom(kw, last) };
  }

  private parseGlobal(which: string): A.Global | A.Nonlocal {
    const kw = this.next();
    const names: string[] = [];
    let end = kw;
    for (;;) {
      end = this.expectName();
      names.push(end.value);
      if (!this.eatOp(',')) break;
    }
    const range = { line: kw.line, col: kw.col, endLine: end.endLine, endCol: end.endCol };
    return which === 'global' ? { kind: 'Global', names, range } : { kind: 'Nonlocal', names, range };
  }

  private parseTypeAlias(): A.UnsupportedStmt {
    const kw = this.next();
    this.next(); // name
    if (this.isOp('[')) this.skipBracketed();
    if (!this.eatOp('=')) throw this.syntaxError();
    const value = this.parseExpression();
    return { kind: 'UnsupportedStmt', construct: "'type' alias statement", range: spanFrom(kw, value) };
  }

  private skipBracketed(): void {
    let depth = 0;
    do {
      const t = this.next();
      if (t.type === 'OP' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
      else if (t.type === 'OP' && (t.value === ')' || t.value === ']' || t.value === '}')) depth--;
      else if (t.type === 'ENDMARKER') throw this.syntaxError();
    } while (depth > 0);
  }

  // ───────────── compound statements ─────────────

  /** Parses `':' block` after a header. `colonForced` mirrors CPython's `&&':'` (then any
   *  other token gives "expected ':'"); otherwise only a NEWLINE does. */
  private parseColonBlock(kind: BlockKind, header: Token, colonForced: boolean): A.Stmt[] {
    if (!this.isOp(':')) {
      const t = this.peek();
      if (colonForced || t.type === 'NEWLINE') throw this.errorAt("expected ':'", tokRange(t));
      throw this.syntaxError();
    }
    this.next();
    return this.parseBlock(kind, header);
  }

  private parseBlock(kind: BlockKind, header: Token): A.Stmt[] {
    const body: A.Stmt[] = [];
    if (this.peek().type !== 'NEWLINE') {
      // Same-line body: `if x: y = 1; z = 2`
      this.parseSimpleStatements(body);
      return body;
    }
    this.next();
    if (this.peek().type !== 'INDENT') throw this.indentError(kind, header.line);
    this.next();
    this.enter();
    while (this.peek().type !== 'DEDENT') {
      if (this.peek().type === 'ENDMARKER') break;
      this.parseStatementInto(body);
    }
    this.depth--;
    if (this.peek().type === 'DEDENT') this.next();
    return body;
  }

  private blockEnd(body: A.Stmt[], fallback: Token): A.Range {
    const last = body[body.length - 1];
    return last ? last.range : tokRange(fallback);
  }

  private parseIf(): A.If {
    const kw = this.next();
    const test = this.parseNamedExpression();
    const body = this.parseColonBlock(kw.value === 'if' ? "'if' statement" : "'elif' statement", kw, false);
    let orelse: A.Stmt[] = [];
    if (this.isKw('elif')) {
      orelse = [this.parseIf()];
    } else if (this.isKw('else')) {
      const e = this.next();
      orelse = this.parseColonBlock("'else' statement", e, true);
    }
    const end = orelse.length > 0 ? this.blockEnd(orelse, kw) : this.blockEnd(body, kw);
    return { kind: 'If', test, body, orelse, range: spanFrom(kw, { range: end }) };
  }

  private parseWhile(): A.While {
    const kw = this.next();
    const test = this.parseNamedExpression();
    this.loopDepth++;
    const body = this.parseColonBlock("'while' statement", kw, false);
    this.loopDepth--;
    let orelse: A.Stmt[] = [];
    if (this.isKw('else')) {
      const e = this.next();
      orelse = this.parseColonBlock("'else' statement", e, true);
    }
    const end = this.blockEnd(orelse.length > 0 ? orelse : body, kw);
    return { kind: 'While', test, body, orelse, range: spanFrom(kw, { range: end }) };
  }

  private parseFor(): A.For {
    const kw = this.next();
    const target = this.parseForTarget();
    if (!this.eatKw('in')) {
      throw this.syntaxError();
    }
    const iter = this.parseStarExpressions(false);
    this.loopDepth++;
    const body = this.parseColonBlock("'for' statement", kw, false);
    this.loopDepth--;
    let orelse: A.Stmt[] = [];
    if (this.isKw('else')) {
      const e = this.next();
      orelse = this.parseColonBlock("'else' statement", e, true);
    }
    const end = this.blockEnd(orelse.length > 0 ? orelse : body, kw);
    return { kind: 'For', target, iter, body, orelse, range: spanFrom(kw, { range: end }) };
  }

  /** star_targets of a for loop / comprehension: parsed as an expression list that stops
   *  before 'in', then validated. */
  private parseForTarget(): A.Expr {
    const first = this.parseTargetElement();
    let target: A.Expr = first;
    if (this.isOp(',')) {
      const elts = [first];
      while (this.eatOp(',')) {
        if (this.isKw('in')) break;
        elts.push(this.parseTargetElement());
      }
      target = { kind: 'Tuple', elts, ctx: 'Store', parenthesized: false, range: rangeOf(first, elts[elts.length - 1]!) };
    }
    const bad = invalidTarget(target, 'for');
    if (bad) throw this.errorAt(`cannot assign to ${exprName(bad)}`, bad.range);
    setContext(target, 'Store');
    return target;
  }

  private parseTargetElement(): A.Expr {
    if (this.isOp('*')) {
      const star = this.next();
      const value = this.parseBitwiseOr();
      return { kind: 'Starred', value, ctx: 'Store', range: spanFrom(star, value) };
    }
    return this.parseBitwiseOr();
  }

  private parseWith(): A.With {
    const kw = this.next();
    const items: A.WithItem[] = [];
    // `with (a as b, c as d):` — parenthesized items (3.9+). Try it, fall back to an expression.
    if (this.isOp('(') && this.parenthesizedWithItemsAhead()) {
      this.next();
      this.level++;
      for (;;) {
        items.push(this.parseWithItem());
        if (!this.eatOp(',')) break;
        if (this.isOp(')')) break;
      }
      if (!this.eatOp(')')) throw this.syntaxError();
      this.level--;
    } else {
      for (;;) {
        items.push(this.parseWithItem());
        if (!this.eatOp(',')) break;
      }
    }
    const body = this.parseColonBlock("'with' statement", kw, false);
    return { kind: 'With', items, body, range: spanFrom(kw, { range: this.blockEnd(body, kw) }) };
  }

  /** Is `( ... )` followed by ':' and containing a top-level 'as'? */
  private parenthesizedWithItemsAhead(): boolean {
    let depth = 0;
    let sawAs = false;
    for (let k = this.i; k < this.tokens.length; k++) {
      const t = this.tokens[k]!;
      if (t.type === 'OP' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
      else if (t.type === 'OP' && (t.value === ')' || t.value === ']' || t.value === '}')) {
        depth--;
        if (depth === 0) {
          const n = this.tokens[k + 1];
          return sawAs && n !== undefined && n.type === 'OP' && n.value === ':';
        }
      } else if (depth === 1 && t.type === 'NAME' && t.value === 'as') sawAs = true;
      else if (t.type === 'NEWLINE' || t.type === 'ENDMARKER' || t.type === 'ERRORTOKEN') return false;
    }
    return false;
  }

  private parseWithItem(): A.WithItem {
    const contextExpr = this.parseExpression();
    let optionalVars: A.Expr | null = null;
    if (this.eatKw('as')) {
      optionalVars = this.parseTargetElement();
      if (this.isOp(',') && false) optionalVars = null;
      const bad = invalidTarget(optionalVars, 'star');
      if (bad) throw this.errorAt(`cannot assign to ${exprName(bad)}`, bad.range);
      setContext(optionalVars, 'Store');
    }
    return { kind: 'WithItem', contextExpr, optionalVars, range: rangeOf(contextExpr, optionalVars ?? contextExpr) };
  }

  private parseTry(): A.Try {
    const kw = this.next();
    const body = this.parseColonBlock("'try' statement", kw, true);
    const handlers: A.ExceptHandler[] = [];
    let isStar = false;
    while (this.isKw('except')) {
      const ex = this.next();
      if (this.eatOp('*')) isStar = true;
      let type: A.Expr | null = null;
      let name: string | null = null;
      if (!this.isOp(':')) {
        if (this.peek().type === 'NEWLINE') throw this.errorAt("expected ':'", tokRange(this.peek()));
        type = this.parseExpression();
        if (this.isOp(',')) {
          // 3.14: `except A, B:` without parentheses (only without 'as').
          const elts = [type];
          while (this.eatOp(',')) elts.push(this.parseExpression());
          type = { kind: 'Tuple', elts, ctx: 'Load', parenthesized: false, range: rangeOf(elts[0]!, elts[elts.length - 1]!) };
          if (this.isKw('as')) {
            throw this.errorAt('multiple exception types must be parenthesized when using \'as\'', type.range);
          }
        } else if (this.eatKw('as')) {
          name = this.expectName().value;
        }
      }
      const handlerBody = this.parseColonBlock(isStar ? "'except*' statement" : "'except' statement", ex, false);
      handlers.push({ kind: 'ExceptHandler', type, name, body: handlerBody, range: spanFrom(ex, { range: this.blockEnd(handlerBody, ex) }) });
    }
    let orelse: A.Stmt[] = [];
    let finalbody: A.Stmt[] = [];
    if (handlers.length > 0 && this.isKw('else')) {
      const e = this.next();
      orelse = this.parseColonBlock("'else' statement", e, true);
    }
    if (this.isKw('finally')) {
      const f = this.next();
      finalbody = this.parseColonBlock("'finally' statement", f, true);
    }
    if (handlers.length === 0 && finalbody.length === 0) {
      throw this.errorAt("expected 'except' or 'finally' block", tokRange(this.peek()));
    }
    const endBody = finalbody.length > 0 ? finalbody : orelse.length > 0 ? orelse : handlers[handlers.length - 1]!.body;
    return { kind: 'Try', body, handlers, orelse, finalbody, isStar, range: spanFrom(kw, { range: this.blockEnd(endBody, kw) }) };
  }

  private parseDecorated(): A.Stmt {
    const decorators: A.Expr[] = [];
    const first = this.peek();
    while (this.isOp('@')) {
      this.next();
      decorators.push(this.parseNamedExpression());
      if (this.peek().type !== 'NEWLINE') throw this.syntaxError();
      this.next();
    }
    if (this.isKw('def')) return this.parseFunctionDef(decorators, first);
    if (this.isKw('class')) return this.parseClassDef(decorators, first);
    if (this.isKw('async') && this.isKw('def', 1)) return this.parseAsync();
    throw this.syntaxError();
  }

  private parseFunctionDef(decorators: A.Expr[], _firstDecorator: Token | null): A.FunctionDef {
    const kw = this.next();
    const nameTok = this.expectName();
    if (this.isOp('[')) {
      throw this.errorAt('type parameter lists are not supported', tokRange(this.peek()));
    }
    if (!this.isOp('(')) throw this.errorAt("expected '('", tokRange(this.peek()));
    this.next();
    this.level++;
    const args = this.parseParameters(')', nameTok);
    if (!this.isOp(')')) throw this.syntaxError();
    this.next();
    this.level--;
    let returns: A.Expr | null = null;
    const arrow = this.eatOp('->');
    if (arrow) {
      // `-> <not an expression>`: CPython backtracks to the forced ':' at the arrow.
      try {
        returns = this.parseExpression();
      } catch (e) {
        if (e instanceof ParseError && !e.fromLexer && e.error.msg === 'invalid syntax') {
          throw this.errorAt("expected ':'", tokRange(arrow));
        }
        throw e;
      }
    }
    const savedLoops = this.loopDepth;
    this.loopDepth = 0;
    this.functionDepth++;
    this.asyncFunctions.push(this.nextDefIsAsync);
    this.nextDefIsAsync = false;
    let body: A.Stmt[];
    try {
      body = this.parseColonBlock('function definition', kw, true);
    } finally {
      this.asyncFunctions.pop();
    }
    this.functionDepth--;
    this.loopDepth = savedLoops;
    return {
      kind: 'FunctionDef', name: nameTok.value, nameRange: tokRange(nameTok), args, body, decorators, returns,
      range: spanFrom(kw, { range: this.blockEnd(body, kw) }),
    };
  }

  /** Parameters up to (not including) `closer` (')' for def, ':' for lambda). */
  private parseParameters(closer: string, at: Token): A.Arguments {
    const isLambda = closer === ':';
    const args: A.Arguments = {
      kind: 'Arguments', posonlyargs: [], args: [], vararg: null, kwonlyargs: [], kwDefaults: [], kwarg: null, defaults: [],
      range: { line: at.line, col: at.endCol, endLine: at.line, endCol: at.endCol },
    };
    const startTok = this.peek();
    let sawDefault = false;
    let sawStar = false;
    let sawSlash = false;
    const seen: A.Arg[] = [];
    while (!this.isOp(closer)) {
      const t = this.peek();
      if (args.kwarg) {
        throw this.errorAt(isLambda ? 'arguments cannot follow var-keyword argument' : 'arguments cannot follow var-keyword argument', tokRange(t));
      }
      if (this.isOp('/')) {
        if (sawSlash) throw this.errorAt('/ may appear only once', tokRange(t));
        if (sawStar) throw this.errorAt('/ must be ahead of *', tokRange(t));
        if (args.args.length === 0) throw this.errorAt('at least one argument must precede /', tokRange(t));
        this.next();
        sawSlash = true;
        args.posonlyargs = args.args;
        args.args = [];
      } else if (this.isOp('**')) {
        this.next();
        const a = this.parseParam(isLambda);
        if (this.isOp('=')) throw this.errorAt('var-keyword argument cannot have default value', tokRange(this.peek()));
        args.kwarg = a;
        seen.push(a);
      } else if (this.isOp('*')) {
        const star = this.next();
        if (sawStar) throw this.errorAt('* argument may appear only once', tokRange(star));
        sawStar = true;
        if (this.isOp(',') || this.isOp(closer)) {
          // bare '*': keyword-only parameters must follow.
          const after = this.isOp(',') ? this.look(1) : this.peek();
          if (this.isOp(closer) || (after.type === 'OP' && (after.value === closer || after.value === '**'))) {
            throw this.errorAt('named arguments must follow bare *', tokRange(star));
          }
        } else {
          const a = this.parseParam(isLambda);
          if (this.isOp('=')) throw this.errorAt('var-positional argument cannot have default value', tokRange(this.peek()));
          args.vararg = a;
          seen.push(a);
        }
      } else {
        const a = this.parseParam(isLambda);
        seen.push(a);
        let def: A.Expr | null = null;
        if (this.eatOp('=')) def = this.parseExpression();
        if (sawStar) {
          args.kwonlyargs.push(a);
          args.kwDefaults.push(def);
        } else {
          if (def) {
            sawDefault = true;
            args.defaults.push(def);
          } else if (sawDefault) {
            throw this.errorAt('parameter without a default follows parameter with a default', a.range);
          }
          args.args.push(a);
        }
      }
      if (!this.eatOp(',')) break;
    }
    if (seen.length > 1 && this.symtableError === null) {
      const names = new Set<string>();
      for (const a of seen) {
        if (names.has(a.name)) {
          this.symtableError = { error: this.errorAt(`duplicate argument '${a.name}' in function definition`, a.range).error, topIndex: this.topIndex };
          break;
        }
        names.add(a.name);
      }
    }
    const endTok = this.prev();
    if (seen.length > 0 || sawStar || sawSlash) {
      args.range = { line: startTok.line, col: startTok.col, endLine: endTok.endLine, endCol: endTok.endCol };
    }
    return args;
  }

  private parseParam(isLambda: boolean): A.Arg {
    const t = this.peek();
    if (t.type !== 'NAME' || KEYWORDS.has(t.value)) throw this.syntaxError();
    this.next();
    let annotation: A.Expr | null = null;
    if (!isLambda && this.eatOp(':')) annotation = this.parseExpression();
    return { kind: 'Arg', name: t.value, annotation, range: annotation ? spanFrom(t, annotation) : tokRange(t) };
  }

  private parseClassDef(decorators: A.Expr[], _firstDecorator: Token | null): A.ClassDef {
    const kw = this.next();
    const nameTok = this.expectName();
    let bases: A.Expr[] = [];
    let keywords: A.Keyword[] = [];
    if (this.isOp('[')) throw this.errorAt('type parameter lists are not supported', tokRange(this.peek()));
    if (this.isOp('(')) {
      const open = this.next();
      const call = this.parseCallArguments(open);
      bases = call.args;
      keywords = call.keywords;
    }
    const savedLoops = this.loopDepth;
    const savedFunctions = this.functionDepth;
    this.loopDepth = 0;
    this.functionDepth = 0;
    const body = this.parseColonBlock('class definition', kw, false);
    this.loopDepth = savedLoops;
    this.functionDepth = savedFunctions;
    return {
      kind: 'ClassDef', name: nameTok.value, nameRange: tokRange(nameTok), bases, keywords, body, decorators,
      range: spanFrom(kw, { range: this.blockEnd(body, kw) }),
    };
  }

  private parseAsync(): A.UnsupportedStmt {
    const kw = this.next();
    let inner: A.Stmt;
    let construct: string;
    if (this.isKw('def')) {
      this.nextDefIsAsync = true;
      inner = this.parseFunctionDef([], null);
      construct = "'async def'";
    } else if (this.isKw('for')) {
      inner = this.parseFor();
      construct = "'async for'";
    } else if (this.isKw('with')) {
      inner = this.parseWith();
      construct = "'async with'";
    } else throw this.syntaxError();
    return { kind: 'UnsupportedStmt', construct, range: spanFrom(kw, inner) };
  }

  /** `match subject:` NEWLINE INDENT 'case' ... (soft keyword). */
  private looksLikeMatch(): boolean {
    let depth = 0;
    for (let k = this.i + 1; k < this.tokens.length; k++) {
      const t = this.tokens[k]!;
      if (t.type === 'OP' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
      else if (t.type === 'OP' && (t.value === ')' || t.value === ']' || t.value === '}')) depth--;
      else if (t.type === 'NEWLINE' || t.type === 'ENDMARKER' || t.type === 'ERRORTOKEN') {
        const colon = this.tokens[k - 1]!;
        if (k === this.i + 1) return false;
        if (!(colon.type === 'OP' && colon.value === ':')) return false;
        const indent = this.tokens[k + 1];
        const c = this.tokens[k + 2];
        return indent?.type === 'INDENT' && c?.type === 'NAME' && c.value === 'case';
      } else if (depth === 0 && t.type === 'OP' && t.value === '=') return false;
    }
    return false;
  }

  /** invalid_match_stmt: `match subject` NEWLINE → "expected ':'" (only when the line is
   *  not a valid simple statement, e.g. `match = 1` or `match(x)`). */
  private checkMatchWithoutColon(): void {
    const save = this.i;
    try {
      const stmts: A.Stmt[] = [];
      this.parseSimpleStatements(stmts);
      this.i = save;
      return;
    } catch (e) {
      if (e instanceof ParseError && e.fromLexer) throw e;
    }
    this.i = save + 1;
    try {
      if (this.startsExpression()) {
        this.parseStarExpressions(false);
        if (this.peek().type === 'NEWLINE') throw this.errorAt("expected ':'", tokRange(this.peek()));
      }
    } catch (e) {
      if (e instanceof ParseError && (e.fromLexer || e.error.msg === "expected ':'")) throw e;
    }
    this.i = save;
  }

  /** Skips a match statement (outside the subset) and returns an UnsupportedStmt. */
  private parseMatch(): A.UnsupportedStmt {
    const kw = this.next();
    while (this.peek().type !== 'NEWLINE') this.next();
    this.next();
    this.next(); // INDENT
    let depth = 1;
    let last = kw;
    while (depth > 0) {
      const t = this.next();
      if (t.type === 'INDENT') depth++;
      else if (t.type === 'DEDENT') depth--;
      else if (t.type === 'ENDMARKER') break;
      else if (t.type !== 'NEWLINE') last = t;
    }
    return { kind: 'UnsupportedStmt', construct: "'match' statement", range: tokSpan(kw, last) };
  }

  // ───────────── expressions ─────────────

  /** star_expressions: `a`, `a, b`, `*a, b` (a Tuple when there is a comma). `allowAnn` is
   *  unused beyond documentation: annotations are handled by the caller. */
  private parseStarExpressions(_allowAnn: boolean): A.Expr {
    const first = this.parseStarExpression();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (!this.startsExpression()) break;
      elts.push(this.parseStarExpression());
    }
    const end = this.prev();
    return { kind: 'Tuple', elts, ctx: 'Load', parenthesized: false, range: { line: first.range.line, col: first.range.col, endLine: end.endLine, endCol: end.endCol } };
  }

  private parseStarExpression(): A.Expr {
    if (this.isOp('*')) {
      const star = this.next();
      const value = this.parseBitwiseOr();
      return { kind: 'Starred', value, ctx: 'Load', range: spanFrom(star, value) };
    }
    return this.parseExpression();
  }

  /** Can the current token start an expression? */
  private startsExpression(): boolean {
    const t = this.peek();
    switch (t.type) {
      case 'NAME':
        return !KEYWORDS.has(t.value) || t.value === 'True' || t.value === 'False' || t.value === 'None' ||
          t.value === 'not' || t.value === 'lambda' || t.value === 'await' || t.value === 'yield';
      case 'NUMBER': case 'STRING':
        return true;
      case 'OP':
        return t.value === '(' || t.value === '[' || t.value === '{' || t.value === '-' || t.value === '+' ||
          t.value === '~' || t.value === '...' || t.value === '*';
      default:
        return false;
    }
  }

  /** Tokens that can start `expression_without_invalid` right after a complete expression
   *  (for "Perhaps you forgot a comma?"). */
  private startsAdjacentExpression(): boolean {
    const t = this.peek();
    if (t.type === 'NAME') {
      return !KEYWORDS.has(t.value) || t.value === 'True' || t.value === 'False' || t.value === 'None' ||
        t.value === 'not' || t.value === 'lambda' || t.value === 'await';
    }
    if (t.type === 'NUMBER' || t.type === 'STRING') return true;
    return t.type === 'OP' && (t.value === '{' || t.value === '...' || t.value === '~');
  }

  /** named_expression: `NAME := expression` or expression; `x = 1` where an expression is
   *  expected gets CPython's "Maybe you meant '=='" hints. */
  private parseNamedExpression(): A.Expr {
    const t = this.peek();
    if (t.type === 'NAME' && this.isOp(':=', 1) && !KEYWORDS.has(t.value)) {
      this.next();
      this.next();
      const value = this.parseExpression();
      const target: A.Name = { kind: 'Name', id: t.value, ctx: 'Store', range: tokRange(t) };
      return { kind: 'NamedExpr', target, value, range: rangeOf(target, value) };
    }
    const e = this.parseExpression();
    if (this.isOp(':=')) {
      throw this.errorAt(`cannot use assignment expressions with ${exprName(e)}`, e.range);
    }
    if (this.isOp('=')) this.invalidNamedExpression(e);
    return e;
  }

  /** CPython's invalid_named_expression for `x = 1` in an expression position. */
  private invalidNamedExpression(e: A.Expr): void {
    const save = this.i;
    this.next(); // '='
    if (!this.startsBitwiseOr()) {
      this.i = save;
      return;
    }
    let b: A.Expr;
    try {
      b = this.parseBitwiseOr();
    } catch (e) {
      if (e instanceof ParseError && e.fromLexer) throw e;
      this.i = save;
      return;
    }
    if (this.isOp('=') || this.isOp(':=')) {
      this.i = save;
      return;
    }
    if (e.kind === 'Name') {
      throw this.errorAt("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", rangeOf(e, b));
    }
    const isDisplay = e.kind === 'List' || e.kind === 'Tuple' || e.kind === 'GeneratorExp' ||
      (e.kind === 'Constant' && (e.constType === 'bool' || e.constType === 'None'));
    if (!isDisplay && isBitwiseOrLevel(e) && invalidTarget(e, 'star')) {
      throw this.errorAt(`cannot assign to ${exprName(e)} here. Maybe you meant '==' instead of '='?`, e.range);
    }
    this.i = save;
  }

  private startsBitwiseOr(): boolean {
    const t = this.peek();
    if (t.type === 'NAME') return !KEYWORDS.has(t.value) || t.value === 'True' || t.value === 'False' || t.value === 'None' || t.value === 'await';
    if (t.type === 'NUMBER' || t.type === 'STRING') return true;
    return t.type === 'OP' && ['(', '[', '{', '-', '+', '~', '...'].includes(t.value);
  }

  /** expression: disjunction ['if' disjunction 'else' expression] | lambdef. */
  private parseExpression(): A.Expr {
    this.enter();
    try {
      if (this.isKw('lambda')) return this.parseLambda();
      const body = this.parseDisjunction();
      if (this.isKw('if')) {
        const ifTok = this.peek();
        // Comprehension `if` clauses are handled by the comprehension parser (it parses
        // the iterable as a disjunction), so here an `if` always starts a conditional.
        this.next();
        const test = this.parseDisjunction();
        if (!this.eatKw('else')) {
          if (this.isOp(':')) throw this.syntaxError();
          throw this.errorAt("expected 'else' after 'if' expression", rangeOf(body, test));
        }
        if (!this.startsExpression() || this.isOp('*')) {
          const t = this.peek();
          if (t.type === 'NAME' && ['pass', 'break', 'continue', 'return', 'raise', 'del', 'import', 'from', 'global', 'nonlocal', 'assert'].includes(t.value) ||
            t.type === 'NEWLINE') {
            if (t.type === 'NEWLINE') throw this.errorAt("expected expression after 'else', but statement is given", tokRange(t));
            throw this.errorAt("expected expression after 'else', but statement is given", tokRange(t));
          }
        }
        void ifTok;
        const orelse = this.parseExpression();
        return { kind: 'IfExp', test, body, orelse, range: rangeOf(body, orelse) };
      }
      this.checkAdjacent(body);
      return body;
    } finally {
      this.depth--;
    }
  }

  /** Two adjacent expressions: "Perhaps you forgot a comma?" inside brackets, and
   *  "Missing parentheses in call to 'print'" anywhere. */
  private checkAdjacent(a: A.Expr): void {
    if (!this.startsAdjacentExpression()) return;
    const isLegacy = a.kind === 'Name' && (a.id === 'print' || a.id === 'exec');
    const firstTok = this.tokenAt(a.range);
    const nameThenString = a.kind === 'Name' && this.peek().type === 'STRING';
    if (isLegacy) {
      const save = this.i;
      try {
        const b = this.parseStarExpressions(false);
        throw this.errorAt(`Missing parentheses in call to '${(a as A.Name).id}'. Did you mean ${(a as A.Name).id}(...)?`, rangeOf(a, b));
      } catch (e) {
        if (e instanceof ParseError && (e.fromLexer || e.error.msg.startsWith('Missing parentheses'))) throw e;
        this.i = save;
        if (this.level === 0) return;
      }
    }
    if (this.level === 0 || nameThenString || isLegacy) return;
    if (firstTok && firstTok.type === 'NAME' && (firstTok.value === 'match' || firstTok.value === 'case' || firstTok.value === 'type' || firstTok.value === '_') && a.kind === 'Name') return;
    const save = this.i;
    let b: A.Expr;
    try {
      b = this.parseExpressionNoAdjacentCheck();
    } catch (e) {
      if (e instanceof ParseError && e.fromLexer) throw e;
      this.i = save;
      return;
    }
    throw this.errorAt('invalid syntax. Perhaps you forgot a comma?', rangeOf(a, b));
  }

  private parseExpressionNoAdjacentCheck(): A.Expr {
    if (this.isKw('lambda')) return this.parseLambda();
    const body = this.parseDisjunction();
    if (this.isKw('if')) {
      this.next();
      const test = this.parseDisjunction();
      if (!this.eatKw('else')) return body;
      const orelse = this.parseExpressionNoAdjacentCheck();
      return { kind: 'IfExp', test, body, orelse, range: rangeOf(body, orelse) };
    }
    return body;
  }

  private tokenAt(r: A.Range): Token | undefined {
    for (let k = this.i - 1; k >= 0; k--) {
      const t = this.tokens[k]!;
      if (t.line === r.line && t.col === r.col) return t;
      if (t.line < r.line) break;
    }
    return undefined;
  }

  private parseLambda(): A.Lambda {
    const kw = this.next();
    const args = this.parseParameters(':', kw);
    if (!this.isOp(':')) throw this.syntaxError();
    this.next();
    this.functionDepth++;
    this.asyncFunctions.push(false);
    let body: A.Expr;
    try {
      body = this.parseExpression();
    } finally {
      this.asyncFunctions.pop();
    }
    this.functionDepth--;
    return { kind: 'Lambda', args, body, range: spanFrom(kw, body) };
  }

  private parseDisjunction(): A.Expr {
    const first = this.parseConjunction();
    if (!this.isKw('or')) return first;
    const values = [first];
    while (this.eatKw('or')) values.push(this.parseConjunction());
    return { kind: 'BoolOp', op: 'or', values, range: rangeOf(first, values[values.length - 1]!) };
  }

  private parseConjunction(): A.Expr {
    const first = this.parseInversion();
    if (!this.isKw('and')) return first;
    const values = [first];
    while (this.eatKw('and')) values.push(this.parseInversion());
    return { kind: 'BoolOp', op: 'and', values, range: rangeOf(first, values[values.length - 1]!) };
  }

  private parseInversion(): A.Expr {
    if (this.isKw('not')) {
      const t = this.next();
      this.enter();
      const operand = this.parseInversion();
      this.depth--;
      return { kind: 'UnaryOp', op: 'not', operand, range: spanFrom(t, operand) };
    }
    return this.parseComparison();
  }

  private parseComparison(): A.Expr {
    const left = this.parseBitwiseOr();
    const ops: A.CmpOperator[] = [];
    const comparators: A.Expr[] = [];
    for (;;) {
      const t = this.peek();
      let op: A.CmpOperator | null = null;
      if (t.type === 'OP' && COMPARE_OPS.has(t.value)) {
        op = t.value as A.CmpOperator;
        this.next();
      } else if (t.type === 'NAME' && t.value === 'in') {
        op = 'in';
        this.next();
      } else if (t.type === 'NAME' && t.value === 'not' && this.isKw('in', 1)) {
        op = 'not in';
        this.next();
        this.next();
      } else if (t.type === 'NAME' && t.value === 'is') {
        this.next();
        if (this.eatKw('not')) op = 'is not';
        else op = 'is';
      } else if (t.type === 'OP' && t.value === '<>') {
        throw this.syntaxError();
      }
      if (op === null) break;
      ops.push(op);
      comparators.push(this.parseBitwiseOr());
    }
    if (ops.length === 0) return left;
    return { kind: 'Compare', left, ops, comparators, range: rangeOf(left, comparators[comparators.length - 1]!) };
  }

  private parseBitwiseOrOrStar(): A.Expr {
    if (this.isOp('*')) {
      const star = this.next();
      const value = this.parseBitwiseOr();
      return { kind: 'Starred', value, ctx: 'Load', range: spanFrom(star, value) };
    }
    return this.parseBitwiseOr();
  }

  private parseBitwiseOr(): A.Expr {
    return this.parseBinary(0);
  }

  /** Binary operator levels, lowest precedence first. */
  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@'],
  ];

  private parseBinary(level: number): A.Expr {
    if (level === Parser.LEVELS.length) return this.parseFactor();
    const ops = Parser.LEVELS[level]!;
    let left = this.parseBinary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.type !== 'OP' || !ops.includes(t.value)) return left;
      this.next();
      const right = this.parseBinary(level + 1);
      left = { kind: 'BinOp', left, op: t.value as A.BinOperator, right, range: rangeOf(left, right) };
    }
  }

  private parseFactor(): A.Expr {
    const t = this.peek();
    if (t.type === 'OP' && (t.value === '-' || t.value === '+' || t.value === '~')) {
      this.next();
      this.enter();
      const operand = this.parseFactor();
      this.depth--;
      return { kind: 'UnaryOp', op: t.value as A.UnaryOperator, operand, range: spanFrom(t, operand) };
    }
    return this.parsePower();
  }

  private parsePower(): A.Expr {
    let base: A.Expr;
    if (this.isKw('await')) {
      const kw = this.next();
      const operand = this.parsePrimary();
      base = { kind: 'UnsupportedExpr', construct: "'await' expression", range: spanFrom(kw, operand) };
      if (this.functionDepth === 0) this.noteCompilerError("'await' outside function", base.range);
      else if (this.asyncFunctions[this.asyncFunctions.length - 1] !== true) this.noteCompilerError("'await' outside async function", base.range);
    } else {
      base = this.parsePrimary();
    }
    if (this.isOp('**')) {
      this.next();
      this.enter();
      const exp = this.parseFactor();
      this.depth--;
      return { kind: 'BinOp', left: base, op: '**', right: exp, range: rangeOf(base, exp) };
    }
    return base;
  }

  private parsePrimary(): A.Expr {
    let e = this.parseAtom();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'OP') return e;
      if (t.value === '.') {
        this.next();
        const n = this.peek();
        if (n.type !== 'NAME' || KEYWORDS.has(n.value)) throw this.syntaxError();
        this.next();
        e = { kind: 'Attribute', value: e, attr: n.value, attrRange: tokRange(n), ctx: 'Load', range: rangeOf(e, { range: tokRange(n) }) };
      } else if (t.value === '(') {
        this.next();
        const { args, keywords, close } = this.parseCallArguments(t);
        e = { kind: 'Call', func: e, args, keywords, hasStarred: args.some((x) => x.kind === 'Starred'), range: rangeOf(e, { range: tokRange(close) }) };
      } else if (t.value === '[') {
        this.next();
        this.level++;
        const slice = this.parseSlices();
        if (!this.isOp(']')) {
          this.checkAdjacent(slice);
          throw this.syntaxError();
        }
        const close = this.next();
        this.level--;
        e = { kind: 'Subscript', value: e, slice, ctx: 'Load', range: rangeOf(e, { range: tokRange(close) }) };
      } else return e;
    }
  }

  /** Arguments after '(' up to and including ')'. */
  private parseCallArguments(open: Token): { args: A.Expr[]; keywords: A.Keyword[]; close: Token } {
    this.level++;
    this.enter();
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    let sawKeyword = false;
    let sawDoubleStar = false;
    while (!this.isOp(')')) {
      const t = this.peek();
      if (t.type === 'OP' && t.value === '*') {
        this.next();
        if (!this.startsExpression() || this.isOp('*')) throw this.errorAt('Invalid star expression', tokRange(this.peek()));
        const value = this.parseExpression();
        const starred: A.Starred = { kind: 'Starred', value, ctx: 'Load', range: spanFrom(t, value) };
        if (sawDoubleStar) {
          throw this.errorAt('iterable argument unpacking follows keyword argument unpacking', rangeOf(this.lastKeyword(keywords), starred));
        }
        args.push(starred);
      } else if (t.type === 'OP' && t.value === '**') {
        this.next();
        const value = this.parseExpression();
        keywords.push({ kind: 'Keyword', arg: null, value, range: spanFrom(t, value) });
        sawDoubleStar = true;
      } else if (t.type === 'NAME' && this.isOp('=', 1) && !KEYWORDS.has(t.value)) {
        this.next();
        const eq = this.next();
        if (!this.startsExpression() || this.isOp('*')) throw this.errorAt('expected argument value expression', tokSpan(t, eq));
        const value = this.parseExpression();
        keywords.push({ kind: 'Keyword', arg: t.value, value, range: spanFrom(t, value) });
        sawKeyword = true;
      } else {
        let value = this.parseNamedExpressionInCall();
        if (this.isOp('=')) {
          // invalid_kwarg
          const eq = this.peek();
          if (value.kind === 'Constant' && (value.constType === 'bool' || value.constType === 'None')) {
            throw this.errorAt(`cannot assign to ${exprName(value)}`, rangeOf(value, { range: tokRange(eq) }));
          }
          throw this.errorAt('expression cannot contain assignment, perhaps you meant "=="?', rangeOf(value, { range: tokRange(eq) }));
        }
        if (this.isKw('for') || this.isKw('async')) {
          value = this.parseComprehensionTail('GeneratorExp', value, null, open);
          if (args.length > 0 || keywords.length > 0 || !this.isOp(')')) {
            if (!this.isOp(')') && !this.isOp(',')) throw this.syntaxError();
            throw this.errorAt('Generator expression must be parenthesized', value.range);
          }
        }
        if (sawDoubleStar) {
          throw this.errorAt('positional argument follows keyword argument unpacking', this.errorRangeAfterArgs());
        }
        if (sawKeyword) {
          throw this.errorAt('positional argument follows keyword argument', this.errorRangeAfterArgs());
        }
        args.push(value);
      }
      if (!this.eatOp(',')) break;
    }
    if (!this.isOp(')')) {
      throw this.syntaxError();
    }
    const close = this.next();
    this.level--;
    this.depth--;
    // A lone generator argument `f(x for x in y)` spans the parentheses, as in CPython.
    if (args.length === 1 && keywords.length === 0 && args[0]!.kind === 'GeneratorExp') {
      args[0]!.range = { line: open.line, col: open.col, endLine: close.endLine, endCol: close.endCol };
    }
    return { args, keywords, close };
  }

  /** CPython raises these with RAISE_SYNTAX_ERROR: at the last token it fetched, which is
   *  the end of the whole argument list. Scan ahead to the closing parenthesis. */
  private errorRangeAfterArgs(): A.Range {
    let depth = 0;
    for (let k = this.i; k < this.tokens.length; k++) {
      const t = this.tokens[k]!;
      if (t.type === 'OP' && (t.value === '(' || t.value === '[' || t.value === '{')) depth++;
      else if (t.type === 'OP' && (t.value === ')' || t.value === ']' || t.value === '}')) {
        if (depth === 0) return tokRange(t);
        depth--;
      } else if (t.type === 'NEWLINE' || t.type === 'ENDMARKER' || t.type === 'ERRORTOKEN') return tokRange(t);
    }
    return tokRange(this.peek());
  }

  private lastKeyword(keywords: A.Keyword[]): { range: A.Range } {
    for (let k = keywords.length - 1; k >= 0; k--) {
      if (keywords[k]!.arg === null) return keywords[k]!;
    }
    return keywords[keywords.length - 1]!;
  }

  private parseNamedExpressionInCall(): A.Expr {
    const t = this.peek();
    if (t.type === 'NAME' && this.isOp(':=', 1) && !KEYWORDS.has(t.value)) return this.parseNamedExpression();
    return this.parseExpression();
  }

  /** slices: a single slice, or a comma-separated tuple of slices / starred expressions. */
  private parseSlices(): A.Expr {
    const first = this.parseSlice();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.eatOp(',')) {
      if (this.isOp(']')) break;
      elts.push(this.parseSlice());
    }
    const end = this.prev();
    return { kind: 'Tuple', elts, ctx: 'Load', parenthesized: false, range: { line: first.range.line, col: first.range.col, endLine: end.endLine, endCol: end.endCol } };
  }

  private parseSlice(): A.Expr {
    const start = this.peek();
    if (this.isOp('*')) return this.parseStarExpression();
    let lower: A.Expr | null = null;
    if (!this.isOp(':')) {
      lower = this.parseNamedExpression();
      if (!this.isOp(':')) return lower;
    }
    this.next(); // ':'
    let upper: A.Expr | null = null;
    let step: A.Expr | null = null;
    if (!this.isOp(':') && !this.isOp(']') && !this.isOp(',')) upper = this.parseExpression();
    if (this.eatOp(':')) {
      if (!this.isOp(']') && !this.isOp(',')) step = this.parseExpression();
    }
    const end = this.prev();
    return { kind: 'Slice', lower, upper, step, range: { line: start.line, col: start.col, endLine: end.endLine, endCol: end.endCol } };
  }

  private parseAtom(): A.Expr {
    const t = this.peek();
    switch (t.type) {
      case 'NAME': {
        if (t.value === 'True' || t.value === 'False') {
          this.next();
          return { kind: 'Constant', constType: 'bool', value: t.value === 'True', range: tokRange(t) };
        }
        if (t.value === 'None') {
          this.next();
          return { kind: 'Constant', constType: 'None', value: null, range: tokRange(t) };
        }
        if (t.value === 'yield') {
          // Bare yield in an expression position without parentheses is invalid syntax.
          throw this.syntaxError();
        }
        if (KEYWORDS.has(t.value)) throw this.syntaxError();
        this.next();
        return { kind: 'Name', id: t.value, ctx: 'Load', range: tokRange(t) };
      }
      case 'NUMBER': {
        this.next();
        const n = t.num!;
        if (n.constType === 'int') return { kind: 'Constant', constType: 'int', value: n.value, range: tokRange(t) };
        if (n.constType === 'float') return { kind: 'Constant', constType: 'float', value: n.value, range: tokRange(t) };
        return { kind: 'Constant', constType: 'complex', value: n.value, range: tokRange(t) };
      }
      case 'STRING':
        return this.parseStrings();
      case 'OP':
        switch (t.value) {
          case '(': return this.parseParenthesized();
          case '[': return this.parseListDisplay();
          case '{': return this.parseBraceDisplay();
          case '...':
            this.next();
            return { kind: 'Constant', constType: 'Ellipsis', value: ELLIPSIS, range: tokRange(t) };
          default:
            throw this.syntaxError();
        }
      default:
        throw this.syntaxError();
    }
  }

  private parseParenthesized(): A.Expr {
    const open = this.next();
    this.level++;
    this.enter();
    try {
      if (this.isOp(')')) {
        const close = this.next();
        this.level--;
        return { kind: 'Tuple', elts: [], ctx: 'Load', parenthesized: true, range: tokSpan(open, close) };
      }
      if (this.isKw('yield')) {
        const y = this.parseYield();
        if (!this.isOp(')')) throw this.syntaxError();
        this.next();
        this.level--;
        return y;
      }
      const first = this.isOp('*') ? this.parseStarExpression() : this.parseNamedExpression();
      if (this.isKw('for') || this.isKw('async')) {
        if (first.kind === 'Starred') throw this.errorAt('iterable unpacking cannot be used in comprehension', first.range);
        const gen = this.parseComprehensionTail('GeneratorExp', first, null, open);
        if (!this.isOp(')')) throw this.syntaxError();
        const close = this.next();
        this.level--;
        gen.range = tokSpan(open, close);
        return gen;
      }
      if (this.isOp(')')) {
        const close = this.next();
        this.level--;
        if (first.kind === 'Starred') throw this.errorAt('cannot use starred expression here', first.range);
        // A parenthesized expression keeps its inner range (as in CPython).
        void close;
        if (first.kind === 'Tuple') first.parenthesized = true;
        return first;
      }
      if (!this.isOp(',')) {
        this.checkAdjacent(first);
        throw this.syntaxError();
      }
      const elts = [first];
      while (this.eatOp(',')) {
        if (this.isOp(')')) break;
        elts.push(this.isOp('*') ? this.parseStarExpression() : this.parseNamedExpression());
      }
      if (!this.isOp(')')) {
        this.checkAdjacent(elts[elts.length - 1]!);
        throw this.syntaxError();
      }
      const close = this.next();
      this.level--;
      return { kind: 'Tuple', elts, ctx: 'Load', parenthesized: true, range: tokSpan(open, close) };
    } finally {
      this.depth--;
    }
  }

  private parseYield(): A.Yield | A.YieldFrom {
    const kw = this.next();
    let result: A.Yield | A.YieldFrom;
    if (this.eatKw('from')) {
      const value = this.parseExpression();
      result = { kind: 'YieldFrom', value, range: spanFrom(kw, value) };
    } else if (!this.atSimpleStmtEnd() && !this.isOp(')') && !this.isOp('=')) {
      const value = this.parseStarExpressions(false);
      result = { kind: 'Yield', value, range: spanFrom(kw, value) };
    } else {
      result = { kind: 'Yield', value: null, range: tokRange(kw) };
    }
    if (this.functionDepth === 0) this.noteCompilerError("'yield' outside function", result.range);
    return result;
  }

  private parseListDisplay(): A.Expr {
    const open = this.next();
    this.level++;
    this.enter();
    try {
      const elts: A.Expr[] = [];
      if (!this.isOp(']')) {
        const first = this.isOp('*') ? this.parseStarExpression() : this.parseNamedExpression();
        if (this.isKw('for') || this.isKw('async')) {
          if (first.kind === 'Starred') throw this.errorAt('iterable unpacking cannot be used in comprehension', first.range);
          const comp = this.parseComprehensionTail('ListComp', first, null, open);
          if (!this.isOp(']')) throw this.syntaxError();
          const close = this.next();
          this.level--;
          comp.range = tokSpan(open, close);
          return comp;
        }
        elts.push(first);
        while (this.eatOp(',')) {
          if (this.isOp(']')) break;
          elts.push(this.isOp('*') ? this.parseStarExpression() : this.parseNamedExpression());
        }
      }
      if (!this.isOp(']')) {
        const last = elts[elts.length - 1];
        if (last) this.checkAdjacent(last);
        throw this.syntaxError();
      }
      const close = this.next();
      this.level--;
      return { kind: 'List', elts, ctx: 'Load', range: tokSpan(open, close) };
    } finally {
      this.depth--;
    }
  }

  private parseBraceDisplay(): A.Expr {
    const open = this.next();
    this.level++;
    this.enter();
    try {
      const finish = (): Token => {
        if (!this.isOp('}')) throw this.syntaxError();
        const close = this.next();
        this.level--;
        return close;
      };
      if (this.isOp('}')) {
        const close = finish();
        return { kind: 'Dict', keys: [], values: [], range: tokSpan(open, close) };
      }
      // Dict if the first item is `k: v` or `**m`.
      if (this.isOp('**')) return this.parseDictRest(open, null, finish);
      const first = this.isOp('*') ? this.parseStarExpression() : this.parseNamedExpression();
      if (this.isOp(':') && first.kind !== 'Starred') {
        this.next();
        const value = this.parseExpression();
        if (this.isKw('for') || this.isKw('async')) {
          const comp = this.parseComprehensionTail('DictComp', first, value, open);
          const close = finish();
          comp.range = tokSpan(open, close);
          return comp;
        }
        return this.parseDictRest(open, { key: first, value }, finish);
      }
      if (this.isKw('for') || this.isKw('async')) {
        if (first.kind === 'Starred') throw this.errorAt('iterable unpacking cannot be used in comprehension', first.range);
        const comp = this.parseComprehensionTail('SetComp', first, null, open);
        const close = finish();
        comp.range = tokSpan(open, close);
        return comp;
      }
      const elts = [first];
      while (this.eatOp(',')) {
        if (this.isOp('}')) break;
        elts.push(this.isOp('*') ? this.parseStarExpression() : this.parseNamedExpression());
      }
      if (!this.isOp('}')) this.checkAdjacent(elts[elts.length - 1]!);
      const close = finish();
      return { kind: 'Set', elts, range: tokSpan(open, close) };
    } finally {
      this.depth--;
    }
  }

  private parseDictRest(open: Token, firstItem: { key: A.Expr; value: A.Expr } | null, finish: () => Token): A.Dict {
    const keys: (A.Expr | null)[] = [];
    const values: A.Expr[] = [];
    if (firstItem) {
      keys.push(firstItem.key);
      values.push(firstItem.value);
      if (!this.eatOp(',')) {
        if (!this.isOp('}')) this.checkAdjacent(firstItem.value);
        const close = finish();
        return { kind: 'Dict', keys, values, range: tokSpan(open, close) };
      }
    }
    while (!this.isOp('}')) {
      if (this.isOp('**')) {
        this.next();
        keys.push(null);
        values.push(this.parseBitwiseOr());
      } else {
        const key = this.parseExpression();
        if (!this.isOp(':')) {
          if (this.isOp(',') || this.isOp('}')) {
            // invalid_double_starred_kvpairs / invalid_kvpair: `{1: 2, 3}`
            const t = this.peek();
            throw new ParseError({
              type: 'SyntaxError', msg: "':' expected after dictionary key", line: key.range.line, col: key.range.col,
              endLine: t.line, endCol: -1, lineText: this.lineText(key.range.line),
            });
          }
          throw this.syntaxError();
        }
        this.next();
        if (this.isOp('}') || this.isOp(',')) {
          throw this.errorAt('expression expected after dictionary key and \':\'', tokRange(this.prev()));
        }
        keys.push(key);
        values.push(this.parseExpression());
      }
      if (!this.eatOp(',')) {
        if (!this.isOp('}')) this.checkAdjacent(values[values.length - 1]!);
        break;
      }
    }
    const close = finish();
    return { kind: 'Dict', keys, values, range: tokSpan(open, close) };
  }

  private parseComprehensionTail<K extends 'ListComp' | 'SetComp' | 'GeneratorExp' | 'DictComp'>(
    kind: K, elt: A.Expr, value: A.Expr | null, open: Token,
  ): A.ListComp | A.SetComp | A.GeneratorExp | A.DictComp {
    const generators: A.Comprehension[] = [];
    while (this.isKw('for') || (this.isKw('async') && this.isKw('for', 1))) {
      const startTok = this.peek();
      const isAsync = !!this.eatKw('async');
      this.next(); // for
      const target = this.parseForTarget();
      if (!this.eatKw('in')) throw this.errorAt("'in' expected after for-loop variables", tokRange(this.peek()));
      const iter = this.parseDisjunction();
      const ifs: A.Expr[] = [];
      while (this.eatKw('if')) ifs.push(this.parseDisjunction());
      const endNode = ifs[ifs.length - 1] ?? iter;
      generators.push({ kind: 'Comprehension', target, iter, ifs, isAsync, range: spanFrom(startTok, endNode) });
    }
    const range = spanFrom(open, { range: tokRange(this.prev()) });
    // a comprehension is its own function scope: `yield` there is a symtable error
    if (this.symtableError === null) {
      const parts: A.Expr[] = [elt, ...(value ? [value] : []), ...generators.flatMap((g, i) => (i === 0 ? g.ifs : [g.iter, ...g.ifs]))];
      const y = findYieldNode(parts);
      if (y !== null) {
        const what = kind === 'ListComp' ? 'list comprehension' : kind === 'SetComp' ? 'set comprehension' : kind === 'DictComp' ? 'dict comprehension' : 'generator expression';
        this.symtableError = { error: this.errorAt(`'yield' inside ${what}`, y.range).error, topIndex: this.topIndex };
      }
    }
    if (kind === 'DictComp') return { kind: 'DictComp', key: elt, value: value!, generators, range };
    return { kind, elt, generators, range } as A.ListComp | A.SetComp | A.GeneratorExp;
  }

  // ───────────── strings and f-strings ─────────────

  private parseStrings(): A.Expr {
    const first = this.peek();
    const toks: Token[] = [];
    while (this.peek().type === 'STRING') toks.push(this.next());
    const last = toks[toks.length - 1]!;
    const range = tokSpan(first, last);
    const anyBytes = toks.some((t) => t.str!.isBytes);
    if (anyBytes && !toks.every((t) => t.str!.isBytes)) {
      throw this.errorAt('cannot mix bytes and nonbytes literals', tokRange(this.peek()));
    }
    if (toks.some((t) => t.str!.isTemplate)) {
      return { kind: 'UnsupportedExpr', construct: 'template string literal', range };
    }
    if (anyBytes) {
      const s = toks.map((t) => t.str!.value).join('');
      const bytes = new Uint8Array(s.length);
      for (let k = 0; k < s.length; k++) bytes[k] = s.charCodeAt(k) & 0xff;
      return { kind: 'Constant', constType: 'bytes', value: bytes, range };
    }
    if (!toks.some((t) => t.str!.isFormatted)) {
      return { kind: 'Constant', constType: 'str', value: toks.map((t) => t.str!.value).join(''), range };
    }
    const values: (A.ConstantOf<'str', string> | A.FormattedValue)[] = [];
    const pushLiteral = (s: string, r: A.Range): void => {
      if (s === '') return;
      const prev = values[values.length - 1];
      if (prev && prev.kind === 'Constant') {
        prev.value += s;
        prev.range = { ...prev.range, endLine: r.endLine, endCol: r.endCol };
      } else values.push({ kind: 'Constant', constType: 'str', value: s, range: r });
    };
    for (const t of toks) {
      const sv = t.str!;
      if (!sv.isFormatted) {
        pushLiteral(sv.value, tokRange(t));
        continue;
      }
      for (const part of sv.parts) {
        if (part.type === 'literal') pushLiteral(part.value, partRange(part));
        else {
          const fv = this.parseField(part);
          if (part.debugText !== null) pushLiteral(part.debugText, partRange(part));
          values.push(fv);
        }
      }
    }
    return { kind: 'JoinedStr', values, range };
  }

  private parseField(part: Extract<FStringPart, { type: 'field' }>): A.FormattedValue {
    const first = part.tokens[0]!;
    if (first.type === 'ENDMARKER') {
      const delim = this.lines[first.line - 1]?.[first.col] ?? '}';
      throw this.errorAt(`f-string: valid expression required before '${delim}'`, { line: first.line, col: first.col, endLine: first.line, endCol: first.col + 1 });
    }
    const sub = new Parser('', part.tokens, this.lines);
    sub.level = 1;
    let value: A.Expr;
    const expecting = "f-string: expecting '=', or '!', or ':', or '}'";
    try {
      value = sub.isKw('yield') ? sub.parseYield() : sub.parseStarExpressionsOrNamed();
    } catch (e) {
      // The expression was cut by the field delimiter in the middle of an operator
      // (`{a**:.2f}`): CPython backtracks and reports the operator token.
      if (e instanceof ParseError && !e.fromLexer && e.error.msg === 'invalid syntax') {
        const lastReal = part.tokens[part.tokens.length - 2];
        if (sub.i >= part.tokens.length - 1 && lastReal && lastReal.type === 'OP') throw this.errorAt(expecting, tokRange(lastReal));
      }
      throw e;
    }
    if (sub.peek().type !== 'ENDMARKER') throw this.errorAt(expecting, tokRange(sub.peek()));
    let conversion = part.conversion;
    let formatSpec: A.JoinedStr | null = null;
    if (part.spec) {
      const specValues: (A.ConstantOf<'str', string> | A.FormattedValue)[] = [];
      for (const p of part.spec) {
        if (p.type === 'literal') specValues.push({ kind: 'Constant', constType: 'str', value: p.value, range: partRange(p) });
        else {
          const fv = this.parseField(p);
          if (p.debugText !== null) specValues.push({ kind: 'Constant', constType: 'str', value: p.debugText, range: partRange(p) });
          specValues.push(fv);
        }
      }
      formatSpec = { kind: 'JoinedStr', values: specValues, range: specValues.length > 0 ? rangeOf(specValues[0]!, specValues[specValues.length - 1]!) : partRange(part) };
    }
    if (part.debugText !== null && conversion === null && formatSpec === null) conversion = 'r';
    return { kind: 'FormattedValue', value, conversion, formatSpec, range: partRange(part) };
  }

  /** The expression of an f-string field: star_expressions, with `x=` handled by the lexer. */
  parseStarExpressionsOrNamed(): A.Expr {
    const t = this.peek();
    if (t.type === 'NAME' && this.isOp(':=', 1)) return this.parseNamedExpression();
    return this.parseStarExpressions(false);
  }
}

function partRange(p: { line: number; col: number; endLine: number; endCol: number }): A.Range {
  return { line: p.line, col: p.col, endLine: p.endLine, endCol: p.endCol };
}

/** Is the expression something `bitwise_or` can produce (not a comparison, boolean op,
 *  `not`, conditional, lambda or named expression)? */
function isBitwiseOrLevel(e: A.Expr): boolean {
  switch (e.kind) {
    case 'Compare': case 'BoolOp': case 'IfExp': case 'Lambda': case 'NamedExpr': case 'Starred': case 'Slice':
      return false;
    case 'UnaryOp':
      return e.op !== 'not';
    case 'Tuple':
      return e.parenthesized;
    default:
      return true;
  }
}

/** Formats a syntax error the way CPython's traceback module prints it (the lines after
 *  "Traceback ..."; compile-time SyntaxErrors have no traceback header). Follows
 *  traceback.TracebackException._format_syntax_error (3.14), without its keyword-typo hints. */
export function formatSyntaxError(err: A.PySyntaxError, filename: string): string {
  const out: string[] = [`  File "${filename}", line ${err.line}`];
  const text = err.lineText + '\n';
  const rtext = err.lineText;
  const ltext = rtext.replace(/^[ \n\f]+/, '');
  const spaces = rtext.length - ltext.length;
  out.push('    ' + ltext);
  const offset0 = err.col + 1;
  let offset = offset0;
  let endOffset: number;
  if (err.endLine === undefined || err.endLine === err.line) {
    endOffset = err.endCol !== undefined && err.endCol + 1 !== 0 ? err.endCol + 1 : offset;
  } else {
    endOffset = rtext.length + 1;
  }
  if (offset > text.length) offset = rtext.length + 1;
  if (endOffset > text.length) endOffset = rtext.length + 1;
  if (offset >= endOffset || endOffset < 0) endOffset = offset + 1;
  const colno = offset - 1 - spaces;
  const endColno = endOffset - 1 - spaces;
  if (colno >= 0) {
    // Non-space whitespace (tabs) is kept so the carets line up.
    let caretSpace = '';
    for (const ch of ltext.slice(0, colno)) caretSpace += /\s/.test(ch) ? ch : ' ';
    out.push('    ' + caretSpace + '^'.repeat(Math.max(0, endColno - colno)));
  }
  out.push(`${err.type}: ${err.msg}`);
  return out.join('\n');
}

/** The first yield/yield-from in expressions, not looking into lambdas (their own scope). */
function findYieldNode(roots: A.Expr[]): A.Yield | A.YieldFrom | null {
  const stack: unknown[] = [...roots].reverse();
  while (stack.length) {
    const n = stack.pop() as { kind?: string } | null;
    if (!n || typeof n !== 'object') continue;
    if (n.kind === 'Yield' || n.kind === 'YieldFrom') return n as A.Yield | A.YieldFrom;
    if (n.kind === 'Lambda') continue;
    for (const k in n) {
      if (k === 'range') continue;
      const v = (n as Record<string, unknown>)[k];
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      else if (v && typeof v === 'object' && 'kind' in (v as object)) stack.push(v);
    }
  }
  return null;
}
