// CPython-format tracebacks, including 3.11+ caret lines and the "Did you mean" suggestions
// of Lib/traceback.py (_compute_suggestion_error with its Levenshtein distance).

import type * as A from './ast';
import { AttributeErrorType, NameErrorType, PyException, PyInstance, PyModule, PyType, PyValue, TracebackEntry, typeOf, SyntaxErrorType } from './objects';
import { exceptionStr, getAttrOrUndefined, repr, str } from './ops';
import { dirOf } from './builtins';

/** sys.stdlib_module_names of CPython 3.14 (public names), for "Did you forget to import". */
const STDLIB_NAMES = new Set('abc annotationlib antigravity argparse array ast asyncio atexit base64 bdb binascii bisect builtins bz2 cProfile calendar cmath cmd code codecs codeop collections colorsys compileall compression concurrent configparser contextlib contextvars copy copyreg csv ctypes curses dataclasses datetime dbm decimal difflib dis doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib importlib inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox marshal math mimetypes mmap modulefinder msvcrt multiprocessing netrc nt ntpath nturl2path numbers opcode operator optparse os pathlib pdb pickle pickletools pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtplib socket socketserver sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess symtable sys sysconfig syslog tabnanny tarfile tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xml xmlrpc zipapp zipfile zipimport zlib zoneinfo'.split(' '));

const MAX_CANDIDATE_ITEMS = 750;
const MAX_STRING_SIZE = 40;
const MOVE_COST = 2;
const CASE_COST = 1;

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  if (a.toLowerCase() === b.toLowerCase()) return CASE_COST;
  return MOVE_COST;
}

export function levenshtein(a: string, b: string, maxCost: number): number {
  if (a === b) return 0;
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  a = a.slice(pre);
  b = b.slice(pre);
  let post = 0;
  while (post < a.length && post < b.length && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  a = a.slice(0, a.length - post);
  b = b.slice(0, b.length - post);
  if (!a.length || !b.length) return MOVE_COST * (a.length + b.length);
  if (a.length > MAX_STRING_SIZE || b.length > MAX_STRING_SIZE) return maxCost + 1;
  if (b.length < a.length) [a, b] = [b, a];
  if ((b.length - a.length) * MOVE_COST > maxCost) return maxCost + 1;
  const row: number[] = [];
  for (let i = 1; i <= a.length; i++) row.push(i * MOVE_COST);
  let result = 0;
  for (let bi = 0; bi < b.length; bi++) {
    const bch = b[bi];
    let distance = (result = bi * MOVE_COST);
    let minimum = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < a.length; i++) {
      const substitute = distance + substitutionCost(bch, a[i]);
      distance = row[i];
      const insertDelete = Math.min(result, distance) + MOVE_COST;
      result = Math.min(insertDelete, substitute);
      row[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

/**
 * The suggestion for a misspelt name, as CPython 3.14's _Py_CalculateSuggestions computes it
 * (traceback.py defers to it): any candidate within the length rule, closest first.
 * `unbounded = false` gives traceback.py's pure-Python fallback, which also caps the distance
 * by the misspelt name's length.
 */
export function closestName(candidates: string[], wrong: string, unbounded = true): string | null {
  if (candidates.length > MAX_CANDIDATE_ITEMS) return null;
  if (wrong.length > MAX_STRING_SIZE) return null;
  let best = unbounded ? Number.MAX_SAFE_INTEGER : wrong.length;
  let suggestion: string | null = null;
  for (const name of candidates) {
    if (name === wrong) continue;
    let maxDistance = Math.floor(((name.length + wrong.length + 3) * MOVE_COST) / 6);
    maxDistance = Math.min(maxDistance, best - 1);
    const d = levenshtein(wrong, name, maxDistance);
    if (d > maxDistance) continue;
    if (!suggestion || d < best) {
      suggestion = name;
      best = d;
    }
  }
  return suggestion;
}

/** What a NameError needs to compute its suggestion: the raising frame's names, in CPython order. */
export interface NameContext {
  locals: Map<string, PyValue>;
  globals: Map<string, PyValue>;
  builtins: Iterable<string>;
  /** Whether locals is the module's globals (module-level code). */
  isModule: boolean;
}

/** Stored on NameError/AttributeError by the interpreter: the innermost frame's names. */
export const suggestionContext = new WeakMap<PyException, NameContext>();

function suggestion(exc: PyException): string {
  const wrong = exc.name;
  if (wrong === null) return '';
  let out = '';
  if (exc.cls.isSubtypeOf(AttributeErrorType)) {
    const obj = exc.obj;
    if (obj === undefined) return '';
    let d: string[];
    try {
      d = (obj instanceof PyModule ? [...obj.dict.keys()].sort() : dirOf(obj).map(String));
    } catch {
      return '';
    }
    let hide = !wrong.startsWith('_');
    const ctx = suggestionContext.get(exc);
    if (hide && ctx && ctx.locals.get('self') === obj) hide = false;
    if (hide) d = d.filter((x) => !x.startsWith('_'));
    const s = closestName(d, wrong);
    if (s) out += `. Did you mean: '${s}'?`;
    return out;
  }
  if (exc.cls.isSubtypeOf(NameErrorType)) {
    const ctx = suggestionContext.get(exc);
    let s: string | null = null;
    if (ctx) {
      const d = ctx.isModule ? [...ctx.globals.keys(), ...ctx.globals.keys(), ...ctx.builtins] : [...ctx.locals.keys(), ...ctx.globals.keys(), ...ctx.builtins];
      const self = ctx.isModule ? undefined : ctx.locals.get('self');
      let hasAttr = false;
      if (self !== undefined) {
        try {
          hasAttr = getAttrOrUndefined(self, wrong) !== undefined;
        } catch {
          hasAttr = false;
        }
      }
      s = hasAttr ? 'self.' + wrong : closestName(d, wrong);
      if (s) out += `. Did you mean: '${s}'?`;
    }
    if (STDLIB_NAMES.has(wrong)) out += s ? ` Or did you forget to import '${wrong}'?` : `. Did you forget to import '${wrong}'?`;
  }
  return out;
}

/** The last line: `Type: message` (with the suggestion), as CPython prints it. */
export function formatExceptionLine(exc: PyException): string {
  const t = exc.cls;
  const name = t.module === 'builtins' || t.module === '__main__' ? t.qualname : t.module + '.' + t.qualname;
  let msg: string;
  try {
    msg = str(exc);
  } catch {
    msg = '<exception str() failed>';
  }
  msg += suggestion(exc);
  let line = msg === '' ? name : name + ': ' + msg;
  if (exc.notes) for (const n of exc.notes) line += '\n' + n;
  return line;
}

function caretLine(text: string, entry: TracebackEntry): string | null {
  const r = entry.range;
  if (!r || r.line !== r.endLine) return null;
  const node = (entry as TracebackEntry & { node?: A.Expr }).node;
  const stripped = text.replace(/^\s+/, '');
  const indent = text.length - stripped.length;
  const trimmedEnd = text.replace(/\s+$/, '').length;
  const coversLine = r.col <= indent && r.endCol >= trimmedEnd;
  const hasAnchors = !!node && ((node.kind === 'BinOp' && node.left.range.endLine === r.line) || (node.kind === 'Subscript' && node.value.range.endLine === r.line) || (node.kind === 'Call' && node.func.range.endLine === r.line));
  // CPython (traceback._should_show_carets): no carets for `return f(...)` / `x = f(...)`
  // when the failing call is that whole value, nor when the range spans the whole line
  // without anchors.
  if (node && node.kind === 'Call' && node.func.kind === 'Name' && r.endCol >= trimmedEnd) {
    const before = text.slice(indent, r.col);
    if (/^return\s+$/.test(before) || /^[A-Za-z_][A-Za-z0-9_]*\s*=\s*$/.test(before)) return null;
  }
  if (!hasAnchors && coversLine) return null;
  const chars: string[] = [];
  for (let c = r.col; c < r.endCol; c++) chars.push('^');
  const mark = (from: number, to: number, ch: string) => {
    for (let c = Math.max(from, r.col); c < Math.min(to, r.endCol); c++) chars[c - r.col] = ch;
  };
  if (node && hasAnchors) {
    if (node.kind === 'BinOp') {
      mark(r.col, r.endCol, '~');
      let p = node.left.range.endCol;
      while (p < text.length && (text[p] === ' ' || text[p] === ')' || text[p] === '\\')) p++;
      mark(p, p + node.op.length, '^');
    } else if (node.kind === 'Subscript') {
      mark(r.col, node.value.range.endCol, '~');
    } else if (node.kind === 'Call') {
      mark(r.col, node.func.range.endCol, '~');
    }
  }
  return '    ' + ' '.repeat(r.col - indent) + chars.join('');
}

/** Collapses runs of identical entries like CPython ("[Previous line repeated N more times]"). */
function formatEntries(entries: TracebackEntry[], lines: string[] | null): string[] {
  const out: string[] = [];
  let last: TracebackEntry | null = null;
  let count = 0;
  const flush = () => {
    if (count > 3) out.push(`  [Previous line repeated ${count - 3} more time${count - 3 > 1 ? 's' : ''}]`);
  };
  for (const e of entries) {
    if (last && e.filename === last.filename && e.line === last.line && e.name === last.name) {
      count++;
      if (count > 3) continue;
    } else {
      flush();
      last = e;
      count = 1;
    }
    out.push(`  File "${e.filename}", line ${e.line}, in ${e.name}`);
    const text = lines ? lines[e.line - 1] : undefined;
    if (text !== undefined && text.trim() !== '') {
      out.push('    ' + text.trim());
      const caret = caretLine(text, e);
      if (caret !== null) out.push(caret);
    }
  }
  flush();
  return out;
}

/**
 * Formats an exception as CPython prints an uncaught one, with its chain (__cause__ /
 * __context__). `source` gives the code lines (omit to print entries without code).
 */
export function formatTraceback(exc: PyException, filename: string, source?: string): string {
  const lines = source !== undefined ? source.split(/\r\n|\r|\n/) : null;
  const seen = new Set<PyException>();
  const parts: string[] = [];
  const one = (e: PyException): void => {
    seen.add(e);
    if (e.cause && !seen.has(e.cause)) {
      one(e.cause);
      parts.push('\nThe above exception was the direct cause of the following exception:\n\n');
    } else if (e.context && !e.suppressContext && !seen.has(e.context)) {
      one(e.context);
      parts.push('\nDuring handling of the above exception, another exception occurred:\n\n');
    }
    if (e.cls.isSubtypeOf(SyntaxErrorType) && e.syntax) {
      parts.push(formatSyntaxLines(e) + '\n');
      return;
    }
    const entries = e.traceback.slice().reverse().map((t) => (t.filename === '' ? { ...t, filename } : t));
    let s = '';
    if (entries.length) s += 'Traceback (most recent call last):\n' + formatEntries(entries, lines).join('\n') + '\n';
    s += formatExceptionLine(e) + '\n';
    parts.push(s);
  };
  one(exc);
  return parts.join('');
}

function formatSyntaxLines(e: PyException): string {
  const sx = e.syntax!;
  const out: string[] = [`  File "${sx.filename}", line ${sx.line}`];
  const text = sx.text;
  const stripped = text.replace(/^[ \t\f]+/, '');
  const removed = text.length - stripped.length;
  const trimmed = stripped.replace(/\s+$/, '');
  if (trimmed.length) {
    out.push('    ' + trimmed);
    const start = Math.max(0, sx.col - removed);
    let end = sx.endCol !== undefined && sx.endCol > sx.col ? sx.endCol - removed : start + 1;
    if (end > trimmed.length + 1) end = trimmed.length + 1;
    if (end <= start) end = start + 1;
    out.push('    ' + ' '.repeat(start) + '^'.repeat(end - start));
  }
  out.push(`${e.cls.name}: ${str(e.args[0] ?? '')}`);
  return out.join('\n');
}

void [PyInstance, PyType, typeOf, repr, exceptionStr];
