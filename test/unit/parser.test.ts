// AST shapes produced by the tensor-script parser (CPython's ast layout, see engine/script/ast.ts).
import { describe, expect, it } from 'vitest';
import type * as A from '../../engine/script/ast';
import { ELLIPSIS } from '../../engine/script/ast';
import { tokenize } from '../../engine/script/lexer';
import { formatSyntaxError, parseModule } from '../../engine/script/parser';

function parseOk(src: string): A.Stmt[] {
  const r = parseModule(src);
  expect(r.error).toBeNull();
  return r.module.body;
}
function expr(src: string): A.Expr {
  const body = parseOk(src);
  const s = body[0]!;
  if (s.kind !== 'ExprStmt') throw new Error('not an expression statement: ' + s.kind);
  return s.value;
}
/** Strips ranges for compact shape comparison. */
function shape(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(shape);
  if (x && typeof x === 'object' && !(x instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      if (k === 'range' || k === 'nameRange' || k === 'attrRange') continue;
      out[k] = shape(v);
    }
    return out;
  }
  return x;
}
const name = (id: string, ctx: A.ExprContext = 'Load') => ({ kind: 'Name', id, ctx });
const int = (v: number) => ({ kind: 'Constant', constType: 'int', value: BigInt(v) });

describe('lexer', () => {
  it('emits INDENT/DEDENT from the indent stack and skips blank and comment lines', () => {
    const { tokens, error } = tokenize('if x:\n    y\n\n    # c\n        \n    z\nw\n');
    expect(error).toBeNull();
    expect(tokens.map((t) => (t.type === 'NAME' || t.type === 'OP' ? t.value : t.type))).toEqual([
      'if', 'x', ':', 'NEWLINE', 'INDENT', 'y', 'NEWLINE', 'z', 'NEWLINE', 'DEDENT', 'w', 'NEWLINE', 'ENDMARKER',
    ]);
  });

  it('joins lines inside brackets and after a backslash', () => {
    const { tokens } = tokenize('x = (1,\n  2) + \\\n  3\n');
    expect(tokens.filter((t) => t.type === 'NEWLINE').length).toBe(1);
    expect(tokens.some((t) => t.type === 'INDENT')).toBe(false);
  });

  it('reads every number literal form', () => {
    const nums = tokenize('1_000 0x_Ff 0o17 0b101 1e-5 1.5E+3 .5 5. 1j 2.5J 00 123456789012345678901234567890')
      .tokens.filter((t) => t.type === 'NUMBER').map((t) => t.num);
    expect(nums).toEqual([
      { constType: 'int', value: 1000n }, { constType: 'int', value: 255n }, { constType: 'int', value: 15n },
      { constType: 'int', value: 5n }, { constType: 'float', value: 1e-5 }, { constType: 'float', value: 1500 },
      { constType: 'float', value: 0.5 }, { constType: 'float', value: 5 }, { constType: 'complex', value: 1 },
      { constType: 'complex', value: 2.5 }, { constType: 'int', value: 0n },
      { constType: 'int', value: 123456789012345678901234567890n },
    ]);
  });

  it('decodes string escapes and prefixes', () => {
    const vals = tokenize(String.raw`'a\n\t\\\'' r'\n' b'\x41\101' "\u03b1\N{GREEK SMALL LETTER BETA}" '\d'`)
      .tokens.filter((t) => t.type === 'STRING').map((t) => [t.str!.value, t.str!.isBytes]);
    expect(vals).toEqual([["a\n\t\\'", false], ['\\n', false], ['AA', true], ['αβ', false], ['\\d', false]]);
  });
});

describe('parser: statements', () => {
  it('parses chained assignment targets in source order with Store context', () => {
    expect(shape(parseOk('a = b.c = d[0] = 1\n')[0])).toEqual({
      kind: 'Assign',
      targets: [
        name('a', 'Store'),
        { kind: 'Attribute', value: name('b'), attr: 'c', ctx: 'Store' },
        { kind: 'Subscript', value: name('d'), slice: int(0), ctx: 'Store' },
      ],
      value: int(1),
    });
  });

  it('parses tuple unpacking with a starred target', () => {
    const s = parseOk('first, *rest = xs\n')[0] as A.Assign;
    expect(shape(s.targets[0])).toEqual({
      kind: 'Tuple', ctx: 'Store', parenthesized: false,
      elts: [name('first', 'Store'), { kind: 'Starred', value: name('rest', 'Store'), ctx: 'Store' }],
    });
  });

  it('parses augmented and annotated assignment', () => {
    const [aug, ann, bare] = parseOk('x += 1\ny: int = 2\nz: float\n');
    expect(shape(aug)).toEqual({ kind: 'AugAssign', target: name('x', 'Store'), op: '+', value: int(1) });
    expect(shape(ann)).toEqual({ kind: 'AnnAssign', target: name('y', 'Store'), annotation: name('int'), value: int(2), simple: true });
    expect(shape(bare)).toMatchObject({ kind: 'AnnAssign', value: null });
  });

  it('parses imports with aliases and relative levels', () => {
    const [imp, from, rel] = parseOk('import torch.nn as nn, math\nfrom torch import optim as o, nn\nfrom ..a import *\n');
    expect(shape(imp)).toEqual({ kind: 'Import', names: [
      { kind: 'Alias', name: 'torch.nn', asname: 'nn' }, { kind: 'Alias', name: 'math', asname: null }] });
    expect(shape(from)).toEqual({ kind: 'ImportFrom', module: 'torch', level: 0, names: [
      { kind: 'Alias', name: 'optim', asname: 'o' }, { kind: 'Alias', name: 'nn', asname: null }] });
    expect(shape(rel)).toEqual({ kind: 'ImportFrom', module: 'a', level: 2, names: [{ kind: 'Alias', name: '*', asname: null }] });
  });

  it('nests elif as an If inside orelse', () => {
    const s = parseOk('if a:\n    pass\nelif b:\n    pass\nelse:\n    x = 1\n')[0] as A.If;
    expect(s.orelse.length).toBe(1);
    const elif = s.orelse[0] as A.If;
    expect(elif.kind).toBe('If');
    expect(shape(elif.test)).toEqual(name('b'));
    expect(elif.orelse[0]!.kind).toBe('Assign');
  });

  it('parses for/while with else, break and continue', () => {
    const [f, w] = parseOk('for i, x in enumerate(xs):\n    continue\nelse:\n    pass\nwhile True:\n    break\nelse:\n    pass\n');
    expect(shape((f as A.For).target)).toMatchObject({ kind: 'Tuple', ctx: 'Store' });
    expect((f as A.For).orelse[0]!.kind).toBe('Pass');
    expect((w as A.While).body[0]!.kind).toBe('Break');
  });

  it('lays out function parameters like CPython (defaults, *args, keyword-only, **kwargs)', () => {
    const f = parseOk('@dec\n@dec2(1)\ndef f(a, /, b=1, *args, c, d=2, **kw) -> int:\n    return a\n')[0] as A.FunctionDef;
    expect(f.name).toBe('f');
    expect(f.decorators.length).toBe(2);
    expect(f.args.posonlyargs.map((a) => a.name)).toEqual(['a']);
    expect(f.args.args.map((a) => a.name)).toEqual(['b']);
    expect(shape(f.args.defaults)).toEqual([int(1)]);
    expect(f.args.vararg?.name).toBe('args');
    expect(f.args.kwonlyargs.map((a) => a.name)).toEqual(['c', 'd']);
    expect(shape(f.args.kwDefaults)).toEqual([null, int(2)]);
    expect(f.args.kwarg?.name).toBe('kw');
    expect(shape(f.returns)).toEqual(name('int'));
    expect(f.range.line).toBe(3); // starts at 'def', not at the decorator (CPython ≥ 3.8)
    expect(shape(f.body)).toEqual([{ kind: 'Return', value: name('a') }]);
  });

  it('parses classes with bases, keywords and super().__init__()', () => {
    const c = parseOk('class Net(nn.Module, metaclass=M):\n    def __init__(self):\n        super().__init__()\n')[0] as A.ClassDef;
    expect(shape(c.bases)).toEqual([{ kind: 'Attribute', value: name('nn'), attr: 'Module', ctx: 'Load' }]);
    expect(shape(c.keywords)).toEqual([{ kind: 'Keyword', arg: 'metaclass', value: name('M') }]);
    expect((c.body[0] as A.FunctionDef).name).toBe('__init__');
  });

  it('parses with items and try handlers', () => {
    const [w, t] = parseOk('with a as x, b:\n    pass\ntry:\n    pass\nexcept (A, B) as e:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\n');
    expect(shape((w as A.With).items)).toEqual([
      { kind: 'WithItem', contextExpr: name('a'), optionalVars: name('x', 'Store') },
      { kind: 'WithItem', contextExpr: name('b'), optionalVars: null },
    ]);
    const tr = t as A.Try;
    expect(tr.handlers.map((h) => [h.type?.kind ?? null, h.name])).toEqual([['Tuple', 'e'], [null, null]]);
    expect(tr.orelse.length).toBe(1);
    expect(tr.finalbody.length).toBe(1);
  });

  it('parses raise/assert/del/global/nonlocal', () => {
    const [r, a, d, g] = parseOk('raise E("x") from None\nassert x, "msg"\ndel a, b[0]\nglobal p, q\n');
    expect(shape(r)).toMatchObject({ kind: 'Raise', cause: { kind: 'Constant', constType: 'None' } });
    expect(shape(a)).toMatchObject({ kind: 'Assert', msg: { kind: 'Constant', value: 'msg' } });
    expect(shape(d)).toMatchObject({ kind: 'Delete', targets: [name('a', 'Del'), { kind: 'Subscript', ctx: 'Del' }] });
    expect(shape(g)).toEqual({ kind: 'Global', names: ['p', 'q'] });
  });

  it('turns constructs outside the subset into Unsupported nodes', () => {
    const body = parseOk('async def f():\n    await g()\nmatch x:\n    case 1:\n        pass\ntype T = int\n');
    expect(body.slice(0, 3).map((s) => (s.kind === 'UnsupportedStmt' ? s.construct : s.kind))).toEqual([
      "'async def'", "'match' statement", "'type' alias statement",
    ]);
    expect(expr('1j')).toMatchObject({ kind: 'Constant', constType: 'complex', value: 1 });
  });
});

describe('parser: generators', () => {
  it('parses yield, bare yield, yield as a value and yield from', () => {
    const body = parseOk('def gen():\n    yield 1\n    yield\n    x = yield a, b\n    r = yield from other()\n');
    const fbody = (body[0] as A.FunctionDef).body;
    expect(shape((fbody[0] as A.ExprStmt).value)).toEqual({ kind: 'Yield', value: int(1) });
    expect(shape((fbody[1] as A.ExprStmt).value)).toEqual({ kind: 'Yield', value: null });
    expect(shape((fbody[2] as A.Assign).value)).toMatchObject({ kind: 'Yield', value: { kind: 'Tuple', elts: [name('a'), name('b')] } });
    expect(shape((fbody[3] as A.Assign).value)).toMatchObject({ kind: 'YieldFrom', value: { kind: 'Call', func: name('other') } });
  });
});

describe('parser: generator and await scope errors (CPython 3.14 texts)', () => {
  it.each([
    ['def f():\n    return [(yield x) for x in range(3)]\n', "'yield' inside list comprehension", 2],
    ['def f():\n    return {k: (yield) for k in range(3)}\n', "'yield' inside dict comprehension", 2],
    ['def f():\n    return list((yield) for k in range(3))\n', "'yield' inside generator expression", 2],
    ['def f():\n    x = yield = 1\n', 'assignment to yield expression not possible', 2],
    ['def f():\n    await x\n', "'await' outside async function", 2],
    ['await x\n', "'await' outside function", 1],
    ['async def f():\n    await x\n    return lambda: await y\n', "'await' outside async function", 3],
  ])('%s', (src, msg, line) => {
    const r = parseModule(src);
    expect(r.error).toMatchObject({ msg, line });
  });

  it('accepts yield in the first iterable and in lambdas of a comprehension', () => {
    expect(parseModule('def f():\n    return [x for x in (yield)]\n').error).toBeNull();
    expect(parseModule('def f():\n    return [(lambda: (yield)) for x in y]\n').error).toBeNull();
  });
});

describe('parser: expressions', () => {
  it('respects precedence and associativity', () => {
    expect(shape(expr('-2 ** 2 * 3 + 1'))).toEqual({
      kind: 'BinOp', op: '+', right: int(1),
      left: { kind: 'BinOp', op: '*', right: int(3), left: { kind: 'UnaryOp', op: '-', operand: { kind: 'BinOp', op: '**', left: int(2), right: int(2) } } },
    });
    expect(shape(expr('2 ** 3 ** 2'))).toMatchObject({ op: '**', left: int(2), right: { op: '**' } });
    expect(shape(expr('a - b - c'))).toMatchObject({ op: '-', left: { op: '-' }, right: name('c') });
  });

  it('keeps chained comparisons in one Compare and flattens boolean ops', () => {
    expect(shape(expr('0 < x <= 10 is not None'))).toEqual({
      kind: 'Compare', left: int(0), ops: ['<', '<=', 'is not'], comparators: [name('x'), int(10), { kind: 'Constant', constType: 'None', value: null }],
    });
    expect(shape(expr('a and b and not c or d'))).toEqual({
      kind: 'BoolOp', op: 'or', values: [
        { kind: 'BoolOp', op: 'and', values: [name('a'), name('b'), { kind: 'UnaryOp', op: 'not', operand: name('c') }] },
        name('d'),
      ],
    });
  });

  it('parses calls with positional, keyword, *args and **kwargs', () => {
    expect(shape(expr('f(a, *xs, k=1, **kw)'))).toEqual({
      kind: 'Call', func: name('f'), hasStarred: true,
      args: [name('a'), { kind: 'Starred', value: name('xs'), ctx: 'Load' }],
      keywords: [{ kind: 'Keyword', arg: 'k', value: int(1) }, { kind: 'Keyword', arg: null, value: name('kw') }],
    });
  });

  it('parses subscripts with slices, tuples and Ellipsis', () => {
    expect(shape(expr('t[1:, ::2, ..., None]'))).toEqual({
      kind: 'Subscript', value: name('t'), ctx: 'Load',
      slice: { kind: 'Tuple', ctx: 'Load', parenthesized: false, elts: [
        { kind: 'Slice', lower: int(1), upper: null, step: null },
        { kind: 'Slice', lower: null, upper: null, step: int(2) },
        { kind: 'Constant', constType: 'Ellipsis', value: ELLIPSIS },
        { kind: 'Constant', constType: 'None', value: null },
      ] },
    });
  });

  it('parses displays: tuple, list, dict with ** unpack, set', () => {
    expect(shape(expr('(1,)'))).toEqual({ kind: 'Tuple', ctx: 'Load', parenthesized: true, elts: [int(1)] });
    expect(shape(expr('()'))).toEqual({ kind: 'Tuple', ctx: 'Load', parenthesized: true, elts: [] });
    expect(shape(expr('[1, *a]'))).toMatchObject({ kind: 'List', elts: [int(1), { kind: 'Starred' }] });
    expect(shape(expr('{"a": 1, **m}'))).toEqual({
      kind: 'Dict', keys: [{ kind: 'Constant', constType: 'str', value: 'a' }, null], values: [int(1), name('m')],
    });
    expect(shape(expr('{}'))).toEqual({ kind: 'Dict', keys: [], values: [] });
    expect(shape(expr('{1, 2}'))).toEqual({ kind: 'Set', elts: [int(1), int(2)] });
  });

  it('parses comprehensions with several for/if clauses', () => {
    const e = expr('[x * y for x in a if x for y in b if y if x != y]') as A.ListComp;
    expect(e.kind).toBe('ListComp');
    expect(e.generators.map((g) => g.ifs.length)).toEqual([1, 2]);
    expect(expr('{k: v for k, v in d}').kind).toBe('DictComp');
    expect(expr('{x for x in s}').kind).toBe('SetComp');
    expect(expr('(x for x in s)').kind).toBe('GeneratorExp');
    const call = expr('sum(x for x in s)') as A.Call;
    expect(call.args[0]!.kind).toBe('GeneratorExp');
  });

  it('parses lambda, conditional expression and walrus', () => {
    expect(shape(expr('lambda x, y=1: x if y else -x'))).toMatchObject({
      kind: 'Lambda', args: { args: [{ name: 'x' }, { name: 'y' }], defaults: [int(1)] },
      body: { kind: 'IfExp', test: name('y'), body: name('x') },
    });
    expect(shape(expr('(n := 10)'))).toEqual({ kind: 'NamedExpr', target: name('n', 'Store'), value: int(10) });
  });

  it('merges adjacent string literals and keeps bytes separate', () => {
    expect(expr('"a" \'b\' """c"""')).toMatchObject({ kind: 'Constant', constType: 'str', value: 'abc' });
    const b = expr('b"\\x00A"') as A.ConstantOf<'bytes', Uint8Array>;
    expect(Array.from(b.value)).toEqual([0, 65]);
  });

  it('parses f-strings: conversions, nested format specs and self-documenting =', () => {
    expect(shape(expr('f"a{x!r:>{w}.{p}f}b"'))).toEqual({
      kind: 'JoinedStr', values: [
        { kind: 'Constant', constType: 'str', value: 'a' },
        { kind: 'FormattedValue', value: name('x'), conversion: 'r', formatSpec: { kind: 'JoinedStr', values: [
          { kind: 'Constant', constType: 'str', value: '>' },
          { kind: 'FormattedValue', value: name('w'), conversion: null, formatSpec: null },
          { kind: 'Constant', constType: 'str', value: '.' },
          { kind: 'FormattedValue', value: name('p'), conversion: null, formatSpec: null },
          { kind: 'Constant', constType: 'str', value: 'f' },
        ] } },
        { kind: 'Constant', constType: 'str', value: 'b' },
      ],
    });
    // `{x = }` → "x = " then repr(x); with a spec the conversion stays null (format is applied).
    expect(shape(expr('f"{x = }{y=:.2f}{{}}"'))).toEqual({
      kind: 'JoinedStr', values: [
        { kind: 'Constant', constType: 'str', value: 'x = ' },
        { kind: 'FormattedValue', value: name('x'), conversion: 'r', formatSpec: null },
        { kind: 'Constant', constType: 'str', value: 'y=' },
        { kind: 'FormattedValue', value: name('y'), conversion: null, formatSpec: { kind: 'JoinedStr', values: [{ kind: 'Constant', constType: 'str', value: '.2f' }] } },
        { kind: 'Constant', constType: 'str', value: '{}' },
      ],
    });
    // 3.12+: the same quote may be reused inside a replacement field.
    expect(shape(expr('f"{d["k"]}"'))).toMatchObject({ values: [{ kind: 'FormattedValue', value: { kind: 'Subscript' } }] });
  });
});

describe('parser: ranges', () => {
  it('gives CPython-style ranges (1-based lines, 0-based exclusive-end columns)', () => {
    const s = parseOk('x = foo(1,\n        2)\n')[0] as A.Assign;
    expect(s.range).toEqual({ line: 1, col: 0, endLine: 2, endCol: 10 });
    expect(s.value.range).toEqual({ line: 1, col: 4, endLine: 2, endCol: 10 });
    const attr = expr('a.bc') as A.Attribute;
    expect(attr.attrRange).toEqual({ line: 1, col: 2, endLine: 1, endCol: 4 });
  });

  it('ranges an f-string field expression at its real source position', () => {
    const j = expr('f"ab{xy}"') as A.JoinedStr;
    const fv = j.values[1] as A.FormattedValue;
    expect(fv.value.range).toEqual({ line: 1, col: 5, endLine: 1, endCol: 7 });
  });
});

describe('parser: errors', () => {
  it('keeps the top-level statements completed before the first error', () => {
    const r = parseModule('import torch\nx = torch.ones(2)\nif x:\n    y = 1\nz = (1 +\n');
    expect(r.error).toMatchObject({ type: 'SyntaxError', msg: "'(' was never closed", line: 5, col: 4 });
    expect(r.module.body.map((s) => s.kind)).toEqual(['Import', 'Assign', 'If']);
  });

  it('keeps statements before a statement whose block contains the error', () => {
    const r = parseModule('a = 1\nfor i in range(3):\n    b = i +* 2\nc = 3\n');
    expect(r.error).toMatchObject({ msg: 'invalid syntax', line: 3 });
    expect(r.module.body.map((s) => s.kind)).toEqual(['Assign']);
  });

  it('reports compile-time errors after parsing, keeping earlier statements', () => {
    const r = parseModule('x = 1\nreturn x\n');
    expect(r.error).toMatchObject({ msg: "'return' outside function", line: 2 });
    expect(r.module.body.length).toBe(1);
  });

  it('formats a syntax error like CPython prints it', () => {
    const r = parseModule('x = 1\nif x = 1:\n    pass\n');
    expect(formatSyntaxError(r.error!, 'demo.py')).toBe([
      '  File "demo.py", line 2',
      '    if x = 1:',
      '       ^^^^^',
      "SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
    ].join('\n'));
  });
});

describe('formatSyntaxError', () => {
  // Expected texts printed by CPython 3.14 for the same files.
  it('prints no caret when the error column is inside the indentation (unexpected indent)', () => {
    const r = parseModule('x = 1\n    y = 2\n');
    expect(formatSyntaxError(r.error!, 'demo2.py')).toBe('  File "demo2.py", line 2\n    y = 2\nIndentationError: unexpected indent');
  });

  it('prints one caret at the open bracket for an unclosed bracket', () => {
    const r = parseModule('x = (1,\n');
    expect(formatSyntaxError(r.error!, 'demo3.py')).toBe('  File "demo3.py", line 1\n    x = (1,\n        ^\nSyntaxError: \'(\' was never closed');
  });

  it('prints the caret after the line for an inconsistent dedent', () => {
    const r = parseModule('def f():\n    return 1\n  x = 2\n');
    expect(formatSyntaxError(r.error!, 'demo4.py')).toBe(
      '  File "demo4.py", line 3\n    x = 2\n         ^\nIndentationError: unindent does not match any outer indentation level');
  });
});
