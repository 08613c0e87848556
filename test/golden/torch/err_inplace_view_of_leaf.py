import torch
x = torch.randn(3, requires_grad=True)
y = x.view(3, 1)
y.unsqueeze_(0)
print(y.shape, y.grad_fn)
z = x.expand(2, 3)
z.add_(1)
