// The PyTorch-style argument binder of engine/torch/args.ts: overload choice, int-list varargs,
// and PyTorch's error texts (python_arg_parser.cpp rules).
import { describe, expect, it } from 'vitest';
import { sigs, ints, dimsOf, makeSize, DTYPE_OBJECTS } from '../../engine/torch/args';
import { PyException, PyList, PyTuple, repr } from '../../engine/script/native';
import { ones } from '../../engine/ops/creation';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PyException) return `${e.cls.name}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

const onesSig = sigs('ones', ['(tuple of ints size, *, torch.dtype dtype = None, bool requires_grad = False)']);
const sumSig = sigs('sum', ['(*, torch.dtype dtype = None)', '(tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None)']);

describe('signature binding', () => {
  it('takes int varargs, a tuple, a list or a single int for a lone leading int list', () => {
    expect(ints(onesSig.bind([2n, 3n], null).a.size)).toEqual([2, 3]);
    expect(ints(onesSig.bind([new PyTuple([4n])], null).a.size)).toEqual([4]);
    expect(ints(onesSig.bind([new PyList([1n, 5n])], null).a.size)).toEqual([1, 5]);
    expect(ints(onesSig.bind([7n], null).a.size)).toEqual([7]);
  });

  it('fills defaults and keyword arguments', () => {
    const { a } = onesSig.bind([2n], new Map([['dtype', DTYPE_OBJECTS.float64]]));
    expect(a.dtype).toBe(DTYPE_OBJECTS.float64);
    expect(a.requires_grad).toBe(false);
  });

  it('picks the overload that accepts the arguments', () => {
    expect(sumSig.bind([], null).index).toBe(0);
    const r = sumSig.bind([1n], new Map([['keepdim', true]]));
    expect(r.index).toBe(1);
    expect(dimsOf(r.a.dim)).toBe(1);
  });

  it("names the wrong argument with PyTorch's text", () => {
    expect(message(() => onesSig.bind([2.5], null))).toBe("TypeError: ones(): argument 'size' (position 1) must be tuple of ints, not float");
    expect(message(() => onesSig.bind([2n, 3n, 4.0], null))).toBe(
      'TypeError: ones(): argument \'size\' failed to unpack the object at pos 3 with error "type must be tuple of ints,but got float"',
    );
    expect(message(() => onesSig.bind([2n], new Map([['requires_grad', 1n]])))).toBe("TypeError: ones(): argument 'requires_grad' must be bool, not int");
    expect(message(() => onesSig.bind([2n], new Map([['foo', 1n]])))).toBe("TypeError: ones() got an unexpected keyword argument 'foo'");
    expect(message(() => sigs('exp', ['(Tensor input, *, Tensor out = None)']).bind([], null))).toBe('TypeError: exp() missing 1 required positional arguments: "input"');
  });

  it('reports the one plausible overload, else the invalid combination with every signature', () => {
    expect(message(() => sumSig.bind([0n, 1n], null))).toBe("TypeError: sum(): argument 'keepdim' (position 2) must be bool, not int");
    const pow = sigs('pow', ['(Tensor exponent)', '(Number exponent)']);
    expect(message(() => pow.bind([], null))).toBe(
      'TypeError: pow() received an invalid combination of arguments - got (), but expected one of:\n * (Tensor exponent)\n * (Number exponent)\n',
    );
  });

  it('accepts tensors where PyTorch takes Tensor and numbers where it takes Number', () => {
    const add = sigs('add', ['(Tensor~ other, *, Number alpha = 1)'], false, true);
    expect(add.bind([ones([2])], null).index).toBe(0);
    expect(add.bind([2.5], null).a.other).toBe(2.5);
    expect(message(() => add.bind(['a'], null))).toBe("TypeError: add(): argument 'other' (position 1) must be Tensor, not str");
    expect(message(() => add.bind([1n, 2n, 3n], null))).toBe(
      'TypeError: add() received an invalid combination of arguments - got (!int!, !int!, !int!), but expected (Tensor other, *, Number alpha = 1)',
    );
  });
});

describe('torch.Size', () => {
  it('prints like PyTorch and stays a tuple', () => {
    const s = makeSize([2, 3]);
    expect(repr(s)).toBe('torch.Size([2, 3])');
    expect(repr(new PyTuple([s]))).toBe('(torch.Size([2, 3]),)');
    expect(s).toBeInstanceOf(PyTuple);
  });
});
