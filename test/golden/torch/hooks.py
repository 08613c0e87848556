import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
h = x.register_hook(lambda g: print("leaf hook", g))
y = x * 2
y.register_hook(lambda g: g * 10)
y.retain_grad()
y.sum().backward()
print(x.grad, y.grad, y.retains_grad, x.retains_grad)
h.remove()
x.grad = None
(x * 2).sum().backward()
print(x.grad)
def double(g):
    return g * 2
z = torch.tensor(3.0, requires_grad=True)
z.register_hook(double)
(z * z).backward()
print(z.grad)
w = torch.tensor([1.0, 1.0], requires_grad=True)
out = (w * 3).sum()
def pre(grad_outputs):
    print("prehook", grad_outputs)
def post(grad_inputs, grad_outputs):
    print("posthook", grad_inputs, grad_outputs)
out.grad_fn.register_prehook(pre)
out.grad_fn.register_hook(post)
out.backward()
print(w.grad)
print(type(h))
