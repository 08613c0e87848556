# Strings: methods, slicing, formatting (f-strings, %, str.format), repr.
s = 'Hello, World'
print(s.upper(), s.lower(), s.swapcase())  # expect: HELLO, WORLD hello, world hELLO, wORLD
print(s[0], s[-1], s[1:5], s[::2], s[::-1])  # expect: H d ello Hlo ol dlroW ,olleH
print(s.find('o'), s.rfind('o'), s.find('z'), s.count('l'), s.index('W'))  # expect: 4 8 -1 3 7
print(s.startswith('Hell'), s.endswith(('x', 'ld')), 'World' in s)  # expect: True True True
print(s.replace('l', 'L'), s.replace('l', 'L', 2))  # expect: HeLLo, WorLd HeLLo, World
print('  pad  '.strip() + '|', '--x--'.strip('-'), 'xxabc'.lstrip('x'), 'abc  '.rstrip() + '|')  # expect: pad| x abc abc|
print('a,b,,c'.split(','), ' a  b c '.split(), 'a b c'.split(' ', 1), 'a,b,c'.rsplit(',', 1))  # expect: ['a', 'b', '', 'c'] ['a', 'b', 'c'] ['a', 'b c'] ['a,b', 'c']
print('-'.join(['a', 'b', 'c']), ''.join(reversed('abc')))  # expect: a-b-c cba
print('42'.zfill(5), '-42'.zfill(5), 'ab'.center(7, '*'), 'ab'.ljust(4) + '|', 'ab'.rjust(4, '.'))  # expect: 00042 -0042 ***ab** ab  | ..ab
print('abc'.isalpha(), '123'.isdigit(), 'a1'.isalnum(), '  '.isspace(), 'Ab'.istitle(), 'hello world'.title())  # expect: True True True True True Hello World
print('a=b=c'.partition('='), 'a=b=c'.rpartition('='), 'line1\nline2'.splitlines())  # expect: ('a', '=', 'b=c') ('a=b', '=', 'c') ['line1', 'line2']
print(repr('it\'s'), repr("a\"b"), repr('tab\there'), repr('new\nline'), repr('back\\slash'))  # expect: "it's" 'a"b' 'tab\there' 'new\nline' 'back\\slash'
x, loss, n = 3.14159, 0.000123456, 1234567
print(f'{x:.2f} {x:8.3f}| {x:<8.1f}| {x:^9.2f}| {x:+.1e}')  # expect: 3.14    3.142| 3.1     |   3.14   | +3.1e+00
print(f'{loss:.4f} {loss:.3g} {loss:e} {loss}')  # expect: 0.0001 0.000123 1.234560e-04 0.000123456
print(f'{n:,} {n:_} {n:>12,} {n:012,}')  # expect: 1,234,567 1_234_567    1,234,567 0,001,234,567
print(f'{42:05d} {42:x} {42:#x} {42:o} {42:b} {42:#b} {-42:+d} {42: d}')  # expect: 00042 2a 0x2a 52 101010 0b101010 -42  42
print(f'{"abc":>6}|{"abc":<6}|{"abc":^7}|{"abc":*^7}|{"abcdef":.3}')  # expect:    abc|abc   |  abc  |**abc**|abc
print(f'{0.5:.0%} {0.25:.1%} {1/3:.2%}')  # expect: 50% 25.0% 33.33%
print(f'{x=} {n = } {x!r} {"q"!r} {s!s:>13}')  # expect: x=3.14159 n = 1234567 3.14159 'q'  Hello, World
w, p = 10, 3
print(f'{x:{w}.{p}f}|{x:{w}}|')  # expect:      3.142|   3.14159|
print(f'{True} {True:>5} {None} {[1, "a"]} {(1,)}')  # expect: True     1 None [1, 'a'] (1,)
print(f'{2.5:.0f} {3.5:.0f} {0.125:.2f} {1e20:.2f} {1e-7:g} {123456789.0:g}')  # expect: 2 4 0.12 100000000000000000000.00 1e-07 1.23457e+08
print('%d items at %.2f = %s' % (3, 1.5, 'ok'), '%5s|%-5s|' % ('a', 'b'), '%03d %x %X %o' % (7, 255, 255, 8))  # expect: 3 items at 1.50 = ok     a|b    | 007 ff FF 10
print('%s %r %%' % ('s', 's'), '%(a)s-%(b)d' % {'a': 'A', 'b': 2}, '%e' % 12345.678, '%g' % 0.0001)  # expect: s 's' % A-2 1.234568e+04 0.0001
print('{} {}'.format(1, 2), '{1} {0}'.format('a', 'b'), '{x}/{y}'.format(x=1, y=2), '{:>5.1f}|'.format(2.25), '{{}} {0[1]}'.format([5, 6]))  # expect: 1 2 b a 1/2   2.2| {} 6
print(str(1.0), str(10**16 + 0.0), str(-1.5e-10), repr(1.1), str(100.0), 1.0e15, 2.5e-4)  # expect: 1.0 1e+16 -1.5e-10 1.1 100.0 1000000000000000.0 0.00025
print(len('héllo'), 'héllo'.upper(), ord('A'), chr(97), 'abc' < 'abd', 'B' < 'a')  # expect: 5 HÉLLO 65 a True True
print('a' 'b', 'x' * 0 == '', 'ab' + 'cd', str(None), str([1, 'x']), str((1, 2)))  # expect: ab True abcd None [1, 'x'] (1, 2)
print(format(3.14159, '.3f'), format(255, 'x'), format('hi', '>4'), format(1e-10))  # expect: 3.142 ff   hi 1e-10
