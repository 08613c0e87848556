# Hooks see (and may change) gradients; clone keeps the graph, detach cuts it.
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
y.register_hook(print)
h = x.register_hook(lambda g: g * 10)
z = (y * y).sum()
z.backward()
print(x.grad)

h.remove()
x.grad = None
c = x.clone()
print(c.grad_fn)
c.sum().backward()
print(x.grad)

d = x.detach()
print(d.grad_fn, d.requires_grad)
e = d * 2 + x
e.sum().backward()
print(x.grad)

m = x * 2
m.retain_grad()
(m ** 2).sum().backward()
print(m.grad)
print(x.grad)
