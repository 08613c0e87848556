// Gradients of the ops in engine/ops/extra.ts against finite differences (and second
// derivatives where the backward is itself differentiable).
import { describe, expect, it } from 'vitest';
import * as G from '../../engine';
import * as X from '../../engine/ops/extra';
import { f64, gradcheck, gradgradcheck } from './gradcheck_util';

const idx = (data: number[], shape?: number[]) => {
  const t = G.tensor(data, { dtype: 'int64' });
  return shape ? G.reshape(t, shape) : t;
};
const m23 = () => f64([[0.3, -1.2, 0.7], [2.1, 0.4, -0.5]]);

describe('gradients of the extra ops match finite differences', () => {
  it('median (all and along a dim), nanmedian', () => {
    gradcheck((a) => X.median(a), [m23()]);
    gradcheck((a) => X.medianDim(a, 1).values, [m23()]);
    gradcheck((a) => X.medianDim(a, 0, true).values, [m23()]);
  });
  it('sort, topk', () => {
    gradcheck((a) => X.sort(a, 1, true).values, [m23()]);
    gradcheck((a) => X.topk(a, 2, 1).values, [m23()]);
    gradgradcheck((a) => G.mul(X.sort(a, 0).values, X.sort(a, 0).values), [m23()]);
  });
  it('diag, diagonal, trace, tril, triu', () => {
    gradcheck((a) => X.diag(a, 1), [m23()]);
    gradcheck((a) => X.diag(a), [f64([0.5, -1.5])]);
    gradcheck((a) => X.diagonal(a, -1), [f64([[1, 2], [3, 4], [5, 6]])]);
    gradcheck((a) => X.trace(a), [m23()]);
    gradcheck((a) => X.tril(a), [m23()]);
    gradgradcheck((a) => G.mul(X.triu(a, 1), a), [m23()]);
  });
  it('cumprod, with and without zeros', () => {
    gradcheck((a) => X.cumprod(a, 1), [m23()]);
    gradgradcheck((a) => X.cumprod(a, 0), [m23()]);
    gradcheck((a) => X.cumprod(a, 0), [f64([2, 0, 3, 0.5])]);
  });
  it('lerp, addcmul, addcdiv', () => {
    gradcheck((a, b) => X.lerp(a, b, 0.3), [m23(), f64([1, 2, 3])]);
    gradcheck((a, b, w) => X.lerp(a, b, w), [m23(), f64([1, 2, 3]), f64([0.2, 0.7, 0.9])]);
    gradcheck((a, b, c) => X.addcmul(a, b, c, 0.5), [m23(), f64([1, -2, 3]), f64([[0.5], [1.5]])]);
    gradcheck((a, b, c) => X.addcdiv(a, b, c, 2), [m23(), f64([1, -2, 3]), f64([1.5, 2, -3])]);
    gradgradcheck((a, b, c) => X.addcdiv(a, b, c, 2), [m23(), f64([1, -2, 3]), f64([1.5, 2, -3])]);
  });
  it('index_add, scatter, scatter_add', () => {
    gradcheck((a, s) => X.indexAdd(a, 1, idx([2, 0]), s, 2), [m23(), f64([[1, 2], [3, 4]])]);
    gradcheck((a) => X.scatter(a, 1, idx([0, 2], [2, 1]), 7), [m23()]);
    gradcheck((a, s) => X.scatter(a, 1, idx([0, 1, 2, 0], [2, 2]), s), [m23(), f64([[1, 2], [3, 4]])]);
    gradcheck((a, s) => X.scatterAdd(a, 0, idx([1, 0, 1], [1, 3]), s), [m23(), f64([[1, 2, 3]])]);
  });
  it('repeat_interleave, roll', () => {
    gradcheck((a) => X.repeatInterleave(a, 2, 1), [m23()]);
    gradcheck((a) => X.repeatInterleave(a, idx([1, 3]), 0), [m23()]);
    gradcheck((a) => X.roll(a, [1, -1], [0, 1]), [m23()]);
    gradcheck((a) => X.roll(a, [2], []), [m23()]);
  });
  it('std_mean, var_mean', () => {
    gradcheck((a) => G.add(X.varMean(a, 1, 1, false, true)[0], G.mul(X.varMean(a, 1, 1, false, true)[1], 3)), [m23()]);
    gradcheck((a) => X.varMean(a, null, 0, false, false)[0], [m23()]);
  });
  it('einsum patterns', () => {
    const b = () => f64([[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]]);
    const v = () => f64([1, -2, 0.5]);
    gradcheck((a, c) => X.einsum('ij,jk->ik', [a, c]), [m23(), b()]);
    gradcheck((a, c) => X.einsum('i,i->', [a, c]), [v(), f64([0.3, 0.2, 0.1])]);
    gradcheck((a) => X.einsum('ij->ji', [a]), [m23()]);
    gradcheck((a, c) => X.einsum('ij,j->i', [a, c]), [m23(), v()]);
    gradcheck((a) => X.einsum('ii->i', [a]), [f64([[1, 2], [3, 4]])]);
    gradcheck((a, c, d) => X.einsum('ij,jk,kl->il', [a, c, d]), [m23(), b(), f64([[1, 2], [3, 4]])]);
    gradgradcheck((a, c) => X.einsum('bij,bjk->bik', [a, c]), [f64([[[0.3, -1.2, 0.7], [2.1, 0.4, -0.5]]]), f64([[[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]]])]);
  });
  it('quantile', () => {
    gradcheck((a) => X.quantile(a, 0.3, null, false, 'linear'), [m23()]);
    gradcheck((a) => X.quantile(a, G.tensor([0.25, 0.6], { dtype: 'float64' }), 1, true, 'linear'), [m23()]);
  });
  it('einsum names an unsupported ellipsis', () => {
    expect(() => X.einsum('...ij->...ji', [m23()])).toThrow(/ellipsis/);
  });
});
