import torch

try:
    t = torch.ones(2)
    t.backward()
except RuntimeError as err:
    print("RuntimeError:", err)
except (ValueError, TypeError):
    pass
else:
    print("no error")
finally:
    print("cleanup")

try:
    raise ValueError("bad value") from None
except Exception as e:
    print(type(e).__name__, e)

try:
    pass
finally:
    pass

assert 1 + 1 == 2, "math is broken"
