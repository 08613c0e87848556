from typing import List, Dict, Optional, Tuple, Callable, Any, Union
import math
def scale(xs: List[float], k: float = 2.0) -> List[float]:
    return [x * k for x in xs]
def maybe(x: Optional[int] = None) -> Union[int, str]:
    return "none" if x is None else x
apply: Callable[[int], int] = lambda v: v + 1
cache: Dict[str, Tuple[int, ...]] = {}
cache["a"] = (1, 2)
print(scale([1.0, 2.5]), maybe(), maybe(3), apply(1), cache, scale.__annotations__ if False else "")
x: int = 5
y: float
print(x, scale.__name__, scale.__defaults__)
class Config:
    lr: float = 0.01
    epochs: int = 10
    name: str = "run"
    def __init__(self, **overrides: Any) -> None:
        for k, v in overrides.items():
            setattr(self, k, v)
    def __repr__(self) -> str:
        return f"Config(lr={self.lr}, epochs={self.epochs}, name={self.name!r})"
print(Config(), Config(lr=0.1, name="x"))
import functools, itertools, collections
print(functools.reduce(lambda a, b: a * b, range(1, 6)), list(itertools.chain([1], [2, 3])), list(itertools.product("ab", repeat=2)))
print(list(itertools.accumulate([1, 2, 3])), list(itertools.islice(itertools.count(5), 3)), list(itertools.combinations(range(4), 2))[:3])
c = collections.Counter("abracadabra")
print(c, c.most_common(2), c["a"], c["z"])
dd = collections.defaultdict(list)
dd["k"].append(1)
print(dd, dict(dd))
od = collections.OrderedDict([("b", 1), ("a", 2)])
print(od, list(od))
Point = collections.namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x, p._asdict(), p._replace(x=5), tuple(p), Point._fields)
part = functools.partial(scale, k=10.0)
print(part([1.0]))
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(50))
print(math.comb(5, 2), math.perm(5, 2), math.prod([1, 2, 3]), math.isqrt(17), math.dist([0, 0], [3, 4]), math.hypot(3, 4))
print(list(zip(*itertools.zip_longest([1, 2, 3], "ab", fillvalue="-"))))
print(sorted(c.items()), sum(c.values()), max(c, key=c.get))
