def g():
    yield 1
    x = yield 2
    yield x.upper()

it = g()
next(it)
next(it)
next(it)
