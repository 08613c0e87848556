// Property tests: the backward of every view / indexing / reduction / join / linalg / nn op
// against float64 central finite differences (first and, for some, second derivatives),
// over scalar, 1-D, 2-D and 3-D inputs.
import { describe, it } from 'vitest';
import fc from 'fast-check';
import '../../engine/ops/register';
import type { Tensor } from '../../engine';
import { f64, gradcheck, gradgradcheck } from './gradcheck_util';
import { mul } from '../../engine/ops/arithmetic';
import { gt } from '../../engine/ops/compare';
import * as S from '../../engine/ops/shape';
import * as R from '../../engine/ops/reduce';
import * as I from '../../engine/ops/indexing';
import * as J from '../../engine/ops/join';
import * as L from '../../engine/ops/linalg';
import * as N from '../../engine/ops/nn';

const RUNS = { numRuns: 8 };

function numel(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
/** Distinct values (no ties: max/min/norm-inf are smooth there), shuffled by fast-check. */
function tensorArb(shape: number[], lo = -2, hi = 2): fc.Arbitrary<Tensor> {
  const n = numel(shape);
  return fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: n, maxLength: n })
    .map((ints) => f64(ints.map((k) => lo + ((hi - lo) * (k + 0.5)) / 401), shape));
}
function check(shapes: number[][], fn: (...xs: Tensor[]) => Tensor, opts: { gradgrad?: boolean; lo?: number; hi?: number } = {}): void {
  const arb = fc.tuple(...shapes.map((s) => tensorArb(s, opts.lo, opts.hi)));
  fc.assert(fc.property(arb, (xs) => {
    gradcheck(fn, xs);
    if (opts.gradgrad) gradgradcheck(fn, xs);
  }), RUNS);
}
const long = (v: number[], shape = [v.length]): Tensor => I.indexTensorFromList(v.length === 0 ? [] : v).storage.length === v.length
  ? S.reshape(I.indexTensorFromList(v), shape) : I.indexTensorFromList(v);

describe('views and shape ops', () => {
  it('view / reshape / flatten / t / transpose / permute / squeeze / unsqueeze', () => {
    check([[2, 3]], (x) => mul(S.view(x, [3, 2]), S.reshape(S.t(x), [3, 2])), { gradgrad: true });
    check([[2, 3, 2]], (x) => S.permute(S.transpose(S.flatten(x, 1), 0, 1), [1, 0]));
    check([[1, 3, 1]], (x) => S.unsqueeze(S.squeeze(x), 0), { gradgrad: true });
    check([[]], (x) => S.reshape(x, [1, 1]));
  });
  it('expand / repeat / flip / movedim / contiguous', () => {
    check([[3, 1]], (x) => mul(S.expand(x, [2, 3, 4]), S.expand(x, [2, 3, 4])), { gradgrad: true });
    check([[2, 3]], (x) => S.repeat(x, [2, 1, 2]), { gradgrad: true });
    check([[2, 3]], (x) => S.contiguous(S.movedim(S.flip(x, [1]), 0, 1)));
  });
  it('select / slice / narrow / unbind / split / chunk (multi-output views)', () => {
    check([[4, 3]], (x) => mul(S.select(x, 0, 2), S.narrow(x, 0, 1, 1)), { gradgrad: true });
    check([[5, 2]], (x) => J.cat([S.flatten(S.split(x, 2)[2]), S.flatten(S.chunk(x, 2)[0]), S.unbind(x, 1)[1]]), { gradgrad: true });
  });
});

describe('indexing', () => {
  it('basic and advanced getitem', () => {
    check([[3, 4]], (x) => I.getitem(x, [null, { start: 1, stop: null, step: 2 }, -1]), { gradgrad: true });
    check([[3, 4]], (x) => I.getitem(x, [long([0, 2, 0]), long([1, 1, 3])]), { gradgrad: true });
    check([[2, 3, 4]], (x) => I.getitem(x, [long([0, 1]), { start: null, stop: null, step: null }, long([3, 0])]));
    // masks at 0.005: no input value lies within the finite-difference step of it
    check([[3, 4]], (x) => I.getitem(x, [gt(x, 0.005)], false));
  });
  it('index_select / gather / masked_fill / masked_select', () => {
    check([[3, 4]], (x) => I.indexSelect(x, 1, long([3, 0, 3])), { gradgrad: true });
    check([[3, 4]], (x) => I.gather(x, 1, long([0, 0, 1, 3, 2, 2], [3, 2])), { gradgrad: true });
    check([[3, 4]], (x) => I.maskedFill(x, gt(x, 0.5), 2));
    check([[3, 4], []], (x, v) => I.maskedFill(x, gt(x, 0.5), v));
    check([[3, 4]], (x) => I.maskedSelect(x, gt(x, 0.005)));
  });
});

describe('reductions', () => {
  it('sum / mean / prod over all, one and several dims', () => {
    check([[2, 3, 4]], (x) => R.sum(x, [0, 2], { keepdim: true }), { gradgrad: true });
    check([[3, 4]], (x) => mul(R.mean(x, 1), R.mean(x, 1)), { gradgrad: true });
    check([[2, 3]], (x) => R.prod(x, 1));
    check([[2, 3]], (x) => R.prod(x));
    check([[]], (x) => R.sum(x));
  });
  it('max / min / amax / amin (no ties), logsumexp, cumsum', () => {
    check([[3, 4]], (x) => R.max(x));
    check([[3, 4]], (x) => R.min(x, 1).values);
    check([[3, 4]], (x) => R.amax(x, 0));
    check([[3, 4]], (x) => R.amin(x, [0, 1]));
    check([[3, 4]], (x) => R.logsumexp(x, 1), { gradgrad: true });
    check([[3, 4]], (x) => R.cumsum(x, 1), { gradgrad: true });
  });
  it('norm (p = 1, 2, 3, inf) / var / std', () => {
    check([[3, 4]], (x) => R.norm(x), { gradgrad: true });
    check([[3, 4]], (x) => R.norm(x, 2, 1));
    check([[3, 4]], (x) => R.norm(x, 1));
    check([[3, 4]], (x) => R.norm(x, 3, 0, true));
    // an asymmetric value grid: no |x| ties (where the inf-norm has a kink)
    check([[3, 4]], (x) => R.norm(x, Infinity), { lo: -1.7, hi: 2.3 });
    check([[3, 4]], (x) => R.variance(x, 1), { gradgrad: true });
    check([[3, 4]], (x) => R.std(x, null, { correction: 0 }));
  });
});

describe('joins, linalg, nn', () => {
  it('cat / stack', () => {
    check([[2, 3], [1, 3]], (a, b) => J.cat([a, b]), { gradgrad: true });
    check([[2, 3], [2, 3]], (a, b) => J.stack([a, b], 2));
  });
  it('matmul over every rank case, addmm, outer', () => {
    const pairs: [number[], number[]][] = [[[4], [4]], [[3, 4], [4]], [[4], [4, 2]], [[3, 4], [4, 2]], [[2, 3, 4], [4, 2]],
      [[3, 4], [2, 4, 2]], [[2, 3, 4], [4]], [[3], [2, 3, 4]], [[2, 1, 3, 4], [3, 4, 2]]];
    for (const [a, b] of pairs) check([a, b], (x, y) => L.matmul(x, y), { gradgrad: a.length + b.length <= 4 });
    check([[2], [3, 4], [4, 2]], (c, a, b) => L.addmm(c, a, b, 0.5, 2), { gradgrad: true });
    check([[3], [4]], (a, b) => L.outer(a, b));
  });
  it('linear, softmax, log_softmax', () => {
    check([[3, 4], [5, 4], [5]], (x, w, b) => N.linear(x, w, b), { gradgrad: true });
    check([[2, 3, 4], [5, 4], [5]], (x, w, b) => N.linear(x, w, b));
    check([[3, 4]], (x) => N.softmax(x, 1), { gradgrad: true });
    check([[3, 4]], (x) => N.logSoftmax(x, 0), { gradgrad: true });
  });
  it('losses', () => {
    const tgt = long([0, 3, 1]);
    check([[3, 4], [3, 4]], (a, b) => N.mseLoss(a, b), { gradgrad: true });
    check([[3, 4], [3, 4]], (a, b) => N.l1Loss(a, b, 'sum'));
    check([[3, 4]], (x) => N.crossEntropy(x, tgt), { gradgrad: true });
    check([[3, 4]], (x) => N.nllLoss(x, tgt, { reduction: 'none' }));
    check([[3, 4], [3, 4]], (x, y) => N.binaryCrossEntropy(x, y), { lo: 0.05, hi: 0.95 });
    check([[3, 4], [3, 4]], (x, y) => N.binaryCrossEntropyWithLogits(x, y, null, 'sum'));
  });
});
