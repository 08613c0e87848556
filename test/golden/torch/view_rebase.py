# Views and in-place writes: a view made before its base (or another view of the base) is
# written in place gets a new grad_fn (AsStridedBackward0 on the base's CopySlices) when next
# read, so gradients through it see the write; assignment through chained indexing
# (y[0][1] = 5) writes into the base with CopySlices.
import torch

a = torch.ones(3, 3, requires_grad=True)
y = a * 2
z = y[0:2]
v = y[0]
print(z.grad_fn.name(), v.grad_fn.name())
v[1:2].mul_(5)
print(z)
print(y.grad_fn.name(), v.grad_fn.name(), z.grad_fn.name())
print(z.grad_fn.next_functions[0][0].name())
z.sum().backward()
print(a.grad)

a.grad = None
y = a * 2
y[0][1] = 5
y[2][0:2] = torch.tensor([7.0, 8.0])
row = y[1]
row[2] = row[0] * 3
print(y)
print(y.grad_fn.name(), row.grad_fn.name())
(y * y).sum().backward()
print(a.grad)

b = torch.zeros(4)
w = b[1:]
print(w.requires_grad, w.grad_fn)
b.add_(a[0].sum())
print(w.requires_grad, w.grad_fn.name(), b.grad_fn.name())
w.sum().backward()
print(a.grad)

c = a.detach() * 1
d = c.detach()
c.add_(1)
print(d.requires_grad, d.grad_fn)

with torch.no_grad():
    q = y[0]
    y.mul_(1)
print(q.requires_grad)
