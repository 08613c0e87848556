def f(a, b=2, *args, c, d=4, **kwargs):
    return a + b + sum(args) + c + d + len(kwargs)

def g(x, /, y, *, z=1):
    return x * y * z

def h(*, key):
    return key

print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6), g(1, 2, z=3), h(key="k"))
args = (1, 2)
kw = {"c": 3}
print(f(*args, **kw), f(*args, *args, c=1, **kw, **{"q": 1}))
square = lambda v: v * v
add = lambda a, b=1, *rest, **opts: a + b
print(square(4), add(1), (lambda: 42)())

def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc

GLOBAL = 1
def use_global():
    global GLOBAL
    GLOBAL = 2

def annotated(x: int, y: "float" = 1.0) -> float:
    return x + y
