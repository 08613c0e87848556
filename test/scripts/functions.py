# Functions: defaults, keyword args, *args/**kwargs, keyword-only, closures, lambdas, decorators.
def greet(name, greeting='Hello', *, punct='!'):
    return f'{greeting}, {name}{punct}'
print(greet('Ann'), greet('Bob', 'Hi'), greet(name='Cy', punct='?'))  # expect: Hello, Ann! Hi, Bob! Hello, Cy?
def total(*args, **kwargs):
    return sum(args), sorted(kwargs.items())
print(total(1, 2, 3, b=2, a=1), total(*[4, 5], **{'z': 0}))  # expect: (6, [('a', 1), ('b', 2)]) (9, [('z', 0)])
def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
c = make_counter()
c(); c(5)
print(c(), c.__name__, c.__qualname__)  # expect: 7 inc make_counter.<locals>.inc
adders = [lambda x, i=i: x + i for i in range(3)]
late = [lambda: i for i in range(3)]
print([f(10) for f in adders], [f() for f in late])  # expect: [10, 11, 12] [2, 2, 2]
G = 1
def set_global():
    global G
    G = 2
set_global()
print(G)  # expect: 2
def deco(fn):
    def wrapper(*a, **k):
        return 'deco(' + str(fn(*a, **k)) + ')'
    return wrapper
@deco
def square(x):
    return x * x
print(square(4))  # expect: deco(16)
def repeat(n):
    def d(fn):
        def w(x):
            for _ in range(n):
                x = fn(x)
            return x
        return w
    return d
@repeat(3)
def double(x):
    return x * 2
print(double(1))  # expect: 8
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(20), (lambda a, b=2: a * b)(3), list(map(lambda t: t[1], [(1, 'a')])))  # expect: 6765 6 ['a']
def no_return():
    pass
print(no_return(), callable(no_return), callable(1))  # expect: None True False
def posonly(a, b, /, c):
    return a + b + c
print(posonly(1, 2, c=3))  # expect: 6
def doc():
    """Docstring here."""
print(doc.__doc__)  # expect: Docstring here.
def gen_sq(n):
    return (i * i for i in range(n))
print(list(gen_sq(4)), sum(gen_sq(3)))  # expect: [0, 1, 4, 9] 5
def walrus(xs):
    if (n := len(xs)) > 2:
        return n
    return -1
print(walrus([1, 2, 3]), walrus([]))  # expect: 3 -1
def apply(f, *args, **kw):
    return f(*args, **kw)
print(apply(max, 1, 5, 2), apply(sorted, [3, 1], reverse=True))  # expect: 5 [3, 1]
x = 10
def shadow():
    x = 20
    def inner():
        return x
    return inner()
print(shadow(), x)  # expect: 20 10
