print(2 ** 200, -2 ** 63, 10 ** 30 // 7, 10 ** 30 % 7, (10 ** 30) / 3, int("9" * 30) + 1, hex(2 ** 70), bin(10), oct(64))
print(1_000_000, 0xff, 0o17, 0b101, 1e3, 1E-3, .5, 5., 3j if False else "nocomplex")
print(abs(-2 ** 100), -(-5) // 2, -5 // 2, 5 // -2, -5 % 2, int(-7 / 2), round(-7 / 2), 7 >> 1, -7 >> 1, 1 << 70, ~5, 5 & 3, 5 | 3, 5 ^ 3)
print(True + 1, False * 5, True == 1, True is True, None is None, isinstance(True, int), bool(0.0), bool("0"), bool([]), bool([0]))
print(str(True), repr(None), int(True), float(False), -True, +False)
print(print("inner"), sep="|")
print("a", "b", "c", sep="-", end="!\n")
print()
print("x", 1, 2.0, None, [1], sep="")
print(*[1, 2, 3], sep=", ")
x = 5
print(x if x > 3 else -x, "big" if x > 100 else "small", x > 3 and "yes" or "no", 0 or None, "" or [] or {}, 1 and 2 and 3)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 == 2, "a" < "b" < "c", 1 == 1.0 == True)
n = 0
while n < 3:
    n += 1
else:
    print("while-else", n)
for i in range(3):
    if i == 5:
        break
else:
    print("for-else")
g = 0
def setg():
    global g
    g = 42
setg(); print(g)
print(len("héllo"), "héllo"[1], "naïve".upper(), "İ".lower() == "i̇", "ﬁ".upper())
print(f"{'nested ' + f'{1+1}'}", f"{[1, 2][0]}", f"{ {'a': 1}['a'] }", f"{x:{'>'}{6}}", f"{x!r:^5}|")
print("{0.real} {0.imag}".format(5) if False else "", "{0[1]} {1[a]}".format([1, 2], {"a": 3}), "{:>{w}}".format("r", w=4))
print(type(1), type(1.0), type("s"), type([]), type(()), type({}), type(set()), type(None), type(type), type(range(1)), type(len))
print(isinstance(1, (int, float)), isinstance(1.0, int), issubclass(bool, int), type(1) is int, type(True) == int)
print(sorted([3, 1, 2], key=lambda v: -v), sorted("bca"), sorted([[2, 1], [1, 2]]), sorted([1.5, 1, True, 0]))
data = [("b", 2), ("a", 2), ("c", 1)]
print(sorted(data, key=lambda t: t[1]), sorted(data), min(data, key=lambda t: t[1]), max(data, key=lambda t: t[1]))
print(list(reversed([1, 2, 3])), list(reversed(range(3))), [i for i in reversed({"a": 1, "b": 2})])
print(abs(-5), abs(3.5), min(1, 2, 3), max("abc"), sum([1.5, 2.5]), sum([1, 2], 10), round(3.14159, 2), round(7))
print(str(1.0), str(100.0), str(1e100), 1.0e-10, 123.456e5, 0.1 + 0.2 == 0.3, float("0.1"), 1/7)
print(int("  42  "), int("0b11", 0), int("1_000"), float(" 2.5 "), str(0.1)[:3], "%.10f" % (1/3), "%g" % 1e-5, "%g" % 123456789.0)
print(divmod(2**70, 7), 2**70 // 7.0, 7.0 ** 2, 2 ** -2, (-2) ** 2, -2 ** 2, 0 ** 0, 0.0 ** 0)
nums = [3, 1, 4, 1, 5, 9, 2, 6]
nums.sort(key=lambda v: v % 3)
print(nums)
print(list(map(lambda a, b: a * b, [1, 2], [3, 4])), list(zip(range(3), range(10))), dict(enumerate("xy")))
print(id(1) == id(1), [] is [], (1, 2) == (1, 2))
a = b = [1]
a += [2]
print(a, b, a is b)
t = (1, 2)
t2 = t
t += (3,)
print(t, t2)
s = "abc"
s += "d"
print(s)
print(chr(65) + chr(0x263A), ord("€"), "\N{GREEK SMALL LETTER ALPHA}" if False else "α", "\u00e9", "\x41", "a\\b", r"raw\n", b"bytes" if False else "")
print(str(123456789012345678901234567890), int(1e15), int(1.5e16), float(12345678901234567890), 2 ** 0.5 * 2 ** 0.5)
print(list(range(-3, 3)), list(range(10, 0, -3)), range(0, 10, 3)[1], range(10)[-1], 5 in range(10), range(5) == range(0, 5))
print(max([1, 2], [1, 3]), min("b", "a", key=str.upper), any(i > 5 for i in range(3)), all(i < 5 for i in range(3)))
print(repr(1e16), repr(1e15), repr(123456789.0), repr(0.1), repr(1/3), repr(-1.5e-7), repr(float(2**63)))
print(format(3.14159, ".3f"), format(42, "05d"), format(0.5, ".0%"), format(1234567.891, ",.2f"), format("s", "^5"), format(-0.0, ".1f"), format(1e-10, "f"))
