// `torch.optim`: Optimizer (param groups, state, zero_grad, exact repr), SGD and Adam with
// PyTorch CPU's update arithmetic, and lr_scheduler.StepLR.
//
// On CPU PyTorch takes the single-tensor ("for-loop") path by default (foreach kernels are
// only the default on accelerators), so each update is a chain of separate elementwise
// kernels, each rounding to the parameter's dtype. The compiled kernels fuse some of them
// (verified against PyTorch 2.14 on 4099-element tensors, vector body and scalar tail alike):
//   add(a, b, alpha)        → fma(b, alpha, a)
//   lerp(a, b, w), |w|<0.5  → fma(w, b - a, a);   |w|≥0.5 → fma(w - 1, b - a, b)
//   addcmul(a, t1, t2, v)   → fma(v·t1, t2, a)
//   addcdiv(a, t1, t2, v)   → a + (v·t1) / t2     (no fusion)
//   mul / div by a Python scalar: the scalar is first rounded to the dtype.
import { Tensor, writeStrided } from '../tensor/tensor';
import { fmaF32, fmaF64 } from '../tensor/random';
import { crPow } from '../tensor/libm';
import { zerosLike, scalarTensor } from '../ops/creation';
import { withGradEnabled } from '../autograd';
import {
  callValue, defineModule, defineNativeType, iterToArray, method, PyDict, PyInstance, PyList, PyTuple, PyType,
  PyValue, raise, raiseTypeError, rawMethod, repr, str, truthy, TypeErrorType, ValueErrorType, typeOf, isInstance, setType,
  NotImplementedErrorType, dictType,
} from '../script/native';
import { bind, legacyTypeName, warn } from './nn_common';
import { zeroGradAll } from './nn';
import { submodule } from './torch_module';

const f32 = Math.fround;

// ---------------------------------------------------------------- Optimizer

export class OptimizerObject extends PyInstance {
  defaults = new PyDict();
  paramGroups = new PyList([]);
  /** param → per-parameter state dict (PyTorch's defaultdict(dict)). */
  state = stateDict();
  stepCount = 0;
}

/** `defaultdict(dict)` as optimizer.state prints it. */
const DefaultDictType: PyType = (() => {
  const t = new PyType('defaultdict', [dictType], true, 'collections');
  t.alloc = dictType.alloc;
  t.dict.set('__repr__', method('__repr__', '', (self: PyDict) =>
    "defaultdict(<class 'dict'>, {" + [...self.map.values()].map(([k, v]) => repr(k) + ': ' + repr(v)).join(', ') + '})'));
  return t;
})();
function stateDict(): PyDict {
  const d = new PyDict();
  d.cls = DefaultDictType;
  return d;
}

function num(v: PyValue, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Tensor && v.numel === 1) return v.at(0);
  return raiseTypeError(`${what} must be a number, not ${typeOf(v).name}`);
}

function groupParams(group: PyDict): Tensor[] {
  return (group.get('params') as PyList).items as Tensor[];
}

function addParamGroup(self: OptimizerObject, groupValue: PyValue): void {
  if (!(groupValue instanceof PyDict)) raiseTypeError(`param_group must be a dict, but got ${repr(typeOf(groupValue))}`);
  const group = groupValue as PyDict;
  const params = group.get('params');
  let list: PyValue[];
  if (params instanceof Tensor) list = [params];
  else if (params !== undefined && isInstance(params, setType)) {
    return raiseTypeError('optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.');
  } else list = iterToArray(params ?? null);
  const names: PyValue[] = [];
  const tensors: PyValue[] = [];
  for (const p of list) {
    if (p instanceof PyTuple && p.items.length === 2) {
      names.push(p.items[0]);
      tensors.push(p.items[1]);
    } else tensors.push(p);
  }
  if (names.length > 0 && names.length !== tensors.length) raise(ValueErrorType, 'all optimizer params should be with/without names. Some param names are missing');
  group.set('params', new PyList(tensors));
  if (names.length > 0) group.set('param_names', new PyList(names));
  for (const p of tensors) {
    if (!(p instanceof Tensor)) raiseTypeError(`optimizer can only optimize Tensors, but one of the params is ${legacyTypeName(p)}`);
    const t = p as Tensor;
    if (!(t.isLeaf || t.retainsGrad)) raise(ValueErrorType, "can't optimize a non-leaf Tensor");
  }
  for (const k of self.defaults.keys()) if (!group.has(k)) group.set(k, self.defaults.get(k)!);
  if (new Set(tensors).size !== tensors.length) {
    warn('optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information');
  }
  const seen = new Set<PyValue>();
  for (const g of self.paramGroups.items) for (const p of groupParams(g as PyDict)) seen.add(p);
  if (tensors.some((p) => seen.has(p))) raise(ValueErrorType, 'some parameters appear in more than one parameter group');
  self.paramGroups.items.push(group);
}

function optimizerInit(self: OptimizerObject, params: PyValue, defaults: PyDict): void {
  if (params instanceof Tensor) {
    raiseTypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${legacyTypeName(params)}`);
  }
  self.defaults = defaults;
  const groups = iterToArray(params);
  if (groups.length === 0) raise(ValueErrorType, 'optimizer got an empty parameter list');
  const list = groups[0] instanceof PyDict ? groups : [PyDict.fromEntries([['params', new PyList(groups)]])];
  for (const g of list) addParamGroup(self, g);
}

function optimizerRepr(self: OptimizerObject): string {
  let out = typeOf(self).name + ' (';
  self.paramGroups.items.forEach((g, i) => {
    const group = g as PyDict;
    out += `\nParameter Group ${i}\n`;
    const keys = (group.keys() as string[]).slice().sort();
    for (const k of keys) if (k !== 'params') out += `    ${k}: ${str(group.get(k)!)}\n`;
  });
  return out + ')';
}

function paramState(self: OptimizerObject, p: Tensor): PyDict {
  let s = self.state.get(p) as PyDict | undefined;
  if (s === undefined) {
    s = new PyDict();
    self.state.set(p, s);
  }
  return s;
}

/** Dense element data of `t` for reading and writing, plus a function that stores it back. */
function dense(t: Tensor): { data: Float32Array | Float64Array; commit: () => void } {
  if (t.offset === 0 && t.storage.length === t.numel && t.isContiguous()) {
    return { data: t.storage as Float32Array | Float64Array, commit: () => {} };
  }
  const data = t.dataCopy() as Float32Array | Float64Array;
  return { data, commit: () => writeStrided(t, data) };
}

function checkFloatParam(p: Tensor): void {
  if (p.dtype !== 'float32' && p.dtype !== 'float64') raiseTypeError(`Gradscope: optimizers support float32/float64 parameters, got torch.${p.dtype}`);
}

// ---------------------------------------------------------------- SGD

function sgdStep(self: OptimizerObject): void {
  for (const g of self.paramGroups.items) {
    const group = g as PyDict;
    const lr = num(group.get('lr')!, 'lr');
    const momentum = num(group.get('momentum')!, 'momentum');
    const dampening = num(group.get('dampening')!, 'dampening');
    const wd = num(group.get('weight_decay')!, 'weight_decay');
    const nesterov = truthy(group.get('nesterov')!);
    const maximize = truthy(group.get('maximize')!);
    for (const p of groupParams(group)) {
      if (p.grad === null) continue;
      checkFloatParam(p);
      const state = paramState(self, p);
      const grad = p.grad.data();
      const { data: w, commit } = dense(p);
      const n = w.length;
      const is32 = p.dtype === 'float32';
      const fma = is32 ? fmaF32 : fmaF64;
      const round = is32 ? f32 : (x: number): number => x;
      const wdS = round(wd);
      const mS = round(momentum);
      const dampS = round(1 - dampening);
      const negLr = round(-lr);
      let buf: Float32Array | Float64Array | null = null;
      let fresh = false;
      if (momentum !== 0) {
        const existing = state.get('momentum_buffer');
        if (existing instanceof Tensor) buf = dense(existing).data;
        else {
          const b = zerosLike(p);
          state.set('momentum_buffer', b);
          buf = b.storage as Float32Array | Float64Array;
          fresh = true;
        }
      }
      for (let i = 0; i < n; i++) {
        let d = maximize ? -grad[i] : grad[i];
        if (wd !== 0) d = fma(w[i], wdS, d);
        if (buf !== null) {
          // first step: buf = grad.clone(); later: buf.mul_(momentum).add_(grad, alpha=1 - dampening)
          buf[i] = fresh ? d : fma(d, dampS, round(buf[i] * mS));
          d = nesterov ? fma(buf[i], mS, d) : buf[i];
        }
        w[i] = fma(d, negLr, w[i]);
      }
      commit();
      p.version.value++;
    }
  }
}

// ---------------------------------------------------------------- Adam

function adamStep(self: OptimizerObject): void {
  for (const g of self.paramGroups.items) {
    const group = g as PyDict;
    const lr = num(group.get('lr')!, 'lr');
    const betas = iterToArray(group.get('betas')!);
    const beta1 = num(betas[0], 'beta1');
    const beta2 = num(betas[1], 'beta2');
    const eps = num(group.get('eps')!, 'eps');
    const wd = num(group.get('weight_decay')!, 'weight_decay');
    const amsgrad = truthy(group.get('amsgrad')!);
    const maximize = truthy(group.get('maximize')!);
    const decoupled = truthy(group.get('decoupled_weight_decay') ?? false);
    for (const p of groupParams(group)) {
      if (p.grad === null) continue;
      checkFloatParam(p);
      const state = paramState(self, p);
      if (state.size === 0) {
        state.set('step', scalarTensor(0, 'float32'));
        state.set('exp_avg', zerosLike(p));
        state.set('exp_avg_sq', zerosLike(p));
        if (amsgrad) state.set('max_exp_avg_sq', zerosLike(p));
      }
      const stepT = state.get('step') as Tensor;
      stepT.storage[stepT.offset] = f32(stepT.storage[stepT.offset] + 1);
      stepT.version.value++;
      const step = stepT.storage[stepT.offset];
      const is32 = p.dtype === 'float32';
      const fma = is32 ? fmaF32 : fmaF64;
      const round = is32 ? f32 : (x: number): number => x;
      const bc1 = 1 - crPow(beta1, step);
      const bc2 = 1 - crPow(beta2, step);
      const stepSize = lr / bc1;
      const bc2Sqrt = Math.sqrt(bc2);
      const grad = p.grad.data();
      const { data: w, commit } = dense(p);
      const ea = dense(state.get('exp_avg') as Tensor).data;
      const eas = dense(state.get('exp_avg_sq') as Tensor).data;
      const maxEas = amsgrad ? dense(state.get('max_exp_avg_sq') as Tensor).data : null;
      const wdS = round(wd);
      const decay = round(1 - lr * wd);
      const w1 = round(1 - beta1);
      const w1m1 = round(w1 - 1);
      const smallW1 = Math.abs(w1) < 0.5;
      const b2 = round(beta2);
      const w2 = round(1 - beta2);
      const bc2S = round(bc2Sqrt);
      const epsS = round(eps);
      const negStep = round(-stepSize);
      const n = w.length;
      for (let i = 0; i < n; i++) {
        let d = maximize ? -grad[i] : grad[i];
        if (wd !== 0) {
          if (decoupled) w[i] = round(w[i] * decay);
          else d = fma(w[i], wdS, d);
        }
        const diff = round(d - ea[i]);
        ea[i] = smallW1 ? fma(w1, diff, ea[i]) : fma(w1m1, diff, d);
        eas[i] = fma(round(w2 * d), d, round(eas[i] * b2));
        let second = eas[i];
        if (maxEas !== null) {
          if (second > maxEas[i] || second !== second) maxEas[i] = second;
          second = maxEas[i];
        }
        const denom = round(round(round(Math.sqrt(second)) / bc2S) + epsS);
        w[i] = round(w[i] + round(round(negStep * ea[i]) / denom));
      }
      commit();
      p.version.value++;
    }
  }
}

// ---------------------------------------------------------------- Python types

function stepWithClosure(self: OptimizerObject, closure: PyValue, update: (o: OptimizerObject) => void): PyValue {
  let loss: PyValue = null;
  if (closure !== null) loss = withGradEnabled(true, () => callValue(closure, []));
  withGradEnabled(false, () => update(self));
  self.stepCount++;
  return loss;
}

function optimizerStateDict(self: OptimizerObject): PyDict {
  const index = new Map<Tensor, bigint>();
  const groups: PyValue[] = [];
  for (const g of self.paramGroups.items) {
    const group = g as PyDict;
    const packed = new PyDict();
    for (const k of group.keys()) if (k !== 'params') packed.set(k, group.get(k)!);
    packed.set('params', new PyList(groupParams(group).map((p) => {
      if (!index.has(p)) index.set(p, BigInt(index.size));
      return index.get(p)!;
    })));
    groups.push(packed);
  }
  const state = new PyDict();
  for (const p of self.state.keys()) {
    const i = index.get(p as Tensor);
    if (i !== undefined) state.set(i, self.state.get(p)!);
  }
  return PyDict.fromEntries([['state', state], ['param_groups', new PyList(groups)]]);
}

export const OptimizerType: PyType = defineNativeType({
  name: 'Optimizer',
  module: 'torch.optim.optimizer',
  alloc: (cls) => new OptimizerObject(cls),
  methods: {
    __init__: method('Optimizer.__init__', 'params, defaults', (self: OptimizerObject, params: PyValue, defaults: PyValue) => {
      if (!(defaults instanceof PyDict)) raiseTypeError('defaults must be a dict');
      optimizerInit(self, params, defaults as PyDict);
      return null;
    }),
    __repr__: method('__repr__', '', (self: OptimizerObject) => optimizerRepr(self)),
    zero_grad: method('zero_grad', 'set_to_none=True', (self: OptimizerObject, setToNone: PyValue) => {
      const all: Tensor[] = [];
      for (const g of self.paramGroups.items) all.push(...groupParams(g as PyDict));
      zeroGradAll(all, truthy(setToNone));
      return null;
    }),
    add_param_group: method('add_param_group', 'param_group', (self: OptimizerObject, g: PyValue) => {
      addParamGroup(self, g);
      return null;
    }),
    state_dict: method('state_dict', '', (self: OptimizerObject) => optimizerStateDict(self)),
    step: method('step', 'closure=None', () => raise(NotImplementedErrorType, '')),
  },
  getters: {
    param_groups: { get: (self: OptimizerObject) => self.paramGroups, set: (self: OptimizerObject, v: PyValue) => { self.paramGroups = v as PyList; } },
    state: { get: (self: OptimizerObject) => self.state },
    defaults: { get: (self: OptimizerObject) => self.defaults, set: (self: OptimizerObject, v: PyValue) => { self.defaults = v as PyDict; } },
  },
});


function floatRepr(v: PyValue): string {
  return repr(v);
}

export const SGDType: PyType = defineNativeType({
  name: 'SGD',
  module: 'torch.optim.sgd',
  bases: [OptimizerType],
  alloc: (cls) => new OptimizerObject(cls),
  methods: {
    __init__: rawMethod('__init__', (selfV, args, kwargs) => {
      const self = selfV as OptimizerObject;
      const [params, lr, momentum, dampening, wd, nesterov, maximize, foreach, differentiable, fused] = bind(
        'SGD.__init__', 'params, lr=0.001, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False, fused=None',
        args, kwargs,
      );
      if (lr instanceof Tensor && lr.numel !== 1) raise(ValueErrorType, 'Tensor lr must be 1-element');
      if (num(lr, 'lr') < 0) raise(ValueErrorType, `Invalid learning rate: ${floatRepr(lr)}`);
      if (num(momentum, 'momentum') < 0) raise(ValueErrorType, `Invalid momentum value: ${floatRepr(momentum)}`);
      if (num(wd, 'weight_decay') < 0) raise(ValueErrorType, `Invalid weight_decay value: ${floatRepr(wd)}`);
      const defaults = PyDict.fromEntries([
        ['lr', lr], ['momentum', momentum], ['dampening', dampening], ['weight_decay', wd], ['nesterov', nesterov], ['maximize', maximize],
        ['foreach', foreach], ['differentiable', differentiable], ['fused', fused],
      ]);
      if (truthy(nesterov) && (num(momentum, 'momentum') <= 0 || num(dampening, 'dampening') !== 0)) {
        raise(ValueErrorType, 'Nesterov momentum requires a momentum and zero dampening');
      }
      optimizerInit(self, params, defaults);
      return null;
    }),
    step: method('step', 'closure=None', (self: OptimizerObject, closure: PyValue) => stepWithClosure(self, closure, sgdStep)),
  },
});

function adamInit(name: string, defaultWd: string, decoupled: boolean) {
  return rawMethod('__init__', (selfV, args, kwargs) => {
    const self = selfV as OptimizerObject;
    const [params, lr, betas, eps, wd, amsgrad, foreach, maximize, capturable, differentiable, fused, decoupledArg] = bind(
      `${name}.__init__`,
      `params, lr=0.001, betas=None, eps=1e-08, weight_decay=${defaultWd}, amsgrad=False, *, foreach=None, maximize=False, capturable=False, differentiable=False, fused=None, decoupled_weight_decay=False`,
      args, kwargs,
    );
    const b = betas === null ? new PyTuple([0.9, 0.999]) : betas;
    const bs = iterToArray(b);
    if (!(num(lr, 'lr') >= 0)) raise(ValueErrorType, `Invalid learning rate: ${floatRepr(lr)}`);
    if (!(num(eps, 'eps') >= 0)) raise(ValueErrorType, `Invalid epsilon value: ${floatRepr(eps)}`);
    if (!(num(bs[0], 'beta') >= 0 && num(bs[0], 'beta') < 1)) raise(ValueErrorType, `Invalid beta parameter at index 0: ${floatRepr(bs[0])}`);
    if (!(num(bs[1], 'beta') >= 0 && num(bs[1], 'beta') < 1)) raise(ValueErrorType, `Invalid beta parameter at index 1: ${floatRepr(bs[1])}`);
    if (!(num(wd, 'weight_decay') >= 0)) raise(ValueErrorType, `Invalid weight_decay value: ${floatRepr(wd)}`);
    const entries: [PyValue, PyValue][] = [
      ['lr', lr], ['betas', b], ['eps', eps], ['weight_decay', wd], ['amsgrad', amsgrad], ['maximize', maximize], ['foreach', foreach],
      ['capturable', capturable], ['differentiable', differentiable], ['fused', fused],
    ];
    entries.push(['decoupled_weight_decay', decoupled ? true : decoupledArg]);
    optimizerInit(self, params, PyDict.fromEntries(entries));
    return null;
  });
}

export const AdamType: PyType = defineNativeType({
  name: 'Adam',
  module: 'torch.optim.adam',
  bases: [OptimizerType],
  alloc: (cls) => new OptimizerObject(cls),
  methods: {
    __init__: adamInit('Adam', '0', false),
    step: method('step', 'closure=None', (self: OptimizerObject, closure: PyValue) => stepWithClosure(self, closure, adamStep)),
  },
});

export const AdamWType: PyType = defineNativeType({
  name: 'AdamW',
  module: 'torch.optim.adamw',
  bases: [AdamType],
  alloc: (cls) => new OptimizerObject(cls),
  methods: { __init__: adamInit('AdamW', '0.01', true) },
});

// ---------------------------------------------------------------- lr_scheduler.StepLR

class SchedulerObject extends PyInstance {
  optimizer: OptimizerObject | null = null;
  lastEpoch = -1;
  stepSize = 1;
  gamma = 0.1;
  lastLr: PyValue[] = [];
}

function schedulerGroups(s: SchedulerObject): PyDict[] {
  return s.optimizer!.paramGroups.items as PyDict[];
}

function schedulerStep(s: SchedulerObject): void {
  s.lastEpoch++;
  if (s.lastEpoch !== 0 && s.lastEpoch % s.stepSize === 0) {
    for (const g of schedulerGroups(s)) g.set('lr', num(g.get('lr')!, 'lr') * s.gamma);
  }
  s.lastLr = schedulerGroups(s).map((g) => g.get('lr')!);
}

export const StepLRType: PyType = defineNativeType({
  name: 'StepLR',
  module: 'torch.optim.lr_scheduler',
  alloc: (cls) => new SchedulerObject(cls),
  methods: {
    __init__: method('StepLR.__init__', 'optimizer, step_size, gamma=0.1, last_epoch=-1', (self: SchedulerObject, opt: PyValue, stepSize: PyValue, gamma: PyValue, lastEpoch: PyValue) => {
      if (!(opt instanceof OptimizerObject)) raise(TypeErrorType, `${typeOf(opt).name} is not an Optimizer`);
      self.optimizer = opt as OptimizerObject;
      self.stepSize = num(stepSize, 'step_size');
      self.gamma = num(gamma, 'gamma');
      self.lastEpoch = num(lastEpoch, 'last_epoch');
      for (const g of schedulerGroups(self)) if (!g.has('initial_lr')) g.set('initial_lr', g.get('lr')!);
      schedulerStep(self);
      return null;
    }),
    step: method('step', 'epoch=None', (self: SchedulerObject) => {
      schedulerStep(self);
      return null;
    }),
    get_last_lr: method('get_last_lr', '', (self: SchedulerObject) => new PyList(self.lastLr.slice())),
    state_dict: method('state_dict', '', (self: SchedulerObject) => PyDict.fromEntries([
      ['step_size', BigInt(self.stepSize)], ['gamma', self.gamma], ['base_lrs', new PyList(schedulerGroups(self).map((g) => g.get('initial_lr')!))],
      ['last_epoch', BigInt(self.lastEpoch)], ['_last_lr', new PyList(self.lastLr.slice())],
    ])),
  },
  getters: {
    last_epoch: { get: (self: SchedulerObject) => BigInt(self.lastEpoch) },
    optimizer: { get: (self: SchedulerObject) => self.optimizer },
    base_lrs: { get: (self: SchedulerObject) => new PyList(schedulerGroups(self).map((g) => g.get('initial_lr')!)) },
  },
});

// ---------------------------------------------------------------- the Python module

let registered = false;

export function registerOptim(): void {
  if (registered) return;
  registered = true;
  defineModule('torch.optim.lr_scheduler', (m) => {
    m.set('StepLR', StepLRType);
  });
  defineModule('torch.optim', (m) => {
    m.set('Optimizer', OptimizerType);
    m.set('SGD', SGDType);
    m.set('Adam', AdamType);
    m.set('AdamW', AdamWType);
    const sched = submodule(m.ctx, 'torch.optim.lr_scheduler');
    if (sched) m.set('lr_scheduler', sched);
  });
}

