# Golden lines for Python int formatting: "<int>\t<spec>\t<result>" (format(n, spec)).
# Read by test/unit/format.test.ts.
values = [0, 1, -1, 7, 42, -42, 255, 1000, 1234567, -1234567, 10**15, 2**53, -(2**40), 99, 100]
specs = [
    "", "d", "3d", "5", "<5", "^7", ">6", "05d", "+d", " d", ",", "_", ",d", "010,", "x", "#x",
    "X", "#X", "o", "#o", "b", "#b", "_b", "#_x", ".2f", "e", ".3e", "g", "%", ".1%", "=+8",
    "*^9", "08.3f", "n", "+06", "#010x",
]
for v in values:
    for s in specs:
        print(f"{v}\t{s}\t{format(v, s)}")
