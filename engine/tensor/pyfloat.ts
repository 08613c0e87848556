// Python's float formatting, digit for digit: repr(float), and format(x, spec) for the
// format-spec mini-language ('.4f', 'e', 'g', '%', fill/align/sign/width/grouping).
//
// Why not toFixed/toExponential: they are exact, but on an exact tie they round away from
// zero, whereas CPython (David Gay's dtoa) rounds half to even on the exact binary value
// ('{:.4f}'.format(0.03125) == '0.0312', JS gives '0.0313'). So digits come from exact
// BigInt arithmetic on the double's mantissa and exponent; the layout of those digits
// follows CPython's format_float_short (Python/pystrtod.c) and format_float_internal
// (Python/formatter_unicode.c).

/** A Python-side formatting error; `pyType` names the Python exception class to raise. */
export class PyFormatError extends Error {
  constructor(readonly pyType: 'ValueError' | 'TypeError', message: string) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------
// Exact decimal digits of a double

const bitsView = new DataView(new ArrayBuffer(8));

/** |x| = num / den exactly, for finite nonzero x. */
function exactRational(ax: number): { num: bigint; den: bigint } {
  bitsView.setFloat64(0, ax);
  const hi = bitsView.getUint32(0);
  const lo = bitsView.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (exp2 >= 0) return { num: mant << BigInt(exp2), den: 1n };
  return { num: mant, den: 1n << BigInt(-exp2) };
}

const pow10Cache: bigint[] = [1n];
function pow10(n: number): bigint {
  for (let i = pow10Cache.length; i <= n; i++) pow10Cache[i] = pow10Cache[i - 1] * 10n;
  return pow10Cache[n];
}

/** round(n / d), ties to even (n, d > 0). */
function divRoundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twiceR = (n - q * d) * 2n;
  if (twiceR > d || (twiceR === d && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function stripTrailingZeros(s: string): string {
  let end = s.length;
  while (end > 1 && s.charCodeAt(end - 1) === 48) end--;
  return s.slice(0, end);
}

/** Digits of x (no sign), as dtoa returns them: value = 0.DIGITS × 10^decpt, trailing zeros stripped. */
interface Digits {
  digits: string;
  decpt: number;
}

/** dtoa mode 3: correctly rounded to `ndigits` places after the point. */
function fixedDigits(ax: number, ndigits: number): Digits {
  if (ax === 0) return { digits: '0', decpt: 1 };
  const { num, den } = exactRational(ax);
  const q = divRoundHalfEven(num * pow10(ndigits), den);
  if (q === 0n) return { digits: '', decpt: -ndigits };
  const s = q.toString();
  return { digits: stripTrailingZeros(s), decpt: s.length - ndigits };
}

/** dtoa mode 2: correctly rounded to `ndigits` (>= 1) significant digits. */
function significantDigits(ax: number, ndigits: number): Digits {
  if (ax === 0) return { digits: '0', decpt: 1 };
  const { num, den } = exactRational(ax);
  // k = floor(log10(ax)): start from the float estimate, then fix it exactly.
  let k = Math.floor(Math.log10(ax));
  const atLeastPow10 = (e: number) => (e >= 0 ? num >= pow10(e) * den : num * pow10(-e) >= den);
  while (!atLeastPow10(k)) k--;
  while (atLeastPow10(k + 1)) k++;
  const shift = ndigits - 1 - k; // scale so that the result has ndigits integer digits
  let q = shift >= 0 ? divRoundHalfEven(num * pow10(shift), den) : divRoundHalfEven(num, den * pow10(-shift));
  if (q === pow10(ndigits)) {
    q = pow10(ndigits - 1);
    k++;
  }
  return { digits: stripTrailingZeros(q.toString()), decpt: k + 1 };
}

/** dtoa mode 0: the shortest digits that read back as x (JS and CPython agree on these). */
function shortestDigits(ax: number): Digits {
  if (ax === 0) return { digits: '0', decpt: 1 };
  const s = ax.toExponential(); // "d.ddde+k", shortest round-trip digits
  const ePos = s.indexOf('e');
  const mantissa = s.slice(0, ePos).replace('.', '');
  return { digits: mantissa, decpt: parseInt(s.slice(ePos + 1), 10) + 1 };
}

// ---------------------------------------------------------------------------------------
// PyOS_double_to_string

export type FloatFormatCode = 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'r';

export interface DoubleToStringFlags {
  /** '+' before non-negative numbers. */
  alwaysSign?: boolean;
  /** Keep a trailing '.', keep trailing zeros for 'g' ('#'). */
  alt?: boolean;
  /** Add '.0' to an integral result (repr, and format with no type). */
  addDot0?: boolean;
  /** Print -0 as 0 after rounding ('z'). */
  noNegZero?: boolean;
}

/** CPython's PyOS_double_to_string: `x` in format `code` with `precision`. */
export function pyDoubleToString(x: number, code: FloatFormatCode, precision: number, flags: DoubleToStringFlags = {}): string {
  const upper = code === 'E' || code === 'F' || code === 'G';
  const lc = upper ? (code.toLowerCase() as 'e' | 'f' | 'g') : code;
  const negative = x < 0 || Object.is(x, -0);
  if (x !== x) return upper ? 'NAN' : 'nan'; // sign of nan is ignored, as CPython does
  if (x === Infinity || x === -Infinity) {
    const s = upper ? 'INF' : 'inf';
    return negative ? '-' + s : flags.alwaysSign ? '+' + s : s;
  }
  const ax = Math.abs(x);
  let d: Digits;
  let prec = precision;
  switch (lc) {
    case 'e':
      prec = precision + 1;
      d = significantDigits(ax, prec);
      break;
    case 'f':
      d = fixedDigits(ax, prec);
      break;
    case 'g':
      if (prec === 0) prec = 1;
      d = significantDigits(ax, prec);
      break;
    default:
      d = shortestDigits(ax);
      break;
  }
  const digits = d.digits;
  const digitsLen = digits.length;
  let decpt = d.decpt;
  const alt = !!flags.alt;
  const addDot0 = !!flags.addDot0;

  // The output is a slice vdigits[start:end] of the digits padded with zeros on both sides.
  let vEnd = digitsLen;
  let useExp = false;
  switch (lc) {
    case 'e':
      useExp = true;
      vEnd = prec;
      break;
    case 'f':
      vEnd = decpt + prec;
      break;
    case 'g':
      if (decpt <= -4 || decpt > (addDot0 ? prec - 1 : prec)) useExp = true;
      if (alt) vEnd = prec;
      break;
    default: // 'r': exponent from 1e16 on
      if (decpt <= -4 || decpt > 16) useExp = true;
      break;
  }
  let exp = 0;
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const vStart = decpt <= 0 ? decpt - 1 : 0;
  if (!useExp && addDot0) vEnd = vEnd > decpt ? vEnd : decpt + 1;
  else vEnd = vEnd > decpt ? vEnd : decpt;

  let out = '';
  if (decpt <= 0) out += '0'.repeat(decpt - vStart) + '.' + '0'.repeat(-decpt);
  else out += '0'.repeat(-vStart);
  if (decpt > 0 && decpt <= digitsLen) out += digits.slice(0, decpt) + '.' + digits.slice(decpt);
  else out += digits;
  if (digitsLen < decpt) out += '0'.repeat(decpt - digitsLen) + '.' + '0'.repeat(vEnd - decpt);
  else out += '0'.repeat(Math.max(0, vEnd - digitsLen));
  if (out.endsWith('.') && !alt) out = out.slice(0, -1);
  if (useExp) {
    const ae = Math.abs(exp);
    out += (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae));
  }

  let sign = negative;
  if (sign && flags.noNegZero && /^[0.]*(?:[eE].*)?$/.test(out)) sign = false;
  if (sign) return '-' + out;
  return flags.alwaysSign ? '+' + out : out;
}

/** Python's repr(float) (= str(float)): shortest round-trip digits, '1e-05', '1e+16', '1.0', 'inf', 'nan', '-0.0'. */
export function formatPythonFloat(x: number): string {
  return pyDoubleToString(x, 'r', 0, { addDot0: true });
}

/** '%.{precision}f' % x */
export function formatFixed(x: number, precision: number): string {
  return pyDoubleToString(x, 'f', precision);
}

/** '%.{precision}e' % x */
export function formatExponent(x: number, precision: number): string {
  return pyDoubleToString(x, 'e', precision);
}

// ---------------------------------------------------------------------------------------
// The format-spec mini-language

export interface ParsedFormatSpec {
  fill: string;
  /** '<' | '>' | '^' | '=' or '' when not given. */
  align: string;
  /** '+' | '-' | ' ' or '' when not given. */
  sign: string;
  noNegZero: boolean;
  alt: boolean;
  zeroPad: boolean;
  /** -1 when not given. */
  width: number;
  /** ',' | '_' | ''. */
  grouping: string;
  /** -1 when not given. */
  precision: number;
  /** The type character, or '' when not given. */
  type: string;
}

const SPEC_RE = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/;

/** Parses a format spec; `forType` names the object type in error messages ('float', 'int'). */
export function parseFormatSpec(spec: string, forType = 'float'): ParsedFormatSpec {
  const m = SPEC_RE.exec(spec);
  if (!m) throw new PyFormatError('ValueError', `Invalid format specifier '${spec}' for object of type '${forType}'`);
  const alignGiven = m[2] !== undefined;
  const fillGiven = m[1] !== undefined;
  const zeroPad = m[6] !== undefined;
  let fill = fillGiven ? m[1] : ' ';
  let align = alignGiven ? m[2] : '';
  // The "0" flag: zero fill and sign-aware padding unless fill / align were given.
  if (zeroPad && !fillGiven) {
    fill = '0';
    if (!alignGiven) align = '=';
  }
  return {
    fill,
    align,
    sign: m[3] ?? '',
    noNegZero: m[4] !== undefined,
    alt: m[5] !== undefined,
    zeroPad,
    width: m[7] !== undefined ? parseInt(m[7], 10) : -1,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? parseInt(m[9], 10) : -1,
    type: m[10] ?? '',
  };
}

/**
 * CPython's _PyUnicode_InsertThousandsGrouping for groups of `size` digits (or none): groups
 * `digits`, padding with zeros on the left up to `minWidth` characters when asked.
 */
function groupDigits(digits: string, minWidth: number, sep: string, size = 3): string {
  if (!sep) {
    const l = Math.max(digits.length, minWidth, 1);
    return '0'.repeat(Math.max(0, l - digits.length)) + digits;
  }
  const parts: string[] = [];
  let remaining = digits.length;
  let min = minWidth;
  for (;;) {
    const l = Math.min(size, Math.max(remaining, min, 1));
    const zeros = Math.max(0, l - remaining);
    const chars = Math.max(0, Math.min(remaining, l));
    parts.push('0'.repeat(zeros) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
    min -= l;
    if (remaining <= 0 && min <= 0) break;
    min -= sep.length;
  }
  return parts.reverse().join(sep);
}

/**
 * Lays out an already formatted number (`body`, which may start with '-') per the spec's
 * sign, grouping, fill, alignment and width (CPython's calc_number_widths + fill_number).
 */
export function layoutNumber(body: string, spec: ParsedFormatSpec): string {
  let negative = false;
  if (body.startsWith('-')) {
    negative = true;
    body = body.slice(1);
  }
  let nDigits = 0;
  while (nDigits < body.length && body.charCodeAt(nDigits) >= 48 && body.charCodeAt(nDigits) <= 57) nDigits++;
  const intDigits = body.slice(0, nDigits);
  const rest = body.slice(nDigits); // decimal point, fraction, exponent, '%', or 'inf'
  const signText = spec.sign === '+' ? (negative ? '-' : '+') : spec.sign === ' ' ? (negative ? '-' : ' ') : negative ? '-' : '';
  const nonDigits = signText.length + rest.length;
  const minWidth = spec.fill === '0' && spec.align === '=' ? spec.width - nonDigits : 0;
  const grouped = nDigits === 0 ? '' : groupDigits(intDigits, minWidth, spec.grouping);
  const padding = spec.width - (nonDigits + grouped.length);
  if (padding <= 0) return signText + grouped + rest;
  const pad = (n: number) => spec.fill.repeat(n);
  switch (spec.align || '>') {
    case '<':
      return signText + grouped + rest + pad(padding);
    case '^': {
      const left = Math.floor(padding / 2);
      return pad(left) + signText + grouped + rest + pad(padding - left);
    }
    case '=':
      return signText + pad(padding) + grouped + rest;
    default:
      return pad(padding) + signText + grouped + rest;
  }
}

/**
 * format(x, spec) for a Python float: the full mini-language
 * `[[fill]align][sign][z][#][0][width][grouping][.precision][type]` with types
 * e E f F g G n % and none ('' = repr when no precision, else 'g' keeping a '.0').
 * Throws PyFormatError with CPython's message for a bad spec.
 */
export function formatFloatSpec(x: number, spec: string): string {
  const s = parseFormatSpec(spec, 'float');
  return formatFloatParsed(x, s);
}

export function formatFloatParsed(x: number, s: ParsedFormatSpec): string {
  let type = s.type;
  let precision = s.precision;
  let addDot0 = false;
  let defaultPrecision = 6;
  if (type === '') {
    addDot0 = true;
    type = 'r';
    defaultPrecision = 0;
  } else if (!'eEfFgGn%'.includes(type)) {
    throw new PyFormatError('ValueError', `Unknown format code '${type}' for object of type 'float'`);
  }
  if (type === 'n') {
    if (s.grouping) throw new PyFormatError('ValueError', `Cannot specify '${s.grouping}' with 'n'.`);
    type = 'g';
  }
  let value = x;
  let addPercent = false;
  if (type === '%') {
    type = 'f';
    value = x * 100;
    addPercent = true;
  }
  if (precision < 0) precision = defaultPrecision;
  else if (type === 'r') type = 'g';
  let body = pyDoubleToString(value, type as FloatFormatCode, precision, { alt: s.alt, addDot0, noNegZero: s.noNegZero });
  if (addPercent) body += '%';
  if (s.sign !== '+' && s.sign !== ' ' && s.width < 0 && !s.grouping) return body;
  return layoutNumber(body, s);
}

/**
 * format(n, spec) for a Python int (given as a JS integer or bigint): types d b o x X c n
 * and none, or e E f F g G % which format it as a float.
 */
export function formatIntSpec(n: number | bigint, spec: string): string {
  const s = parseFormatSpec(spec, 'int');
  const t = s.type;
  if ('eEfFgG%'.includes(t) && t !== '') return formatFloatParsed(Number(n), s);
  if (s.precision >= 0) throw new PyFormatError('ValueError', 'Precision not allowed in integer format specifier');
  if (s.noNegZero) throw new PyFormatError('ValueError', "Negative zero coercion (z) not allowed in integer format specifier");
  const big = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
  const negative = big < 0n;
  const mag = negative ? -big : big;
  let digits: string;
  let prefix = '';
  switch (t) {
    case '':
    case 'd':
    case 'n':
      digits = mag.toString(10);
      break;
    case 'b':
      digits = mag.toString(2);
      prefix = s.alt ? '0b' : '';
      break;
    case 'o':
      digits = mag.toString(8);
      prefix = s.alt ? '0o' : '';
      break;
    case 'x':
      digits = mag.toString(16);
      prefix = s.alt ? '0x' : '';
      break;
    case 'X':
      digits = mag.toString(16).toUpperCase();
      prefix = s.alt ? '0X' : '';
      break;
    case 'c':
      return layoutText(String.fromCodePoint(Number(big)), s);
    default:
      throw new PyFormatError('ValueError', `Unknown format code '${t}' for object of type 'int'`);
  }
  // Underscore grouping is every 4 digits for b/o/x, 3 for decimal.
  let grouped: string;
  const groupSize = t === 'b' || t === 'o' || t === 'x' || t === 'X' ? 4 : 3;
  const signText = s.sign === '+' ? (negative ? '-' : '+') : s.sign === ' ' ? (negative ? '-' : ' ') : negative ? '-' : '';
  const nonDigits = signText.length + prefix.length;
  const minWidth = s.fill === '0' && s.align === '=' ? s.width - nonDigits : 0;
  grouped = groupDigits(digits, minWidth, s.grouping, groupSize);
  const padding = s.width - (nonDigits + grouped.length);
  const core = grouped;
  if (padding <= 0) return signText + prefix + core;
  const pad = (k: number) => s.fill.repeat(k);
  switch (s.align || '>') {
    case '<':
      return signText + prefix + core + pad(padding);
    case '^': {
      const left = Math.floor(padding / 2);
      return pad(left) + signText + prefix + core + pad(padding - left);
    }
    case '=':
      return signText + prefix + pad(padding) + core;
    default:
      return pad(padding) + signText + prefix + core;
  }
}

/** Fill/align/width for a non-numeric text (strings, and the 'c' int type); default align '<'. */
export function layoutText(text: string, s: ParsedFormatSpec): string {
  const padding = s.width - text.length;
  if (padding <= 0) return text;
  const pad = (k: number) => s.fill.repeat(k);
  switch (s.align || '<') {
    case '>':
      return pad(padding) + text;
    case '^': {
      const left = Math.floor(padding / 2);
      return pad(left) + text + pad(padding - left);
    }
    default:
      return text + pad(padding);
  }
}
