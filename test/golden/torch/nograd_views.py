# Views made under no_grad of tensors that require grad: they report requires_grad=True (their
# base decides) with no grad_fn; ops on them record nodes whose edge for them is (None, 0).
import torch
a = torch.ones(3, requires_grad=True)
y = a * 2
with torch.no_grad():
    v = y[0:2]
    u = a[1:]
print(v.requires_grad, v.grad_fn, v.is_leaf, u.requires_grad, u.is_leaf)
z = v * 3
print(z.requires_grad, z.grad_fn, z.grad_fn.next_functions)
z.sum().backward()
print(a.grad, v.grad)
w = u * 2
print(w.grad_fn.next_functions)
w.sum().backward()
print(a.grad, u.grad)
print(v)
w = torch.ones(2, 3, requires_grad=True)
with torch.no_grad():
    print(w[0])
    print(w.t())
    print(w * 2)
    r = w.view(6)
print(r)
