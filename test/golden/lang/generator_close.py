def g():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
for x in g():
    print(x)
    break
print("after")
for x in g():
    pass
print("after2")
it = g()
for x in it:
    break
print("kept", next(it))
def f():
    for x in g():
        return x
print(f())
try:
    for x in g():
        raise ValueError("v")
except ValueError:
    print("caught")
