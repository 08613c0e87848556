# Switching gradient tracking off: no_grad, set_grad_enabled, detach and .data.
import torch

x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
print((x ** 2).requires_grad)

with torch.no_grad():
    y = x ** 2
print(y.requires_grad, y.grad_fn)

is_train = False
with torch.set_grad_enabled(is_train):
    z = x * 3
print(z.requires_grad)

with torch.set_grad_enabled(True):
    z = x * 3
print(z.requires_grad, z.grad_fn)

d = x.detach()
print(d.requires_grad, d.is_leaf)
print(x.data)

s = (x * 2).sum()
s.backward()
print(x.grad)
x.data.sub_(0.1 * x.grad)
print(x)
