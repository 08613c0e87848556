// Tokenizer for the tensor script language, modelled on CPython's tokenizer (Parser/lexer):
// an indent stack producing INDENT/DEDENT, implicit line joining inside brackets, backslash
// continuation, all number and string literal forms, and CPython 3.14's error messages and
// positions. It stops at the first error: the token list then ends with an ERRORTOKEN and
// `error` holds the SyntaxError, which the parser reports when (and if) it reaches it.
//
// F-strings are lexed here into parts; the expressions inside replacement fields are lexed
// into their own token lists (so nested quotes, brackets and format specs work as in 3.12+)
// and parsed later by the parser.

import type { PySyntaxError } from './ast';

export type TokType =
  | 'NAME'
  | 'NUMBER'
  | 'STRING'
  | 'OP'
  | 'NEWLINE'
  | 'INDENT'
  | 'DEDENT'
  | 'ENDMARKER'
  | 'ERRORTOKEN';

export interface Token {
  type: TokType;
  /** Source text of the token (for OP/NAME the operator or name). */
  value: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** NUMBER only. */
  num?: NumberValue;
  /** STRING only. */
  str?: StringValue;
}

export type NumberValue =
  | { constType: 'int'; value: bigint }
  | { constType: 'float'; value: number }
  | { constType: 'complex'; value: number };

export interface StringValue {
  isBytes: boolean;
  /** f-string (or t-string, see `isTemplate`). */
  isFormatted: boolean;
  isTemplate: boolean;
  isRaw: boolean;
  /** Decoded value of a plain str/bytes literal (bytes as a latin-1 string of byte values). */
  value: string;
  /** Parts of an f-string. */
  parts: FStringPart[];
}

export type FStringPart = FStringLiteral | FStringField;

export interface FStringLiteral {
  type: 'literal';
  value: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

/** One `{expr=!c:spec}` replacement field. */
export interface FStringField {
  type: 'field';
  /** Tokens of the expression, ending with an ENDMARKER at the field's delimiter. */
  tokens: Token[];
  /** Text after `{` up to and including `=` for self-documenting fields, else null. */
  debugText: string | null;
  conversion: 's' | 'r' | 'a' | null;
  spec: FStringPart[] | null;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export interface LexResult {
  tokens: Token[];
  error: PySyntaxError | null;
  /** For an unclosed bracket at end of input: the innermost open bracket. The error message
   *  `'(' was never closed` is only used when the parser reaches the end (see parser). */
  lines: string[];
}

const MAX_PAREN_LEVEL = 200; // CPython's MAXLEVEL
const MAX_INDENT_LEVEL = 100; // CPython's MAXINDENT

// Operators, longest first within each starting character.
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '!=', '%=', '&=', '**', '*=', '+=', '-=', '->', '//', '/=', ':=',
  '<<', '<=', '==', '>=', '>>', '@=', '^=', '|=', '!', '%', '&', '(', ')', '*', '+', ',', '-', '.', '/',
  ':', ';', '<', '=', '>', '@', '[', ']', '^', '{', '|', '}', '~',
];
const OPS_BY_FIRST = new Map<string, string[]>();
for (const op of OPERATORS) {
  const list = OPS_BY_FIRST.get(op[0]!) ?? [];
  list.push(op);
  OPS_BY_FIRST.set(op[0]!, list);
}

const ID_START = /[\p{XID_Start}_]/u;
const ID_CONTINUE = /[\p{XID_Continue}]/u;

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isAsciiIdContinue(c: number): boolean {
  return isAsciiIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
/** CPython's is_potential_identifier_char: letters, digits, '_' and any non-ASCII. */
function isPotentialIdentifierChar(c: number): boolean {
  return isAsciiIdContinue(c) || c >= 128;
}

const STRING_PREFIXES = new Set([
  'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt',
]);

class LexError {
  constructor(readonly error: PySyntaxError) {}
}

interface OpenBracket {
  ch: string;
  line: number;
  col: number;
}

/** Tokenizes `source`. Never throws. */
export function tokenize(source: string): LexResult {
  const lexer = new Lexer(source);
  return lexer.run();
}

export class Lexer {
  readonly src: string;
  readonly lines: string[];
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];
  private readonly brackets: OpenBracket[] = [];
  private readonly indents: number[] = [0];
  private readonly altIndents: number[] = [0];
  private atLineStart = true;
  /** Line ended by a backslash: the next physical line continues this logical line. */
  private continued = false;
  /** Set while lexing the expression of an f-string field: stop at the field's delimiter. */
  private fieldDepth0 = -1;

  constructor(source: string) {
    // Normalise newlines (CPython reads files in universal-newline mode).
    this.src = source.indexOf('\r') >= 0 ? source.replace(/\r\n?/g, '\n') : source;
    this.lines = this.src.split('\n');
  }

  run(): LexResult {
    try {
      this.lexAll();
      return { tokens: this.tokens, error: null, lines: this.lines };
    } catch (e) {
      if (e instanceof LexError) {
        const line = e.error.line;
        this.tokens.push({
          type: 'ERRORTOKEN', value: '', line, col: e.error.col, endLine: line, endCol: e.error.col,
        });
        return { tokens: this.tokens, error: e.error, lines: this.lines };
      }
      // Defensive: an internal bug must not escape as a JS exception.
      const error: PySyntaxError = {
        type: 'SyntaxError', msg: 'invalid syntax', line: this.line, col: 0,
        lineText: this.lines[this.line - 1] ?? '',
      };
      this.tokens.push({ type: 'ERRORTOKEN', value: '', line: this.line, col: 0, endLine: this.line, endCol: 0 });
      return { tokens: this.tokens, error, lines: this.lines };
    }
  }

  // ───────────── errors ─────────────

  lineText(line: number): string {
    return this.lines[line - 1] ?? '';
  }

  /** Error whose CPython offset is the cursor (col = cursor - 1, end = same). */
  private errAtCursor(msg: string, cursor = this.pos, type: PySyntaxError['type'] = 'SyntaxError'): LexError {
    const col = cursor - this.lineStart - 1;
    return new LexError({ type, msg, line: this.line, col, endLine: this.line, endCol: col, lineText: this.lineText(this.line) });
  }

  private errAt(msg: string, line: number, col: number, endCol?: number, type: PySyntaxError['type'] = 'SyntaxError'): LexError {
    const error: PySyntaxError = { type, msg, line, col, lineText: this.lineText(line) };
    if (endCol !== undefined) {
      error.endLine = line;
      error.endCol = endCol;
    }
    return new LexError(error);
  }

  // ───────────── main loop ─────────────

  private push(type: TokType, value: string, line: number, col: number, endLine: number, endCol: number): Token {
    // All fields initialised up front so every token shares one hidden class.
    const t: Token = { type, value, line, col, endLine, endCol, num: undefined, str: undefined };
    this.tokens.push(t);
    return t;
  }

  private newline(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  private lexAll(): void {
    const src = this.src;
    for (;;) {
      if (this.atLineStart && this.brackets.length === 0 && !this.continued) {
        if (this.handleIndentation()) continue; // blank line consumed
      }
      this.atLineStart = false;
      this.continued = false;
      // Skip whitespace.
      let c = src.charCodeAt(this.pos);
      while (c === 32 || c === 9 || c === 12) c = src.charCodeAt(++this.pos);

      if (this.pos >= src.length) {
        this.finish();
        return;
      }
      const startCol = this.pos - this.lineStart;
      if (c === 35) {
        // Comment: skip to end of line.
        const nl = src.indexOf('\n', this.pos);
        this.pos = nl < 0 ? src.length : nl;
        continue;
      }
      if (c === 10) {
        this.pos++;
        if (this.brackets.length === 0 && !this.lastIsNewlineOrStart()) {
          this.push('NEWLINE', '\n', this.line, startCol, this.line, startCol + 1);
        }
        this.newline();
        this.atLineStart = true;
        continue;
      }
      if (c === 92) {
        // Backslash continuation.
        this.pos++;
        const next = src.charCodeAt(this.pos);
        if (this.pos >= src.length) {
          throw this.errAt('unexpected EOF while parsing', this.line, this.pos - this.lineStart);
        }
        if (next !== 10) {
          this.pos++;
          throw this.errAt('unexpected character after line continuation character', this.line, this.pos - this.lineStart - 1);
        }
        this.pos++;
        this.newline();
        this.continued = true;
        if (this.pos >= src.length) {
          const prevLine = this.line - 1;
          throw this.errAt('unexpected EOF while parsing', prevLine, this.lineText(prevLine).length);
        }
        continue;
      }
      if (isAsciiIdStart(c) || (c >= 128 && this.isIdStartAt(this.pos))) {
        this.lexNameOrString();
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.pos + 1)))) {
        this.lexNumber();
        continue;
      }
      if (c === 34 || c === 39) {
        this.lexString(this.pos, '');
        continue;
      }
      this.lexOperator(c, startCol);
    }
  }

  private lastIsNewlineOrStart(): boolean {
    const last = this.tokens[this.tokens.length - 1];
    return last === undefined || last.type === 'NEWLINE' || last.type === 'INDENT' || last.type === 'DEDENT';
  }

  private isIdStartAt(pos: number): boolean {
    const cp = this.src.codePointAt(pos)!;
    return ID_START.test(String.fromCodePoint(cp));
  }

  /** Processes indentation at the start of a logical line. Returns true when the line is
   *  blank or a comment (then it is consumed and nothing is emitted). */
  private handleIndentation(): boolean {
    const src = this.src;
    let col = 0;
    let altcol = 0;
    let p = this.pos;
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === 32) {
        col++;
        altcol++;
      } else if (c === 9) {
        col = (Math.floor(col / 8) + 1) * 8;
        altcol++;
      } else if (c === 12) {
        col = altcol = 0;
      } else break;
      p++;
    }
    const c = src.charCodeAt(p);
    if (p >= src.length) {
      // End of input: dedents are emitted by finish().
      this.pos = p;
      this.atLineStart = false;
      return false;
    }
    if (c === 35 || c === 10 || c === 92 && src.charCodeAt(p + 1) === 10 && false) {
      // Blank or comment-only line: no indentation processing, no NEWLINE.
      const nl = src.indexOf('\n', p);
      if (nl < 0) {
        this.pos = src.length;
        this.atLineStart = false;
        return false;
      }
      this.pos = nl + 1;
      this.newline();
      return true;
    }
    this.pos = p;
    this.atLineStart = false;
    const top = this.indents[this.indents.length - 1]!;
    const altTop = this.altIndents[this.altIndents.length - 1]!;
    const indentChars = p - this.lineStart;
    if (col === top) {
      if (altcol !== altTop) throw this.tabError();
    } else if (col > top) {
      if (this.indents.length >= MAX_INDENT_LEVEL) {
        throw this.errAt('too many levels of indentation', this.line, indentChars, undefined, 'IndentationError');
      }
      if (altcol <= altTop) throw this.tabError();
      this.indents.push(col);
      this.altIndents.push(altcol);
      // CPython reports "unexpected indent" at offset = number of indentation characters.
      this.push('INDENT', src.slice(this.lineStart, p), this.line, indentChars - 1, this.line, indentChars);
    } else {
      // Check the target level before emitting any DEDENT (CPython fails at the first one).
      let level = this.indents.length - 1;
      while (level > 0 && col < this.indents[level]!) level--;
      if (col !== this.indents[level]) {
        const text = this.lineText(this.line);
        throw this.errAt('unindent does not match any outer indentation level', this.line, text.length, undefined, 'IndentationError');
      }
      if (altcol !== this.altIndents[level]) throw this.tabError();
      while (this.indents.length - 1 > level) {
        this.indents.pop();
        this.altIndents.pop();
        this.push('DEDENT', '', this.line, indentChars, this.line, indentChars);
      }
    }
    return false;
  }

  private tabError(): LexError {
    return this.errAt('inconsistent use of tabs and spaces in indentation', this.line, 0, undefined, 'TabError');
  }

  private finish(): void {
    if (this.brackets.length > 0) {
      const b = this.brackets[this.brackets.length - 1]!;
      // An unclosed bracket at end of input; the parser decides which error wins.
      throw new LexError({
        type: 'SyntaxError', msg: `'${b.ch}' was never closed`, line: b.line, col: b.col,
        lineText: this.lineText(b.line),
      });
    }
    const endLine = this.line;
    const endCol = this.pos - this.lineStart;
    if (!this.lastIsNewlineOrStart()) {
      this.push('NEWLINE', '', endLine, endCol, endLine, endCol + 1);
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.push('DEDENT', '', endLine, endCol, endLine, endCol);
    }
    this.push('ENDMARKER', '', endLine, endCol, endLine, endCol);
  }

  // ───────────── names, operators ─────────────

  private lexNameOrString(): void {
    const src = this.src;
    const start = this.pos;
    let p = this.pos;
    for (;;) {
      const c = src.charCodeAt(p);
      if (isAsciiIdContinue(c)) p++;
      else if (c >= 128 && p < src.length) {
        const cp = src.codePointAt(p)!;
        const ch = String.fromCodePoint(cp);
        if (!ID_CONTINUE.test(ch)) break;
        p += ch.length;
      } else break;
    }
    const word = src.slice(start, p);
    const q = src.charCodeAt(p);
    if ((q === 34 || q === 39) && word.length <= 2 && STRING_PREFIXES.has(word.toLowerCase())) {
      this.lexString(start, word.toLowerCase());
      return;
    }
    // A non-identifier non-ASCII character right after the name: "invalid character".
    this.pos = p;
    const col = start - this.lineStart;
    this.push('NAME', word, this.line, col, this.line, p - this.lineStart);
    if (p < src.length && src.charCodeAt(p) >= 128) this.checkInvalidChar(p);
  }

  private checkInvalidChar(p: number): void {
    const cp = this.src.codePointAt(p)!;
    const ch = String.fromCodePoint(cp);
    if (ID_START.test(ch)) return;
    this.pos = p + ch.length;
    throw this.invalidCharError(cp, p);
  }

  private invalidCharError(cp: number, p: number): LexError {
    const hex = cp.toString(16).toUpperCase().padStart(4, '0');
    const printable = !/[\p{C}\p{Z}]/u.test(String.fromCodePoint(cp)) || cp === 32;
    const msg = printable ? `invalid character '${String.fromCodePoint(cp)}' (U+${hex})` : `invalid non-printable character U+${hex}`;
    const col = p - this.lineStart;
    return this.errAt(msg, this.line, col, col);
  }

  private lexOperator(c: number, startCol: number): void {
    const src = this.src;
    const ch = src[this.pos]!;
    const candidates = OPS_BY_FIRST.get(ch);
    if (candidates === undefined) {
      const cp = src.codePointAt(this.pos)!;
      if (c < 128 && c >= 32 && c !== 36 && c !== 63 && c !== 96) {
        // unreachable for valid ASCII operator characters
      }
      if (c === 36 || c === 63 || c === 96) {
        // '$', '?', '`' are ERRORTOKENs: the parser reports "invalid syntax" at them.
        this.pos++;
        this.push('ERRORTOKEN', ch, this.line, startCol, this.line, startCol + 1);
        return;
      }
      throw this.invalidCharError(cp, this.pos);
    }
    let op = ch;
    if (candidates.length > 1) {
      for (const cand of candidates) {
        if (cand.length === 1 || (src.charCodeAt(this.pos + 1) === cand.charCodeAt(1) && (cand.length === 2 || src.charCodeAt(this.pos + 2) === cand.charCodeAt(2)))) {
          op = cand;
          break;
        }
      }
    }
    // Inside an f-string field, '!=' stays an operator but '!' alone ends the expression.
    this.pos += op.length;
    const line = this.line;
    if (op === '(' || op === '[' || op === '{') {
      if (this.brackets.length >= MAX_PAREN_LEVEL) {
        throw this.errAtCursor('too many nested parentheses');
      }
      this.brackets.push({ ch: op, line, col: startCol });
    } else if (op === ')' || op === ']' || op === '}') {
      const open = this.brackets.pop();
      if (open === undefined) {
        throw this.errAtCursor(`unmatched '${op}'`);
      }
      const expected = open.ch === '(' ? ')' : open.ch === '[' ? ']' : '}';
      if (expected !== op) {
        const where = open.line !== line ? ` on line ${open.line}` : '';
        throw this.errAtCursor(`closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'${where}`);
      }
    }
    this.push('OP', op, line, startCol, line, startCol + op.length);
  }

  // ───────────── numbers ─────────────

  private lexNumber(): void {
    const src = this.src;
    const start = this.pos;
    const startCol = start - this.lineStart;
    let p = start;
    const c0 = src.charCodeAt(p);
    const c1 = src.charCodeAt(p + 1) | 0x20;
    if (c0 === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
      // 0x / 0o / 0b
      const radix = c1 === 120 ? 16 : c1 === 111 ? 8 : 2;
      const kind = radix === 16 ? 'hexadecimal' : radix === 8 ? 'octal' : 'binary';
      p += 2;
      let digits = '';
      let sawDigit = false;
      for (;;) {
        let c = src.charCodeAt(p);
        if (c === 95) {
          p++;
          c = src.charCodeAt(p);
        }
        const ok = radix === 16 ? isHexDigit(c) : radix === 8 ? c >= 48 && c <= 55 : c === 48 || c === 49;
        if (!ok) {
          if (radix !== 16 && isDigit(c)) {
            this.pos = p + 1;
            throw this.errAtCursor(`invalid digit '${src[p]}' in ${kind} literal`);
          }
          if (!sawDigit || src.charCodeAt(p - 1) === 95) {
            this.pos = p;
            throw this.errAtCursor(`invalid ${kind} literal`, p);
          }
          break;
        }
        sawDigit = true;
        digits += src[p];
        p++;
      }
      this.pos = p;
      this.verifyEndOfNumber(kind);
      const value = BigInt((radix === 16 ? '0x' : radix === 8 ? '0o' : '0b') + digits);
      const t = this.push('NUMBER', src.slice(start, p), this.line, startCol, this.line, p - this.lineStart);
      t.num = { constType: 'int', value };
      return;
    }
    // Decimal: integer part (may be empty for '.5').
    let isFloat = false;
    p = this.decimalTail(p);
    const intPart = src.slice(start, p);
    if (src.charCodeAt(p) === 46) {
      isFloat = true;
      p++;
      if (isDigit(src.charCodeAt(p))) p = this.decimalTail(p);
    }
    let e = src.charCodeAt(p);
    if (e === 101 || e === 69) {
      // Exponent: 'e' must be followed by [+-]?digits, else the 'e' is not part of the number.
      let q = p + 1;
      const s = src.charCodeAt(q);
      if (s === 43 || s === 45) q++;
      if (isDigit(src.charCodeAt(q))) {
        isFloat = true;
        p = this.decimalTail(q);
      } else {
        // e.g. `1e`, `1else`: verify_end_of_number decides (keyword lookahead or error).
        this.pos = p;
        this.verifyEndOfNumber('decimal');
      }
      e = src.charCodeAt(p);
    }
    let isComplex = false;
    if (e === 106 || e === 74) {
      isComplex = true;
      p++;
    }
    if (!isFloat && !isComplex && intPart.length > 1 && intPart.charCodeAt(0) === 48) {
      // Leading zeros: only all-zero integers are allowed ("00", "0_0").
      if (/[1-9]/.test(intPart)) {
        const nz = start + intPart.search(/[1-9]/);
        void nz;
        throw this.errAt(
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          this.line, startCol, startCol + 1,
        );
      }
    }
    this.pos = p;
    this.verifyEndOfNumber(isComplex ? 'imaginary' : 'decimal');
    const text = src.slice(start, p);
    const clean = text.replace(/_/g, '');
    const t = this.push('NUMBER', text, this.line, startCol, this.line, p - this.lineStart);
    if (isComplex) t.num = { constType: 'complex', value: Number(clean.slice(0, -1)) };
    else if (isFloat) t.num = { constType: 'float', value: Number(clean) };
    else t.num = { constType: 'int', value: BigInt(clean) };
  }

  /** Digits with single underscores between them (CPython's tok_decimal_tail). */
  private decimalTail(p: number): number {
    const src = this.src;
    for (;;) {
      while (isDigit(src.charCodeAt(p))) p++;
      if (src.charCodeAt(p) !== 95) return p;
      p++;
      if (!isDigit(src.charCodeAt(p))) {
        this.pos = p;
        throw this.errAtCursor('invalid decimal literal', p);
      }
    }
  }

  /** CPython's verify_end_of_number: a letter right after a number is an error, except the
   *  keywords that can legally follow one (`1if x else 2`, which only warns). */
  private verifyEndOfNumber(kind: string): void {
    const src = this.src;
    const p = this.pos;
    const c = src.charCodeAt(p);
    if (!(p < src.length && isPotentialIdentifierChar(c))) return;
    // Keywords that may follow a number (`1if x else 2`): 'i' + f/n/s needs no word boundary
    // in CPython's check, the others do.
    const rest = src.slice(p, p + 5);
    if (/^i[fns]/.test(rest)) return;
    const kw = /^(and|else|for|or|not)/.exec(rest);
    if (kw && !isPotentialIdentifierChar(src.charCodeAt(p + kw[0].length))) return;
    throw this.errAtCursor(`invalid ${kind} literal`, p);
  }

  // ───────────── strings ─────────────

  /** Lexes a string literal whose prefix starts at `start` (quote at start + prefix.length). */
  private lexString(start: number, prefix: string): void {
    this.tokens.push(this.scanString(start, prefix));
  }

  /** Scans one string literal (any prefix) and returns its token (not pushed). */
  private scanString(start: number, prefix: string): Token {
    const src = this.src;
    const startLine = this.line;
    const startCol = start - this.lineStart;
    let p = start + prefix.length;
    const quote = src[p]!;
    const triple = src.startsWith(quote + quote + quote, p);
    p += triple ? 3 : 1;
    const isRaw = prefix.includes('r');
    const isBytes = prefix.includes('b');
    const isTemplate = prefix.includes('t');
    const isFormatted = prefix.includes('f') || isTemplate;
    const value: StringValue = { isBytes, isFormatted, isTemplate, isRaw, value: '', parts: [] };

    const unterminated = (): LexError => {
      // At end of input right after a newline, CPython counts the last line, not a new one.
      const detected = this.pos >= src.length && src.endsWith('\n') && this.line > 1 ? this.line - 1 : this.line;
      const what = isTemplate ? 't-string' : isFormatted ? 'f-string' : 'string';
      const msg = triple
        ? `unterminated triple-quoted ${what} literal (detected at line ${detected})`
        : `unterminated ${what} literal (detected at line ${this.line})`;
      return new LexError({
        type: 'SyntaxError', msg, line: startLine, col: startCol, endLine: startLine, endCol: startCol,
        lineText: this.lineText(startLine),
      });
    };

    if (isFormatted) {
      this.pos = p;
      value.parts = this.scanFStringParts(quote, triple, isRaw, false, unterminated, startLine, startCol);
      p = this.pos;
    } else {
      // Find the end first (raw scan), then decode.
      const bodyStart = p;
      let bodyEnd = -1;
      for (;;) {
        if (p >= src.length) {
          this.pos = p;
          throw unterminated();
        }
        const c = src.charCodeAt(p);
        if (c === 92) {
          // Escape: skip the next char (even in raw strings a quote after '\' does not end it).
          if (src.charCodeAt(p + 1) === 10) {
            p += 2;
            this.pos = p;
            this.newline();
            continue;
          }
          p += 2;
          continue;
        }
        if (c === 10) {
          if (!triple) {
            this.pos = p;
            throw unterminated();
          }
          p++;
          this.pos = p;
          this.newline();
          continue;
        }
        if (src[p] === quote && (!triple || src.startsWith(quote + quote + quote, p))) {
          bodyEnd = p;
          p += triple ? 3 : 1;
          break;
        }
        p++;
      }
      const body = src.slice(bodyStart, bodyEnd);
      this.pos = p;
      const endCol = p - this.lineStart;
      const errRange = (msg: string): LexError =>
        new LexError({
          type: 'SyntaxError', msg, line: startLine, col: startCol, endLine: this.line, endCol,
          lineText: this.lineText(startLine),
        });
      if (isBytes) {
        for (let i = 0; i < body.length; i++) {
          if (body.charCodeAt(i) >= 128) throw errRange('bytes can only contain ASCII literal characters');
        }
      }
      value.value = isRaw ? body : decodeEscapes(body, isBytes, errRange);
    }
    const tok: Token = {
      type: 'STRING', value: src.slice(start, p), line: startLine, col: startCol,
      endLine: this.line, endCol: p - this.lineStart, num: undefined, str: undefined,
    };
    tok.str = value;
    return tok;
  }

  /** Scans f-string content up to the closing quote (or, for a format spec, up to the
   *  field's closing '}'), returning literal parts and fields. Leaves pos after the end. */
  private scanFStringParts(
    quote: string,
    triple: boolean,
    isRaw: boolean,
    inSpec: boolean,
    unterminated: () => LexError,
    startLine: number,
    startCol: number,
  ): FStringPart[] {
    const src = this.src;
    const parts: FStringPart[] = [];
    let lit = '';
    let litLine = this.line;
    let litCol = this.pos - this.lineStart;
    const flushLiteral = (): void => {
      if (lit.length > 0) {
        parts.push({ type: 'literal', value: lit, line: litLine, col: litCol, endLine: this.line, endCol: this.pos - this.lineStart });
      }
      lit = '';
    };
    let raw = '';
    const decodeRaw = (): void => {
      if (raw.length > 0) {
        lit += isRaw ? raw : decodeEscapes(raw, false, (msg) => new LexError({
          type: 'SyntaxError', msg, line: startLine, col: startCol, lineText: this.lineText(startLine),
        }));
        raw = '';
      }
    };
    for (;;) {
      if (this.pos >= src.length) throw unterminated();
      const c = src.charCodeAt(this.pos);
      const ch = src[this.pos]!;
      if (!inSpec && ch === quote && (!triple || src.startsWith(quote + quote + quote, this.pos))) {
        decodeRaw();
        flushLiteral();
        this.pos += triple ? 3 : 1;
        return parts;
      }
      if (inSpec && ch === quote && (!triple || src.startsWith(quote + quote + quote, this.pos))) {
        // The quote ends the f-string while the field's '{' is still open (3.12+ tokenizer):
        // a closing bracket right after it then mismatches the '{'.
        let q = this.pos + (triple ? 3 : 1);
        while (src[q] === ' ' || src[q] === '\t') q++;
        const closer = src[q];
        if (closer === ')' || closer === ']') {
          throw this.fstringError(`closing parenthesis '${closer}' does not match opening parenthesis '{'`, q);
        }
        throw this.fstringError("f-string: expecting '}'", this.pos);
      }
      if (c === 10) {
        if (!triple) {
          if (inSpec) throw this.fstringError("f-string: expecting '}'", this.pos);
          throw unterminated();
        }
        raw += '\n';
        this.pos++;
        this.newline();
        continue;
      }
      if (c === 92) {
        // Backslash escape (kept raw, decoded with the literal); '\{' is not an escape.
        const n = src[this.pos + 1];
        if (n === '\n') {
          raw += '\\\n';
          this.pos += 2;
          this.newline();
          continue;
        }
        if (n === undefined) throw unterminated();
        if (n === '{' || n === '}') {
          raw += '\\';
          this.pos++;
          continue;
        }
        raw += '\\' + n;
        this.pos += 2;
        continue;
      }
      if (ch === '{') {
        if (src[this.pos + 1] === '{' && !inSpec) {
          raw += '{';
          this.pos += 2;
          continue;
        }
        decodeRaw();
        flushLiteral();
        parts.push(this.scanFStringField(quote, triple, isRaw, unterminated, startLine, startCol));
        litLine = this.line;
        litCol = this.pos - this.lineStart;
        continue;
      }
      if (ch === '}') {
        if (inSpec) {
          decodeRaw();
          flushLiteral();
          return parts;
        }
        if (src[this.pos + 1] === '}') {
          raw += '}';
          this.pos += 2;
          continue;
        }
        throw this.fstringError("f-string: single '}' is not allowed", this.pos);
      }
      raw += ch;
      this.pos++;
    }
  }

  private fstringError(msg: string, cursor: number): LexError {
    const col = cursor - this.lineStart;
    return new LexError({ type: 'SyntaxError', msg, line: this.line, col, endLine: this.line, endCol: col, lineText: this.lineText(this.line) });
  }

  /** Scans `{expr[=][!c][:spec]}` with pos at '{'. */
  private scanFStringField(
    quote: string,
    triple: boolean,
    isRaw: boolean,
    unterminated: () => LexError,
    startLine: number,
    startCol: number,
  ): FStringField {
    const src = this.src;
    const line = this.line;
    const col = this.pos - this.lineStart;
    this.pos++; // '{'
    const exprStart = this.pos;
    // Lex the expression with a sub-lexer sharing our position, stopping at the delimiter.
    const saveTokens = this.tokens.length;
    const saveFieldDepth = this.fieldDepth0;
    const outerBrackets = this.brackets.length;
    this.brackets.push({ ch: '{', line, col });
    this.fieldDepth0 = this.brackets.length;
    this.lexFieldExpression(quote, triple, unterminated);
    this.fieldDepth0 = saveFieldDepth;
    const exprTokens = this.tokens.splice(saveTokens);
    const endPos = this.pos;
    exprTokens.push({
      type: 'ENDMARKER', value: '', line: this.line, col: endPos - this.lineStart, endLine: this.line, endCol: endPos - this.lineStart,
    });
    let debugText: string | null = null;
    if (src[this.pos] === '=') {
      this.pos++;
      while (src[this.pos] === ' ') this.pos++;
      debugText = src.slice(exprStart, this.pos);
    }
    let conversion: FStringField['conversion'] = null;
    if (src[this.pos] === '!') {
      this.pos++;
      const cv = src[this.pos];
      if (cv === 's' || cv === 'r' || cv === 'a') {
        conversion = cv;
        this.pos++;
        const after = src[this.pos];
        if (after !== '}' && after !== ':') {
          if (after === undefined || after === quote) throw this.fstringError("f-string: expecting '}'", this.pos);
          throw this.fstringError("f-string: expecting ':' or '}'", this.pos + 1);
        }
      } else if (cv === undefined || cv === quote || cv === '}' || cv === ':' || cv === ' ' || cv === '\n') {
        throw this.fstringError("f-string: missing conversion character", this.pos + 1);
      } else {
        const c0 = this.pos - this.lineStart;
        throw new LexError({
          type: 'SyntaxError', msg: `f-string: invalid conversion character '${cv}': expected 's', 'r', or 'a'`,
          line: this.line, col: c0, endLine: this.line, endCol: c0 + 1, lineText: this.lineText(this.line),
        });
      }
    }
    let spec: FStringPart[] | null = null;
    if (src[this.pos] === ':') {
      this.pos++;
      spec = this.scanFStringParts(quote, triple, isRaw, true, unterminated, startLine, startCol);
    }
    if (src[this.pos] !== '}') {
      throw this.fstringError("f-string: expecting '}'", this.pos);
    }
    this.pos++;
    this.brackets.length = outerBrackets;
    return {
      type: 'field', tokens: exprTokens, debugText, conversion, spec, line, col, endLine: this.line, endCol: this.pos - this.lineStart,
    };
  }

  /** Lexes tokens of a replacement field expression until the delimiter at field level. */
  private lexFieldExpression(quote: string, triple: boolean, unterminated: () => LexError): void {
    const src = this.src;
    for (;;) {
      let c = src.charCodeAt(this.pos);
      while (c === 32 || c === 9 || c === 12 || c === 10) {
        if (c === 10) {
          this.pos++;
          this.newline();
        } else this.pos++;
        c = src.charCodeAt(this.pos);
      }
      if (this.pos >= src.length) {
        // 3.12+: the tokenizer keeps lexing the open field as code up to the end of input.
        const b = this.brackets[this.brackets.length - 1]!;
        throw new LexError({
          type: 'SyntaxError', msg: `'${b.ch}' was never closed`, line: b.line, col: b.col, lineText: this.lineText(b.line),
        });
      }
      const ch = src[this.pos]!;
      void unterminated;
      if (ch === quote && (!triple || src.startsWith(quote + quote + quote, this.pos)) && this.brackets.length === this.fieldDepth0) {
        throw this.fstringError("f-string: expecting '}'", this.pos);
      }
      if (c === 35) throw this.fstringError("f-string: expecting '}'", this.pos);
      if (this.brackets.length === this.fieldDepth0) {
        if (ch === '}' || ch === ':' || (ch === '!' && src[this.pos + 1] !== '=')) return;
        if (ch === '=' && src[this.pos + 1] !== '=') return;
      }
      const startCol = this.pos - this.lineStart;
      if (isAsciiIdStart(c) || (c >= 128 && this.isIdStartAt(this.pos))) {
        this.lexNameOrString();
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(this.pos + 1)))) {
        this.lexNumber();
        continue;
      }
      if (c === 34 || c === 39) {
        this.lexString(this.pos, '');
        continue;
      }
      if (c === 92) throw this.fstringError("f-string: expecting '}'", this.pos);
      if ((ch === ')' || ch === ']' || ch === '}') && this.brackets.length === this.fieldDepth0) {
        throw this.fstringError(`f-string: unmatched '${ch}'`, this.pos);
      }
      this.lexOperator(c, startCol);
    }
  }
}

// ───────────── escape decoding ─────────────

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** A few common \N{...} names; anything else is reported as unknown (rare in scripts). */
const UNICODE_NAMES: Record<string, string> = {
  'GREEK SMALL LETTER ALPHA': 'α', 'GREEK SMALL LETTER BETA': 'β', 'GREEK SMALL LETTER GAMMA': 'γ',
  'GREEK SMALL LETTER DELTA': 'δ', 'GREEK SMALL LETTER EPSILON': 'ε', 'GREEK SMALL LETTER THETA': 'θ',
  'GREEK SMALL LETTER LAMDA': 'λ', 'GREEK SMALL LETTER MU': 'μ', 'GREEK SMALL LETTER PI': 'π',
  'GREEK SMALL LETTER SIGMA': 'σ', 'GREEK CAPITAL LETTER SIGMA': 'Σ', 'GREEK CAPITAL LETTER DELTA': 'Δ',
  'GREEK SMALL LETTER ETA': 'η', 'NABLA': '∇', 'PARTIAL DIFFERENTIAL': '∂', 'BULLET': '•',
  'RIGHTWARDS ARROW': '→', 'MULTIPLICATION SIGN': '×', 'PLUS-MINUS SIGN': '±', 'DEGREE SIGN': '°',
  'EM DASH': '—', 'EN DASH': '–', 'HORIZONTAL ELLIPSIS': '…', 'CHECK MARK': '✓', 'NO-BREAK SPACE': '\u00a0',
  'SPACE': ' ', 'LATIN SMALL LETTER A': 'a',
};

/** Decodes backslash escapes of a str or bytes literal body (bytes as latin-1 chars). */
export function decodeEscapes(body: string, isBytes: boolean, error: (msg: string) => LexError): string {
  if (body.indexOf('\\') < 0) return body;
  const codec = isBytes ? 'unicodeescape' : 'unicodeescape';
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    const n = body[i + 1];
    if (n === undefined) {
      out += '\\';
      i++;
      continue;
    }
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (n >= '0' && n <= '7') {
      let j = i + 1;
      let v = 0;
      while (j < body.length && j < i + 4 && body[j]! >= '0' && body[j]! <= '7') {
        v = v * 8 + (body.charCodeAt(j) - 48);
        j++;
      }
      out += String.fromCharCode(isBytes ? v & 0xff : v);
      i = j;
      continue;
    }
    const hexLen = n === 'x' ? 2 : !isBytes && n === 'u' ? 4 : !isBytes && n === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLen);
      if (hex.length < hexLen || !/^[0-9a-fA-F]+$/.test(hex)) {
        let k = 0;
        while (k < hex.length && /[0-9a-fA-F]/.test(hex[k]!)) k++;
        const pos = byteOffset(body, i);
        const what = n === 'x' ? 'truncated \\xXX escape' : n === 'u' ? 'truncated \\uXXXX escape' : 'truncated \\UXXXXXXXX escape';
        const prefix = isBytes ? '(value error) invalid \\x escape at position ' + pos : `(unicode error) '${codec}' codec can't decode bytes in position ${pos}-${pos + 1 + k}: ${what}`;
        throw error(prefix);
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) {
        const pos = byteOffset(body, i);
        throw error(`(unicode error) '${codec}' codec can't decode bytes in position ${pos}-${pos + 9}: illegal Unicode character`);
      }
      out += String.fromCodePoint(cp);
      i += 2 + hexLen;
      continue;
    }
    if (!isBytes && n === 'N') {
      const m = /^\{([^}]*)\}/.exec(body.slice(i + 2));
      const name = m?.[1]?.toUpperCase();
      const found = name !== undefined ? UNICODE_NAMES[name] : undefined;
      if (found === undefined) {
        const pos = byteOffset(body, i);
        const endPos = m ? pos + 2 + m[0].length - 1 : pos + 1;
        const why = m ? 'unknown Unicode character name' : 'malformed \\N character escape';
        throw error(`(unicode error) '${codec}' codec can't decode bytes in position ${pos}-${endPos}: ${why}`);
      }
      out += found;
      i += 2 + m![0].length;
      continue;
    }
    // Invalid escape: kept literally (CPython only warns).
    out += '\\' + n;
    i += 2;
  }
  return out;
}

function byteOffset(s: string, index: number): number {
  let n = 0;
  for (let i = 0; i < index; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : 3;
  }
  return n;
}
