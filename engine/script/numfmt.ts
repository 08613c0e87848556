// Exact number formatting as CPython does it: float repr and the format-spec mini-language
// (`format(x, spec)`, f-strings, `str.format`), on values already reduced to JS primitives.
// Rounding is done on the exact binary value with bigint arithmetic (round-half-even), so
// `f"{0.125:.2f}"` gives '0.12' and `f"{2.5:.0f}"` '2' as in CPython (JS toFixed rounds ties up).

import { raiseValueError } from './objects';
import { formatPythonFloat, formatFloatSpec, formatIntSpec, formatFixed } from '../tensor/pyfloat';

/** Python's `repr(float)`: shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
export function floatRepr(x: number): string {
  return formatPythonFloat(x);
}

/** Local fallback kept for reference/tests of the shared formatter. */
export function floatReprLocal(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const { digits, exp } = shortestDigits(Math.abs(x));
  const sign = x < 0 ? '-' : '';
  // exp: decimal exponent of the first digit (d.ddd × 10^exp)
  if (exp < -4 || exp >= 16) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    return sign + mant + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  }
  if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length) + '.0';
  return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
}

/** Shortest round-trip decimal digits of a positive finite x (JS and Python agree on these). */
function shortestDigits(x: number): { digits: string; exp: number } {
  const s = x.toExponential(); // "d.ddde±N" with as many digits as needed to round-trip
  const e = s.indexOf('e');
  const digits = s.slice(0, e).replace('.', '');
  return { digits, exp: parseInt(s.slice(e + 1), 10) };
}

// ---------------------------------------------------------------- exact decimal rounding
/** x (finite, ≥ 0) as m·2^e with integer m. */
function decompose(x: number): { m: bigint; e: number } {
  if (x === 0) return { m: 0n, e: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m, e };
}

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[n];
}

/** round_half_even(num / den) for non-negative bigints. */
function divRoundEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r = num - q * den;
  const twice = r * 2n;
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** round_half_even(x · 10^p) as a bigint, for finite x ≥ 0 and any integer p. */
function scaledRound(x: number, p: number): bigint {
  const { m, e } = decompose(x);
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (p >= 0) num *= pow10(p);
  else den *= pow10(-p);
  return divRoundEven(num, den);
}

/** Fixed-point digits of |x| with `prec` decimals (no sign). */
export function toFixedExact(ax: number, prec: number): string {
  if (prec <= 300) return formatFixed(ax, prec);
  const n = scaledRound(ax, prec).toString();
  if (prec === 0) return n;
  const padded = n.padStart(prec + 1, '0');
  return padded.slice(0, padded.length - prec) + '.' + padded.slice(padded.length - prec);
}

/** Scientific digits of |x|: returns mantissa digits (prec+1 of them) and the exponent. */
function toExpDigits(ax: number, prec: number): { digits: string; exp: number } {
  if (ax === 0) return { digits: '0'.repeat(prec + 1), exp: 0 };
  let exp = Math.floor(Math.log10(ax));
  for (let tries = 0; tries < 3; tries++) {
    const n = scaledRound(ax, prec - exp);
    const s = n.toString();
    if (s.length === prec + 2) {
      // rounding carried into a new digit (e.g. 9.99 → 10.0): the exponent is one more
      exp += 1;
      continue;
    }
    if (s.length < prec + 1) {
      exp -= 1;
      continue;
    }
    return { digits: s, exp };
  }
  const s = scaledRound(ax, prec - exp).toString();
  return { digits: s.slice(0, prec + 1), exp };
}

function expSuffix(exp: number, upper: boolean): string {
  return (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
}

export function toExponentialExact(ax: number, prec: number, upper = false, alt = false): string {
  const { digits, exp } = toExpDigits(ax, prec);
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits + (alt ? '.' : '');
  return mant + expSuffix(exp, upper);
}

/** '%g'-style: prec significant digits, trailing zeros removed unless alt. */
export function toGeneralExact(ax: number, prec: number, upper = false, alt = false, reprStyle = false): string {
  if (prec === 0) prec = 1;
  if (ax === 0) {
    if (alt) return '0.' + '0'.repeat(prec - 1);
    return reprStyle ? '0.0' : '0';
  }
  const { exp } = toExpDigits(ax, prec - 1);
  let out: string;
  if (exp >= -4 && exp < prec) {
    out = toFixedExact(ax, prec - 1 - exp);
    if (!alt && out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '');
    if (reprStyle && !out.includes('.')) out += '.0';
  } else {
    const { digits, exp: e2 } = toExpDigits(ax, prec - 1);
    let mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    if (!alt && mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    out = mant + expSuffix(e2, upper);
  }
  return out;
}

// ---------------------------------------------------------------- format spec
export interface FormatSpec {
  fill: string;
  align: '<' | '>' | '^' | '=' | '';
  sign: '+' | '-' | ' ' | '';
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: ',' | '_' | '';
  precision: number; // -1 = none
  type: string;
}

export function parseFormatSpec(spec: string, forType = 'float'): FormatSpec {
  const out: FormatSpec = { fill: ' ', align: '', sign: '', z: false, alt: false, zero: false, width: -1, grouping: '', precision: -1, type: '' };
  let i = 0;
  const isAlign = (c: string | undefined) => c === '<' || c === '>' || c === '^' || c === '=';
  if (spec.length >= 2 && isAlign(spec[1])) {
    out.fill = spec[0];
    out.align = spec[1] as FormatSpec['align'];
    i = 2;
  } else if (isAlign(spec[0])) {
    out.align = spec[0] as FormatSpec['align'];
    i = 1;
  }
  if (spec[i] === '+' || spec[i] === '-' || spec[i] === ' ') out.sign = spec[i++] as FormatSpec['sign'];
  if (spec[i] === 'z') {
    out.z = true;
    i++;
  }
  if (spec[i] === '#') {
    out.alt = true;
    i++;
  }
  if (spec[i] === '0') {
    out.zero = true;
    i++;
  }
  let w = '';
  while (i < spec.length && spec[i] >= '0' && spec[i] <= '9') w += spec[i++];
  if (w) out.width = parseInt(w, 10);
  if (spec[i] === ',' || spec[i] === '_') out.grouping = spec[i++] as FormatSpec['grouping'];
  if (spec[i] === '.') {
    i++;
    let p = '';
    while (i < spec.length && spec[i] >= '0' && spec[i] <= '9') p += spec[i++];
    if (!p) raiseValueError('Format specifier missing precision');
    out.precision = parseInt(p, 10);
  }
  if (i < spec.length) out.type = spec[i++];
  if (i < spec.length) raiseValueError(`Invalid format specifier '${spec}' for object of type '${forType}'`);
  return out;
}

function groupDigits(intPart: string, sep: string, every = 3): string {
  if (!sep) return intPart;
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i > 0 && (intPart.length - i) % every === 0) out += sep;
    out += intPart[i];
  }
  return out;
}

/** Pads a formatted number: sign + body with fill/align/zero-padding (and grouping inside zero pad). */
function padNumber(sign: string, body: string, spec: FormatSpec, defaultAlign: '<' | '>'): string {
  const align = spec.align || (spec.zero ? '=' : defaultAlign);
  const fill = spec.align ? spec.fill : spec.zero ? '0' : spec.fill;
  const total = sign.length + body.length;
  if (spec.width <= total) return sign + body;
  const pad = spec.width - total;
  switch (align) {
    case '<':
      return sign + body + fill.repeat(pad);
    case '^': {
      const left = Math.floor(pad / 2);
      return fill.repeat(left) + sign + body + fill.repeat(pad - left);
    }
    case '=':
      return sign + fill.repeat(pad) + body;
    default:
      return fill.repeat(pad) + sign + body;
  }
}

export function padString(s: string, spec: FormatSpec): string {
  const len = [...s].length;
  if (spec.width <= len) return s;
  const pad = spec.width - len;
  switch (spec.align || '<') {
    case '>':
      return spec.fill.repeat(pad) + s;
    case '^': {
      const left = Math.floor(pad / 2);
      return spec.fill.repeat(left) + s + spec.fill.repeat(pad - left);
    }
    default:
      return s + spec.fill.repeat(pad);
  }
}

function signOf(neg: boolean, spec: FormatSpec): string {
  if (neg) return '-';
  return spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
}

export function formatStr(s: string, specStr: string): string {
  if (specStr === '') return s;
  const spec = parseFormatSpec(specStr);
  if (spec.type !== '' && spec.type !== 's') raiseValueError(`Unknown format code '${spec.type}' for object of type 'str'`);
  if (spec.sign) raiseValueError('Sign not allowed in string format specifier');
  if (spec.align === '=') raiseValueError("'=' alignment not allowed in string format specifier");
  if (spec.precision >= 0) s = [...s].slice(0, spec.precision).join('');
  return padString(s, spec);
}

export function formatInt(v: bigint, specStr: string, typeName = 'int'): string {
  if (specStr === '') return v.toString();
  if (typeName === 'int') return formatIntSpec(v, specStr);
  const spec = parseFormatSpec(specStr);
  const t = spec.type;
  if ('eEfFgG%'.includes(t) && t !== '') return formatFloat(Number(v), specStr);
  if (spec.precision >= 0) raiseValueError('Precision not allowed in integer format specifier');
  const neg = v < 0n;
  const a = neg ? -v : v;
  let body = '';
  let prefix = '';
  switch (t) {
    case '':
    case 'd':
    case 'n':
      body = a.toString();
      break;
    case 'b':
      body = a.toString(2);
      prefix = '0b';
      break;
    case 'o':
      body = a.toString(8);
      prefix = '0o';
      break;
    case 'x':
      body = a.toString(16);
      prefix = '0x';
      break;
    case 'X':
      body = a.toString(16).toUpperCase();
      prefix = '0X';
      break;
    case 'c':
      return padString(String.fromCodePoint(Number(v)), spec);
    default:
      raiseValueError(`Unknown format code '${t}' for object of type '${typeName}'`);
  }
  if (spec.grouping) {
    const every = t === '' || t === 'd' || t === 'n' ? 3 : 4;
    if (spec.zero && !spec.align && spec.width > 0) {
      // zero padding participates in grouping
      const sign = signOf(neg, spec);
      const target = spec.width - sign.length - (spec.alt ? prefix.length : 0);
      let digits = body;
      while (groupDigits(digits, spec.grouping, every).length < target) digits = '0' + digits;
      return sign + (spec.alt ? prefix : '') + groupDigits(digits, spec.grouping, every);
    }
    body = groupDigits(body!, spec.grouping, every);
  }
  if (spec.alt) body = prefix + body!;
  return padNumber(signOf(neg, spec), body!, spec, '>');
}

export function formatFloat(x: number, specStr: string): string {
  if (specStr === '') return floatRepr(x);
  return formatFloatSpec(x, specStr);
}

export function formatFloatLocal(x: number, specStr: string): string {
  if (specStr === '') return floatRepr(x);
  const spec = parseFormatSpec(specStr);
  let t = spec.type;
  const neg = x < 0 || (Object.is(x, -0) && !spec.z);
  let ax = Math.abs(x);
  let body: string;
  let percent = false;
  if (t === '%') {
    ax *= 100;
    percent = true;
    t = 'f';
  }
  const upper = t === 'E' || t === 'F' || t === 'G';
  if (ax !== ax || ax === Infinity) {
    body = ax !== ax ? 'nan' : 'inf';
    if (upper) body = body.toUpperCase();
  } else {
    switch (t) {
      case 'f':
      case 'F':
        body = toFixedExact(ax, spec.precision < 0 ? 6 : spec.precision);
        if (spec.alt && !body.includes('.')) body += '.';
        break;
      case 'e':
      case 'E':
        body = toExponentialExact(ax, spec.precision < 0 ? 6 : spec.precision, upper, spec.alt);
        break;
      case 'g':
      case 'G':
      case 'n':
        body = toGeneralExact(ax, spec.precision < 0 ? 6 : spec.precision, upper, spec.alt);
        break;
      case '':
        if (spec.precision < 0) body = floatRepr(ax);
        else body = toGeneralExact(ax, spec.precision, false, spec.alt, true);
        break;
      default:
        raiseValueError(`Unknown format code '${t}' for object of type 'float'`);
    }
  }
  if (percent) body! += '%';
  if (spec.z && body! !== undefined && /^[0.]+(%|e[+-]\d+)?$/.test(body!)) {
    // 'z' coerces negative zero results to positive
    return padNumber(signOf(false, spec), applyGrouping(body!, spec), spec, '>');
  }
  const negative = neg && !(spec.z && isZeroBody(body!));
  return padNumber(signOf(negative, spec), applyGrouping(body!, spec), spec, '>');
}

function isZeroBody(b: string): boolean {
  return /^[0.]+/.test(b) && !/[1-9]/.test(b.split(/[eE]/)[0]);
}

function applyGrouping(body: string, spec: FormatSpec): string {
  if (!spec.grouping) return body;
  const m = /^(\d+)(.*)$/.exec(body);
  if (!m) return body;
  let intPart = m[1];
  if (spec.zero && !spec.align && spec.width > 0) {
    const target = spec.width - (spec.sign === '+' || spec.sign === ' ' ? 1 : 0) - m[2].length;
    while (groupDigits(intPart, spec.grouping).length < target) intPart = '0' + intPart;
  }
  return groupDigits(intPart, spec.grouping) + m[2];
}
