# torch.autograd.grad returns gradients instead of storing them in .grad.
import torch

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x ** 2 + 3 * x
(dy_dx,) = torch.autograd.grad(y, x, grad_outputs=torch.ones_like(y))
print(dy_dx)
print(x.grad)

# Second derivative: keep the graph of the first gradient with create_graph=True.
u = torch.tensor(3.0, requires_grad=True)
f = u ** 3
(df,) = torch.autograd.grad(f, u, create_graph=True)
print(df)
(d2f,) = torch.autograd.grad(df, u)
print(d2f)

a = torch.tensor([2.0, 4.0], requires_grad=True)
b = torch.tensor([1.0, 3.0], requires_grad=True)
c = a * b
ga, gb = torch.autograd.grad(c, [a, b], grad_outputs=torch.tensor([1.0, 0.5]))
print(ga, gb)
