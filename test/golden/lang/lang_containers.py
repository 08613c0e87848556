d = {"b": 2, "a": 1}
d["c"] = 3
del d["b"]
d["b"] = 4
print(d, list(d), list(d.items()), d.get("z"), d.get("z", 0), d.setdefault("e", []), d)
print({k: v for k, v in sorted(d.items())}, dict(zip("xyz", range(3))), dict(a=1, b=2), dict([(1, 2)]))
print(d.pop("a"), d.pop("zz", None), d.popitem(), len(d), "c" in d, 3 in d.values())
d2 = {1: "one", 2.0: "two", True: "true?", (1, 2): "tuple", None: "none"}
print(d2, d2[1], d2[2])
print(sorted({3: 1, 1: 2, 2: 3}), sorted([3, 1, 2], reverse=True), sorted([(2, "b"), (1, "z"), (2, "a")]))
nested = {"layer1": {"weight": [1.0, 2.0], "bias": None}, "lr": 0.01, "tags": ("a", "b"), "s": {1}}
print(nested)
print([1, [2, [3, [4]]]], (1,), (), [[]], [None, True, False], [1.0, -0.5, 1e-8, 1e16])
l = [5, 3, 8, 1]
l.sort(); print(l); l.reverse(); print(l); l.append(0); l.extend([9, 9]); l.insert(1, 7); print(l, l.index(9), l.count(9))
l.remove(9); print(l.pop(), l.pop(0), l, l[1:3], l[::-1], l[-1])
print(list(range(10))[2:8:2], list(range(5, 0, -1)), range(3), range(1, 10, 2), len(range(0, 100, 7)))
a = [1, 2, 3]; b = a; c = a[:]; b.append(4)
print(a, c, a is b, a is c, a == c + [4])
print(list(map(str, [1, 2])), list(filter(None, [0, 1, "", "x"])), list(zip([1, 2], "ab", [True, False])), list(enumerate("ab", 1)))
print(any([]), all([]), any(x > 2 for x in [1, 3]), sum([[1], [2]], []), min([]) if False else 0)
s = {3, 1, 2}; s.add(5); s.discard(1)
print(s, s | {9}, s & {2, 3}, s - {2}, s ^ {2, 7}, {1, 2} <= {1, 2, 3}, frozenset([1, 2]), set("aab") == {"a", "b"})
print(sorted(["banana", "Apple", "cherry"]), sorted(["banana", "Apple", "cherry"], key=str.lower))
t = (1, 2, 3)
x, *rest = t; print(x, rest); first, *mid, last = range(5); print(first, mid, last)
print(t + (4,), t * 2, t.index(2), t.count(1), max(t), tuple(reversed(t)), t[::-1], t < (1, 2, 4))
m = [[0] * 3 for _ in range(2)]; m[0][1] = 5; print(m)
print([i * j for i in range(3) for j in range(3) if i != j], {i % 3 for i in range(10)}, {i: i ** 2 for i in range(4)})
counts = {}
for w in "a b a c b a".split():
    counts[w] = counts.get(w, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: kv[1], reverse=True), max(counts, key=counts.get))
print(list(d.keys()), d.keys(), d.values(), d.items())
print(dict.fromkeys("ab", 0), {**{"a": 1}, "b": 2}, [*range(3), *"ab"], {"a": 1} | {"b": 2})
import copy
orig = {"a": [1, 2]}; sh = copy.copy(orig); dp = copy.deepcopy(orig); orig["a"].append(3); print(sh, dp)
print(list(zip(*[(1, 'a'), (2, 'b')])), sorted(zip([3, 1], "xy")), list(range(0)))
print([1, 2] == [1, 2], [1, 2] < [1, 3], (1, "a") < (1, "b"), [] == (), None == 0, [1] * 0)
