# Valid Python outside the subset: parsed into Unsupported nodes.
async def fetch():
    await something()

def gen():
    yield 1
    yield from range(3)
    x = yield

match command:
    case "go":
        pass
    case _:
        pass

type Vector = list[float]
z = 1j + 2.5J
if (n := 10) > 5:
    print(n)
