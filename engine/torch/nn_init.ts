// `torch.nn.init`: the in-place initialisers, drawing from PyTorch's generator with its exact
// recipes (engine/tensor/random.ts). Each runs under no_grad, bumps the version and returns
// the tensor, as PyTorch does.
import { Tensor, writeStrided } from '../tensor/tensor';
import { TorchError } from '../tensor/errors';
import {
  calculateGain, defaultGenerator, fanInOut, fillNormal, fillUniform, kaimingNormalStd, kaimingUniformBound, xavierNormalStd,
  xavierUniformBound,
} from '../tensor/random';
import { defineModule, fn, PyValue, raise, ValueErrorType } from '../script/native';
import { floatArg, tensorArg, warn } from './nn_common';

type Fill = (out: Float32Array | Float64Array, dtype: 'float32' | 'float64') => void;

/** Runs a random fill over the tensor's elements (directly in its storage when dense). */
function fillTensor(t: Tensor, fill: Fill): Tensor {
  if (t.dtype !== 'float32' && t.dtype !== 'float64') {
    throw new TorchError('NotImplementedError', `"check_uniform_bounds" not implemented for '${t.dtype === 'int64' ? 'Long' : t.dtype}'`);
  }
  const dense = t.offset === 0 && t.storage.length === t.numel && t.isContiguous();
  if (dense) fill(t.storage as Float32Array | Float64Array, t.dtype);
  else {
    const tmp = t.dtype === 'float32' ? new Float32Array(t.numel) : new Float64Array(t.numel);
    fill(tmp, t.dtype);
    writeStrided(t, tmp);
  }
  t.version.value++;
  return t;
}

function setConstant(t: Tensor, value: number): Tensor {
  const tmp = new Float64Array(t.numel).fill(value);
  writeStrided(t, tmp);
  t.version.value++;
  return t;
}

function gainOf(nonlinearity: PyValue, param: PyValue): number {
  if (nonlinearity === 'leaky_relu' && param !== null && typeof param !== 'number' && typeof param !== 'bigint' && typeof param !== 'boolean') {
    raise(ValueErrorType, `negative_slope ${String(param)} not a valid number`);
  }
  return calculateGain(String(nonlinearity), param === null ? undefined : floatArg(param, 'calculate_gain', 'param'));
}

function fanFor(t: Tensor, mode: PyValue): number {
  if (mode !== 'fan_in' && mode !== 'fan_out') raise(ValueErrorType, `Mode ${String(mode)} not supported, please use one of fan_in, fan_out`);
  const { fanIn, fanOut } = fanInOut(t.shape);
  return mode === 'fan_in' ? fanIn : fanOut;
}

function zeroElementNoOp(t: Tensor): boolean {
  if (t.numel !== 0) return false;
  warn('Initializing zero-element tensors is a no-op');
  return true;
}

export function registerInit(): void {
  defineModule('torch.nn.init', (m) => {
    const T = (v: PyValue): Tensor => tensorArg(v, 'init', 'tensor');
    const gen = defaultGenerator;
    // linear/conv/sigmoid return the Python int 1
    const INT_GAIN = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid']);
    m.set('calculate_gain', fn('calculate_gain', 'nonlinearity, param=None', (nl, p) => (INT_GAIN.has(String(nl)) ? 1n : gainOf(nl, p))));
    m.set('uniform_', fn('uniform_', 'tensor, a=0.0, b=1.0, generator=None', (t, a, b) => {
      const lo = floatArg(a, 'uniform_', 'a');
      const hi = floatArg(b, 'uniform_', 'b');
      return fillTensor(T(t), (out, dt) => fillUniform(gen, out, lo, hi, dt));
    }));
    m.set('normal_', fn('normal_', 'tensor, mean=0.0, std=1.0, generator=None', (t, mean, std) => {
      const mu = floatArg(mean, 'normal_', 'mean');
      const sd = floatArg(std, 'normal_', 'std');
      return fillTensor(T(t), (out, dt) => fillNormal(gen, out, mu, sd, dt));
    }));
    m.set('constant_', fn('constant_', 'tensor, val', (t, v) => setConstant(T(t), floatArg(v, 'constant_', 'val'))));
    m.set('ones_', fn('ones_', 'tensor', (t) => setConstant(T(t), 1)));
    m.set('zeros_', fn('zeros_', 'tensor', (t) => setConstant(T(t), 0)));
    m.set('xavier_uniform_', fn('xavier_uniform_', 'tensor, gain=1.0, generator=None', (t, g) => {
      const x = T(t);
      const { fanIn, fanOut } = fanInOut(x.shape);
      const bound = xavierUniformBound(fanIn, fanOut, floatArg(g, 'xavier_uniform_', 'gain'));
      return fillTensor(x, (out, dt) => fillUniform(gen, out, -bound, bound, dt));
    }));
    m.set('xavier_normal_', fn('xavier_normal_', 'tensor, gain=1.0, generator=None', (t, g) => {
      const x = T(t);
      const { fanIn, fanOut } = fanInOut(x.shape);
      const std = xavierNormalStd(fanIn, fanOut, floatArg(g, 'xavier_normal_', 'gain'));
      return fillTensor(x, (out, dt) => fillNormal(gen, out, 0, std, dt));
    }));
    m.set('kaiming_uniform_', fn('kaiming_uniform_', "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None", (t, a, mode, nl) => {
      const x = T(t);
      if (zeroElementNoOp(x)) return x;
      const bound = kaimingUniformBound(fanFor(x, mode), gainOf(nl, a));
      return fillTensor(x, (out, dt) => fillUniform(gen, out, -bound, bound, dt));
    }));
    m.set('kaiming_normal_', fn('kaiming_normal_', "tensor, a=0, mode='fan_in', nonlinearity='leaky_relu', generator=None", (t, a, mode, nl) => {
      const x = T(t);
      if (zeroElementNoOp(x)) return x;
      const std = kaimingNormalStd(fanFor(x, mode), gainOf(nl, a));
      return fillTensor(x, (out, dt) => fillNormal(gen, out, 0, std, dt));
    }));
    for (const name of ['trunc_normal_', 'orthogonal_', 'sparse_', 'dirac_', 'eye_']) {
      m.set(name, fn(name, '*args, **kwargs', () => {
        throw new TorchError('NotImplementedError', `Gradscope: torch.nn.init.${name} is not supported yet`);
      }));
    }
  });
}
