// Pathologically deep code: the parser and the evaluator answer with Python errors (or the
// right value), never with a JavaScript stack overflow.
import { describe, expect, it } from 'vitest';
import { runModule } from '../../engine/script/run';
import { parseModule } from '../../engine/script/parser';

function run(src: string): { out: string; errType: string | null; lastLine: string } {
  let out = '';
  const r = runModule(src, { filename: 'deep.py', stdout: (t) => (out += t) });
  const lastLine = r.traceback ? r.traceback.trim().split('\n').pop()! : '';
  return { out, errType: r.error ? r.error.cls.name : null, lastLine };
}

describe('deep nesting', () => {
  it('rejects 10,000 nested parentheses as CPython does', () => {
    const r = run('x = ' + '('.repeat(10000) + '1' + ')'.repeat(10000) + '\n');
    expect(r.lastLine).toBe('SyntaxError: too many nested parentheses');
  });

  it('evaluates 1,500 nested unary operators and conditional expressions', () => {
    expect(run('print(' + '-'.repeat(1501) + '1)\n').out).toBe('-1\n');
    expect(run('print(1' + ' if 1 else 0'.repeat(1500) + ')\n').out).toBe('1\n');
  });

  it("reports CPython's parser overflow beyond the parser's nesting limit", () => {
    const r = run('x = 1' + ' ** 1'.repeat(10000) + '\n');
    expect(r.lastLine).toBe('MemoryError: Parser stack overflowed - Python source too complex to parse');
    expect(parseModule('x = ' + 'not '.repeat(10000) + '1\n').error!.type).toBe('MemoryError');
  });

  it('evaluates a 50,000-term sum (left-nested BinOps) without deep recursion', () => {
    expect(run('print(1' + ' + 1'.repeat(50000) + ')\n').out).toBe('50001\n');
  });

  it('locates an error in the middle of a long operator chain', () => {
    const r = run('x = 1' + ' + 1'.repeat(3000) + ' + "a"' + ' + 1'.repeat(3000) + '\n');
    expect(r.lastLine).toBe("TypeError: unsupported operand type(s) for +: 'int' and 'str'");
  });

  it('turns a 100,000-long subscript chain into a catchable RecursionError (as CPython does)', () => {
    const r = run('x = []\nx.append(x)\ntry:\n    print(len(x' + '[0]'.repeat(100000) + '))\nexcept RecursionError:\n    print("too deep")\n');
    expect(r.out).toBe('too deep\n');
  });
});
