// Shape, indexing, reduction and join ops against PyTorch goldens (test/golden/ops_shape/cases.py):
// output shape, grad_fn graph (names and next_functions), forward values and input gradients.
import { describe } from 'vitest';
import '../../engine/ops/register';
import { checkGoldens } from './ops_shape_util';
import { Tensor } from '../../engine/tensor/tensor';
import { add, mul } from '../../engine/ops/arithmetic';
import { gt, lt, ge } from '../../engine/ops/compare';
import * as S from '../../engine/ops/shape';
import * as R from '../../engine/ops/reduce';
import * as I from '../../engine/ops/indexing';
import { cat, stack } from '../../engine/ops/join';

const idx = (v: number[]): Tensor => I.indexTensorFromList(v);
const sl = (start: number | null, stop: number | null, step: number | null = null): I.SliceItem => ({ start, stop, step });
const ALL = sl(null, null);

type Case = (...xs: Tensor[]) => Tensor;
const CASES: Record<string, Case> = {
  view: (x) => S.view(x, [4, 3]),
  view_infer: (x) => S.view(x, [-1, 2]),
  reshape_copy: (x) => S.reshape(S.t(x), [12]),
  flatten: (x) => S.flatten(x, 1),
  t: (x) => S.t(x),
  T: (x) => S.T(x),
  transpose: (x) => S.transpose(x, 0, 2),
  permute: (x) => S.permute(x, [2, 0, 1]),
  squeeze_all: (x) => S.squeeze(x),
  squeeze_dim: (x) => S.squeeze(x, 2),
  unsqueeze: (x) => S.unsqueeze(x, 1),
  expand: (x) => S.expand(x, [2, 3, 4]),
  narrow: (x) => S.narrow(x, 0, 1, 3),
  select: (x) => S.select(x, 1, -1),
  contiguous: (x) => S.contiguous(S.t(x)),
  movedim: (x) => S.movedim(x, 0, -1),
  repeat: (x) => S.repeat(x, [2, 1, 2]),
  flip: (x) => S.flip(x, [0, 1]),
  unbind1: (x) => S.unbind(x, 1)[2],
  split2: (x) => cat([S.split(x, 2)[2], S.split(x, 2)[0]]),
  split_sizes: (x) => S.split(x, [1, 4])[1],
  chunk: (x) => S.chunk(x, 2, 0)[1],
  idx_int: (x) => I.getitem(x, [1], false),
  idx_neg_int: (x) => I.getitem(x, [-1, 2]),
  idx_slice_step: (x) => I.getitem(x, [sl(1, null, 2)], false),
  idx_slice2: (x) => I.getitem(x, [ALL, sl(1, 3)]),
  idx_none: (x) => I.getitem(x, [null, ALL, 1]),
  idx_ellipsis: (x) => I.getitem(x, ['ellipsis', 1]),
  idx_alias: (x) => I.getitem(x, ['ellipsis'], false),
  idx_list: (x) => I.getitem(x, [idx([0, 2, 0])], false),
  idx_two_lists: (x) => I.getitem(x, [idx([0, 1, 2]), idx([3, 3, 0])]),
  idx_mask: (x) => I.getitem(x, [gt(x, 0)], false),
  idx_mask_dim0: (x) => I.getitem(x, [I.indexTensorFromList([true, false, true])], false),
  idx_adv_slice: (x) => I.getitem(x, [sl(1, null), idx([0, 3])]),
  idx_nonadjacent: (x) => I.getitem(x, [idx([0, 1]), ALL, idx([1, 2])]),
  idx_int_adv: (x) => I.getitem(x, [1, idx([0, 2])]),
  idx_tensor2d: (x) => I.getitem(x, [S.view(idx([0, 1, 3, 3]), [2, 2])], false),
  index_select: (x) => I.indexSelect(x, 1, idx([3, 0, 3])),
  gather: (x) => I.gather(x, 1, S.view(idx([0, 0, 1, 3, 2, 2]), [3, 2])),
  masked_fill: (x) => I.maskedFill(x, lt(x, 0), 2.5),
  masked_select: (x) => I.maskedSelect(x, ge(x, 0.5)),
  sum: (x) => R.sum(x),
  sum_dim: (x) => R.sum(x, 0),
  sum_dims_keep: (x) => R.sum(x, [0, 2], { keepdim: true }),
  sum_neg_dim: (x) => R.sum(x, -1),
  mean: (x) => R.mean(x),
  mean_dim: (x) => R.mean(x, 1),
  prod: (x) => R.prod(add(x, 3)),
  prod_dim_zero: (x) => R.prod(x, 1),
  max_all_ties: (x) => R.max(x),
  min_all_ties: (x) => R.min(x),
  max_dim: (x) => R.max(x, 1).values,
  min_dim_keep: (x) => R.min(x, 0, true).values,
  amax_ties: (x) => R.amax(x),
  amax_dim: (x) => R.amax(x, 0),
  amin_dim: (x) => R.amin(x, 1),
  norm: (x) => R.norm(x),
  norm_dim: (x) => R.norm(x, 2, 1),
  norm_p1: (x) => R.norm(x, 1),
  norm_p3: (x) => R.norm(x, 3),
  norm_inf: (x) => R.norm(x, Infinity),
  norm_zero: (x) => R.norm(mul(x, 0)),
  var: (x) => R.variance(x),
  var_dim: (x) => R.variance(x, 1),
  std: (x) => R.std(x),
  std_dim_c0: (x) => R.std(x, 0, { correction: 0 }),
  logsumexp: (x) => R.logsumexp(x, 1),
  cumsum: (x) => R.cumsum(x, 1),
  cat: (a, b) => cat([a, b]),
  cat_dim1: (a, b) => cat([a, b], 1),
  stack: (a, b) => stack([a, b], 1),
};

describe('shape / indexing / reduction / join ops match PyTorch', () => {
  checkGoldens('cases', CASES);
});
