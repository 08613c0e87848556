// Methods of the builtin types str, list, tuple, dict, set, range; `%` formatting and str.format.

import {
  IndexErrorType, KeyErrorType, KwArgs, PyDict, PyDictView, PyException, PyFrozenSet, PyList, PyRange, PySet, PyTuple,
  PyValue, STOP, ValueErrorType, TypeErrorType, ClassMethod, dictType, frozensetType, listType, raise, raiseTypeError,
  raiseValueError, rangeType, setType, strType, tupleType, typeName, typeOf, NativeFunction, PyType, StaticMethod,
  LookupErrorType, MemoryErrorType,
} from './objects';
import {
  checkHashable, contains, eq, getAttr, getItem, getIter, iterToArray, repr, setPercentFormat, str, toIndex,
  toIndexBig, truthy, updateDict, strLen, callValue,
} from './ops';
import { argCount, methodArgCount, formatValue, meth, noKwargs, sortValues, toFloatValue, toInt } from './builtins';
import { formatFloat, formatInt } from './numfmt';

function self<T>(args: PyValue[]): T {
  return args[0] as T;
}
function strArg(v: PyValue, fname: string, pos = 1): string {
  if (typeof v !== 'string') raiseTypeError(`${fname}() argument ${pos} must be str, not ${typeName(v)}`);
  return v as string;
}
function optIndex(v: PyValue | undefined, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  return toIndex(v, 'slice indices must be integers or None or have an __index__ method');
}
function clampRange(len: number, start: PyValue | undefined, end: PyValue | undefined): [number, number] {
  let s = optIndex(start, 0);
  let e = optIndex(end, len);
  if (s < 0) s = Math.max(0, s + len);
  if (e < 0) e = Math.max(0, e + len);
  return [Math.min(s, len), Math.min(e, len)];
}

// ---------------------------------------------------------------- str
const WS = /[\s\u001c-\u001f\u0085]/;
function stripChars(s: string, chars: PyValue, left: boolean, right: boolean): string {
  if (chars === null || chars === undefined) {
    let a = 0;
    let b = s.length;
    if (left) while (a < b && WS.test(s[a])) a++;
    if (right) while (b > a && WS.test(s[b - 1])) b--;
    return s.slice(a, b);
  }
  const set = strArg(chars, 'strip');
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.includes(s[a])) a++;
  if (right) while (b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && WS.test(s[i])) i++;
    if (i >= n) break;
    if (maxsplit >= 0 && out.length === maxsplit) {
      let end = n;
      while (end > i && WS.test(s[end - 1])) end--;
      out.push(s.slice(i, end));
      return out;
    }
    let j = i;
    while (j < n && !WS.test(s[j])) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function splitStr(s: string, sep: PyValue, maxsplit: number): string[] {
  if (sep === null) return splitWhitespace(s, maxsplit);
  if (typeof sep !== 'string') return raiseTypeError(`must be str or None, not ${typeName(sep)}`);
  const d = sep;
  if (d === '') raiseValueError('empty separator');
  const parts = s.split(d);
  if (maxsplit >= 0 && parts.length > maxsplit + 1) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(d)];
  return parts;
}

function rsplitStr(s: string, sep: PyValue, maxsplit: number): string[] {
  if (maxsplit < 0) return splitStr(s, sep, -1);
  if (sep === null) {
    const rev = splitWhitespace([...s].reverse().join(''), maxsplit);
    return rev.map((x) => [...x].reverse().join('')).reverse();
  }
  const d = strArg(sep, 'rsplit');
  if (d === '') raiseValueError('empty separator');
  const parts = s.split(d);
  if (parts.length > maxsplit + 1) return [parts.slice(0, parts.length - maxsplit).join(d), ...parts.slice(parts.length - maxsplit)];
  return parts;
}

function kwOr(kwargs: KwArgs, name: string, v: PyValue | undefined, dflt: PyValue): PyValue {
  if (v !== undefined) return v;
  const k = kwargs?.get(name);
  return k === undefined ? dflt : k;
}

function prefixTest(s: string, args: PyValue[], fname: string, fn: (x: string, p: string) => boolean): boolean {
  const [, prefix, start, end] = args;
  const [a, b] = clampRange(s.length, start, end);
  const sub = s.slice(a, b);
  if (prefix instanceof PyTuple) return prefix.items.some((p) => fn(sub, strArg(p, fname)));
  if (typeof prefix !== 'string') raiseTypeError(`${fname} first arg must be str or a tuple of str, not ${typeName(prefix)}`);
  if (a > s.length) return false;
  return fn(sub, prefix as string);
}

function pad(s: string, width: number, fill: string, where: 'l' | 'r' | 'c'): string {
  const len = strLen(s);
  if (width <= len) return s;
  const n = width - len;
  if (where === 'l') return s + fill.repeat(n);
  if (where === 'r') return fill.repeat(n) + s;
  // CPython centers with the extra char on the left when both len and n are odd
  const left = Math.floor(n / 2) + (n & width & 1);
  return fill.repeat(left) + s + fill.repeat(n - left);
}

function fillArg(v: PyValue | undefined, fname: string): string {
  if (v === undefined) return ' ';
  if (typeof v !== 'string' || strLen(v) !== 1) raiseTypeError(`${fname}() argument 2 must be a unicode character, not ${typeName(v)}`);
  return v as string;
}

function titleCase(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const isCased = ch.toLowerCase() !== ch.toUpperCase();
    out += prevCased ? ch.toLowerCase() : ch.toUpperCase();
    prevCased = isCased;
  }
  return out;
}

function installStr(): void {
  const t = strType;
  meth(t, 'join', (args) => {
    methodArgCount('str.join', args, 1, 1);
    const parts = iterToArray(args[1]);
    for (let i = 0; i < parts.length; i++) {
      if (typeof parts[i] !== 'string') raiseTypeError(`sequence item ${i}: expected str instance, ${typeName(parts[i])} found`);
    }
    return parts.join(self<string>(args));
  });
  meth(t, 'split', (args, kwargs) => new PyList(splitStr(self(args), kwOr(kwargs, 'sep', args[1], null), Number(toIndexBig(kwOr(kwargs, 'maxsplit', args[2], -1n), '')))));
  meth(t, 'rsplit', (args, kwargs) => new PyList(rsplitStr(self(args), kwOr(kwargs, 'sep', args[1], null), Number(toIndexBig(kwOr(kwargs, 'maxsplit', args[2], -1n), '')))));
  meth(t, 'splitlines', (args, kwargs) => {
    const keep = truthy(kwOr(kwargs, 'keepends', args[1], false));
    const s = self<string>(args);
    const out: string[] = [];
    const re = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;
    let last = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      out.push(s.slice(last, keep ? m.index + m[0].length : m.index));
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push(s.slice(last));
    return new PyList(out);
  });
  meth(t, 'strip', (args) => stripChars(self(args), args[1] ?? null, true, true));
  meth(t, 'lstrip', (args) => stripChars(self(args), args[1] ?? null, true, false));
  meth(t, 'rstrip', (args) => stripChars(self(args), args[1] ?? null, false, true));
  meth(t, 'replace', (args, kwargs) => {
    methodArgCount('replace', args, 2, 3);
    const s = self<string>(args);
    const old = strArg(args[1], 'replace', 1);
    const nw = strArg(args[2], 'replace', 2);
    let count = Number(toIndexBig(kwOr(kwargs, 'count', args[3], -1n), ''));
    if (count < 0) return old === '' ? [...s].join(nw).replace(/^/, nw) + (s.length ? nw : '') : s.split(old).join(nw);
    let out = '';
    let i = 0;
    while (count > 0) {
      const j = s.indexOf(old, i);
      if (j < 0) break;
      out += s.slice(i, j) + nw;
      i = j + old.length;
      count--;
      if (old === '') {
        if (i < s.length) out += s[i];
        i++;
      }
    }
    return out + s.slice(i);
  });
  meth(t, 'upper', (args) => self<string>(args).toUpperCase());
  meth(t, 'lower', (args) => self<string>(args).toLowerCase());
  meth(t, 'casefold', (args) => self<string>(args).toLowerCase());
  meth(t, 'swapcase', (args) => [...self<string>(args)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''));
  meth(t, 'capitalize', (args) => {
    const s = self<string>(args);
    return s.length ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s;
  });
  meth(t, 'title', (args) => titleCase(self(args)));
  meth(t, 'startswith', (args) => prefixTest(self(args), args, 'startswith', (x, p) => x.startsWith(p)));
  meth(t, 'endswith', (args) => prefixTest(self(args), args, 'endswith', (x, p) => x.endsWith(p)));
  const finder = (name: string, rev: boolean, raising: boolean) =>
    meth(t, name, (args) => {
      methodArgCount(name, args, 1, 3);
      const s = self<string>(args);
      const sub = strArg(args[1], name);
      const [a, b] = clampRange(s.length, args[2], args[3]);
      let r = -1;
      if (a <= b) {
        const hay = s.slice(a, b);
        const k = rev ? hay.lastIndexOf(sub) : hay.indexOf(sub);
        if (k >= 0) r = k + a;
      }
      if (r < 0 && raising) raiseValueError('substring not found');
      return BigInt(r);
    });
  finder('find', false, false);
  finder('rfind', true, false);
  finder('index', false, true);
  finder('rindex', true, true);
  meth(t, 'count', (args) => {
    const s = self<string>(args);
    const sub = strArg(args[1], 'count');
    const [a, b] = clampRange(s.length, args[2], args[3]);
    const hay = s.slice(a, b);
    if (sub === '') return BigInt(strLen(hay) + 1);
    let n = 0;
    for (let i = hay.indexOf(sub); i >= 0; i = hay.indexOf(sub, i + sub.length)) n++;
    return BigInt(n);
  });
  meth(t, 'zfill', (args) => {
    const s = self<string>(args);
    const w = toIndex(args[1]);
    if (s.length >= w) return s;
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    return sign + '0'.repeat(w - s.length) + s.slice(sign.length);
  });
  meth(t, 'center', (args) => pad(self(args), toIndex(args[1]), fillArg(args[2], 'center'), 'c'));
  meth(t, 'ljust', (args) => pad(self(args), toIndex(args[1]), fillArg(args[2], 'ljust'), 'l'));
  meth(t, 'rjust', (args) => pad(self(args), toIndex(args[1]), fillArg(args[2], 'rjust'), 'r'));
  meth(t, 'partition', (args) => {
    const s = self<string>(args);
    const sep = strArg(args[1], 'partition');
    if (sep === '') raiseValueError('empty separator');
    const i = s.indexOf(sep);
    return i < 0 ? new PyTuple([s, '', '']) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  });
  meth(t, 'rpartition', (args) => {
    const s = self<string>(args);
    const sep = strArg(args[1], 'rpartition');
    if (sep === '') raiseValueError('empty separator');
    const i = s.lastIndexOf(sep);
    return i < 0 ? new PyTuple(['', '', s]) : new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  });
  // str.maketrans(x[, y[, z]]) → {code point: replacement}; s.translate(table)
  t.dict.set('maketrans', new StaticMethod(new NativeFunction('maketrans', (args) => {
    argCount('maketrans', args, 1, 3);
    const table = new PyDict();
    if (args.length === 1) {
      const m = args[0];
      if (!(m instanceof PyDict)) return raiseTypeError('if you give only one argument to maketrans it must be a dict');
      for (const [k, v] of m.map.values()) {
        if (typeof k === 'string') {
          if ([...k].length !== 1) raiseValueError('string keys in translate table must be of length 1');
          table.set(BigInt(k.codePointAt(0)!), v);
        } else if (typeof k === 'bigint') table.set(k, v);
        else raiseTypeError('keys in translate table must be strings or integers');
      }
      return table;
    }
    const from = [...strArg(args[0], 'maketrans', 1)];
    const to = [...strArg(args[1], 'maketrans', 2)];
    if (from.length !== to.length) raiseValueError('the first two maketrans arguments must have equal length');
    for (let i = 0; i < from.length; i++) table.set(BigInt(from[i].codePointAt(0)!), BigInt(to[i].codePointAt(0)!));
    if (args.length === 3) for (const ch of strArg(args[2], 'maketrans', 3)) table.set(BigInt(ch.codePointAt(0)!), null);
    return table;
  })));
  meth(t, 'translate', (args) => {
    methodArgCount('str.translate', args, 1, 1);
    const table = args[1];
    let out = '';
    for (const ch of self<string>(args)) {
      let v: PyValue;
      try {
        v = getItem(table, BigInt(ch.codePointAt(0)!));
      } catch (e) {
        if (e instanceof PyException && e.cls.isSubtypeOf(LookupErrorType)) {
          out += ch;
          continue;
        }
        throw e;
      }
      if (v === null) continue;
      if (typeof v === 'bigint') out += String.fromCodePoint(Number(v));
      else if (typeof v === 'string') out += v;
      else raiseTypeError('character mapping must return integer, None or str');
    }
    return out;
  });
  meth(t, 'removeprefix', (args) => {
    const s = self<string>(args);
    const p = strArg(args[1], 'removeprefix');
    return p && s.startsWith(p) ? s.slice(p.length) : s;
  });
  meth(t, 'removesuffix', (args) => {
    const s = self<string>(args);
    const p = strArg(args[1], 'removesuffix');
    return p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  });
  meth(t, 'expandtabs', (args) => {
    const size = args[1] === undefined ? 8 : toIndex(args[1]);
    let col = 0;
    let out = '';
    for (const ch of self<string>(args)) {
      if (ch === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += ch;
        col = ch === '\n' || ch === '\r' ? 0 : col + 1;
      }
    }
    return out;
  });
  const pred = (name: string, re: RegExp, emptyResult = false) =>
    meth(t, name, (args) => {
      const s = self<string>(args);
      if (s.length === 0) return emptyResult;
      return re.test(s);
    });
  pred('isdigit', /^\p{Nd}+$/u);
  pred('isdecimal', /^\p{Nd}+$/u);
  pred('isnumeric', /^[\p{Nd}\p{Nl}\p{No}]+$/u);
  pred('isalpha', /^\p{L}+$/u);
  pred('isalnum', /^[\p{L}\p{Nd}\p{Nl}\p{No}]+$/u);
  pred('isspace', /^\s+$/u);
  pred('isidentifier', /^[\p{L}_][\p{L}\p{N}_]*$/u);
  pred('isascii', /^[\x00-\x7f]*$/, true);
  meth(t, 'isupper', (args) => {
    const s = self<string>(args);
    return s !== s.toLowerCase() && s === s.toUpperCase();
  });
  meth(t, 'islower', (args) => {
    const s = self<string>(args);
    return s !== s.toUpperCase() && s === s.toLowerCase();
  });
  meth(t, 'istitle', (args) => {
    const s = self<string>(args);
    return s === titleCase(s) && s !== s.toLowerCase();
  });
  meth(t, 'format', (args, kwargs) => strFormat(self(args), args.slice(1), kwargs));
  meth(t, 'format_map', (args) => strFormat(self(args), [], null, args[1]));
  meth(t, 'encode', () => raise(ValueErrorType, 'bytes are not supported'));
  meth(t, '__len__', (args) => BigInt(strLen(self(args))));
  meth(t, '__contains__', (args) => contains(args[0], args[1]));
  meth(t, '__getitem__', (args) => getItem(args[0], args[1]));
}

// ---------------------------------------------------------------- str.format
function resolveField(field: string, args: PyValue[], kwargs: KwArgs, mapping: PyValue | undefined, auto: { n: number; used: 'auto' | 'manual' | null }): PyValue {
  const m = /^([^.[]*)(.*)$/.exec(field)!;
  const head = m[1];
  let rest = m[2];
  let v: PyValue;
  if (head === '' || /^\d+$/.test(head)) {
    let idx: number;
    if (head === '') {
      if (auto.used === 'manual') raiseValueError('cannot switch from manual field specification to automatic field numbering');
      auto.used = 'auto';
      idx = auto.n++;
    } else {
      if (auto.used === 'auto') raiseValueError('cannot switch from automatic field numbering to manual field specification');
      auto.used = 'manual';
      idx = parseInt(head, 10);
    }
    if (idx >= args.length) raise(IndexErrorType, `Replacement index ${idx} out of range for positional args tuple`);
    v = args[idx];
  } else {
    if (mapping !== undefined) v = getItem(mapping, head);
    else {
      const k = kwargs?.get(head);
      if (k === undefined) throw new PyException(KeyErrorType, head);
      v = k;
    }
  }
  while (rest.length) {
    let mm: RegExpExecArray | null;
    if ((mm = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest))) {
      v = getAttr(v, mm[1]);
      rest = rest.slice(mm[0].length);
    } else if ((mm = /^\[([^\]]*)\]/.exec(rest))) {
      const key = mm[1];
      v = getItem(v, /^\d+$/.test(key) ? BigInt(key) : key);
      rest = rest.slice(mm[0].length);
    } else raiseValueError('Only \'.\' or \'[\' may follow \']\' in format field specifier');
  }
  return v;
}

export function strFormat(fmt: string, args: PyValue[], kwargs: KwArgs, mapping?: PyValue): string {
  const auto = { n: 0, used: null as 'auto' | 'manual' | null };
  return formatTemplate(fmt, args, kwargs, mapping, auto, 0);
}

function formatTemplate(fmt: string, args: PyValue[], kwargs: KwArgs, mapping: PyValue | undefined, auto: { n: number; used: 'auto' | 'manual' | null }, depth: number): string {
  if (depth > 2) raiseValueError('Max string recursion exceeded');
  let out = '';
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      // find the matching close brace (nested braces allowed in the spec)
      let level = 1;
      let j = i + 1;
      while (j < n && level > 0) {
        if (fmt[j] === '{') level++;
        else if (fmt[j] === '}') level--;
        if (level > 0) j++;
      }
      if (j >= n) raiseValueError("expected '}' before end of string");
      const inner = fmt.slice(i + 1, j);
      let fieldEnd = inner.length;
      for (let k = 0, br = 0; k < inner.length; k++) {
        if (inner[k] === '[') br++;
        else if (inner[k] === ']') br--;
        else if (br === 0 && (inner[k] === '!' || inner[k] === ':')) {
          fieldEnd = k;
          break;
        }
      }
      const field = inner.slice(0, fieldEnd);
      let conv: string | null = null;
      let spec = '';
      let rest = inner.slice(fieldEnd);
      if (rest.startsWith('!')) {
        conv = rest[1] ?? '';
        rest = rest.slice(2);
        if (conv !== 'r' && conv !== 's' && conv !== 'a') raiseValueError(rest.length || conv ? `Unknown conversion specifier ${conv}` : 'end of string while looking for conversion specifier');
        if (rest.length && !rest.startsWith(':')) raiseValueError('expected \':\' after conversion specifier');
      }
      if (rest.startsWith(':')) spec = formatTemplate(rest.slice(1), args, kwargs, mapping, auto, depth + 1);
      let v = resolveField(field, args, kwargs, mapping, auto);
      if (conv === 'r' || conv === 'a') v = repr(v);
      else if (conv === 's') v = str(v);
      out += formatValue(v, spec);
      i = j + 1;
    } else if (c === '}') {
      if (fmt[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      raiseValueError("Single '}' encountered in format string");
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// ---------------------------------------------------------------- % formatting
export function percentFormat(fmt: string, values: PyValue): string {
  const isMapping = values instanceof PyDict || (!(values instanceof PyTuple) && typeof values === 'object' && values !== null && typeOf(values).lookup('__getitem__') !== undefined && !(values instanceof PyList) && typeOf(values).lookup('keys') !== undefined);
  const items = values instanceof PyTuple ? values.items : [values];
  let argi = 0;
  let out = '';
  const next = (): PyValue => {
    if (argi >= items.length) raiseTypeError('not enough arguments for format string');
    return items[argi++];
  };
  let usedMapping = false;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    let key: string | null = null;
    if (fmt[i] === '(') {
      const close = fmt.indexOf(')', i);
      if (close < 0) raiseValueError('incomplete format key');
      key = fmt.slice(i + 1, close);
      i = close + 1;
    }
    let flags = '';
    while ('-+ #0'.includes(fmt[i]) && i < fmt.length) flags += fmt[i++];
    let width = '';
    if (fmt[i] === '*') {
      width = String(toIndex(next()));
      i++;
    } else while (fmt[i] >= '0' && fmt[i] <= '9') width += fmt[i++];
    let prec: string | null = null;
    if (fmt[i] === '.') {
      i++;
      prec = '';
      if (fmt[i] === '*') {
        prec = String(toIndex(next()));
        i++;
      } else while (fmt[i] >= '0' && fmt[i] <= '9') prec += fmt[i++];
    }
    while ('hlL'.includes(fmt[i]) && i < fmt.length) i++;
    const type = fmt[i++];
    if (type === undefined) raiseValueError('incomplete format');
    if (type === '%') {
      out += '%';
      continue;
    }
    let v: PyValue;
    if (key !== null) {
      if (!isMapping) raiseTypeError('format requires a mapping');
      usedMapping = true;
      v = getItem(values, key);
    } else v = next();
    const align = flags.includes('-') ? '<' : '';
    const zero = flags.includes('0') && !flags.includes('-');
    const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const alt = flags.includes('#') ? '#' : '';
    const p = prec === null ? '' : '.' + (prec || '0');
    let piece: string;
    switch (type) {
      case 's':
        piece = str(v);
        if (prec !== null) piece = piece.slice(0, Number(prec || '0'));
        piece = width ? (align ? piece.padEnd(Number(width)) : piece.padStart(Number(width))) : piece;
        break;
      case 'r':
      case 'a':
        piece = repr(v);
        if (prec !== null) piece = piece.slice(0, Number(prec || '0'));
        piece = width ? (align ? piece.padEnd(Number(width)) : piece.padStart(Number(width))) : piece;
        break;
      case 'd':
      case 'i':
      case 'u': {
        let n: bigint;
        if (typeof v === 'number') n = toInt(v);
        else if (typeof v === 'bigint' || typeof v === 'boolean') n = toInt(v);
        else if (typeOf(v).lookup('__int__') !== undefined || typeOf(v).lookup('__index__') !== undefined) n = toInt(v);
        else return raiseTypeError(`%${type} format: a real number is required, not ${typeName(v)}`);
        let body = (n < 0n ? -n : n).toString();
        if (prec) body = body.padStart(Number(prec), '0');
        piece = formatInt(n < 0n ? -BigInt(body) : BigInt(body), `${align}${sign}${zero ? '0' : ''}${width}`);
        if (prec && body.startsWith('0')) piece = (n < 0n ? '-' : sign) + body;
        break;
      }
      case 'x':
      case 'X':
      case 'o': {
        if (typeof v !== 'bigint' && typeof v !== 'boolean' && typeOf(v).lookup('__index__') === undefined) {
          raiseTypeError(`%${type} format: an integer is required, not ${typeName(v)}`);
        }
        piece = formatInt(toIndexBig(v, ''), `${align}${sign}${alt}${zero ? '0' : ''}${width}${type}`);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        if (typeof v === 'string' || v === null || (typeof v === 'object' && typeOf(v).lookup('__float__') === undefined && typeOf(v).lookup('__index__') === undefined)) {
          raiseTypeError(`must be real number, not ${typeName(v)}`);
        }
        const x = toFloatValue(v);
        piece = formatFloat(x, `${align}${sign}${alt}${zero ? '0' : ''}${width}${prec === null ? '.6' : p}${type}`);
        break;
      }
      case 'c': {
        let ch: string;
        if (typeof v === 'string') {
          if (strLen(v) !== 1) raiseTypeError('%c requires an int or a unicode character, not a string of length ' + strLen(v));
          ch = v;
        } else ch = String.fromCodePoint(toIndex(v));
        piece = width ? (align ? ch.padEnd(Number(width)) : ch.padStart(Number(width))) : ch;
        break;
      }
      default:
        return raiseValueError(`unsupported format character '${type}' (0x${type.charCodeAt(0).toString(16)}) at index ${i - 1}`);
    }
    out += piece;
  }
  if (!usedMapping && argi < items.length && !isMapping) raiseTypeError('not all arguments converted during string formatting');
  return out;
}

// ---------------------------------------------------------------- list / tuple
function seqIndexMethod(items: PyValue[], args: PyValue[], what: string): bigint {
  const x = args[1];
  const [a, b] = clampRange(items.length, args[2], args[3]);
  for (let i = a; i < b; i++) if (eq(items[i], x)) return BigInt(i);
  return raiseValueError(`${what}.index(x): x not in ${what}`);
}

/** Longest list `append` grows (far beyond any tutorial; tensors hold the bulk data). */
const MAX_LIST_LENGTH = 50_000_000;

function installList(): void {
  const t = listType;
  meth(t, 'append', (args) => {
    methodArgCount('list.append', args, 1, 1);
    const items = self<PyList>(args).items;
    // a runaway `while True: xs.append(...)` ends in MemoryError, not in a V8 heap crash
    if (items.length >= MAX_LIST_LENGTH) raise(MemoryErrorType, '');
    items.push(args[1]);
    return null;
  });
  meth(t, 'extend', (args) => {
    methodArgCount('list.extend', args, 1, 1);
    const l = self<PyList>(args);
    const more = iterToArray(args[1]);
    for (const x of more) l.items.push(x);
    return null;
  });
  meth(t, 'insert', (args) => {
    methodArgCount('insert', args, 2, 2);
    const l = self<PyList>(args).items;
    let i = toIndex(args[1]);
    if (i < 0) i = Math.max(0, i + l.length);
    l.splice(Math.min(i, l.length), 0, args[2]);
    return null;
  });
  meth(t, 'pop', (args) => {
    const l = self<PyList>(args).items;
    if (l.length === 0) raise(IndexErrorType, 'pop from empty list');
    let i = args.length > 1 ? toIndex(args[1]) : l.length - 1;
    if (i < 0) i += l.length;
    if (i < 0 || i >= l.length) raise(IndexErrorType, 'pop index out of range');
    return l.splice(i, 1)[0];
  });
  meth(t, 'remove', (args) => {
    const l = self<PyList>(args).items;
    for (let i = 0; i < l.length; i++) {
      if (eq(l[i], args[1])) {
        l.splice(i, 1);
        return null;
      }
    }
    return raiseValueError('list.remove(x): x not in list');
  });
  meth(t, 'index', (args) => seqIndexMethod(self<PyList>(args).items, args, 'list'));
  meth(t, 'count', (args) => BigInt(self<PyList>(args).items.filter((x) => eq(x, args[1])).length));
  meth(t, 'sort', (args, kwargs) => {
    if (args.length > 1) raiseTypeError('sort() takes no positional arguments');
    const l = self<PyList>(args);
    const items = l.items.slice();
    sortValues(items, kwargs?.get('key') ?? null, truthy(kwargs?.get('reverse') ?? false));
    for (let i = 0; i < items.length; i++) l.items[i] = items[i];
    return null;
  });
  meth(t, 'reverse', (args) => {
    self<PyList>(args).items.reverse();
    return null;
  });
  meth(t, 'copy', (args) => new PyList(self<PyList>(args).items.slice()));
  meth(t, 'clear', (args) => {
    self<PyList>(args).items.length = 0;
    return null;
  });
  meth(t, '__len__', (args) => BigInt(self<PyList>(args).items.length));
  meth(t, '__getitem__', (args) => getItem(args[0], args[1]));
  meth(t, '__contains__', (args) => contains(args[0], args[1]));
  meth(t, '__iter__', (args) => getIter(args[0]));
  meth(t, '__init__', (args, kwargs) => {
    noKwargs('list', kwargs);
    const l = self<PyList>(args);
    if (args.length > 1) {
      l.items.length = 0;
      l.items.push(...iterToArray(args[1]));
    }
    return null;
  });
  const tt = tupleType;
  meth(tt, 'index', (args) => seqIndexMethod(self<PyTuple>(args).items, args, 'tuple'));
  meth(tt, 'count', (args) => BigInt(self<PyTuple>(args).items.filter((x) => eq(x, args[1])).length));
  meth(tt, '__len__', (args) => BigInt(self<PyTuple>(args).items.length));
  meth(tt, '__getitem__', (args) => getItem(args[0], args[1]));
  meth(tt, '__contains__', (args) => contains(args[0], args[1]));
  meth(rangeType, 'index', (args) => {
    const r = self<PyRange>(args);
    if (!contains(r, args[1])) raiseValueError(`${repr(args[1])} is not in range`);
    return (toIndexBig(args[1], '') - r.start) / r.step;
  });
  meth(rangeType, 'count', (args) => (contains(args[0], args[1]) ? 1n : 0n));
}

// ---------------------------------------------------------------- dict
function installDict(): void {
  const t = dictType;
  meth(t, 'get', (args) => {
    methodArgCount('get', args, 1, 2);
    checkHashable(args[1], false);
    const v = self<PyDict>(args).get(args[1]);
    return v === undefined ? (args[2] ?? null) : v;
  });
  meth(t, 'keys', (args) => new PyDictView(self(args), 'keys'));
  meth(t, 'values', (args) => new PyDictView(self(args), 'values'));
  meth(t, 'items', (args) => new PyDictView(self(args), 'items'));
  meth(t, 'update', (args, kwargs) => {
    const d = self<PyDict>(args);
    if (args.length > 1) updateDict(d, args[1]);
    if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
    return null;
  });
  meth(t, 'pop', (args) => {
    methodArgCount('pop', args, 1, 2);
    const d = self<PyDict>(args);
    const v = d.get(args[1]);
    if (v === undefined) {
      if (args.length > 2) return args[2];
      throw new PyException(KeyErrorType, args[1]);
    }
    d.delete(args[1]);
    return v;
  });
  meth(t, 'popitem', (args) => {
    const d = self<PyDict>(args);
    if (d.size === 0) raise(KeyErrorType, 'popitem(): dictionary is empty');
    const lastKey = [...d.map.keys()].pop();
    const e = d.map.get(lastKey)!;
    d.map.delete(lastKey);
    return new PyTuple([e[0], e[1]]);
  });
  meth(t, 'setdefault', (args) => {
    const d = self<PyDict>(args);
    checkHashable(args[1], false);
    const v = d.get(args[1]);
    if (v !== undefined) return v;
    const dv = args[2] ?? null;
    d.set(args[1], dv);
    return dv;
  });
  meth(t, 'copy', (args) => {
    const d = new PyDict();
    for (const [k, v] of self<PyDict>(args).map.values()) d.set(k, v);
    return d;
  });
  meth(t, 'clear', (args) => {
    self<PyDict>(args).map.clear();
    return null;
  });
  const fromkeys = new NativeFunction('fromkeys', (args) => {
    const cls = args[0] as PyType;
    const d = new PyDict();
    d.cls = cls;
    for (const k of iterToArray(args[1])) d.set(k, args[2] ?? null);
    return d;
  });
  t.dict.set('fromkeys', new ClassMethod(fromkeys));
  meth(t, '__len__', (args) => BigInt(self<PyDict>(args).size));
  meth(t, '__getitem__', (args) => getItem(args[0], args[1]));
  meth(t, '__setitem__', (args) => {
    checkHashable(args[1], true);
    self<PyDict>(args).set(args[1], args[2]);
    return null;
  });
  meth(t, '__contains__', (args) => contains(args[0], args[1]));
  meth(t, '__iter__', (args) => getIter(args[0]));
  meth(t, '__init__', (args, kwargs) => {
    const d = self<PyDict>(args);
    if (args.length > 1) updateDict(d, args[1]);
    if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
    return null;
  });
}

// ---------------------------------------------------------------- set
function installSet(): void {
  for (const t of [setType, frozensetType]) {
    const mk = (s: PySet, items: PyValue[]) => (s instanceof PyFrozenSet ? new PyFrozenSet(items) : new PySet(items));
    const others = (args: PyValue[]) => args.slice(1).map((o) => (o instanceof PySet ? o : new PySet(iterToArray(o))));
    meth(t, 'union', (args) => mk(self(args), [...self<PySet>(args).values(), ...others(args).flatMap((o) => o.values())]));
    meth(t, 'intersection', (args) => mk(self(args), self<PySet>(args).values().filter((x) => others(args).every((o) => o.has(x)))));
    meth(t, 'difference', (args) => mk(self(args), self<PySet>(args).values().filter((x) => !others(args).some((o) => o.has(x)))));
    meth(t, 'symmetric_difference', (args) => {
      const a = self<PySet>(args);
      const b = others(args)[0];
      return mk(a, [...a.values().filter((x) => !b.has(x)), ...b.values().filter((x) => !a.has(x))]);
    });
    meth(t, 'issubset', (args) => self<PySet>(args).values().every((x) => others(args)[0].has(x)));
    meth(t, 'issuperset', (args) => others(args)[0].values().every((x) => self<PySet>(args).has(x)));
    meth(t, 'isdisjoint', (args) => !self<PySet>(args).values().some((x) => others(args)[0].has(x)));
    meth(t, 'copy', (args) => mk(self(args), self<PySet>(args).values()));
    meth(t, '__len__', (args) => BigInt(self<PySet>(args).size));
    meth(t, '__contains__', (args) => contains(args[0], args[1]));
  }
  const t = setType;
  meth(t, 'add', (args) => {
    checkHashable(args[1], false);
    self<PySet>(args).add(args[1]);
    return null;
  });
  meth(t, 'update', (args) => {
    for (const o of args.slice(1)) for (const x of iterToArray(o)) {
      checkHashable(x, false);
      self<PySet>(args).add(x);
    }
    return null;
  });
  meth(t, 'remove', (args) => {
    checkHashable(args[1], false);
    if (!self<PySet>(args).delete(args[1])) throw new PyException(KeyErrorType, args[1]);
    return null;
  });
  meth(t, 'discard', (args) => {
    self<PySet>(args).delete(args[1]);
    return null;
  });
  meth(t, 'pop', (args) => {
    const s = self<PySet>(args);
    const first = s.map.entries().next();
    if (first.done) raise(KeyErrorType, 'pop from an empty set');
    s.map.delete(first.value![0]);
    return first.value![1];
  });
  meth(t, 'clear', (args) => {
    self<PySet>(args).map.clear();
    return null;
  });
  meth(t, 'intersection_update', (args) => {
    const s = self<PySet>(args);
    const o = new PySet(iterToArray(args[1]));
    for (const x of s.values()) if (!o.has(x)) s.delete(x);
    return null;
  });
  meth(t, 'difference_update', (args) => {
    const s = self<PySet>(args);
    for (const x of iterToArray(args[1])) s.delete(x);
    return null;
  });
}

let installed = false;
export function installTypeMethods(): void {
  if (installed) return;
  installed = true;
  installStr();
  installList();
  installDict();
  installSet();
  setPercentFormat(percentFormat);
}

void [STOP, TypeErrorType, callValue];
