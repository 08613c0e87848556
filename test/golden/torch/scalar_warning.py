# float() of a tensor that requires grad warns once per run; int() and item() never do.
import torch

w = torch.tensor([3.0], requires_grad=True)
print(int(w), w.item())
print(float(w))
v = torch.tensor(0.5, requires_grad=True)
for step in range(3):
    print(step, float(v * step))
print(float(v.detach()))
