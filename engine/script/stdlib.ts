// The standard-library subset: math, time, random, typing, collections, functools, itertools,
// copy, warnings, dataclasses-free helpers. Registered as native modules (see native.ts).

import {
  ClassMethod, KwArgs, NativeFunction, OverflowErrorType, PyDict, PyList, PyTuple, PyType, PyValue, STOP,
  ValueErrorType, dictType, objectType, raise, raiseTypeError, raiseValueError, typeName, PyInstance, FnIterator,
} from './objects';
import { defineModule, fn, rawFn } from './native';
import { callValue, eq, getIter, iterToArray, truthy, binaryOp, lessThan, repr, getItem, str, setTypeConstructor, isCallable } from './ops';
import { floatToInt, toFloatValue } from './builtins';
import { PyRandom } from './pyrandom';
import { crExp, crLog, crSin, crCos } from '../tensor/libm';
import { currentContext } from './context';

function num(v: PyValue, fname = ''): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    const f = Number(v);
    if (!Number.isFinite(f)) raise(OverflowErrorType, 'int too large to convert to float');
    return f;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  try {
    return toFloatValue(v);
  } catch {
    return raiseTypeError(`must be real number, not ${typeName(v)}`);
  }
  void fname;
}

function checkRange(r: number, args: number[]): number {
  if (!Number.isFinite(r) && args.every(Number.isFinite)) raise(OverflowErrorType, 'math range error');
  if (r !== r && !args.some((a) => a !== a)) raiseValueError('math domain error');
  return r;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}
function intArg(v: PyValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return raiseTypeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

function lgamma(x: number): number {
  // Lanczos approximation
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
function erf(x: number): number {
  // series / continued fraction with double accuracy (Numerical Recipes erfc Chebyshev)
  const z = Math.abs(x);
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  const cof = [-1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17];
  let d = 0;
  let dd = 0;
  for (let j = cof.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + cof[j];
    dd = tmp;
  }
  const erfcz = t * Math.exp(-z * z + 0.5 * (cof[0] + ty * d) - dd);
  return x >= 0 ? 1 - erfcz : erfcz - 1;
}

defineModule('math', (m) => {
  const f1 = (name: string, f: (x: number) => number, domain?: (x: number) => string | null) =>
    m.set(name, fn(name, 'x, /', (x: PyValue) => {
      const v = num(x);
      if (domain) {
        const msg = domain(v);
        if (msg !== null) raiseValueError(msg);
      }
      return checkRange(f(v), [v]);
    }));
  m.set('pi', Math.PI);
  m.set('e', Math.E);
  m.set('tau', 2 * Math.PI);
  m.set('inf', Infinity);
  m.set('nan', NaN);
  f1('sqrt', Math.sqrt, (x) => (x < 0 ? `expected a nonnegative input, got ${repr(x)}` : null));
  f1('exp', crExp);
  f1('exp2', (x) => Math.pow(2, x));
  f1('expm1', Math.expm1);
  f1('log2', Math.log2, (x) => (x <= 0 ? 'expected a positive input' : null));
  f1('log10', Math.log10, (x) => (x <= 0 ? 'expected a positive input' : null));
  f1('log1p', Math.log1p, (x) => (x <= -1 ? 'expected argument value > -1, got ' + repr(x) : null));
  f1('sin', crSin, (x) => (!Number.isFinite(x) && x === x ? `expected a finite input, got ${repr(x)}` : null));
  f1('cos', crCos, (x) => (!Number.isFinite(x) && x === x ? `expected a finite input, got ${repr(x)}` : null));
  f1('tan', Math.tan, (x) => (!Number.isFinite(x) && x === x ? `expected a finite input, got ${repr(x)}` : null));
  f1('asin', Math.asin, (x) => (x < -1 || x > 1 ? `expected a number in range from -1 up to 1, got ${repr(x)}` : null));
  f1('acos', Math.acos, (x) => (x < -1 || x > 1 ? `expected a number in range from -1 up to 1, got ${repr(x)}` : null));
  f1('atan', Math.atan);
  f1('sinh', Math.sinh);
  f1('cosh', Math.cosh);
  f1('tanh', Math.tanh);
  f1('asinh', Math.asinh);
  f1('acosh', Math.acosh, (x) => (x < 1 ? `expected argument value not less than 1, got ${repr(x)}` : null));
  f1('atanh', Math.atanh, (x) => (x <= -1 || x >= 1 ? `expected a number between -1 and 1, got ${repr(x)}` : null));
  f1('fabs', Math.abs);
  f1('erf', erf);
  f1('erfc', (x) => 1 - erf(x));
  f1('lgamma', lgamma);
  f1('gamma', (x) => (Number.isInteger(x) && x > 0 && x < 171 ? factorialFloat(x - 1) : Math.sign(Math.sin(Math.PI * x)) * Math.exp(lgamma(x)) || Math.exp(lgamma(x))), (x) => (Number.isInteger(x) && x <= 0 ? `expected a noninteger or positive integer, got ${repr(x)}` : null));
  f1('degrees', (x) => (x * 180) / Math.PI);
  f1('radians', (x) => (x * Math.PI) / 180);
  m.set('log', fn('log', 'x, base=None, /', (x: PyValue, base: PyValue) => {
    const lg = (v: PyValue): number => {
      if (typeof v === 'bigint' && (v > 2n ** 1000n)) return Math.log(2) * (v.toString(2).length - 1) + Math.log(Number(v >> BigInt(v.toString(2).length - 53)) / 2 ** 52);
      const n = num(v);
      if (n <= 0) raiseValueError(n === 0 || n !== n ? 'expected a positive input' : `expected a positive input, got ${repr(n)}`);
      return crLog(n);
    };
    const r = lg(x);
    if (base === null) return r;
    const b = lg(base);
    if (b === 0) raise(typeOf0(), 'division by zero');
    return r / b;
  }));
  m.set('pow', fn('pow', 'x, y, /', (x: PyValue, y: PyValue) => {
    const a = num(x);
    const b = num(y);
    if (a === 0 && b < 0) raiseValueError('math domain error');
    if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) raiseValueError('math domain error');
    return checkRange(a === 1 || b === 0 ? 1 : Math.pow(a, b), [a, b]);
  }));
  m.set('atan2', fn('atan2', 'y, x, /', (y: PyValue, x: PyValue) => Math.atan2(num(y), num(x))));
  m.set('hypot', rawFn('hypot', (args) => Math.hypot(...args.map((a) => num(a)))));
  m.set('copysign', fn('copysign', 'x, y, /', (x: PyValue, y: PyValue) => {
    const a = Math.abs(num(x));
    const b = num(y);
    return b < 0 || Object.is(b, -0) ? -a : a;
  }));
  m.set('fmod', fn('fmod', 'x, y, /', (x: PyValue, y: PyValue) => {
    const b = num(y);
    if (b === 0 || !Number.isFinite(num(x))) raiseValueError('math domain error');
    return num(x) % b;
  }));
  m.set('modf', fn('modf', 'x, /', (x: PyValue) => {
    const v = num(x);
    if (!Number.isFinite(v)) return new PyTuple([v !== v ? v : Math.sign(v) * 0, v]);
    const ip = Math.trunc(v);
    return new PyTuple([v - ip === 0 ? (v < 0 ? -0 : 0) : v - ip, ip]);
  }));
  m.set('frexp', fn('frexp', 'x, /', (x: PyValue) => {
    let v = num(x);
    if (v === 0 || !Number.isFinite(v)) return new PyTuple([v, 0n]);
    let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(v))) + 1);
    let mant = v * Math.pow(2, -e);
    while (Math.abs(mant) < 0.5) {
      mant *= 2;
      e--;
    }
    while (Math.abs(mant) >= 1) {
      mant /= 2;
      e++;
    }
    v = mant;
    return new PyTuple([v, BigInt(e)]);
  }));
  m.set('ldexp', fn('ldexp', 'x, i, /', (x: PyValue, i: PyValue) => checkRange(num(x) * Math.pow(2, Number(intArg(i))), [num(x)])));
  const rounding = (name: string, f: (x: number) => number) =>
    m.set(name, fn(name, 'x, /', (x: PyValue) => {
      if (typeof x === 'bigint') return x;
      if (typeof x === 'boolean') return x ? 1n : 0n;
      return floatToInt(f(num(x)));
    }));
  rounding('floor', Math.floor);
  rounding('ceil', Math.ceil);
  rounding('trunc', Math.trunc);
  m.set('isnan', fn('isnan', 'x, /', (x: PyValue) => num(x) !== num(x)));
  m.set('isinf', fn('isinf', 'x, /', (x: PyValue) => Math.abs(num(x)) === Infinity));
  m.set('isfinite', fn('isfinite', 'x, /', (x: PyValue) => Number.isFinite(num(x))));
  m.set('isclose', fn('isclose', 'a, b, *, rel_tol=1e-09, abs_tol=0.0', (a: PyValue, b: PyValue, rt: PyValue, at: PyValue) => {
    const x = num(a);
    const y = num(b);
    const rel = num(rt);
    const abs = num(at);
    if (rel < 0 || abs < 0) raiseValueError('tolerances must be non-negative');
    if (x === y) return true;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    const diff = Math.abs(y - x);
    return diff <= Math.abs(rel * y) || diff <= Math.abs(rel * x) || diff <= abs;
  }));
  m.set('factorial', fn('factorial', 'n, /', (n: PyValue) => {
    if (typeof n === 'number') raiseTypeError("'float' object cannot be interpreted as an integer");
    const k = intArg(n);
    if (k < 0n) raiseValueError('factorial() not defined for negative values');
    let r = 1n;
    for (let i = 2n; i <= k; i++) r *= i;
    return r;
  }));
  m.set('gcd', rawFn('gcd', (args) => args.reduce<bigint>((acc, a) => gcd(acc, intArg(a)), 0n)));
  m.set('lcm', rawFn('lcm', (args) => args.reduce<bigint>((acc, a) => {
    const b = intArg(a);
    if (acc === 0n || b === 0n) return 0n;
    const r = (acc * b) / gcd(acc, b);
    return r < 0n ? -r : r;
  }, 1n)));
  m.set('comb', fn('comb', 'n, k, /', (n: PyValue, k: PyValue) => {
    const nn = intArg(n);
    let kk = intArg(k);
    if (nn < 0n || kk < 0n) raiseValueError(nn < 0n ? 'n must be a non-negative integer' : 'k must be a non-negative integer');
    if (kk > nn) return 0n;
    if (kk > nn - kk) kk = nn - kk;
    let r = 1n;
    for (let i = 1n; i <= kk; i++) r = (r * (nn - kk + i)) / i;
    return r;
  }));
  m.set('perm', fn('perm', 'n, k=None, /', (n: PyValue, k: PyValue) => {
    const nn = intArg(n);
    const kk = k === null ? nn : intArg(k);
    if (kk > nn) return 0n;
    let r = 1n;
    for (let i = nn - kk + 1n; i <= nn; i++) r *= i;
    return r;
  }));
  m.set('prod', fn('prod', 'iterable, /, *, start=1', (it: PyValue, start: PyValue) => {
    let acc = start;
    for (const x of iterToArray(it)) acc = binaryOp('*', acc, x);
    return acc;
  }));
  m.set('fsum', fn('fsum', 'seq, /', (seq: PyValue) => fsum(iterToArray(seq).map((x) => num(x)))));
  m.set('isqrt', fn('isqrt', 'n, /', (n: PyValue) => {
    const v = intArg(n);
    if (v < 0n) raiseValueError('isqrt() argument must be nonnegative');
    if (v < 2n) return v;
    let x = BigInt(Math.floor(Math.sqrt(Number(v))));
    while (x * x > v) x--;
    while ((x + 1n) * (x + 1n) <= v) x++;
    return x;
  }));
  m.set('dist', fn('dist', 'p, q, /', (p: PyValue, q: PyValue) => {
    const a = iterToArray(p).map((x) => num(x));
    const b = iterToArray(q).map((x) => num(x));
    if (a.length !== b.length) raiseValueError('both points must have the same number of dimensions');
    return Math.hypot(...a.map((x, i) => x - b[i]));
  }));
});

function typeOf0(): PyType {
  return ZeroDivisionErrorTypeRef;
}
import { ZeroDivisionErrorType as ZeroDivisionErrorTypeRef } from './objects';

function factorialFloat(n: number): number {
  let r = 1;
  for (let i = 2; i <= n; i++) r *= i;
  return r;
}

/** Shewchuk's exact summation (as CPython's math.fsum). */
function fsum(xs: number[]): number {
  const partials: number[] = [];
  for (let x of xs) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  let hi = 0;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return hi;
}

// ---------------------------------------------------------------- time
defineModule('time', (m) => {
  const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  m.set('perf_counter', fn('perf_counter', '', () => clock() / 1000));
  m.set('perf_counter_ns', fn('perf_counter_ns', '', () => BigInt(Math.round(clock() * 1e6))));
  m.set('monotonic', fn('monotonic', '', () => clock() / 1000));
  m.set('process_time', fn('process_time', '', () => clock() / 1000));
  m.set('time', fn('time', '', () => Date.now() / 1000));
  m.set('time_ns', fn('time_ns', '', () => BigInt(Date.now()) * 1000000n));
  // sleeping would only burn the time budget: a sandboxed script's sleep returns at once
  m.set('sleep', fn('sleep', 'secs, /', (s: PyValue) => {
    if (num(s) < 0) raiseValueError('sleep length must be non-negative');
    return null;
  }));
});

// ---------------------------------------------------------------- random
defineModule('random', (m) => {
  const rng = new PyRandom();
  const wrap = <T>(f: () => T): T => f(); // PyRandomError carries pyType: converted by the interpreter
  const seq = (v: PyValue): PyValue[] => {
    if (v instanceof PyList || v instanceof PyTuple) return v.items;
    if (typeof v === 'string') return [...v];
    return iterToArray(v);
  };
  m.set('seed', fn('seed', 'a=None, version=2', (a: PyValue) => {
    if (a === null || typeof a === 'bigint' || typeof a === 'boolean') rng.seed(a as bigint | boolean | null);
    else if (typeof a === 'number') rng.seedFloat(a);
    else if (typeof a === 'string') raise(ValueErrorType, 'string seeds are not supported');
    else raiseTypeError('The only supported seed types are:\nNone, int, float, str, bytes, and bytearray.');
    return null;
  }));
  m.set('random', fn('random', '', () => rng.random()));
  m.set('getrandbits', fn('getrandbits', 'k, /', (k: PyValue) => wrap(() => rng.getrandbits(Number(intArg(k))))));
  m.set('randint', fn('randint', 'a, b', (a: PyValue, b: PyValue) => BigInt(wrap(() => rng.randint(Number(intArg(a)), Number(intArg(b)))))));
  m.set('randrange', fn('randrange', 'start, stop=None, step=1', (a: PyValue, b: PyValue, s: PyValue) =>
    BigInt(wrap(() => rng.randrange(Number(intArg(a)), b === null ? null : Number(intArg(b)), Number(intArg(s)))))));
  m.set('choice', fn('choice', 'seq', (s: PyValue) => {
    const items = seq(s);
    return items[wrap(() => rng.choiceIndex(items.length))];
  }));
  m.set('shuffle', fn('shuffle', 'x', (x: PyValue) => {
    if (!(x instanceof PyList)) raiseTypeError(`'${typeName(x)}' object does not support item assignment`);
    rng.shuffle((x as PyList).items);
    return null;
  }));
  m.set('sample', fn('sample', 'population, k, *, counts=None', (p: PyValue, k: PyValue) => {
    const items = seq(p);
    return new PyList(wrap(() => rng.sampleIndices(items.length, Number(intArg(k)))).map((i) => items[i]));
  }));
  m.set('choices', fn('choices', 'population, weights=None, *, cum_weights=None, k=1', (p: PyValue, w: PyValue, cw: PyValue, k: PyValue) => {
    const items = seq(p);
    const weights = w === null ? null : iterToArray(w).map((x) => num(x));
    const cum = cw === null ? null : iterToArray(cw).map((x) => num(x));
    return new PyList(wrap(() => rng.choicesIndices(items.length, Number(intArg(k)), weights, cum)).map((i) => items[i]));
  }));
  m.set('uniform', fn('uniform', 'a, b', (a: PyValue, b: PyValue) => rng.uniform(num(a), num(b))));
  m.set('triangular', fn('triangular', 'low=0.0, high=1.0, mode=None', (l: PyValue, h: PyValue, md: PyValue) => rng.triangular(num(l), num(h), md === null ? null : num(md))));
  m.set('gauss', fn('gauss', 'mu=0.0, sigma=1.0', (mu: PyValue, s: PyValue) => rng.gauss(num(mu), num(s))));
  m.set('normalvariate', fn('normalvariate', 'mu=0.0, sigma=1.0', (mu: PyValue, s: PyValue) => rng.normalvariate(num(mu), num(s))));
  m.set('lognormvariate', fn('lognormvariate', 'mu, sigma', (mu: PyValue, s: PyValue) => rng.lognormvariate(num(mu), num(s))));
  m.set('expovariate', fn('expovariate', 'lambd=1.0', (l: PyValue) => rng.expovariate(num(l))));
  m.set('gammavariate', fn('gammavariate', 'alpha, beta', (a: PyValue, b: PyValue) => rng.gammavariate(num(a), num(b))));
  m.set('betavariate', fn('betavariate', 'alpha, beta', (a: PyValue, b: PyValue) => rng.betavariate(num(a), num(b))));
});

// ---------------------------------------------------------------- typing (annotations only)
defineModule('typing', (m) => {
  const alias = new PyType('_SpecialForm', [objectType], true, 'typing');
  alias.dict.set('__getitem__', new NativeFunction('__getitem__', (args) => args[0], true));
  alias.dict.set('__call__', new NativeFunction('__call__', () => raiseTypeError('typing special forms cannot be instantiated'), true));
  for (const n of ['Any', 'Optional', 'Union', 'Callable', 'Iterable', 'Iterator', 'Sequence', 'Mapping', 'Type', 'Literal', 'Final', 'ClassVar', 'Generator', 'Protocol', 'TypeVar', 'NamedTuple', 'Self']) {
    m.set(n, new PyInstance(alias));
  }
  m.set('List', new PyInstance(alias));
  m.set('Dict', new PyInstance(alias));
  m.set('Tuple', new PyInstance(alias));
  m.set('Set', new PyInstance(alias));
  m.set('TYPE_CHECKING', false);
  m.set('cast', fn('cast', 'typ, val', (_t: PyValue, v: PyValue) => v));
});

// ---------------------------------------------------------------- collections
defineModule('collections', (m) => {
  const od = new PyType('OrderedDict', [dictType], true, 'collections');
  od.final = false;
  od.alloc = dictType.alloc;
  od.dict.set('move_to_end', new NativeFunction('move_to_end', (args, kwargs) => {
    const d = args[0] as PyDict;
    const last = truthy(args[2] ?? kwargs?.get('last') ?? true);
    const key = args[1];
    const v = d.get(key);
    if (v === undefined) raise(KeyErrorRef, repr(key));
    d.delete(key);
    if (last) d.set(key, v!);
    else {
      const entries = [...d.map.values()];
      d.map.clear();
      d.set(key, v!);
      for (const [k, val] of entries) d.set(k, val);
    }
    return null;
  }, true));
  od.dict.set('__repr__', new NativeFunction('__repr__', (args) => {
    const d = args[0] as PyDict;
    if (d.size === 0) return 'OrderedDict()';
    return 'OrderedDict({' + [...d.map.values()].map(([k, v]) => repr(k) + ': ' + repr(v)).join(', ') + '})';
  }, true));
  m.set('OrderedDict', od);
  const dd = new PyType('defaultdict', [dictType], true, 'collections');
  dd.final = false;
  const factories = new WeakMap<object, PyValue>();
  dd.alloc = (cls) => {
    const d = dictType.alloc!(cls);
    return d;
  };
  // the constructor does it all (a builtin type: dict's own constructor must not see the factory)
  setTypeConstructor(dd, (cls, args, kwargs) => {
    const d = dictType.alloc!(cls) as PyDict;
    const f = args[0] ?? null;
    if (f !== null && !isCallable(f)) raiseTypeError('first argument must be callable or None');
    factories.set(d, f);
    if (args.length > 1) for (const [k, v] of iterToPairs(args[1])) d.set(k, v);
    if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
    return d;
  });
  dd.dict.set('__missing__', new NativeFunction('__missing__', (args) => {
    const d = args[0] as PyDict;
    const f = factories.get(d) ?? null;
    if (f === null) raise(KeyErrorRef, repr(args[1]));
    const v = callValue(f, []);
    d.set(args[1], v);
    return v;
  }, true));
  dd.dict.set('__repr__', new NativeFunction('__repr__', (args) => {
    const d = args[0] as PyDict;
    const f = factories.get(d) ?? null;
    return `defaultdict(${f === null ? 'None' : repr(f)}, {` + [...d.map.values()].map(([k, v]) => repr(k) + ': ' + repr(v)).join(', ') + '})';
  }, true));
  m.set('defaultdict', dd);
  // Counter: a dict subclass counting hashable items (repr and most_common by count, ties in
  // insertion order; a missing key counts 0 without being inserted)
  const counter = new PyType('Counter', [dictType], true, 'collections');
  counter.final = false;
  counter.alloc = dictType.alloc;
  const countInto = (d: PyDict, src: PyValue | undefined, kwargs: KwArgs, sign: bigint): void => {
    if (src !== undefined && src !== null) {
      if (src instanceof PyDict) for (const [k, v] of src.map.values()) d.set(k, binaryOp(sign > 0n ? '+' : '-', d.get(k) ?? 0n, v));
      else for (const x of iterToArray(src)) d.set(x, binaryOp('+', d.get(x) ?? 0n, sign));
    }
    if (kwargs) for (const [k, v] of kwargs) d.set(k, binaryOp(sign > 0n ? '+' : '-', d.get(k) ?? 0n, v));
  };
  const byCount = (d: PyDict): [PyValue, PyValue][] =>
    [...d.map.values()].map(([k, v]): [PyValue, PyValue] => [k, v]).sort((a, b) => (lessThan(a[1], b[1]) ? 1 : lessThan(b[1], a[1]) ? -1 : 0));
  setTypeConstructor(counter, (cls, args, kwargs) => {
    if (args.length > 1) raiseTypeError(`expected at most 1 argument, got ${args.length}`);
    const d = dictType.alloc!(cls) as PyDict;
    countInto(d, args[0], kwargs, 1n);
    return d;
  });
  counter.dict.set('update', new NativeFunction('update', (args, kwargs) => {
    countInto(args[0] as PyDict, args[1], kwargs, 1n);
    return null;
  }, true, 'Counter'));
  counter.dict.set('subtract', new NativeFunction('subtract', (args, kwargs) => {
    countInto(args[0] as PyDict, args[1], kwargs, -1n);
    return null;
  }, true, 'Counter'));
  counter.dict.set('__missing__', new NativeFunction('__missing__', () => 0n, true, 'Counter'));
  counter.dict.set('most_common', new NativeFunction('most_common', (args, kwargs) => {
    const items = byCount(args[0] as PyDict);
    const n = args[1] ?? kwargs?.get('n') ?? null;
    const k = n === null ? items.length : Math.max(0, Number(n));
    return new PyList(items.slice(0, k).map(([a, b]) => new PyTuple([a, b])));
  }, true, 'Counter'));
  counter.dict.set('total', new NativeFunction('total', (args) => (args[0] as PyDict).values().reduce((a: PyValue, b) => binaryOp('+', a, b), 0n), true, 'Counter'));
  counter.dict.set('elements', new NativeFunction('elements', (args) => {
    const out: PyValue[] = [];
    for (const [k, v] of (args[0] as PyDict).map.values()) for (let i = 0n; typeof v === 'bigint' && i < v; i++) out.push(k);
    return getIter(new PyList(out));
  }, true, 'Counter'));
  counter.dict.set('__repr__', new NativeFunction('__repr__', (args) => {
    const d = args[0] as PyDict;
    const name = (typeOfValue(d) as PyType).name;
    if (d.size === 0) return `${name}()`;
    return `${name}({` + byCount(d).map(([k, v]) => repr(k) + ': ' + repr(v)).join(', ') + '})';
  }, true, 'Counter'));
  m.set('Counter', counter);
  m.set('deque', dequeType);
  m.set('namedtuple', fn('namedtuple', 'typename, field_names, *, rename=False, defaults=None, module=None', (name: PyValue, fields: PyValue) => {
    const names = typeof fields === 'string' ? fields.replace(/,/g, ' ').split(/\s+/).filter(Boolean) : iterToArray(fields).map((x) => String(x));
    const t = new PyType(String(name), [objectType], false, '__main__');
    t.hasInstanceDict = true;
    t.dict.set('_fields', new PyTuple(names));
    t.dict.set('__init__', new NativeFunction('__init__', (args, kwargs) => {
      const self = args[0] as PyInstance;
      names.forEach((n, i) => {
        const v = i + 1 < args.length ? args[i + 1] : kwargs?.get(n);
        if (v === undefined) raiseTypeError(`${String(name)}.__new__() missing 1 required positional argument: '${n}'`);
        self.dict.set(n, v!);
      });
      return null;
    }, true));
    t.dict.set('__repr__', new NativeFunction('__repr__', (args) => {
      const self = args[0] as PyInstance;
      return `${String(name)}(` + names.map((n) => `${n}=${repr(self.dict.get(n) ?? null)}`).join(', ') + ')';
    }, true));
    t.dict.set('__iter__', new NativeFunction('__iter__', (args) => getIter(new PyTuple(names.map((n) => (args[0] as PyInstance).dict.get(n) ?? null))), true));
    t.dict.set('__getitem__', new NativeFunction('__getitem__', (args) => getItem(new PyTuple(names.map((n) => (args[0] as PyInstance).dict.get(n) ?? null)), args[1]), true));
    t.dict.set('__len__', new NativeFunction('__len__', () => BigInt(names.length), true));
    t.dict.set('__eq__', new NativeFunction('__eq__', (args) => {
      const o = args[1];
      if (!(o instanceof PyInstance) || o.cls !== t) return false;
      return names.every((n) => eq((args[0] as PyInstance).dict.get(n) ?? null, o.dict.get(n) ?? null));
    }, true));
    t.dict.set('_replace', new NativeFunction('_replace', (args, kwargs) => {
      const self = args[0] as PyInstance;
      const copy = new PyInstance(t);
      for (const n of names) copy.dict.set(n, kwargs?.get(n) ?? self.dict.get(n) ?? null);
      if (kwargs) for (const k of kwargs.keys()) if (!names.includes(k)) raiseValueError(`Got unexpected field names: ['${k}']`);
      return copy;
    }, true));
    t.dict.set('_asdict', new NativeFunction('_asdict', (args) => PyDict.fromEntries(names.map((n) => [n, (args[0] as PyInstance).dict.get(n) ?? null])), true));
    return t;
  }));
});
import { KeyErrorType as KeyErrorRef, hashKey as hashKeyRef } from './objects';
import { checkHashable as checkHashableRef, getAttrOrUndefined as getAttrOrUndefinedRef } from './ops';

// ---------------------------------------------------------------- collections.deque
/** A deque (e.g. a DQN replay memory, `deque([], maxlen=10000)`): an array with an optional bound. */
class DequeObject extends PyInstance {
  items: PyValue[] = [];
  maxlen: number | null = null;
}
function dq(v: PyValue): DequeObject {
  if (!(v instanceof DequeObject)) return raiseTypeError(`descriptor requires a 'collections.deque' object but received a '${typeName(v)}'`);
  return v;
}
function dequePush(d: DequeObject, x: PyValue, left: boolean): void {
  if (d.maxlen === 0) return;
  if (left) {
    d.items.unshift(x);
    if (d.maxlen !== null && d.items.length > d.maxlen) d.items.pop();
  } else {
    d.items.push(x);
    if (d.maxlen !== null && d.items.length > d.maxlen) d.items.shift();
  }
}
const dequeType: PyType = (() => {
  const t = new PyType('deque', [objectType], true, 'collections');
  t.final = false;
  t.alloc = (cls) => new DequeObject(cls);
  const def = (name: string, impl: (d: DequeObject, args: PyValue[], kwargs: KwArgs) => PyValue): void => {
    t.dict.set(name, new NativeFunction(name, (args, kwargs) => impl(dq(args[0]), args, kwargs), true, 'collections.deque'));
  };
  def('__init__', (d, args, kwargs) => {
    const src = args[1] ?? kwargs?.get('iterable') ?? null;
    const ml = args[2] ?? kwargs?.get('maxlen') ?? null;
    if (ml !== null) {
      if (typeof ml !== 'bigint') raiseTypeError('an integer is required');
      if ((ml as bigint) < 0n) raiseValueError('maxlen must be non-negative');
      d.maxlen = Number(ml);
    }
    d.items = [];
    if (src !== null) for (const x of iterToArray(src)) dequePush(d, x, false);
    return null;
  });
  def('append', (d, a) => (dequePush(d, a[1], false), null));
  def('appendleft', (d, a) => (dequePush(d, a[1], true), null));
  def('extend', (d, a) => {
    for (const x of iterToArray(a[1])) dequePush(d, x, false);
    return null;
  });
  def('extendleft', (d, a) => {
    for (const x of iterToArray(a[1])) dequePush(d, x, true);
    return null;
  });
  def('pop', (d) => (d.items.length ? d.items.pop()! : raise(IndexErrorRef, 'pop from an empty deque')));
  def('popleft', (d) => (d.items.length ? d.items.shift()! : raise(IndexErrorRef, 'pop from an empty deque')));
  def('clear', (d) => ((d.items = []), null));
  def('rotate', (d, a) => {
    const n = d.items.length;
    if (n === 0) return null;
    const k = ((Number(a[1] ?? 1n) % n) + n) % n;
    d.items = [...d.items.slice(n - k), ...d.items.slice(0, n - k)];
    return null;
  });
  def('count', (d, a) => BigInt(d.items.filter((x) => eq(x, a[1])).length));
  def('__len__', (d) => BigInt(d.items.length));
  def('__iter__', (d) => getIter(new PyList(d.items.slice())));
  def('__getitem__', (d, a) => getItem(new PyList(d.items), a[1]));
  def('__contains__', (d, a) => d.items.some((x) => eq(x, a[1])));
  def('__repr__', (d) => `deque([${d.items.map((x) => repr(x)).join(', ')}]${d.maxlen === null ? '' : `, maxlen=${d.maxlen}`})`);
  t.dict.set('maxlen', new NativeGetSetRef('maxlen', (d) => (dq(d).maxlen === null ? null : BigInt(dq(d).maxlen!)), null));
  return t;
})();
import { IndexErrorType as IndexErrorRef, NativeGetSet as NativeGetSetRef } from './objects';

function iterToPairs(v: PyValue): [PyValue, PyValue][] {
  if (v instanceof PyDict) return [...v.map.values()].map(([k, x]) => [k, x]);
  return iterToArray(v).map((p) => {
    const kv = iterToArray(p);
    return [kv[0], kv[1]];
  });
}

// ---------------------------------------------------------------- functools / itertools / copy / warnings
defineModule('functools', (m) => {
  m.set('reduce', rawFn('reduce', (args) => {
    if (args.length < 2) raiseTypeError(`reduce expected at least 2 arguments, got ${args.length}`);
    const items = iterToArray(args[1]);
    let acc: PyValue;
    let i = 0;
    if (args.length > 2) acc = args[2];
    else {
      if (items.length === 0) raiseTypeError('reduce() of empty iterable with no initial value');
      acc = items[0];
      i = 1;
    }
    for (; i < items.length; i++) acc = callValue(args[0], [acc, items[i]]);
    return acc;
  }));
  m.set('partial', rawFn('partial', (args, kwargs) => {
    const f = args[0];
    const bound = args.slice(1);
    return new NativeFunction('partial', (more, kw2) => {
      let kw: KwArgs = kwargs;
      if (kw2) kw = new Map([...(kwargs ?? []), ...kw2]);
      return callValue(f, [...bound, ...more], kw);
    });
  }));
  const wraps = rawFn('wraps', () => new NativeFunction('decorator', (a) => a[0]));
  m.set('wraps', wraps);
  // memoising wrappers (unbounded: maxsize is accepted and ignored)
  const memoize = (f: PyValue): NativeFunction => {
    const memo = new Map<unknown, PyValue>();
    const name = typeof f === 'object' && f !== null ? String(getAttrOrUndefinedRef(f, '__name__') ?? 'wrapper') : 'wrapper';
    return new NativeFunction(name, (args, kwargs) => {
      const parts = kwargs === null ? args : [...args, KW_MARK, ...[...kwargs].flat()];
      for (const a of parts) checkHashableRef(a, false);
      const key = hashKeyRef(new PyTuple(parts));
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      const r = callValue(f, args, kwargs);
      memo.set(key, r);
      return r;
    });
  };
  const KW_MARK = '\x01kwargs';
  m.set('lru_cache', rawFn('lru_cache', (args) => {
    const f = args[0];
    if (args.length && f !== null && typeof f === 'object' && isCallable(f)) return memoize(f);
    return new NativeFunction('decorator', (a) => memoize(a[0]));
  }));
  m.set('cache', rawFn('cache', (args) => memoize(args[0])));
});

defineModule('itertools', (m) => {
  m.set('count', fn('count', 'start=0, step=1', (start: PyValue, step: PyValue) => {
    let cur = start;
    return new FnIterator(() => {
      const v = cur;
      cur = binaryOp('+', cur, step);
      return v;
    });
  }));
  m.set('chain', rawFn('chain', (args) => new FnIterator(makeChain(args))));
  m.set('product', rawFn('product', (args, kwargs) => {
    const repeat = Number(kwargs?.get('repeat') ?? 1n);
    let pools = args.map((a) => iterToArray(a));
    const base = pools;
    for (let r = 1; r < repeat; r++) pools = pools.concat(base);
    let result: PyValue[][] = [[]];
    for (const pool of pools) result = result.flatMap((prefix) => pool.map((x) => [...prefix, x]));
    return getIter(new PyList(result.map((r) => new PyTuple(r))));
  }));
  m.set('zip_longest', rawFn('zip_longest', (args, kwargs) => {
    const fill = kwargs?.get('fillvalue') ?? null;
    const its = args.map((a) => getIter(a));
    const done = its.map(() => false);
    let live = its.length;
    return new FnIterator(() => {
      if (live === 0) return STOP;
      const row: PyValue[] = [];
      for (let i = 0; i < its.length; i++) {
        let x: PyValue | typeof STOP = STOP;
        if (!done[i]) {
          x = its[i].next();
          if (x === STOP) {
            done[i] = true;
            live--;
          }
        }
        row.push(x === STOP ? fill : x);
      }
      return live === 0 ? STOP : new PyTuple(row);
    });
  }));
  m.set('islice', rawFn('islice', (args) => {
    // lazy, as CPython's: the source may be endless (itertools.count())
    if (args.length < 2 || args.length > 4) raiseTypeError(`islice expected at most 4 arguments, got ${args.length}`);
    const it = getIter(args[0]);
    const [start, stop, step] = args.length === 2 ? [0n, args[1], 1n] : [args[1] ?? 0n, args[2] ?? null, args[3] ?? 1n];
    const s = Number(start ?? 0n);
    const e = stop === null ? Infinity : Number(stop);
    const st = Number(step ?? 1n);
    if (s < 0 || e < 0) raiseValueError('Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.');
    if (st < 1) raiseValueError('Step for islice() must be a positive integer or None.');
    let i = 0;
    let next = s;
    return new FnIterator(() => {
      if (next >= e) return STOP;
      for (;;) {
        const x = it.next();
        if (x === STOP) return STOP;
        if (i++ === next) {
          next += st;
          return x;
        }
      }
    });
  }));
  m.set('combinations', fn('combinations', 'iterable, r', (it: PyValue, r: PyValue) => {
    const pool = iterToArray(it);
    const k = Number(intArg(r));
    const out: PyValue[] = [];
    const rec = (start: number, acc: PyValue[]) => {
      if (acc.length === k) {
        out.push(new PyTuple(acc.slice()));
        return;
      }
      for (let i = start; i < pool.length; i++) rec(i + 1, [...acc, pool[i]]);
    };
    rec(0, []);
    return getIter(new PyList(out));
  }));
  m.set('permutations', fn('permutations', 'iterable, r=None', (it: PyValue, r: PyValue) => {
    const pool = iterToArray(it);
    const k = r === null ? pool.length : Number(intArg(r));
    const out: PyValue[] = [];
    const rec = (acc: number[]) => {
      if (acc.length === k) {
        out.push(new PyTuple(acc.map((i) => pool[i])));
        return;
      }
      for (let i = 0; i < pool.length; i++) if (!acc.includes(i)) rec([...acc, i]);
    };
    rec([]);
    return getIter(new PyList(out));
  }));
  m.set('repeat', fn('repeat', 'object, times=None', (o: PyValue, t: PyValue) => {
    let n = t === null ? Infinity : Number(intArg(t));
    return new FnIterator(() => (n-- > 0 ? o : STOP));
  }));
  m.set('accumulate', rawFn('accumulate', (args) => {
    const items = iterToArray(args[0]);
    const f = args[1] ?? null;
    const out: PyValue[] = [];
    let acc: PyValue = null;
    items.forEach((x, i) => {
      acc = i === 0 ? x : f === null ? binaryOp('+', acc, x) : callValue(f, [acc, x]);
      out.push(acc);
    });
    return getIter(new PyList(out));
  }));
});

function makeChain(iterables: PyValue[]): () => PyValue | typeof STOP {
  let idx = 0;
  let cur: ReturnType<typeof getIter> | null = null;
  return () => {
    for (;;) {
      if (cur === null) {
        if (idx >= iterables.length) return STOP;
        cur = getIter(iterables[idx++]);
      }
      const x = cur.next();
      if (x !== STOP) return x;
      cur = null;
    }
  };
}

defineModule('copy', (m) => {
  const shallow = (v: PyValue): PyValue => {
    if (v instanceof PyList) return new PyList(v.items.slice());
    if (v instanceof PyDict) {
      const d = new PyDict();
      for (const [k, x] of v.map.values()) d.set(k, x);
      return d;
    }
    if (v instanceof PyInstance && !(v.cls.isBuiltin)) {
      const o = new PyInstance(v.cls);
      for (const [k, x] of v.dict) o.dict.set(k, x);
      return o;
    }
    return v;
  };
  const deep = (v: PyValue, memo: Map<object, PyValue>): PyValue => {
    if (typeof v !== 'object' || v === null) return v;
    const seen = memo.get(v);
    if (seen !== undefined) return seen;
    if (v instanceof PyList) {
      const l = new PyList();
      memo.set(v, l);
      for (const x of v.items) l.items.push(deep(x, memo));
      return l;
    }
    if (v instanceof PyTuple) return new PyTuple(v.items.map((x) => deep(x, memo)));
    if (v instanceof PyDict) {
      const d = new PyDict();
      memo.set(v, d);
      for (const [k, x] of v.map.values()) d.set(deep(k, memo), deep(x, memo));
      return d;
    }
    const dc = typeOfValue(v).lookup('__deepcopy__');
    if (dc !== undefined) return callValue(dc, [v, new PyDict()]);
    if (v instanceof PyInstance && !v.cls.isBuiltin) {
      const o = new PyInstance(v.cls);
      memo.set(v, o);
      for (const [k, x] of v.dict) o.dict.set(k, deep(x, memo));
      return o;
    }
    return v;
  };
  m.set('copy', fn('copy', 'x', (x: PyValue) => shallow(x)));
  m.set('deepcopy', fn('deepcopy', 'x, memo=None', (x: PyValue) => deep(x, new Map())));
});
import { typeOf as typeOfValue } from './objects';

defineModule('warnings', (m) => {
  m.set('warn', fn('warn', 'message, category=None, stacklevel=1, source=None', (msg: PyValue, cat: PyValue) => {
    const ctx = currentContext();
    const category = cat instanceof PyType ? cat.name : 'UserWarning';
    ctx.warn(category, str(msg), ctx.currentLine());
    return null;
  }));
  m.set('filterwarnings', rawFn('filterwarnings', () => null));
  m.set('simplefilter', rawFn('simplefilter', () => null));
});

void [ClassMethod, lessThan, PyTuple];

// ---------------------------------------------------------------- dataclasses
/** What `field(...)` returns until @dataclass consumes it. */
class FieldSpec extends PyInstance {
  dflt: PyValue | undefined = undefined;
  factory: PyValue | undefined = undefined;
}
const fieldSpecType = new PyType('Field', [objectType], true, 'dataclasses');
fieldSpecType.final = true;

interface DataField {
  name: string;
  dflt: PyValue | undefined;
  factory: PyValue | undefined;
}
const dataclassFields = new WeakMap<PyType, DataField[]>();

function listQuoted(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return q[0] + ' and ' + q[1];
  return q.slice(0, -1).join(', ') + ', and ' + q[q.length - 1];
}

function makeDataclass(cls: PyValue): PyValue {
  if (!(cls instanceof PyType)) return raiseTypeError('dataclass() should be called on a class');
  const fields: DataField[] = [];
  for (const base of [...cls.mro].reverse()) {
    const inherited = base !== cls ? dataclassFields.get(base) : undefined;
    if (inherited) for (const f of inherited) if (!fields.some((g) => g.name === f.name)) fields.push(f);
  }
  const ann = cls.dict.get('__annotations__');
  if (ann instanceof PyDict) {
    for (const k of ann.keys()) {
      const name = String(k);
      const v = cls.dict.get(name);
      const f: DataField = { name, dflt: undefined, factory: undefined };
      if (v instanceof FieldSpec) {
        f.dflt = v.dflt;
        f.factory = v.factory;
        if (v.dflt !== undefined) cls.dict.set(name, v.dflt);
        else cls.dict.delete(name);
      } else if (v !== undefined) f.dflt = v;
      const i = fields.findIndex((g) => g.name === name);
      if (i >= 0) fields[i] = f;
      else fields.push(f);
    }
  }
  let seenDefault = false;
  for (const f of fields) {
    if (f.dflt !== undefined || f.factory !== undefined) seenDefault = true;
    else if (seenDefault) raiseTypeError(`non-default argument '${f.name}' follows default argument`);
  }
  dataclassFields.set(cls, fields);
  const qual = cls.qualname;
  cls.dict.set('__init__', new NativeFunction('__init__', (args, kwargs) => {
    const self = args[0];
    const given = args.length - 1;
    if (given > fields.length) raiseTypeError(`${qual}.__init__() takes ${fields.length + 1} positional argument${fields.length === 0 ? '' : 's'} but ${args.length} were given`);
    const values = new Map<string, PyValue>();
    for (let i = 0; i < given; i++) values.set(fields[i].name, args[i + 1]);
    if (kwargs) {
      for (const [k, v] of kwargs) {
        if (!fields.some((f) => f.name === k)) raiseTypeError(`${qual}.__init__() got an unexpected keyword argument '${k}'`);
        if (values.has(k)) raiseTypeError(`${qual}.__init__() got multiple values for argument '${k}'`);
        values.set(k, v);
      }
    }
    const missing = fields.filter((f) => !values.has(f.name) && f.dflt === undefined && f.factory === undefined).map((f) => f.name);
    if (missing.length) raiseTypeError(`${qual}.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${listQuoted(missing)}`);
    for (const f of fields) {
      const v = values.has(f.name) ? values.get(f.name)! : f.factory !== undefined ? callValue(f.factory, []) : f.dflt!;
      setAttrRef(self, f.name, v);
    }
    const post = typeOfValue(self).lookup('__post_init__');
    if (post !== undefined) callValue(getAttrRef(self, '__post_init__'), []);
    return null;
  }, true, qual));
  cls.dict.set('__repr__', new NativeFunction('__repr__', (args) => {
    const self = args[0];
    return `${typeOfValue(self).qualname}(` + fields.map((f) => `${f.name}=${repr(getAttrRef(self, f.name))}`).join(', ') + ')';
  }, true, qual));
  cls.dict.set('__eq__', new NativeFunction('__eq__', (args) => {
    const [a, b] = args;
    if (typeOfValue(a) !== typeOfValue(b)) return NotImplementedRef;
    return fields.every((f) => eq(getAttrRef(a, f.name), getAttrRef(b, f.name)));
  }, true, qual));
  cls.dict.set('__hash__', null);
  bumpTypeEpochRef();
  return cls;
}

defineModule('dataclasses', (m) => {
  m.set('dataclass', rawFn('dataclass', (args) => {
    if (args.length === 1 && args[0] instanceof PyType) return makeDataclass(args[0]);
    // @dataclass(...) with options: the options are accepted, the defaults apply
    return new NativeFunction('wrap', (a) => makeDataclass(a[0]));
  }));
  m.set('field', rawFn('field', (args, kwargs) => {
    if (args.length) raiseTypeError(`field() takes 0 positional arguments but ${args.length} were given`);
    const f = new FieldSpec(fieldSpecType);
    const d = kwargs?.get('default');
    const fac = kwargs?.get('default_factory');
    if (d !== undefined && fac !== undefined) raiseValueError('cannot specify both default and default_factory');
    f.dflt = d;
    f.factory = fac;
    return f;
  }));
  m.set('asdict', rawFn('asdict', (args) => {
    const self = args[0];
    const fields = dataclassFields.get(typeOfValue(self) as PyType);
    if (!fields) return raiseTypeError('asdict() should be called on dataclass instances');
    return PyDict.fromEntries(fields.map((f): [PyValue, PyValue] => [f.name, getAttrRef(self, f.name)]));
  }));
  m.set('fields', rawFn('fields', (args) => {
    const t = args[0] instanceof PyType ? args[0] : typeOfValue(args[0]);
    const fields = dataclassFields.get(t as PyType);
    if (!fields) return raiseTypeError('must be called with a dataclass type or instance');
    return new PyTuple(fields.map((f) => f.name));
  }));
});
import { NotImplemented as NotImplementedRef, bumpTypeEpoch as bumpTypeEpochRef } from './objects';
import { setAttr as setAttrRef, getAttr as getAttrRef } from './ops';
