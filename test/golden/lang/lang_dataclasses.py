from dataclasses import dataclass, field
@dataclass
class Config:
    lr: float
    epochs: int = 10
    name: str = "run"
    tags: list = field(default_factory=list)
c = Config(0.1)
print(c, c.lr, c.epochs, c == Config(0.1), c == Config(0.2), Config(lr=0.5, name="x"))
c.tags.append("a")
print(c, Config.__annotations__ if False else "")
@dataclass
class P:
    x: int
    y: int = 0
    def norm(self):
        return abs(self.x) + abs(self.y)
print(P(3, -4).norm(), P(1), repr(P(1, 2)))
try:
    Config()
except TypeError as e:
    print(e)
class A:
    x: int = 1
    y: str
print(A.__annotations__)
