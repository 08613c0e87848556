import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 1
print(y._version)
y.add_(1)
print(y._version, y.grad_fn)
y.mul_(2).sub_(1)
print(y, y._version)
z = torch.zeros(3)
z.fill_(2)
z.zero_()
z.copy_(torch.tensor([1.0, 2.0, 3.0]))
print(z, z._version)
w = torch.ones(2)
w.clamp_(max=0.5)
w.add_(torch.ones(2), alpha=3)
print(w)
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a.exp()
b.mul_(2)
try:
    b.sum().backward()
except RuntimeError as e:
    print(e)
