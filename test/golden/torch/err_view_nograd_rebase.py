import torch
a = torch.ones(3, requires_grad=True)
y = a * 2
with torch.no_grad():
    v = y[0:2]
y.mul_(3)
print(y)
print(v.grad_fn)
