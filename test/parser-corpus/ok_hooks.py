import torch

v = torch.tensor([0.0, 0.0, 0.0], requires_grad=True)
h = v.register_hook(lambda grad: grad * 2)
v.backward(torch.tensor([1.0, 2.0, 3.0]))
print(v.grad)
h.remove()

def hook(g):
    print("hook saw", g)
    return None

w = torch.ones(3, requires_grad=True)
w.register_hook(hook)
(w * w).sum().backward()
