// torch.autograd.functional: jacobian and hessian, computed as PyTorch's default strategy does
// (reverse mode, not vectorized): one autograd.grad per output element, of out.reshape(-1)[j],
// so every value comes from the same backward formulas as PyTorch's.
import * as G from '../index';
import { Tensor } from '../tensor/tensor';
import { TorchError } from '../tensor/errors';
import { defineModule, rawFn, PyTuple, PyValue, callValue, iterToArray, typeName } from '../script/native';
import { sigs } from './args';

/** A Tensor or a tuple/list of Tensors, as `_as_tuple` accepts; `what` names the argument in errors. */
function asTuple(v: PyValue, what: string, fnName: string): { isTuple: boolean; items: Tensor[] } {
  if (v instanceof Tensor) return { isTuple: false, items: [v] };
  const items = iterToArray(v);
  items.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new TorchError('TypeError', `The ${what} given to ${fnName} must be either a Tensor or a tuple of Tensors but the value at index ${i} has type ${typeName(t)}.`);
    }
  });
  return { isTuple: true, items: items as Tensor[] };
}

function unsupported(fnName: string, what: string): never {
  throw new TorchError('NotImplementedError', `Gradscope: torch.autograd.functional.${fnName} with ${what} is not supported yet`);
}

/** jacobian of `func` at `inputs`: [output][input] blocks of shape out.shape + in.shape. */
function jacobianBlocks(func: PyValue, inputs: Tensor[], createGraph: boolean): { outIsTuple: boolean; blocks: Tensor[][] } {
  return G.enableGrad(() => {
    // _grad_preprocess: inputs become fresh leaves that require grad (or views keeping their graph under create_graph)
    const prepped = inputs.map((t) => (createGraph && t.requiresGrad ? G.viewAs(t, t) : G.requiresGrad_(G.detach(t), true)));
    const out = asTuple(callValue(func, prepped), 'outputs of the user-provided function', 'jacobian');
    const blocks = out.items.map((o) => {
      const flat = G.reshape(o, [-1]);
      const rows: Tensor[][] = prepped.map(() => []);
      for (let j = 0; j < flat.numel; j++) {
        const vj = o.requiresGrad
          ? G.grad([G.select(flat, 0, j)], prepped, { retainGraph: true, createGraph, allowUnused: true })
          : prepped.map(() => null);
        vj.forEach((g, el) => rows[el].push(g ?? G.zerosLike(prepped[el])));
      }
      return prepped.map((inp, el) => G.view(G.stack(rows[el], 0), [...o.shape, ...inp.shape]));
    });
    // _grad_postprocess: without create_graph the results leave the graph
    return { outIsTuple: out.isTuple, blocks: createGraph ? blocks : blocks.map((r) => r.map((t) => G.detach(t))) };
  });
}

/** _tuple_postprocess: tensors, tuples or tuples of tuples, as the input and output structures were. */
function shaped(blocks: Tensor[][], outIsTuple: boolean, inIsTuple: boolean): PyValue {
  if (!outIsTuple && !inIsTuple) return blocks[0][0];
  if (!outIsTuple) return new PyTuple(blocks[0]);
  if (!inIsTuple) return new PyTuple(blocks.map((r) => r[0]));
  return new PyTuple(blocks.map((r) => new PyTuple(r)));
}

const jacobianSig = sigs('jacobian', ['(any func, any inputs, bool create_graph = False, bool strict = False, bool vectorize = False, str strategy = "reverse-mode")']);
const jacobianFn = rawFn('jacobian', (args, kwargs) => {
  const { a } = jacobianSig.bind(args, kwargs);
  if (a.strict === true) unsupported('jacobian', 'strict=True');
  if (a.vectorize === true) unsupported('jacobian', 'vectorize=True');
  if (a.strategy !== 'reverse-mode') unsupported('jacobian', `strategy="${String(a.strategy)}"`);
  const ins = asTuple(a.inputs, 'inputs', 'jacobian');
  const { outIsTuple, blocks } = jacobianBlocks(a.func, ins.items, a.create_graph === true);
  return shaped(blocks, outIsTuple, ins.isTuple);
});

const hessianSig = sigs('hessian', ['(any func, any inputs, bool create_graph = False, bool strict = False, bool vectorize = False, str outer_jacobian_strategy = "reverse-mode")']);
const hessianFn = rawFn('hessian', (args, kwargs) => {
  const { a } = hessianSig.bind(args, kwargs);
  if (a.strict === true) unsupported('hessian', 'strict=True');
  if (a.vectorize === true) unsupported('hessian', 'vectorize=True');
  if (a.outer_jacobian_strategy !== 'reverse-mode') unsupported('hessian', `outer_jacobian_strategy="${String(a.outer_jacobian_strategy)}"`);
  const ins = asTuple(a.inputs, 'inputs', 'hessian');
  const func = a.func;
  // The inner function: the gradient of func (a single-element output), as a jacobian with create_graph.
  const singleOutput = rawFn('ensure_single_output_function', (inner) => {
    const out = callValue(func, inner);
    if (!(out instanceof Tensor)) throw new TorchError('RuntimeError', 'The function given to hessian should return a single Tensor');
    if (out.numel !== 1) throw new TorchError('RuntimeError', 'The Tensor returned by the function given to hessian should contain a single element');
    return G.squeeze(out);
  });
  const jacFunc = rawFn('jac_func', (inner) => {
    const { outIsTuple, blocks } = jacobianBlocks(singleOutput, inner as Tensor[], true);
    return shaped(blocks, outIsTuple, ins.isTuple);
  });
  const { outIsTuple, blocks } = jacobianBlocks(jacFunc, ins.items, a.create_graph === true);
  return shaped(blocks, outIsTuple, ins.isTuple);
});

export function registerAutogradFunctional(): void {
  defineModule('torch.autograd.functional', (m) => {
    m.set('jacobian', jacobianFn);
    m.set('hessian', hessianFn);
  });
}
