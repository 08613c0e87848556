# Control flow: if/elif/else, loops with break/continue/else, try/except/else/finally,
# raise/raise from, assert, with, chained comparisons, conditional expressions, del.
from __future__ import annotations
for i in range(10):
    if i == 2:
        continue
    if i == 5:
        break
    print(i, end=' ')
print()  # expect: 0 1 3 4 
for i in range(3):
    pass
else:
    print('no break', i)  # expect: no break 2
n = 0
while True:
    n += 1
    if n >= 4:
        break
while n > 0:
    n -= 1
else:
    print('while else', n)  # expect: while else 0
def classify(x):
    if x < 0:
        return 'neg'
    elif x == 0:
        return 'zero'
    else:
        return 'pos'
print([classify(v) for v in (-1, 0, 1)], 'big' if 10 > 5 else 'small', 1 < 2 < 3 < 4, 1 < 3 < 2)  # expect: ['neg', 'zero', 'pos'] big True False
def safe_div(a, b):
    try:
        r = a / b
    except ZeroDivisionError as e:
        return f'error: {e}'
    else:
        return r
    finally:
        print('finally', end=' ')
print(safe_div(1, 2))  # expect: finally 0.5
print(safe_div(1, 0))  # expect: finally error: division by zero
class MyError(ValueError):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
try:
    raise MyError('bad thing', 42)
except ValueError as e:
    print(type(e).__name__, e, e.code, e.args, isinstance(e, Exception))  # expect: MyError bad thing 42 ('bad thing',) True
try:
    try:
        {}['k']
    except KeyError as e:
        raise RuntimeError('wrapped') from e
except RuntimeError as e:
    print(e, repr(e.__cause__), type(e.__cause__).__name__)  # expect: wrapped KeyError('k') KeyError
try:
    [1][5]
except (KeyError, IndexError) as e:
    print('caught', e)  # expect: caught list index out of range
try:
    assert 1 + 1 == 3, 'math is broken'
except AssertionError as e:
    print('assert:', e)  # expect: assert: math is broken
try:
    int('abc')
except Exception as e:
    print(repr(e))  # expect: ValueError("invalid literal for int() with base 10: 'abc'")
def f():
    try:
        return 'try'
    finally:
        print('cleanup', end=' ')
print(f())  # expect: cleanup try
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
        finally:
            print('f', i, end=' ')
    return 'done'
print(g())  # expect: f 0 f 1 f 2 done
class Ctx:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print('enter', self.name, end='; ')
        return self
    def __exit__(self, exc_type, exc, tb):
        print('exit', self.name, exc_type.__name__ if exc_type else None, end='; ')
        return exc_type is KeyError
with Ctx('a') as c1, Ctx('b'):
    print('body', c1.name, end='; ')
print()  # expect: enter a; enter b; body a; exit b None; exit a None; 
with Ctx('s'):
    raise KeyError('suppressed')
print('after')  # expect: enter s; exit s KeyError; after
x = [1, 2, 3]
del x[1]
y = 5
del y
try:
    print(y)
except NameError as e:
    print(x, e)  # expect: [1, 3] name 'y' is not defined
try:
    raise
except RuntimeError as e:
    print(e)  # expect: No active exception to reraise
def reraise():
    try:
        1 / 0
    except ZeroDivisionError:
        raise
try:
    reraise()
except ZeroDivisionError as e:
    print('re', e)  # expect: re division by zero
try:
    raise ValueError
except ValueError as e:
    print(repr(e), str(e) == '')  # expect: ValueError() True
if __name__ == '__main__':
    print('main')  # expect: main
import math, time, random
from math import sqrt, pi as PI
import collections
print(sqrt(16), round(PI, 3), math.floor(2.7), math.ceil(2.1), math.exp(0), math.log(math.e), math.log(8, 2), math.isclose(0.1 + 0.2, 0.3))  # expect: 4.0 3.142 2 3 1.0 1.0 3.0 True
t0 = time.perf_counter()
print(time.perf_counter() >= t0, type(time.time()).__name__)  # expect: True float
random.seed(42)
print(random.random(), random.randint(1, 10), random.choice('abc'))  # expect: 0.6394267984578837 1 c
od = collections.OrderedDict()
od['b'] = 1
od['a'] = 2
print(list(od), od)  # expect: ['b', 'a'] OrderedDict({'b': 1, 'a': 2})
