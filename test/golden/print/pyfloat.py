# Golden lines for Python float formatting: "<float.hex(x)>\t<spec>\t<result>".
# spec "repr" means repr(x); otherwise format(x, spec). Read by test/unit/format.test.ts.
import struct

values = [
    0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 0.5, 1.5, 2.5, 0.125, 0.03125,
    0.09375, 1.00005, 1234.5678, -1234.5678, 9.999999, 9.9999996, 99.995, 0.00012345,
    1e-4, 1e-5, 1.5e-5, 123456789.0, 1e15, 1e16, 1.5e16, 2e16 + 8, 1e22, 1e23, 1e100,
    1e-100, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.30000001192092896,
    0.10000000149011612, 3.4028234663852886e38, 1e-7, 123.456, 1000000.0, 12345678.9,
    float("inf"), float("-inf"), float("nan"), 100.0, 42.0, 0.999999, 0.05, 0.45, 1.45,
    2.675, 1e21, 1e20, 4.35, 0.0005, 0.00049999, 6.02214076e23, -2.5e-38, 5e-5,
]
# deterministic pseudo-random doubles over many magnitudes (from raw bits)
state = 12345
for i in range(60):
    state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    expo = 1023 + (state >> 40) % 80 - 40
    bits = ((state >> 63) << 63) | (expo << 52) | (state & ((1 << 52) - 1))
    values.append(struct.unpack("<d", struct.pack("<Q", bits))[0])
# float32-rounded values, as tensor.item() gives them
values += [struct.unpack("<f", struct.pack("<f", v))[0] for v in [0.1, 0.7, 1.1, 3.14159, 2.71828, 1e-6, 123.456]]

specs = [
    "repr", "", ".4f", ".2f", ".0f", "f", ".4e", "e", ".0e", ".3g", "g", ".10g", ".1g", "%",
    ".1%", "10.3f", "<10.2f", "^12.3e", "+.2f", " .2f", "010.3f", ",.2f", "_.1f", ",", ".2",
    ".5", ".12", "#.0f", "#g", "#.3g", "E", "G", "F", "*>12.4f", "z.2f", "012,.1f", "#.0e", "n",
    "15", "=+12.3f", "<8", "^9", ".17g", "-", "+", "0=10.2f", ".3%", "G", ".20f",
]

for v in values:
    for s in specs:
        out = repr(v) if s == "repr" else format(v, s)
        print(f"{v.hex()}\t{s}\t{out}")
