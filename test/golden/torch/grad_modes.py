import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
with torch.no_grad():
    y = x * 2
    print(torch.is_grad_enabled(), y.requires_grad, y.grad_fn)
    with torch.enable_grad():
        z = x * 2
        print(z.requires_grad)
print(torch.is_grad_enabled())
@torch.no_grad()
def f(t):
    return t * 3
print(f(x).requires_grad, f.__name__)
@torch.no_grad
def g(t):
    return t * 3
print(g(x).requires_grad)
torch.set_grad_enabled(False)
print((x * 2).requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(True)
with torch.set_grad_enabled(False):
    print((x * 2).requires_grad)
print((x * 2).requires_grad)
with torch.inference_mode():
    i = x * 2
    print(i.requires_grad, torch.is_inference_mode_enabled(), i.is_inference())
print(torch.is_inference_mode_enabled(), x.is_inference())
@torch.inference_mode()
def h(t):
    return t + 1
print(h(x).requires_grad)
d = x.detach()
print(d.requires_grad, d.is_leaf, x.data.requires_grad)
x.data = torch.tensor([5.0, 6.0])
print(x)
x.data.mul_(2)
print(x, x._version)
e = x.clone().detach_()
print(e.requires_grad)
print(torch.no_grad)
