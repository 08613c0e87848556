def outer(n):
    return inner(n) * 2
def inner(n):
    values = [1, 2, 3]
    return values[n] + values[n + 1]
print(outer(1))
print(outer(2))
