class Base:
    count = 0

    def __init__(self, value=0):
        self.value = value
        Base.count += 1

    @property
    def doubled(self):
        return self.value * 2

    @staticmethod
    def helper(x):
        return x + 1

    @classmethod
    def make(cls, *args, **kwargs):
        return cls(*args, **kwargs)

    def __repr__(self):
        return f"{type(self).__name__}({self.value!r})"


class Child(Base, metaclass=type):
    def __init__(self, value, extra=None):
        super().__init__(value)
        self.extra = extra


print(Child.make(3), Base(1).doubled, Base.helper(1), Base.count)
