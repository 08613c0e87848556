# In-place view ops (unsqueeze_, squeeze_, t_, transpose_): the tensor's own geometry changes and
# its grad_fn becomes the in-place form's node; views of a transposed base or an expand rebased
# by a write, then gradients.
import torch
x = torch.arange(6.0, requires_grad=True)
y = x * 2
v0 = y._version
y.unsqueeze_(0)
print(y.shape, y.grad_fn, y._version - v0, y.is_contiguous())
y.squeeze_()
print(y.shape, y.grad_fn, y._version)
y.unsqueeze_(1)
y.squeeze_(1)
print(y.shape, y.grad_fn)
z = y.view(2, 3) * 1
z.t_()
print(z.shape, z.stride(), z.grad_fn)
z.transpose_(0, 1)
print(z.shape, z.grad_fn, z._version)
(z * torch.arange(6.0).view(2, 3)).sum().backward()
print(x.grad)
p = torch.zeros(2, 3)
p.t_()
print(p.shape, p.requires_grad, p._version)
q = torch.ones(1, 3)
q.squeeze_(0).unsqueeze_(-1)
print(q.shape)
x = torch.arange(6.0, requires_grad=True)
z = (x * 1).view(2, 3)
z.t_()
v = z[1]
z.mul_(2)
print(v, v.grad_fn)
(v * torch.tensor([1.0, 10.0])).sum().backward()
print(x.grad)
y = x * 1
e = y.expand(2, 6)
y.add_(1)
(e * torch.arange(12.0).view(2, 6)).sum().backward()
print(x.grad)
