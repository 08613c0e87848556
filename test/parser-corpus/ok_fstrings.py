import math

x = 3.14159
name = "grad"
width = 10
print(f"{x:.2f} {x!r} {name!s:>{width}} {{literal}}")
print(f"{x=}, {x = :.3f}, {name=!r}")
print(f'{"nested" + "quotes"} {math.pi:{width}.{3}f}')
print(f"""multi
line {x}""")
print(rf"raw\n{name}", b"bytes\x00", r"\d+", u"unicode")
print("implicit" " concat" f" {x}")
msg = "%s has %d items (%.1f%%)" % ("list", 3, 42.5)
print(msg, "{} and {name}".format(1, name="n"))
