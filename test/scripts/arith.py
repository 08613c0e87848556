# Numbers: int/float arithmetic, division and modulo sign rules, big ints, comparisons.
print(7 / 2, 7 // 2, -7 // 2, 7 // -2)  # expect: 3.5 3 -4 -4
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)  # expect: 1 2 -2 -1
print(7.5 % 2, -7.5 % 2, 7.5 // -2)  # expect: 1.5 0.5 -4.0
print(2 ** 10, 2 ** -1, (-2) ** 3, 2.0 ** 0.5)  # expect: 1024 0.5 -8 1.4142135623730951
print(2 ** 100)  # expect: 1267650600228229401496703205376
print(10 ** 20 // 3, -(10 ** 20) % 7)  # expect: 33333333333333333333 5
print(True + 1, True * 2.5, False - 1, True / 2)  # expect: 2 2.5 -1 0.5
print(1 == 1.0, 1 < 1.5, 2 > True, 0.1 + 0.2 == 0.3)  # expect: True True True False
print(0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e-5, 123456789.0, 1e22)  # expect: 0.30000000000000004 0.3333333333333333 0.6666666666666666 1e+16 1e-05 123456789.0 1e+22
print(-0.0, float('inf'), -float('inf'), float('nan'))  # expect: -0.0 inf -inf nan
print(abs(-3), abs(-2.5), divmod(7, -2), divmod(-7.5, 2))  # expect: 3 2.5 (-4, -1) (-4.0, 0.5)
print(round(2.5), round(3.5), round(-0.5), round(0.125, 2), round(2.675, 2), round(1234.5, -2))  # expect: 2 4 0 0.12 2.67 1200.0
print(int(3.9), int(-3.9), int('  42 '), int('ff', 16), int('0b101', 0), float('1e3'), float(' -2.5 '))  # expect: 3 -3 42 255 5 1000.0 -2.5
print(pow(2, 10, 1000), pow(2, -2), 5 & 3, 5 | 3, 5 ^ 3, ~5, 1 << 10, -16 >> 2)  # expect: 24 0.25 1 7 6 -6 1024 -4
print(True & False, True | False, True ^ True)  # expect: False True False
print(bin(10), hex(255), oct(8), bin(-3))  # expect: 0b1010 0xff 0o10 -0b11
print(1_000_000, 0x1F, 0o17, 0b11, 1.5e3)  # expect: 1000000 31 15 3 1500.0
x = 5
x += 2
x *= 3
x //= 4
x **= 2
print(x)  # expect: 25
print(sum([0.1] * 10), sum(range(101)), sum([1, 2.5]), sum([[1], [2]], []))  # expect: 1.0 5050 3.5 [1, 2]
print(max(3, 7, 5), min([4, 2, 8]), max('apple', 'fig', key=len), min([], default=None))  # expect: 7 2 apple None
print(3 * 'ab', [0] * 3, (1,) * 2)  # expect: ababab [0, 0, 0] (1, 1)
print(float(7) / 2 == 3.5, 10 / 4, 9 / 3)  # expect: True 2.5 3.0
print(hash(1) == hash(1.0) == hash(True), hash(-1))  # expect: True -2
print(int(True), float(False), bool(0.0), bool('x'), bool([]))  # expect: 1 0.0 False True False
print(1e300 * 1e10, -1e300 * 1e10)  # expect: inf -inf
print(5 // 0.5, 5 % 0.7, -5 // 0.5)  # expect: 10.0 0.10000000000000031 -10.0
