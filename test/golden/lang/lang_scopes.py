def outer():
    a = 1
    def mid():
        b = 2
        def inner():
            nonlocal b
            b += a
            return a, b
        return inner
    return mid()
f = outer()
print(f(), f())
def unbound():
    print(x)
    x = 1
try:
    unbound()
except UnboundLocalError as e:
    print(e)
def deleter():
    y = 5
    del y
    try:
        return y
    except NameError as e:
        return str(e)
print(deleter())
def walrus(items):
    total = [s := s + i if False else (s := i) for i in items] if False else None
    r = [last := i * 2 for i in items]
    return last, r
print(walrus([1, 2, 3]))
def except_name():
    err = "before"
    try:
        1 / 0
    except ZeroDivisionError as err:
        pass
    try:
        return err
    except NameError as e:
        return "gone: " + str(e)
print(except_name())
def with_class(v):
    class Local:
        val = v
        def get(self):
            return self.val + v
    return Local().get()
print(with_class(10))
def defaults(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, kw
print(defaults(1, c=3), defaults(1, 5, 6, 7, c=8, e=9))
def counter_gen(start):
    n = start
    def bump():
        nonlocal n
        n += 1
    while n < start + 3:
        yield n
        bump()
print(list(counter_gen(5)))
def misspelt():
    learning_rate = 0.1
    return learnin_rate
try:
    misspelt()
except NameError as e:
    print(e)
g = 100
def shadow():
    g = 1
    def read():
        return g
    return read()
print(shadow(), g)
def glob():
    global g
    g += 1
    return g
print(glob(), g)
def lam():
    k = 3
    return (lambda x: x * k)(2), [(lambda: j)() for j in range(2)]
print(lam())
class A:
    def __init__(self, v):
        self.v = v
    def total(self, *others):
        return sum(o.v for o in others) + self.v
class B(A):
    def __init__(self, v):
        super().__init__(v * 10)
print(B(1).total(A(2), A(3)))
def recursive(n):
    return 1 if n <= 1 else n * recursive(n - 1)
print(recursive(20))
def loop_closure():
    fns = []
    for i in range(3):
        def f():
            return i
        fns.append(f)
    return [h() for h in fns]
print(loop_closure())
