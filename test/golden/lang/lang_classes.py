class Point:
    """A point."""
    count = 0
    def __init__(self, x, y=0):
        self.x = x
        self.y = y
        Point.count += 1
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    @property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    @staticmethod
    def origin():
        return Point(0, 0)
    @classmethod
    def from_tuple(cls, t):
        return cls(*t)

p = Point(3, 4)
print(p, [p], str(p), repr(p), p.norm, p + Point(1, 1), p == Point(3, 4), p != Point(0, 0), len(p), list(p))
print(Point.origin(), Point.from_tuple((1, 2)), Point.count, sorted([Point(2, 1), Point(1, 5)]), Point.__doc__, Point.__name__)
class Plain:
    pass
o = Plain()
print(type(o).__name__, type(o), isinstance(o, object), Plain.__qualname__, hasattr(o, "x"), getattr(o, "x", 7))
o.x = 1
print(vars(o), o.__dict__, o.__class__.__name__)
class Base:
    def __init__(self, name):
        self.name = name
    def greet(self):
        return "Hello from " + self.name
    def __str__(self):
        return f"<{type(self).__name__} {self.name}>"
class Child(Base):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age
    def greet(self):
        return super().greet() + f" aged {self.age}"
c = Child("Ann", 7)
print(c, c.greet(), isinstance(c, Base), issubclass(Child, Base), Child.__mro__, Child.__bases__)
print(str(c), repr(c)[:20], format(c), f"{c}", f"{c!r}"[:8])
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
inc = counter(); inc(); print(inc(), inc.__name__, inc.__qualname__)
fs = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in fs])
def deco(fn):
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__, args, kwargs)
        return fn(*args, **kwargs)
    return wrapper
@deco
def add(a, b=2, *, scale=1):
    return (a + b) * scale
print(add(1, scale=3), add(1, 2))
def varargs(*args, **kwargs):
    return args, kwargs
print(varargs(1, 2, a=3), varargs(), varargs(*[1, 2], **{"k": "v"}))
class Stack:
    def __init__(self):
        self._items = []
    def push(self, x):
        self._items.append(x)
        return self
    def __bool__(self):
        return bool(self._items)
    def __contains__(self, x):
        return x in self._items
    def __iter__(self):
        return iter(self._items)
    def __call__(self, k):
        return self._items[-k]
s = Stack().push(1).push(2)
print(bool(s), 2 in s, list(s), s(1), bool(Stack()))
print(Point, Plain, add.__qualname__, print, len, type(len), type(add).__name__, int, type(None))
print(callable(add), callable(3), id(p) == id(p), hash((1, 2)) == hash((1, 2)))
class WithSlots:
    def __init__(self):
        self.a = 1
    def __repr__(self):
        return "WS"
print([WithSlots(), WithSlots()], {"k": WithSlots()}, (WithSlots(),))
class Temp:
    def __init__(self):
        self._c = 0
    @property
    def c(self):
        return self._c
    @c.setter
    def c(self, v):
        if v < -273:
            raise ValueError("too cold")
        self._c = v
t = Temp(); t.c = 20; print(t.c)
try:
    t.c = -300
except ValueError as e:
    print("error:", e)
print(type(o))
