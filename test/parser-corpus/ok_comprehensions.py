squares = [i * i for i in range(10) if i % 2 == 0]
pairs = [(i, j) for i in range(3) for j in range(i) if i != j]
lookup = {k: v for k, v in zip("abc", range(3))}
unique = {x % 3 for x in range(10)}
total = sum(x for x in range(5))
nested = [[c for c in row] for row in [[1, 2], [3, 4]]]
print(squares, pairs, lookup, unique, total, nested)
print(sorted(lookup.items(), key=lambda kv: -kv[1]))
