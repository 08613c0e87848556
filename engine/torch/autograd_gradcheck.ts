// torch.autograd.gradcheck, as PyTorch's slow (default) mode: a numerical Jacobian by central
// differences on each input element, in the input's own dtype, against the analytical one from
// one autograd.grad per output element; any block not allclose raises GradcheckError with
// PyTorch's message (or returns False with raise_exception=False).
import * as G from '../index';
import { makeView, Tensor } from '../tensor/tensor';
import { TorchError } from '../tensor/errors';
import { tensorStr } from '../tensor/format';
import { pyFloat, stridedOffsets } from '../tensor/kernels/util';
import { defineModule, rawFn, PyValue, callValue, iterToArray } from '../script/native';
import { PyException, PyType, RuntimeErrorType } from '../script/objects';
import { sigs } from './args';
import { warn } from './tensor_type';

export const GradcheckErrorType = new PyType('GradcheckError', [RuntimeErrorType], true, 'torch.autograd.gradcheck');

const asOutputs = (v: PyValue): Tensor[] => (v instanceof Tensor ? [v] : iterToArray(v).filter((o): o is Tensor => o instanceof Tensor));

/** numerical[output][diff input]: (input numel × output numel), by central differences. */
function numericalJacobian(func: PyValue, args: PyValue[], inputs: Tensor[], outputs: Tensor[], eps: number): Tensor[][] {
  const blocks = outputs.map((o) => inputs.map((x) => G.zeros([x.numel, o.numel], { dtype: o.dtype })));
  const evaluate = (): Tensor[] => asOutputs(callValue(func, args));
  inputs.forEach((x, xi) => {
    // each element in place through x.data (its own version counter), in x's own layout
    const data = G.dataOf(x);
    const positions = stridedOffsets(x.shape, x.strides, x.offset);
    for (let k = 0; k < x.numel; k++) {
      const entry = makeView(data, [], [], positions[k]);
      const orig = G.clone(entry);
      G.copyInPlace(entry, G.sub(orig, pyFloat(eps)));
      const outA = evaluate();
      G.copyInPlace(entry, G.add(orig, pyFloat(eps)));
      const outB = evaluate();
      G.copyInPlace(entry, orig);
      outputs.forEach((_, oi) => {
        const d = G.reshape(G.detach(G.div(G.sub(outB[oi], outA[oi]), pyFloat(2 * eps))), [-1]);
        G.copyInPlace(G.select(blocks[oi][xi], 0, k), d);
      });
    }
  });
  return blocks;
}

/** analytical[output][diff input]: column j = the gradient for a one-hot grad_output at element j. */
function analyticalJacobian(inputs: Tensor[], o: Tensor): Tensor[] {
  const blocks = inputs.map((x) => G.zeros([x.numel, o.numel], { dtype: x.dtype }));
  const gradOut = G.zerosLike(o);
  const flat = G.reshape(gradOut, [-1]);
  for (let j = 0; j < o.numel; j++) {
    G.zeroInPlace(flat);
    G.fillInPlace(G.select(flat, 0, j), 1);
    const grads = G.grad([o], inputs, { gradOutputs: [gradOut], retainGraph: true, allowUnused: true });
    grads.forEach((g, i) => {
      if (g !== null) G.copyInPlace(G.select(G.transpose(blocks[i], 0, 1), 0, j), G.reshape(g, [-1]));
    });
  }
  return blocks;
}

/** torch.allclose with type promotion: |a - n| <= atol + |rtol · n|, or equal. */
function allclose(a: Tensor, n: Tensor, rtol: number, atol: number): boolean {
  const actual = G.abs(G.sub(a, n));
  const allowed = G.add(G.abs(G.mul(n, pyFloat(rtol))), pyFloat(atol));
  const close = G.logicalOr(G.le(actual, allowed), G.eq(a, n));
  return close.data().every((v) => v !== 0);
}

const gradcheckSig = sigs('gradcheck', [
  '(any func, any inputs, *, float eps = 1e-06, float atol = 1e-05, float rtol = 0.001, bool raise_exception = True, float nondet_tol = 0.0, bool check_undefined_grad = True, bool check_grad_dtypes = False, bool check_batched_grad = False, bool check_batched_forward_grad = False, bool check_forward_ad = False, bool check_backward_ad = True, bool fast_mode = False, any masked = None)',
]);

export const gradcheckFn = rawFn('gradcheck', (args, kwargs) => {
  const { a } = gradcheckSig.bind(args, kwargs);
  for (const k of ['check_batched_grad', 'check_batched_forward_grad', 'check_forward_ad', 'fast_mode'] as const) {
    if (a[k] === true) throw new TorchError('NotImplementedError', `Gradscope: torch.autograd.gradcheck with ${k}=True is not supported yet`);
  }
  const tupled = a.inputs instanceof Tensor ? [a.inputs] : iterToArray(a.inputs);
  let anyRequiresGrad = false;
  tupled.forEach((x, idx) => {
    if (!(x instanceof Tensor) || !x.requiresGrad) return;
    anyRequiresGrad = true;
    if (x.dtype !== 'float64') {
      warn('UserWarning', `Input #${idx} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. `);
    }
  });
  if (!anyRequiresGrad) {
    throw new TorchError('ValueError', 'gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.');
  }
  const diffInputs = tupled.filter((x): x is Tensor => x instanceof Tensor && x.requiresGrad);
  const eps = Number(a.eps), atol = Number(a.atol), rtol = Number(a.rtol);
  const fail = (msg: string): boolean => {
    if (a.raise_exception === false) return false;
    throw new PyException(GradcheckErrorType, msg);
  };
  const outputs = G.enableGrad(() => asOutputs(callValue(a.func, tupled)));
  const diffOutputs = outputs.filter((o) => o.requiresGrad);
  const numerical = G.noGrad(() => numericalJacobian(a.func, tupled, diffInputs, outputs, eps));
  if (diffOutputs.length === 0) {
    for (const row of numerical) for (const n of row) if (n.data().some((v) => v !== 0)) return fail('Numerical gradient for function expected to be zero');
    return true;
  }
  for (let i = 0; i < outputs.length; i++) {
    const o = outputs[i];
    if (!o.requiresGrad) continue;
    const analytical = analyticalJacobian(diffInputs, o);
    for (let j = 0; j < analytical.length; j++) {
      const an = analytical[j], nu = numerical[i][j];
      if (!allclose(an, nu, rtol, atol)) {
        return fail(`Jacobian mismatch for output ${i} with respect to input ${j},\nnumerical:${tensorStr(nu)}\nanalytical:${tensorStr(an)}\n`);
      }
    }
  }
  return true;
});

export function registerGradcheckModule(): void {
  defineModule('torch.autograd.gradcheck', (m) => {
    m.set('gradcheck', gradcheckFn);
    m.set('GradcheckError', GradcheckErrorType);
  });
}
