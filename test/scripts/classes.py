# Classes: __init__, methods, class attributes, inheritance, super(), properties,
# static/class methods, dunder methods, isinstance/issubclass, __call__.
class Animal:
    kind = 'animal'
    count = 0
    def __init__(self, name):
        self.name = name
        Animal.count += 1
    def speak(self):
        return f'{self.name} makes a sound'
    def __repr__(self):
        return f'{type(self).__name__}({self.name!r})'
class Dog(Animal):
    kind = 'dog'
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return super().speak() + ' (woof)'
d = Dog('Rex', 'lab')
a = Animal('Cat')
print(d.speak(), a.speak())  # expect: Rex makes a sound (woof) Cat makes a sound
print(d, [a, d], Animal.count, d.kind, a.kind, Dog.__mro__[1].__name__)  # expect: Dog('Rex') [Animal('Cat'), Dog('Rex')] 2 dog animal Animal
print(isinstance(d, Animal), isinstance(a, Dog), issubclass(Dog, Animal), isinstance(d, (int, Dog)), type(d) is Dog)  # expect: True False True True True
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __eq__(self, o):
        return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __lt__(self, o):
        return self.norm2() < o.norm2()
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        return iter((self.x, self.y))
    def __bool__(self):
        return bool(self.x or self.y)
    def __str__(self):
        return f'<{self.x}, {self.y}>'
    def __repr__(self):
        return f'Vec({self.x}, {self.y})'
    def __call__(self, s):
        return self.x * s
    def norm2(self):
        return self.x ** 2 + self.y ** 2
v = Vec(1, 2) + Vec(3, 4)
print(v, repr(v), 2 * v, v * 2, -v, v == Vec(4, 6), v != Vec(4, 6), len(v), v[1], list(v))  # expect: <4, 6> Vec(4, 6) <8, 12> <8, 12> <-4, -6> True False 2 6 [4, 6]
print(bool(Vec(0, 0)), v(10), sorted([Vec(3, 0), Vec(1, 1)]), max([Vec(3, 0), Vec(1, 1)]), Vec(1, 1) > Vec(0, 1))  # expect: False 40 [Vec(1, 1), Vec(3, 0)] <3, 0> True
x, y = v
print(x, y, f'{v}', str([v]))  # expect: 4 6 <4, 6> [Vec(4, 6)]
class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def f(self):
        return self._c * 9 / 5 + 32
    @f.setter
    def f(self, value):
        self._c = (value - 32) * 5 / 9
    @staticmethod
    def unit():
        return 'C'
    @classmethod
    def freezing(cls):
        return cls(0)
t = Temp(100)
t.f = 32
print(t.f, t._c, Temp.unit(), t.unit(), Temp.freezing().f, type(Temp.freezing()).__name__)  # expect: 32.0 0.0 C C 32.0 Temp
class Base:
    def __init__(self):
        self.log = ['Base']
class Mixin:
    def hello(self):
        return 'mixin'
class Child(Base, Mixin):
    def __init__(self):
        super().__init__()
        self.log.append('Child')
ch = Child()
print(ch.log, ch.hello(), [k.__name__ for k in Child.__mro__])  # expect: ['Base', 'Child'] mixin ['Child', 'Base', 'Mixin', 'object']
print(hasattr(ch, 'log'), hasattr(ch, 'nope'), getattr(ch, 'nope', 42))  # expect: True False 42
setattr(ch, 'extra', 5)
print(ch.extra, type(ch).__name__, Child.__name__, Child.__qualname__)  # expect: 5 Child Child Child
class Counter:
    instances = []
    def __init__(self):
        Counter.instances.append(self)
Counter(); Counter()
print(len(Counter.instances))  # expect: 2
class Node:
    def __init__(self, val, children=None):
        self.val = val
        self.children = children or []
    def total(self):
        return self.val + sum(c.total() for c in self.children)
print(Node(1, [Node(2), Node(3, [Node(4)])]).total())  # expect: 10
class P:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return self.v == other.v
    def __hash__(self):
        return hash(self.v)
print(len({P(1), P(1), P(2)}), P(1) in [P(1)])  # expect: 2 True
class Plain:
    pass
print(str(Plain()).startswith('<__main__.Plain object at 0x'), Plain.__module__)  # expect: True __main__
