def g(n):
    for i in range(n):
        yield 10 / (i - 2)

print([x for x in g(2)])
print(repr(g(1))[:25])
def outer():
    yield from g(5)
try:
    list(outer())
except ZeroDivisionError as e:
    print("caught", e)
vals = [1, 2, 0]
print(sum(1 / v for v in vals))
