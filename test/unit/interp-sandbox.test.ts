// Scripts are untrusted: no JS object, no host module, no dynamic code is reachable.
import { describe, expect, it } from 'vitest';
import { runModule } from '../../engine/script/run';

function lastLine(src: string): string {
  let out = '';
  const r = runModule(src, { filename: 's.py', stdout: (t) => (out += t) });
  if (r.ok) return 'OK ' + out.trim();
  return r.traceback!.trim().split('\n').pop()!;
}

describe('sandbox', () => {
  it.each(['os', 'sys', 'subprocess', 'socket', 'builtins', 'importlib', 'shutil', 'ctypes', 'pathlib', 'io'])('import %s is a ModuleNotFoundError', (m) => {
    expect(lastLine(`import ${m}`)).toBe(`ModuleNotFoundError: No module named '${m}'`);
    expect(lastLine(`from ${m} import path`)).toBe(`ModuleNotFoundError: No module named '${m}'`);
  });

  it('vars(obj) gives a copy of the instance attributes; vars() (the locals) stays refused', () => {
    expect(lastLine('class C: pass\nc = C()\nc.a = 1\nd = vars(c)\nd["b"] = 2\nprint(d, c.__dict__, hasattr(c, "b"))')).toBe("OK {'a': 1, 'b': 2} {'a': 1} False");
    expect(lastLine('vars()')).toMatch(/^NotImplementedError: vars\(\) is not available/);
    expect(lastLine("vars('x')")).toBe('TypeError: vars() argument must have __dict__ attribute');
    expect(lastLine('(1).__dict__')).toBe("AttributeError: 'int' object has no attribute '__dict__'. Did you mean: '__dir__'?");
  });

  it.each(['open', 'eval', 'exec', 'compile', 'globals', 'locals', 'input', 'exit', 'quit', 'breakpoint', '__import__', 'help'])('%s() is refused with a NotImplementedError', (f) => {
    expect(lastLine(`${f}('x')`)).toMatch(new RegExp(`^NotImplementedError: ${f.replace(/_/g, '_')}\\(\\) is not available`));
  });

  it.each([
    ['(1).__class__.__subclasses__', "AttributeError: type object 'int' has no attribute '__subclasses__'"],
    ['(lambda: 0).__globals__', "AttributeError: 'function' object has no attribute '__globals__'"],
    ['(lambda: 0).__code__', "AttributeError: 'function' object has no attribute '__code__'. Did you mean: '__doc__'?"],
    ["''.constructor", "AttributeError: 'str' object has no attribute 'constructor'"],
    ['[].__proto__', "AttributeError: 'list' object has no attribute '__proto__'"],
    ['print.constructor', "AttributeError: 'builtin_function_or_method' object has no attribute 'constructor'"],
    ['int.prototype', "AttributeError: type object 'int' has no attribute 'prototype'"],
    ["getattr({}, 'toString')", "AttributeError: 'dict' object has no attribute 'toString'"],
    ["getattr(object, '__dict__')['x']", "KeyError: 'x'"],
    ["type(print).__dict__['__call__']", "KeyError: '__call__'"],
    ['(x for x in []).gi_frame', "AttributeError: 'generator' object has no attribute 'gi_frame'"],
    ['def g():\n    yield 1\ng().gi_code', "AttributeError: 'generator' object has no attribute 'gi_code'"],
    ["'{0.__class__.__base__}'.format(1)", "AttributeError: type object 'int' has no attribute '__base__'. Did you mean: '__hash__'?"],
    ['import math\nmath.sqrt.__self__', "AttributeError: 'builtin_function_or_method' object has no attribute '__self__'. Did you mean: '__repr__'?"],
    ['import math\nmath.constructor', "AttributeError: module 'math' has no attribute 'constructor'"],
    ['class C: pass\nC().__init__.__func__.__globals__', "AttributeError: 'builtin_function_or_method' object has no attribute '__globals__'"],
  ])('%s has no escape hatch', (src, msg) => {
    expect(lastLine(src)).toBe(msg);
  });

  it('keeps JS prototype names ordinary (dict keys, attributes, setattr)', () => {
    expect(lastLine("d = {}\nd['__proto__'] = 1\nd['constructor'] = 2\nprint(d, d.get('toString'))")).toBe("OK {'__proto__': 1, 'constructor': 2} None");
    expect(lastLine("class C: pass\nc = C()\nsetattr(c, '__proto__', 5)\nc.constructor = 6\nprint(c.__proto__, c.constructor)")).toBe('OK 5 6');
    expect(lastLine("x = 1\nsetattr(x, 'constructor', 2)")).toBe("AttributeError: 'int' object has no attribute 'constructor' and no __dict__ for setting new attributes");
  });

  it('cannot modify builtin types', () => {
    expect(lastLine('int.x = 1')).toBe("TypeError: cannot set 'x' attribute of immutable type 'int'");
    expect(lastLine("setattr(list, 'append', None)")).toBe("TypeError: cannot set 'append' attribute of immutable type 'list'");
  });
});

describe('native methods taken from their class', () => {
  it.each([
    ['str.lower(5)', "TypeError: descriptor 'lower' for 'str' objects doesn't apply to a 'int' object"],
    ['list.append((1,), 2)', "TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'tuple' object"],
    ['dict.__setitem__([], 1, 2)', "TypeError: descriptor '__setitem__' requires a 'dict' object but received a 'list'"],
    ['str.lower()', 'TypeError: unbound method str.lower() needs an argument'],
  ])('%s checks its self argument', (src, msg) => {
    expect(lastLine(src)).toBe(msg);
  });

  it('still accepts instances of subclasses', () => {
    expect(lastLine('class L(list): pass\nl = L()\nlist.append(l, 1)\nprint(l, list.append is list.append)')).toBe('OK [1] True');
  });
});
