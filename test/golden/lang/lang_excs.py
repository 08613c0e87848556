def check(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__ + ":", e, "|", repr(e), "|", e.args)

check(lambda: 1 / 0)
check(lambda: [1, 2][5])
check(lambda: {"a": 1}["b"])
check(lambda: int("abc"))
check(lambda: float("x1"))
check(lambda: "a" + 1)
check(lambda: 1 + "a")
check(lambda: None.foo)
check(lambda: len(5))
check(lambda: [].pop())
check(lambda: {}.popitem())
check(lambda: (1, 2).append(3))
check(lambda: undefined_name)
check(lambda: int(None))
check(lambda: sum(["a"]))
check(lambda: max([]))
check(lambda: "abc".index("z"))
check(lambda: [1].index(5))
check(lambda: {1, 2}.remove(3))
check(lambda: "x" * "y")
check(lambda: [1, 2, 3][1:2:0])
check(lambda: 2 ** 10000.0)
check(lambda: divmod(1, 0))
check(lambda: 1 % 0)
check(lambda: 1.0 // 0)
check(lambda: "{} {}".format(1))
check(lambda: "%d" % "x")
check(lambda: "%s %s" % (1,))
check(lambda: hash([]))
check(lambda: {[]: 1})
check(lambda: int("10", 1))
check(lambda: iter(5))
check(lambda: next(iter([])))
check(lambda: (lambda x: x)())
check(lambda: (lambda x: x)(1, 2))
check(lambda: (lambda *, k: k)(k2=1))
check(lambda: sorted([1, "a"]))
check(lambda: [1] < ["a"])
check(lambda: None < 1)
check(lambda: round("x"))
check(lambda: chr(-1))
check(lambda: list(range(3))["a"])
check(lambda: "abc"[10])
check(lambda: tuple()[0])
check(lambda: object().x)
check(lambda: setattr(1, "x", 2))
check(lambda: a_b_c)
check(lambda: ValueError("custom", 42).foo)
class MyError(Exception):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code
try:
    raise MyError(7)
except MyError as e:
    print(e, e.code, repr(e), isinstance(e, Exception))
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("wrapped") from e
except ValueError as e:
    print(e, repr(e.__cause__), e.__context__ is e.__cause__)
try:
    raise KeyError("k")
except (TypeError, KeyError) as e:
    print("caught", repr(e), str(e))
finally:
    print("finally")
def f():
    try:
        return "try"
    finally:
        print("in finally")
print(f())
for i in range(3):
    try:
        if i == 1:
            continue
        print("i", i)
    finally:
        print("f", i)
e = None
try:
    raise RuntimeError
except RuntimeError as err:
    e = err
print(repr(e), str(e) == "", type(e).__mro__)
print(repr(ValueError()), repr(KeyError("a", "b")), str(KeyError("a")), str(KeyError()), repr(Exception("x", 1)))
import warnings
assert True, "never"
try:
    assert 1 == 2, "math is broken"
except AssertionError as a:
    print("assert:", a)
try:
    assert False
except AssertionError as a:
    print("assert:", repr(a))
