def check(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__ + ":", e)
class M:
    def forward(self, x):
        return x
    @staticmethod
    def s(a):
        return a
    @classmethod
    def c(cls, a):
        return a
m = M()
check(lambda: m.forward(1, 2))
check(lambda: m.forward())
check(lambda: M.forward(1))
check(lambda: m.s())
check(lambda: M.c(1, 2))
check(lambda: m.forward(x=1, y=2))
check(lambda: m.forward(1, x=2))
def f(a, b, /, c, *, d):
    return a
check(lambda: f(1, 2, 3))
check(lambda: f(1, b=2, c=3, d=4))
check(lambda: f(1, 2, 3, 4, d=5))
check(lambda: f())
def g(*args, **kwargs):
    return args
check(lambda: g(1, **{"a": 1}, a=2))
check(lambda: g(*5))
check(lambda: g(**[1]))
check(lambda: print(1, sepp=""))
check(lambda: len())
check(lambda: len([], []))
check(lambda: int(1, 2, 3))
check(lambda: sorted([1], reversed=True))
check(lambda: "abc".split(1))
check(lambda: [].append())
check(lambda: {}.get())
check(lambda: range())
check(lambda: range(1.5))
check(lambda: zip(1))
check(lambda: enumerate())
check(lambda: max())
check(lambda: isinstance(1))
check(lambda: isinstance(1, 2))
check(lambda: M(1))
check(lambda: object(1))
check(lambda: abs("x"))
check(lambda: round(1, 2, 3))
