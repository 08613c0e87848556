import torch

x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y.retain_grad()
z = (y ** 2).sum()
z.backward(retain_graph=True)
print(x.grad, y.grad, y.is_leaf, x.is_leaf)
z.backward()
print(x.grad)
print(z.grad_fn.next_functions)
