# In-place writes through views of every kind (augmented assignment on slices, view(), t(),
# a row alias), then gradients; assignment of a requires-grad value into a plain tensor.
import torch
torch.manual_seed(0)
x = torch.randn(3, 4, requires_grad=True)
y = x * 1
y[:, 0] += 1
y[1][2:] *= 3
y.view(12)[5] = 0.5
y.t()[0, 1] = -1
r = y[2]
r += 2
print(y)
print(r, r.grad_fn)
(y ** 2).sum().backward()
print(x.grad)
m = torch.zeros(2, 2)
m[0] = torch.tensor([1.0, 2.0], requires_grad=True)
print(m, m.requires_grad, m.grad_fn)
n = m[1]
n[0] = 5
print(n, m)
e = x.detach().clone()
e[0][0] = 1
print(e[0])
