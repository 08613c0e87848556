// The `torch` module: creation functions, the op functions of TENSOR_OPS, dtypes, Size, device,
// print options, default dtype, RNG, grad modes, and the submodules (autograd, cuda, nn, optim…).
import { registerAutogradFunctional } from './autograd_functional';
import { registerGradcheckModule } from './autograd_gradcheck';
import * as G from '../index';
import { Tensor } from '../tensor/tensor';
import type { DType } from '../tensor/dtype';
import { isFloating } from '../tensor/dtype';
import { TorchError } from '../tensor/errors';
import { setPrintOptions } from '../tensor/format';
import { Generator, defaultGenerator, fillNormal } from '../tensor/random';
import { gradMode } from '../autograd';
import { cat, stack } from '../ops/join';
import {
  defineModule, defineNativeType, method, rawFn, PyTuple, PyList, PyType, PyValue, PyDict, raiseTypeError, typeName, ModuleBuilder,
} from '../script/native';
import { lookupModuleFactory, registerModuleFactory, ModuleFactory } from '../script/modules';
import type { RunContext } from '../script/context';
import type { PyModule } from '../script/objects';
import {
  sigs, BoundArgs, DTYPE_OBJECTS, COMPLEX_DTYPE, complexUnsupported, FinfoType, IinfoType, DTypeType, DTypeValue, DeviceType, SizeType, ints, optDtype, toInt, numberOf, parseDevice, checkDeviceUsable,
  tensors, jsNumber, dimsOf, scalarOf,
} from './args';
import { TENSOR_OPS, TensorType, nestedData, warn, numpyBridge, uniqueResult } from './tensor_type';
import * as X from '../ops/extra';
import {
  autogradGrad, autogradBackward, NoGradType, EnableGradType, SetGradEnabledType, InferenceModeType, registerAutogradModule,
} from './autograd_module';

export const TORCH_VERSION = '2.14.1+debian';

/** A function bound with PyTorch's signature lines. */
function sigFn(name: string, texts: string[], impl: (a: BoundArgs, sigIndex: number) => PyValue) {
  const s = sigs(name, texts);
  return rawFn(name, (args, kwargs) => {
    const { index, a } = s.bind(args, kwargs);
    return impl(a, index);
  });
}

// ---------------------------------------------------------------- generator objects

export const GeneratorType: PyType = defineNativeType({
  name: 'Generator',
  module: 'torch._C',
  jsClass: Generator,
  methods: {
    manual_seed: method('manual_seed', 'seed', (self: Generator, seed: PyValue) => self.manualSeed(seedValue(seed))),
    initial_seed: method('initial_seed', '', (self: Generator) => self.initialSeed()),
  },
  construct: () => new Generator(),
});

function seedValue(v: PyValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) raiseTypeError(`manual_seed expected a long, but got ${typeName(v)}`);
    return BigInt(v);
  }
  return raiseTypeError(`manual_seed expected a long, but got ${typeName(v)}`);
}

function genOf(v: PyValue): Generator {
  return v instanceof Generator ? v : defaultGenerator;
}

// ---------------------------------------------------------------- creation

const FACTORY_KW = 'torch.dtype dtype = None, any layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False';
const SIZE_FACTORY = [`(tuple of ints size, *, any out = None, ${FACTORY_KW})`];
const RANDOM_FACTORY = [`(tuple of ints size, *, any generator = None, any out = None, ${FACTORY_KW})`];

function checkDevice(a: BoundArgs): void {
  if (a.device !== null && a.device !== undefined) checkDeviceUsable(parseDevice(a.device));
}
function opts(a: BoundArgs): G.CreateOptions {
  checkDevice(a);
  return { dtype: optDtype(a.dtype), requiresGrad: a.requires_grad === true };
}

const tensorSig = sigs('tensor', ['(any data, *, torch.dtype dtype = None, torch.device device = None, bool requires_grad = False, bool pin_memory = False)']);
const tensorFn = rawFn('tensor', (args, kwargs) => {
  const { a } = tensorSig.bind(args, kwargs);
  checkDevice(a);
  if (a.data instanceof Tensor) {
    warn('UserWarning', 'To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).');
    const src = a.data;
    const copy = G.toDtype(G.cloneDetached(src), optDtype(a.dtype) ?? src.dtype);
    const out = copy === src ? G.cloneDetached(src) : G.detach(copy);
    if (a.requires_grad === true) G.requiresGrad_(out, true);
    return out;
  }
  if (typeof a.data === 'string' || a.data === null || (typeof a.data === 'object' && !(a.data instanceof PyList) && !(a.data instanceof PyTuple) && !(a.data instanceof Tensor))) {
    const fromNp = numpyBridge.fromNumpy?.(a.data);
    if (fromNp) return G.tensor(G.cloneDetached(fromNp), { dtype: optDtype(a.dtype), requiresGrad: a.requires_grad === true });
    if (a.data === null) raiseTypeError("new(): invalid data type 'NoneType'");
  }
  return G.tensor(nestedData(a.data), { dtype: optDtype(a.dtype), requiresGrad: a.requires_grad === true });
});

const asTensorSig = sigs('as_tensor', ['(any data, torch.dtype dtype = None, torch.device device = None)']);
const asTensorFn = rawFn('as_tensor', (args, kwargs) => {
  const { a } = asTensorSig.bind(args, kwargs);
  checkDevice(a);
  const d = optDtype(a.dtype);
  if (a.data instanceof Tensor) return d === undefined ? a.data : G.toDtype(a.data, d);
  const fromNp = numpyBridge.fromNumpy?.(a.data);
  if (fromNp) return d === undefined ? fromNp : G.toDtype(fromNp, d);
  return G.tensor(nestedData(a.data), { dtype: d });
});

function likeOpts(x: Tensor, a: BoundArgs): G.CreateOptions {
  checkDevice(a);
  return { dtype: optDtype(a.dtype) ?? x.dtype, requiresGrad: a.requires_grad === true };
}
const LIKE_SIG = [`(Tensor input, *, ${FACTORY_KW}, any memory_format = None)`];

function arangeImpl(a: BoundArgs, i: number): Tensor {
  const o = opts(a);
  const num = (v: PyValue) => numberOf(v);
  if (i === 0) return G.arange(G.pyInt(0), num(a.end), G.pyInt(1), o);
  return G.arange(num(a.start), num(a.end), num(a.step), o);
}

function normalImpl(a: BoundArgs, i: number): Tensor {
  const gen = genOf(a.generator);
  if (i === 3) {
    const shape = ints(a.size);
    const dtype = optDtype(a.dtype) ?? G.getDefaultDtype();
    const out = G.zeros(shape, { dtype });
    fillNormal(gen, out.storage as Float32Array, jsNumber(a.mean), jsNumber(a.std), dtype as 'float32');
    if (a.requires_grad === true) G.requiresGrad_(out, true);
    return out;
  }
  // tensor mean and/or std: draws N(0, 1) of the broadcast shape, then scales and shifts.
  const meanT = a.mean instanceof Tensor ? a.mean : null;
  const stdT = a.std instanceof Tensor ? a.std : null;
  const like = meanT ?? stdT!;
  const shape = meanT && stdT ? G.add(G.zerosLike(meanT), G.zerosLike(stdT)).shape : like.shape;
  const dtype = like.dtype;
  if (!isFloating(dtype)) throw new TorchError('RuntimeError', `"normal_kernel_cpu" not implemented for '${dtype}'`);
  const z = G.zeros(shape, { dtype });
  fillNormal(gen, z.storage as Float32Array, 0, 1, dtype as 'float32');
  return G.noGrad(() => G.add(G.mul(z, stdT ?? scalarOf(a.std)!), meanT ?? scalarOf(a.mean)!));
}

// ---------------------------------------------------------------- memoised submodules

/**
 * Submodules are built once per run and shared between `import torch.nn` and the attribute
 * `torch.nn` that `import torch` already provides (PyTorch imports them with torch).
 */
const memoised = new Set<string>();
const perRun = new WeakMap<RunContext, Map<string, PyModule>>();
export function memoiseModule(name: string): void {
  if (memoised.has(name)) return;
  const factory = lookupModuleFactory(name);
  if (!factory) return;
  memoised.add(name);
  const wrapped: ModuleFactory = (ctx) => {
    let mods = perRun.get(ctx);
    if (!mods) perRun.set(ctx, (mods = new Map()));
    let m = mods.get(name);
    if (!m) mods.set(name, (m = factory(ctx)));
    return m;
  };
  registerModuleFactory(name, wrapped);
}
/** The submodule of this run (built on first use); undefined when nobody registered it. */
export function submodule(ctx: RunContext, name: string): PyModule | undefined {
  memoiseModule(name);
  const f = lookupModuleFactory(name);
  return f ? f(ctx) : undefined;
}

/** Submodules `import torch` exposes as attributes, when registered. */
export const TORCH_SUBMODULES = ['autograd', 'cuda', 'nn', 'optim', 'linalg', 'utils', 'backends', 'random', 'testing', 'distributions', 'special', 'fft'];

// ---------------------------------------------------------------- the module

function buildTorch(m: ModuleBuilder): void {
  const set = (k: string, v: PyValue) => m.set(k, v);
  set('__version__', TORCH_VERSION);
  set('Tensor', TensorType);
  set('Size', SizeType);
  set('dtype', DTypeType);
  set('device', DeviceType);
  set('Generator', GeneratorType);
  set('default_generator', defaultGenerator);
  for (const [name, d] of [
    ['float32', 'float32'], ['float', 'float32'], ['float64', 'float64'], ['double', 'float64'], ['int64', 'int64'], ['long', 'int64'],
    ['int32', 'int32'], ['int', 'int32'], ['uint8', 'uint8'], ['bool', 'bool'], ['int8', 'int8'], ['int16', 'int16'], ['short', 'int16'],
    ['float16', 'float16'], ['half', 'float16'], ['bfloat16', 'bfloat16'],
  ] as [string, DType][]) set(name, DTYPE_OBJECTS[d]);
  for (const name of ['complex64', 'cfloat', 'complex128', 'cdouble', 'complex32', 'chalf']) set(name, COMPLEX_DTYPE);
  set('finfo', FinfoType);
  set('iinfo', IinfoType);
  for (const name of ['complex', 'view_as_complex', 'polar']) set(name, rawFn(name, () => complexUnsupported()));
  set('strided', 'torch.strided');
  set('inf', Infinity);
  set('nan', NaN);
  set('pi', Math.PI);
  set('e', Math.E);

  // ops shared with Tensor methods
  for (const o of TENSOR_OPS) {
    if (!o.fnSigs) continue;
    const s = sigs(o.name, o.fnSigs, false, o.hidden);
    set(o.name, rawFn(o.name, (args, kwargs) => {
      const { index, a } = s.bind(args, kwargs);
      return o.impl(a.input as Tensor, a, index);
    }));
  }

  // torch.pow also takes a Python number as the base (PowBackward2)
  set('pow', sigFn('pow', ['(Tensor input, Tensor exponent, *, Tensor out = None)', '(Number self, Tensor exponent, *, Tensor out = None)', '(Tensor input, Number exponent, *, Tensor out = None)'], (a, i) =>
    i === 1 ? G.pow(numberOf(a.self), a.exponent as Tensor) : G.pow(a.input as Tensor, i === 0 ? (a.exponent as Tensor) : numberOf(a.exponent))));

  set('repeat_interleave', sigFn('repeat_interleave', [
    '(Tensor input, Tensor repeats, int dim = None, *, int output_size = None)',
    '(Tensor repeats, *, int output_size = None)',
    '(Tensor input, int repeats, int dim = None, *, int output_size = None)',
  ], (a, i) => (i === 1 ? X.repeatIndices(a.repeats as Tensor) : X.repeatInterleave(a.input as Tensor, i === 0 ? (a.repeats as Tensor) : toInt(a.repeats), a.dim === null ? null : toInt(a.dim)))));
  set('einsum', rawFn('einsum', (args) => {
    const [equation, ...rest] = args;
    if (typeof equation !== 'string') return raiseTypeError(`einsum(): argument 'equation' (position 1) must be str, not ${typeName(equation ?? null)}`);
    const list = rest.length === 1 && (rest[0] instanceof PyList || rest[0] instanceof PyTuple) ? (rest[0] as PyList).items : rest;
    list.forEach((t, i) => {
      if (!(t instanceof Tensor)) raiseTypeError(`expected Tensor as element ${i} in argument 1, but got ${typeName(t)}`);
    });
    return X.einsum(equation, list as Tensor[]);
  }));
  set('unique', sigFn('unique', ['(Tensor input, bool sorted = True, bool return_inverse = False, bool return_counts = False, int dim = None)'], (a) =>
    uniqueResult(a.input as Tensor, a.return_inverse === true, a.return_counts === true, a.dim)));

  // creation
  set('tensor', tensorFn);
  set('as_tensor', asTensorFn);
  set('from_numpy', rawFn('from_numpy', (args) => {
    const t = numpyBridge.fromNumpy?.(args[0] ?? null);
    if (!t) return raiseTypeError(`expected np.ndarray (got ${typeName(args[0] ?? null)})`);
    return t;
  }));
  set('zeros', sigFn('zeros', SIZE_FACTORY, (a) => G.zeros(ints(a.size), opts(a))));
  set('ones', sigFn('ones', SIZE_FACTORY, (a) => G.ones(ints(a.size), opts(a))));
  set('empty', sigFn('empty', [`(tuple of ints size, *, any out = None, ${FACTORY_KW}, any memory_format = None)`], (a) => G.empty(ints(a.size), opts(a))));
  set('full', sigFn('full', [`(tuple of ints size, Number fill_value, *, any out = None, ${FACTORY_KW})`], (a) => G.full(ints(a.size), numberOf(a.fill_value), opts(a))));
  set('eye', sigFn('eye', [`(int n, *, any out = None, ${FACTORY_KW})`, `(int n, int m, *, any out = None, ${FACTORY_KW})`], (a, i) =>
    G.eye(toInt(a.n), i === 0 ? toInt(a.n) : toInt(a.m), opts(a))));
  set('arange', sigFn('arange', [
    `(Number end, *, any out = None, ${FACTORY_KW})`,
    `(Number start, Number end, *, any out = None, ${FACTORY_KW})`,
    `(Number start, Number end, Number step = 1, *, any out = None, ${FACTORY_KW})`,
  ], (a, i) => arangeImpl(a, i === 1 ? 2 : i)));
  set('linspace', sigFn('linspace', [`(Number start, Number end, int steps, *, any out = None, ${FACTORY_KW})`], (a) =>
    G.linspace(numberOf(a.start).value, numberOf(a.end).value, toInt(a.steps), opts(a))));
  set('zeros_like', sigFn('zeros_like', LIKE_SIG, (a) => G.zerosLike(a.input as Tensor, likeOpts(a.input as Tensor, a))));
  set('ones_like', sigFn('ones_like', LIKE_SIG, (a) => G.onesLike(a.input as Tensor, likeOpts(a.input as Tensor, a))));
  set('empty_like', sigFn('empty_like', LIKE_SIG, (a) => G.emptyLike(a.input as Tensor, likeOpts(a.input as Tensor, a))));
  set('full_like', sigFn('full_like', [`(Tensor input, Number fill_value, *, ${FACTORY_KW}, any memory_format = None)`], (a) =>
    G.fullLike(a.input as Tensor, numberOf(a.fill_value), likeOpts(a.input as Tensor, a))));
  set('rand_like', sigFn('rand_like', [`(Tensor input, *, any generator = None, ${FACTORY_KW}, any memory_format = None)`], (a) =>
    G.randLike(a.input as Tensor, { ...likeOpts(a.input as Tensor, a), generator: genOf(a.generator) })));
  set('randn_like', sigFn('randn_like', [`(Tensor input, *, any generator = None, ${FACTORY_KW}, any memory_format = None)`], (a) =>
    G.randnLike(a.input as Tensor, { ...likeOpts(a.input as Tensor, a), generator: genOf(a.generator) })));
  set('rand', sigFn('rand', RANDOM_FACTORY, (a) => G.rand(ints(a.size), { ...opts(a), generator: genOf(a.generator) })));
  set('randn', sigFn('randn', RANDOM_FACTORY, (a) => G.randn(ints(a.size), { ...opts(a), generator: genOf(a.generator) })));
  set('randint', sigFn('randint', [
    `(int high, tuple of ints size, *, any generator = None, any out = None, ${FACTORY_KW})`,
    `(int low, int high, tuple of ints size, *, any generator = None, any out = None, ${FACTORY_KW})`,
  ], (a, i) => G.randint(i === 0 ? 0 : toInt(a.low), toInt(a.high), ints(a.size), { ...opts(a), generator: genOf(a.generator) })));
  set('randperm', sigFn('randperm', [`(int n, *, any generator = None, any out = None, ${FACTORY_KW})`], (a) =>
    G.randperm(toInt(a.n), { ...opts(a), generator: genOf(a.generator) })));
  set('normal', sigFn('normal', [
    '(Tensor mean, Tensor std, *, any generator = None, any out = None)',
    '(Tensor mean, float std = 1, *, any generator = None, any out = None)',
    '(float mean, Tensor std, *, any generator = None, any out = None)',
    `(float mean, float std, tuple of ints size, *, any generator = None, any out = None, ${FACTORY_KW})`,
  ], normalImpl));
  set('manual_seed', sigFn('manual_seed', ['(any seed)'], (a) => defaultGenerator.manualSeed(seedValue(a.seed))));
  set('initial_seed', rawFn('initial_seed', () => defaultGenerator.initialSeed()));
  set('seed', rawFn('seed', () => defaultGenerator.initialSeed()));

  // joining
  set('cat', sigFn('cat', ['(tuple of Tensors tensors, int dim = 0, *, any out = None)'], (a) => cat(tensors(a.tensors), toInt(a.dim))));
  m.set('concat', m.module.dict.get('cat')!);
  m.set('concatenate', m.module.dict.get('cat')!);
  set('stack', sigFn('stack', ['(tuple of Tensors tensors, int dim = 0, *, any out = None)'], (a) => stack(tensors(a.tensors), toInt(a.dim))));
  set('hstack', sigFn('hstack', ['(tuple of Tensors tensors, *, any out = None)'], (a) => {
    const ts = tensors(a.tensors).map((t) => (t.ndim === 0 ? G.reshape(t, [1]) : t));
    return cat(ts, ts[0]?.ndim === 1 ? 0 : 1);
  }));
  set('vstack', sigFn('vstack', ['(tuple of Tensors tensors, *, any out = None)'], (a) =>
    cat(tensors(a.tensors).map((t) => (t.ndim < 2 ? G.reshape(t, [1, t.numel]) : t)), 0)));
  set('where', sigFn('where', ['(Tensor condition, Tensor~ input, Tensor~ other, *, any out = None)'], (a) =>
    G.where(a.condition as Tensor, a.input instanceof Tensor ? a.input : scalarOf(a.input)!, a.other instanceof Tensor ? a.other : scalarOf(a.other)!)));

  // predicates and small helpers
  set('is_tensor', rawFn('is_tensor', (args) => args[0] instanceof Tensor));
  set('is_grad_enabled', rawFn('is_grad_enabled', () => gradMode.enabled));
  set('is_inference_mode_enabled', rawFn('is_inference_mode_enabled', () => gradMode.inference));
  set('get_default_dtype', rawFn('get_default_dtype', () => DTYPE_OBJECTS[G.getDefaultDtype()]));
  set('set_default_dtype', sigFn('set_default_dtype', ['(torch.dtype d)'], (a) => {
    G.setDefaultDtype((a.d as DTypeValue).dtype);
    return null;
  }));
  set('set_printoptions', sigFn('set_printoptions', ['(int precision = None, int threshold = None, int edgeitems = None, int linewidth = None, str profile = None, bool sci_mode = None)'], (a) => {
    setPrintOptions({
      precision: a.precision === null ? undefined : toInt(a.precision),
      threshold: a.threshold === null ? undefined : jsNumber(a.threshold),
      edgeitems: a.edgeitems === null ? undefined : toInt(a.edgeitems),
      linewidth: a.linewidth === null ? undefined : toInt(a.linewidth),
      profile: a.profile === null ? undefined : (a.profile as 'default'),
      sci_mode: a.sci_mode === null ? undefined : a.sci_mode === true,
    });
    return null;
  }));

  // grad modes
  set('no_grad', NoGradType);
  set('enable_grad', EnableGradType);
  set('set_grad_enabled', SetGradEnabledType);
  set('inference_mode', InferenceModeType);

  // submodules
  for (const name of TORCH_SUBMODULES) {
    const sub = submodule(m.ctx, `torch.${name}`);
    if (sub) set(name, sub);
  }
  void dimsOf;
  void PyDict;
  void autogradGrad;
  void autogradBackward;
}

export function registerTorchModule(): void {
  registerAutogradFunctional();
  registerGradcheckModule();
  registerAutogradModule();
  defineModule('torch.cuda', (m) => {
    m.set('is_available', rawFn('is_available', () => false));
    m.set('device_count', rawFn('device_count', () => 0n));
    m.set('manual_seed', rawFn('manual_seed', () => null));
    m.set('manual_seed_all', rawFn('manual_seed_all', () => null));
  });
  defineModule('torch', buildTorch);
}
