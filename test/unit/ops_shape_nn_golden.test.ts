// linalg and nn.functional ops against PyTorch goldens (test/golden/ops_shape/cases_nn.py):
// graphs per matmul rank case, F.linear's graph per input rank/layout, fused loss nodes.
import { describe } from 'vitest';
import { checkGoldens, Case } from './ops_shape_util';
import { Tensor } from '../../engine/tensor/tensor';
import { sigmoid } from '../../engine/ops/unary';
import * as S from '../../engine/ops/shape';
import * as L from '../../engine/ops/linalg';
import * as N from '../../engine/ops/nn';

const f32 = (rows: number[][]): Tensor => new Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0].length], 'float32');
const long = (v: number[], shape = [v.length]): Tensor => new Tensor(Float64Array.from(v), shape, 'int64');
const TGT = long([0, 3, 1]);
const PROBS = f32([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1]]);
const Y34 = f32([[0.0, 1.0, 0.5, 0.25], [1.0, 0.0, 0.0, 1.0], [0.75, 0.5, 1.0, 0.0]]);
const W4 = new Tensor(Float32Array.of(1.0, 2.0, 0.5, 1.5), [4], 'float32');

const CASES: Record<string, Case> = {
  mm: (a, b) => L.matmul(a, b),
  mv: (a, b) => L.matmul(a, b),
  dot: (a, b) => L.matmul(a, b),
  vecmat: (a, b) => L.matmul(a, b),
  mat3_mat2: (a, b) => L.matmul(a, b),
  mat3_mat3: (a, b) => L.matmul(a, b),
  mat2_mat3: (a, b) => L.matmul(a, b),
  mat3_vec: (a, b) => L.matmul(a, b),
  vec_mat3: (a, b) => L.matmul(a, b),
  bcast4_3: (a, b) => L.matmul(a, b),
  bmm: (a, b) => L.bmm(a, b),
  addmm: (c, a, b) => L.addmm(c, a, b),
  addmm_scaled: (c, a, b) => L.addmm(c, a, b, 0.5, 2),
  outer: (a, b) => L.outer(a, b),
  linear2d: (x, w, b) => N.linear(x, w, b),
  linear1d: (x, w, b) => N.linear(x, w, b),
  linear3d: (x, w, b) => N.linear(x, w, b),
  linear3d_noncontig: (x, w, b) => N.linear(S.permute(x, [2, 1, 0]), w, b),
  linear2d_nobias: (x, w) => N.linear(x, w),
  linear3d_nobias: (x, w) => N.linear(x, w),
  softmax: (x) => N.softmax(x, 1),
  softmax_dim0: (x) => N.softmax(x, 0),
  log_softmax: (x) => N.logSoftmax(x, -1),
  mse: (a, b) => N.mseLoss(a, b),
  mse_sum: (a, b) => N.mseLoss(a, b, 'sum'),
  mse_none: (a, b) => N.mseLoss(a, b, 'none'),
  mse_target_nograd: (a) => N.mseLoss(a, Y34),
  cross_entropy: (x) => N.crossEntropy(x, TGT),
  cross_entropy_sum: (x) => N.crossEntropy(x, TGT, { reduction: 'sum' }),
  cross_entropy_none: (x) => N.crossEntropy(x, TGT, { reduction: 'none' }),
  cross_entropy_weight: (x) => N.crossEntropy(x, TGT, { weight: W4 }),
  cross_entropy_ignore: (x) => N.crossEntropy(x, TGT, { ignoreIndex: 3 }),
  cross_entropy_1d: (x) => N.crossEntropy(x, long([2], [])),
  cross_entropy_probs: (x) => N.crossEntropy(x, PROBS),
  nll: (x) => N.nllLoss(x, TGT),
  bce: (x) => N.binaryCrossEntropy(sigmoid(x), Y34),
  bce_sum_weight: (x) => N.binaryCrossEntropy(sigmoid(x), Y34, W4, 'sum'),
  bce_logits: (x) => N.binaryCrossEntropyWithLogits(x, Y34),
  bce_logits_pos: (x) => N.binaryCrossEntropyWithLogits(x, Y34, null, 'mean', W4),
  l1: (a, b) => N.l1Loss(a, b),
  l1_none: (a) => N.l1Loss(a, Y34, 'none'),
};

describe('linalg and nn.functional ops match PyTorch', () => {
  checkGoldens('cases_nn', CASES, 2e-6);
});
