// The native extension API (engine/script/native.ts) as engine/torch uses it: a foreign JS class
// exposed as a Python type with operators, a Python-subclassable native type with attribute
// hooks (nn.Module-like), dotted module imports, argument binding and error conversion.
import { describe, expect, it } from 'vitest';
import { runModule } from '../../engine/script/run';
import {
  PyInstance, PyTuple, PyType, PyValue, callMethod, currentContext, defineModule, defineNativeType, fn, genericSetAttr,
  method, rawMethod, raiseTypeError, toNumber, NotImplemented, PyList, iterToArray, getIter, formatValue,
} from '../../engine/script/native';

/** Stands in for the engine's Tensor: a plain JS class knowing nothing of Python. */
class Vec {
  grad: Vec | null = null;
  constructor(public data: number[]) {}
}
class EngineError extends Error {
  constructor(public pyType: string, msg: string) {
    super(msg);
  }
}
const asVec = (v: PyValue): Vec => (v instanceof Vec ? v : new Vec([toNumber(v)]));
const zip2 = (a: Vec, b: Vec, f: (x: number, y: number) => number) => new Vec(a.data.map((x, i) => f(x, b.data.length === 1 ? b.data[0] : b.data[i])));

const VecType = defineNativeType({
  name: 'Vec', module: 'fakelib', jsClass: Vec,
  methods: {
    __add__: method('__add__', 'other', (self: Vec, o: PyValue) => (o instanceof Vec || typeof o === 'number' || typeof o === 'bigint' ? zip2(self, asVec(o), (x, y) => x + y) : NotImplemented)),
    __radd__: method('__radd__', 'other', (self: Vec, o: PyValue) => zip2(self, asVec(o), (x, y) => x + y)),
    __mul__: method('__mul__', 'other', (self: Vec, o: PyValue) => zip2(self, asVec(o), (x, y) => x * y)),
    __rmul__: method('__rmul__', 'other', (self: Vec, o: PyValue) => zip2(self, asVec(o), (x, y) => x * y)),
    __neg__: method('__neg__', '', (self: Vec) => new Vec(self.data.map((x) => -x))),
    __getitem__: method('__getitem__', 'idx', (self: Vec, i: PyValue) => self.data[Number(i)]),
    __setitem__: method('__setitem__', 'idx, value', (self: Vec, i: PyValue, v: PyValue) => {
      self.data[Number(i)] = toNumber(v);
      return null;
    }),
    __len__: method('__len__', '', (self: Vec) => BigInt(self.data.length)),
    __iter__: method('__iter__', '', (self: Vec) => getIter(new PyList(self.data))),
    __lt__: method('__lt__', 'other', (self: Vec, o: PyValue) => new Vec(self.data.map((x) => (x < toNumber(o) ? 1 : 0)))),
    __bool__: method('__bool__', '', (self: Vec) => {
      if (self.data.length !== 1) throw new EngineError('RuntimeError', 'Boolean value of Vec with more than one value is ambiguous');
      return self.data[0] !== 0;
    }),
    __repr__: method('__repr__', '', (self: Vec) => `vec([${self.data.join(', ')}])`),
    __format__: method('__format__', 'spec', (self: Vec, spec: string) => (self.data.length === 1 ? formatValue(self.data[0], spec) : `vec(${self.data.length})`)),
    __enter__: method('__enter__', '', (self: Vec) => self),
    __exit__: method('__exit__', '*args', () => false),
    item: method('item', '', (self: Vec) => self.data[0]),
    scale: method('scale', 'factor=2.0, *, inplace=False', (self: Vec, f: PyValue, inplace: PyValue) => {
      const r = self.data.map((x) => x * toNumber(f));
      if (inplace === true) {
        self.data = r;
        return self;
      }
      return new Vec(r);
    }),
  },
  getters: {
    grad: { get: (self: Vec) => self.grad, set: (self: Vec, v: PyValue) => void (self.grad = v as Vec | null) },
    shape: { get: (self: Vec) => new PyTuple([BigInt(self.data.length)]) },
  },
});

class ModuleObject extends PyInstance {
  params = new Map<string, Vec>();
}
const ModuleType = defineNativeType({
  name: 'Module', module: 'fakelib.nn', alloc: (cls) => new ModuleObject(cls),
  methods: {
    __init__: method('__init__', '*args, **kwargs', () => null),
    __setattr__: method('__setattr__', 'name, value', (self: ModuleObject, name: string, value: PyValue) => {
      if (value instanceof Vec) self.params.set(name, value);
      genericSetAttr(self, name, value);
      return null;
    }),
    __call__: rawMethod('__call__', (self, args, kwargs) => callMethod(self, 'forward', args, kwargs)),
    parameters: method('parameters', '', (self: ModuleObject) => new PyList([...self.params.values()])),
    param_names: method('param_names', '', (self: ModuleObject) => new PyList([...self.params.keys()])),
  },
});

defineModule('fakelib', (m) => {
  m.set('Vec', VecType);
  m.set('vec', fn('vec', 'data, *, scale=1.0', (data: PyValue, scale: PyValue) => new Vec(iterToArray(data).map((x) => toNumber(x) * toNumber(scale)))));
  m.set('fail', fn('fail', 'kind', (kind: string) => {
    if (kind === 'type') return raiseTypeError('fail() wants something else');
    throw new EngineError('RuntimeError', 'engine says no');
  }));
  m.set('where', fn('where', '', () => {
    const r = currentContext().currentRange();
    return r ? BigInt(r.line) : null;
  }));
});
defineModule('fakelib.nn', (m) => m.set('Module', ModuleType));
defineModule('fakelib.nn.functional', (m) => m.set('double', fn('double', 'x', (x: Vec) => new Vec(x.data.map((v) => 2 * v)))));

function run(src: string): { out: string; error: string | null } {
  let out = '';
  const r = runModule(src, { filename: 'n.py', stdout: (t) => (out += t) });
  return { out, error: r.ok ? null : r.traceback!.trim().split('\n').pop()! };
}

describe('native extension API', () => {
  it('exposes a foreign JS class with operators, getters, methods and argument binding', () => {
    const { out, error } = run(`
import fakelib
v = fakelib.vec([1, 2, 3])
w = v + 1
print(v, w, 2 * v, 1 + v, -v, v * v, len(v), v[1], list(v), v.shape, type(v), isinstance(v, fakelib.Vec))
print(v.scale(), v.scale(3), v.scale(factor=0.5), v.scale(inplace=True), v)
v.grad = w
print(v.grad, fakelib.vec([4]).item(), f"{fakelib.vec([0.12345]):.2f}", f"{v}", v < 3)
v[0] = 10
print(v, fakelib.vec([1, 2], scale=2.0))
with fakelib.vec([7]) as c:
    print('ctx', c)
print(fakelib.where())
`);
    expect(error).toBeNull();
    expect(out).toBe(
      "vec([1, 2, 3]) vec([2, 3, 4]) vec([2, 4, 6]) vec([2, 3, 4]) vec([-1, -2, -3]) vec([1, 4, 9]) 3 2.0 [1.0, 2.0, 3.0] (3,) <class 'fakelib.Vec'> True\n" +
        'vec([2, 4, 6]) vec([3, 6, 9]) vec([0.5, 1, 1.5]) vec([2, 4, 6]) vec([2, 4, 6])\n' +
        'vec([2, 3, 4]) 4.0 0.12 vec(3) vec([1, 0, 0])\n' +
        'vec([10, 4, 6]) vec([2, 4])\n' +
        'ctx vec([7])\n' +
        '13\n',
    );
  });

  it('binds arguments with CPython messages and converts engine errors', () => {
    expect(run('import fakelib\nfakelib.vec()').error).toBe("TypeError: vec() missing 1 required positional argument: 'data'");
    expect(run('import fakelib\nfakelib.vec([1], 2)').error).toBe('TypeError: vec() takes 1 positional argument but 2 were given');
    expect(run('import fakelib\nfakelib.vec([1], scal=2)').error).toBe("TypeError: vec() got an unexpected keyword argument 'scal'");
    expect(run("import fakelib\nfakelib.fail('type')").error).toBe('TypeError: fail() wants something else');
    expect(run("import fakelib\nfakelib.fail('engine')").error).toBe('RuntimeError: engine says no');
    expect(run('import fakelib\nif fakelib.vec([1, 2]): pass').error).toBe('RuntimeError: Boolean value of Vec with more than one value is ambiguous');
    expect(run('import fakelib\nfakelib.vec([1]).nope').error).toBe("AttributeError: 'Vec' object has no attribute 'nope'");
    expect(run("import fakelib\nfakelib.vec([1]) + 'a'").error).toBe("TypeError: unsupported operand type(s) for +: 'Vec' and 'str'");
    expect(run('import fakelib\nfakelib.vec([1]).shape = 3').error).toBe("AttributeError: attribute 'shape' of 'Vec' objects is not writable");
  });

  it('supports dotted imports and Python subclasses of native types with __setattr__ hooks and __call__', () => {
    const { out, error } = run(`
import fakelib
import fakelib.nn as nn
import fakelib.nn.functional as F
from fakelib import nn as nn2
from fakelib.nn import Module
class Net(nn.Module):
    def __init__(self, k):
        super().__init__()
        self.w = fakelib.vec([k])
        self.name = 'net'
    def forward(self, x, scale=1):
        return F.double(x * self.w) * scale
net = Net(3)
print(net(fakelib.vec([1, 2])), net(fakelib.vec([1]), scale=10), net.param_names(), net.name, nn2 is nn, Module is nn.Module)
print(isinstance(net, nn.Module), type(net).__name__, fakelib.nn.Module is Module, len(net.parameters()))
`);
    expect(error).toBeNull();
    expect(out).toBe("vec([6, 12]) vec([60]) ['w'] net True True\nTrue Net True 1\n");
  });

  it('reports missing modules and names like CPython', () => {
    expect(run('import fakelib.nope').error).toBe("ModuleNotFoundError: No module named 'fakelib.nope'");
    expect(run('from fakelib import nope').error).toBe("ImportError: cannot import name 'nope' from 'fakelib' (unknown location)");
  });
});

void PyType;
