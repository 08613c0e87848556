# Lists, tuples, dicts, sets: methods, slicing, unpacking, comprehensions, truthiness.
a = [3, 1, 2]
a.append(5)
a.extend([9, 0])
a.insert(1, 7)
print(a, len(a), a.pop(), a.pop(0), a)  # expect: [7, 1, 2, 5, 9] 7 0 3 [7, 1, 2, 5, 9]
a.remove(2)
a.sort()
print(a, a.index(5), a.count(7), sorted(a, reverse=True), a[::-1], a[1:3], a[-2:])  # expect: [1, 5, 7, 9] 1 1 [9, 7, 5, 1] [9, 7, 5, 1] [5, 7] [7, 9]
b = a.copy()
b.reverse()
a[0] = 100
a[1:3] = ['x', 'y', 'z']
print(a, b)  # expect: [100, 'x', 'y', 'z', 9] [9, 7, 5, 1]
del a[0]
del a[-2:]
print(a, a * 2, a + [1], [1, 2] == [1, 2], [1, 2] < [1, 3], [] or 'empty')  # expect: ['x', 'y'] ['x', 'y', 'x', 'y'] ['x', 'y', 1] True True empty
words = ['banana', 'Apple', 'cherry']
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len, reverse=True))  # expect: ['Apple', 'banana', 'cherry'] ['Apple', 'banana', 'cherry'] ['banana', 'cherry', 'Apple']
pairs = [(1, 'b'), (0, 'z'), (1, 'a')]
pairs.sort(key=lambda p: p[0])
print(pairs)  # expect: [(0, 'z'), (1, 'b'), (1, 'a')]
t = (1, 2, 3)
x, y, z = t
first, *rest = [1, 2, 3, 4]
*init, last = 'abc'
(p, q), r = (1, 2), 3
print(x + y + z, first, rest, init, last, p, q, r, t.index(2), t.count(9), t[1:], (5,), ())  # expect: 6 1 [2, 3, 4] ['a', 'b'] c 1 2 3 1 0 (2, 3) (5,) ()
d = {'a': 1, 'b': 2}
d['c'] = 3
d.update({'a': 10}, d=4)
print(d, d.get('z'), d.get('z', 0), 'a' in d, list(d.keys()), list(d.values()), list(d.items())[0])  # expect: {'a': 10, 'b': 2, 'c': 3, 'd': 4} None 0 True ['a', 'b', 'c', 'd'] [10, 2, 3, 4] ('a', 10)
print(d.pop('b'), d.setdefault('e', 5), d.setdefault('a', 0), d, len(d))  # expect: 2 5 10 {'a': 10, 'c': 3, 'd': 4, 'e': 5} 4
m = {1: 'int', 1.0: 'float', True: 'bool'}
print(m, {(1, 2): 'tuple'}[(1, 2)], dict(a=1, b=2), dict([('x', 1)]), dict(zip('ab', range(2))))  # expect: {1: 'bool'} tuple {'a': 1, 'b': 2} {'x': 1} {'a': 0, 'b': 1}
print({k: v * 2 for k, v in d.items() if v > 3}, {**d, 'z': 0} == dict(d, z=0))  # expect: {'a': 20, 'd': 8, 'e': 10} True
for k, v in sorted(d.items(), key=lambda kv: -kv[1]):
    print(k, v, end='; ')
print()  # expect: a 10; e 5; d 4; c 3; 
s = {3, 1, 2}
s.add(2)
s.add(4)
s.discard(1)
print(s, len(s), 2 in s, {1, 2} | {2, 3}, {1, 2} & {2, 3}, {1, 2} - {2}, {1, 2} ^ {2, 3}, set(), {1} <= {1, 2})  # expect: {2, 3, 4} 3 True {1, 2, 3} {2} {1} {1, 3} set() True
print([i * j for i in range(3) for j in range(3) if i != j], [[0] * 2 for _ in range(2)], {c for c in 'aab'} == {'a', 'b'})  # expect: [0, 0, 0, 2, 0, 2] [[0, 0], [0, 0]] True
print(list(range(5)), list(range(2, 10, 3)), list(range(5, 0, -2)), range(3), len(range(0, 10, 3)), 4 in range(0, 10, 2), range(10)[2:5])  # expect: [0, 1, 2, 3, 4] [2, 5, 8] [5, 3, 1] range(0, 3) 4 True range(2, 5)
print(list(enumerate('ab', 1)), list(zip([1, 2, 3], 'ab')), list(map(str, [1, 2])), list(filter(None, [0, 1, '', 'a'])), list(reversed([1, 2, 3])))  # expect: [(1, 'a'), (2, 'b')] [(1, 'a'), (2, 'b')] ['1', '2'] [1, 'a'] [3, 2, 1]
print(any([0, 0, 1]), all([1, 1, 0]), any([]), all([]), sum(x * x for x in range(4)), max(len(w) for w in words))  # expect: True False False True 14 6
it = iter([1, 2])
print(next(it), next(it), next(it, 'done'))  # expect: 1 2 done
nested = [[1, 2], [3, [4, 5]]]
print(nested[1][1][0], nested[-1][-1][-1], len(nested))  # expect: 4 5 2
l = [1, 2, 3]
l2 = l
l2 += [4]
print(l, l is l2, l == [1, 2, 3, 4], [1] is [1], None is None)  # expect: [1, 2, 3, 4] True True False True
print(bool([]), bool([0]), bool({}), bool(()), bool(set()), bool(range(0)), not [])  # expect: False True False False False False True
print(list('abc'), tuple([1, 2]), list({'a': 1}), sorted({3, 1, 2}), list(d)[:2])  # expect: ['a', 'b', 'c'] (1, 2) ['a'] [1, 2, 3] ['a', 'c']
