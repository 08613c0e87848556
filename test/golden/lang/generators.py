def count(n):
    i = 0
    while i < n:
        yield i
        i += 1

print(list(count(4)))
g = count(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", repr(e), e.value)

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b

for i, x in enumerate(fib()):
    if i >= 10:
        break
    print(x, end=" ")
print()

def echo():
    received = yield "ready"
    while received is not None:
        received = yield f"got {received}"
    return "done"

e = echo()
print(next(e))
print(e.send(1))
print(e.send("two"))
try:
    e.send(None)
except StopIteration as s:
    print("returned", s.value)

def inner():
    x = yield 1
    print("inner got", x)
    yield 2
    return "inner-result"

def outer():
    r = yield from inner()
    print("outer got", r)
    yield from [10, 20]
    yield from range(3)

o = outer()
print(next(o))
print(o.send("hello"))
print(list(o))

sq = (x * x for x in range(5))
print(type(sq).__name__, next(sq), list(sq), list(sq))
print(sum(x for x in range(10) if x % 2))
print(max((len(w), w) for w in "the quick brown fox".split()))

def gen_with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")

g = gen_with_finally()
print(next(g))
g.close()
print("closed")

def catcher():
    while True:
        try:
            yield
        except ValueError as err:
            print("caught", err)

c = catcher()
next(c)
c.throw(ValueError("boom"))
c.close()

def params(model):
    for name, value in model.items():
        if name.startswith("w"):
            yield name, value

print(dict(params({"w1": 1, "b1": 2, "w2": 3})))

def lazy():
    print("started")
    yield 1

l = lazy()
print("created")
print(list(l))

class Tree:
    def __init__(self, v, kids=()):
        self.v = v
        self.kids = kids
    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k

t = Tree(1, [Tree(2, [Tree(3)]), Tree(4)])
print(list(t))
print([x for x in t if x > 1])
gl = (lambda: (yield 5))()
print(list(gl))
def deep(n):
    if n:
        yield from deep(n - 1)
    yield n
print(sum(deep(200)))
x = 10
gen = (x + i for i in range(3))
x = 100
print(list(gen))
def stopper():
    yield 1
    raise StopIteration
try:
    list(stopper())
except RuntimeError as err:
    print("RuntimeError:", err, type(err.__cause__).__name__)
z = (i for i in range(3))
print(z.__name__, 2 in z, list(z))
