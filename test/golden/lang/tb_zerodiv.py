def normalize(xs):
    s = sum(xs)
    return [x / s for x in xs]
print(normalize([1, 3]))
data = {'a': [1, -1]}
result = normalize(data['a'])
