# Tensors that require grad, and the grad_fn of the results computed from them.
import torch

x = torch.ones(2, 2, requires_grad=True)
print(x)
print(x.grad_fn)          # a leaf created by the user has no grad_fn

y = x + 2
print(y)
print(y.grad_fn.name())   # y was made by an addition
print(x.is_leaf, y.is_leaf)

z = y * y * 3
out = z.mean()
print(z)
print(out)

a = torch.tensor([[2.0, -1.0], [0.5, 3.0]])
a = a * 5
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn.name())
