// `torch.nn.functional` (import torch.nn.functional as F): Python signatures, PyTorch's argument
// checks, warnings and errors around the engine's nn ops. nn.ts's modules call the same
// functions, so `nn.MSELoss()(a, b)` and `F.mse_loss(a, b)` cannot drift apart.
import { Tensor } from '../tensor/tensor';
import { TorchError } from '../tensor/errors';
import { broadcastShapes } from '../tensor/tensor';
import * as NN from '../ops/nn';
import * as U from '../ops/unary';
import { reluInPlace, leakyReluInPlace } from '../ops/inplace';
import { expand } from '../ops/shape';
import { oneHot as oneHotKernel } from '../tensor/kernels/indexing';
import { defineModule, fn, PyValue, raise, raiseTypeError, ValueErrorType } from '../script/native';
import { floatArg, intArg, optDtypeArg, optTensorArg, tensorArg, warn } from './nn_common';

// ---------------------------------------------------------------- reductions (legacy args)

/** `_Reduction.legacy_get_string(size_average, reduce)` with its deprecation warning. */
export function resolveReduction(sizeAverage: PyValue, reduce: PyValue, reduction: PyValue): string {
  if (sizeAverage !== null || reduce !== null) {
    const sa = sizeAverage === null ? true : sizeAverage !== false && sizeAverage !== 0n;
    const rd = reduce === null ? true : reduce !== false && reduce !== 0n;
    const r = sa && rd ? 'mean' : rd ? 'sum' : 'none';
    warn(`size_average and reduce args will be deprecated, please use reduction='${r}' instead.`);
    return r;
  }
  if (typeof reduction !== 'string') return raiseTypeError(`reduction must be str, not ${typeof reduction}`);
  return reduction;
}

function checkReductionName(r: string): void {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') raise(ValueErrorType, `${r} is not a valid value for reduction`);
}

// ---------------------------------------------------------------- activations

export function relu(x: Tensor, inplace = false): Tensor {
  return inplace ? reluInPlace(x) : U.relu(x);
}
export function leakyRelu(x: Tensor, slope = 0.01, inplace = false): Tensor {
  return inplace ? leakyReluInPlace(x, slope) : U.leakyRelu(x, slope);
}
export function gelu(x: Tensor, approximate: PyValue = 'none'): Tensor {
  if (approximate !== 'none' && approximate !== 'tanh') throw new TorchError('RuntimeError', `approximate argument must be either none or tanh.`);
  return U.gelu(x, approximate);
}

/** F.softmax / F.log_softmax: dim=None takes PyTorch's legacy implicit dim, with its warning. */
export function softmaxLike(name: 'softmax' | 'log_softmax', x: Tensor, dim: PyValue, dtype: PyValue): Tensor {
  let d: number;
  if (dim === null) {
    warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
    d = NN.implicitSoftmaxDim(x.ndim);
  } else d = intArg(dim, name, 'dim');
  const dt = optDtypeArg(dtype);
  return name === 'softmax' ? NN.softmax(x, d, dt) : NN.logSoftmax(x, d, dt);
}

export function dropout(x: Tensor, p: number, training: boolean, inplace: boolean): Tensor {
  if (p < 0 || p > 1) raise(ValueErrorType, `dropout probability has to be between 0 and 1, but got ${formatFloat(p)}`);
  if (inplace && training && p > 0) throw new TorchError('NotImplementedError', 'Gradscope: F.dropout(inplace=True) is not supported yet');
  return NN.dropout(x, p, training);
}

function formatFloat(p: number): string {
  return Number.isInteger(p) ? p.toFixed(1) : String(p);
}

// ---------------------------------------------------------------- losses

/** mse_loss / l1_loss: the size warning, then `torch.broadcast_tensors` (ExpandBackward0 when sizes differ). */
function pointwiseLoss(kind: 'mse' | 'l1', input: Tensor, target: Tensor, reduction: string, weight: Tensor | null): Tensor {
  const msg = NN.lossSizeWarning(input, target);
  if (msg !== null) warn(msg);
  checkReductionName(reduction);
  if (weight !== null) throw new TorchError('NotImplementedError', `Gradscope: ${kind}_loss(weight=...) is not supported yet`);
  let a = input;
  let b = target;
  if (msg !== null) {
    const shape = broadcastShapes(input.shape, target.shape);
    if (shape === null) {
      throw new TorchError('RuntimeError', `The size of tensor a (${input.shape[input.ndim - 1]}) must match the size of tensor b (${target.shape[target.ndim - 1]}) at non-singleton dimension ${Math.max(input.ndim, target.ndim) - 1}`);
    }
    a = expand(input, shape);
    b = expand(target, shape);
  }
  return kind === 'mse' ? NN.mseLoss(a, b, reduction) : NN.l1Loss(a, b, reduction);
}

export function mseLoss(input: Tensor, target: Tensor, reduction = 'mean', weight: Tensor | null = null): Tensor {
  return pointwiseLoss('mse', input, target, reduction, weight);
}
export function l1Loss(input: Tensor, target: Tensor, reduction = 'mean', weight: Tensor | null = null): Tensor {
  return pointwiseLoss('l1', input, target, reduction, weight);
}
export function crossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: string, labelSmoothing: number): Tensor {
  checkReductionName(reduction);
  // Class probabilities only when the sizes agree; otherwise PyTorch takes the class-index path.
  const sameSize = input.shape.length === target.shape.length && input.shape.every((d, i) => d === target.shape[i]);
  if (!sameSize && input.ndim === 2 && (target.ndim !== 1 || target.shape[0] !== input.shape[0])) {
    raise(ValueErrorType, `Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.ndim === 0 ? 0 : target.shape[0]}).`);
  }
  if (!sameSize && target.dtype !== 'int64') {
    throw new TorchError('RuntimeError', `expected scalar type Long but found ${target.dtype === 'float32' ? 'Float' : target.dtype === 'float64' ? 'Double' : target.dtype}`);
  }
  return NN.crossEntropy(input, target, { weight, ignoreIndex, reduction, labelSmoothing });
}
export function nllLoss(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number, reduction: string): Tensor {
  checkReductionName(reduction);
  return NN.nllLoss(input, target, { weight, ignoreIndex, reduction });
}
export function binaryCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, reduction: string): Tensor {
  checkReductionName(reduction);
  return NN.binaryCrossEntropy(input, target, weight, reduction);
}
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, weight: Tensor | null, reduction: string, posWeight: Tensor | null): Tensor {
  checkReductionName(reduction);
  return NN.binaryCrossEntropyWithLogits(input, target, weight, reduction, posWeight);
}

// ---------------------------------------------------------------- the Python module

const bool = (v: PyValue): boolean => v === true || (typeof v === 'bigint' && v !== 0n);

export function registerFunctional(): void {
  defineModule('torch.nn.functional', (m) => {
    const T = tensorArg;
    m.set('relu', fn('relu', 'input, inplace=False', (x, inplace) => relu(T(x, 'relu'), bool(inplace))));
    m.set('relu_', fn('relu_', 'input', (x) => relu(T(x, 'relu_'), true)));
    m.set('leaky_relu', fn('leaky_relu', 'input, negative_slope=0.01, inplace=False', (x, s, inplace) =>
      leakyRelu(T(x, 'leaky_relu'), floatArg(s, 'leaky_relu', 'negative_slope'), bool(inplace))));
    m.set('sigmoid', fn('sigmoid', 'input', (x) => U.sigmoid(T(x, 'sigmoid'))));
    m.set('tanh', fn('tanh', 'input', (x) => U.tanh(T(x, 'tanh'))));
    m.set('gelu', fn('gelu', 'input, approximate="none"', (x, a) => gelu(T(x, 'gelu'), a)));
    m.set('silu', fn('silu', 'input, inplace=False', (x) => U.silu(T(x, 'silu'))));
    m.set('mish', fn('mish', 'input, inplace=False', (x) => U.mish(T(x, 'mish'))));
    m.set('elu', fn('elu', 'input, alpha=1.0, inplace=False', (x, a) => U.elu(T(x, 'elu'), floatArg(a, 'elu', 'alpha'))));
    m.set('softplus', fn('softplus', 'input, beta=1.0, threshold=20.0', (x, b, th) =>
      U.softplus(T(x, 'softplus'), floatArg(b, 'softplus', 'beta'), floatArg(th, 'softplus', 'threshold'))));
    m.set('hardtanh', fn('hardtanh', 'input, min_val=-1.0, max_val=1.0, inplace=False', (x, lo, hi) =>
      U.hardtanh(T(x, 'hardtanh'), floatArg(lo, 'hardtanh', 'min_val'), floatArg(hi, 'hardtanh', 'max_val'))));
    m.set('relu6', fn('relu6', 'input, inplace=False', (x) => U.relu6(T(x, 'relu6'))));
    m.set('softmax', fn('softmax', 'input, dim=None, _stacklevel=3, dtype=None', (x, dim, _s, dtype) => softmaxLike('softmax', T(x, 'softmax'), dim, dtype)));
    m.set('log_softmax', fn('log_softmax', 'input, dim=None, _stacklevel=3, dtype=None', (x, dim, _s, dtype) =>
      softmaxLike('log_softmax', T(x, 'log_softmax'), dim, dtype)));
    m.set('linear', fn('linear', 'input, weight, bias=None', (x, w, b) =>
      NN.linear(T(x, 'linear'), T(w, 'linear', 'weight', 2), optTensorArg(b, 'linear', 'bias', 3))));
    m.set('dropout', fn('dropout', 'input, p=0.5, training=True, inplace=False', (x, p, training, inplace) =>
      dropout(T(x, 'dropout'), floatArg(p, 'dropout', 'p'), bool(training), bool(inplace))));
    m.set('one_hot', fn('one_hot', 'tensor, num_classes=-1', (x, n) => oneHotKernel(T(x, 'one_hot', 'tensor'), intArg(n, 'one_hot', 'num_classes'))));
    m.set('mse_loss', fn('mse_loss', 'input, target, size_average=None, reduce=None, reduction="mean", weight=None', (x, y, sa, rd, r, w) =>
      mseLoss(T(x, 'mse_loss'), T(y, 'mse_loss', 'target', 2), resolveReduction(sa, rd, r), optTensorArg(w, 'mse_loss', 'weight'))));
    m.set('l1_loss', fn('l1_loss', 'input, target, size_average=None, reduce=None, reduction="mean", weight=None', (x, y, sa, rd, r, w) =>
      l1Loss(T(x, 'l1_loss'), T(y, 'l1_loss', 'target', 2), resolveReduction(sa, rd, r), optTensorArg(w, 'l1_loss', 'weight'))));
    m.set('cross_entropy', fn('cross_entropy',
      'input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean", label_smoothing=0.0',
      (x, y, w, sa, ii, rd, r, ls) => crossEntropy(T(x, 'cross_entropy'), T(y, 'cross_entropy', 'target', 2), optTensorArg(w, 'cross_entropy', 'weight'),
        intArg(ii, 'cross_entropy', 'ignore_index'), resolveReduction(sa, rd, r), floatArg(ls, 'cross_entropy', 'label_smoothing'))));
    m.set('nll_loss', fn('nll_loss', 'input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"',
      (x, y, w, sa, ii, rd, r) => nllLoss(T(x, 'nll_loss'), T(y, 'nll_loss', 'target', 2), optTensorArg(w, 'nll_loss', 'weight'),
        intArg(ii, 'nll_loss', 'ignore_index'), resolveReduction(sa, rd, r))));
    m.set('binary_cross_entropy', fn('binary_cross_entropy', 'input, target, weight=None, size_average=None, reduce=None, reduction="mean"',
      (x, y, w, sa, rd, r) => binaryCrossEntropy(T(x, 'binary_cross_entropy'), T(y, 'binary_cross_entropy', 'target', 2),
        optTensorArg(w, 'binary_cross_entropy', 'weight'), resolveReduction(sa, rd, r))));
    m.set('binary_cross_entropy_with_logits', fn('binary_cross_entropy_with_logits',
      'input, target, weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None',
      (x, y, w, sa, rd, r, pw) => binaryCrossEntropyWithLogits(T(x, 'binary_cross_entropy_with_logits'), T(y, 'binary_cross_entropy_with_logits', 'target', 2),
        optTensorArg(w, 'binary_cross_entropy_with_logits', 'weight'), resolveReduction(sa, rd, r), optTensorArg(pw, 'binary_cross_entropy_with_logits', 'pos_weight'))));
  });
}
