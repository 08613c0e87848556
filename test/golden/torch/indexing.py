import torch
x = torch.arange(12.0).view(3, 4)
print(x[0], x[-1], x[1, 2], x[:, 1], x[1:, ::2], x[..., 0], x[None].shape, x[:, None, :].shape)
print(x[[0, 2]], x[torch.tensor([1, 0])], x[x > 8], x[torch.tensor([True, False, True])], x[0, [1, 3]])
print(x[1][2].item(), x[2, -1], x[0:1], x[:0].shape)
y = x.clone()
y[0] = 0
y[1, 1] = -1.0
y[:, 3] = torch.tensor([7.0, 8.0, 9.0])
y[y > 9] = 100
print(y)
z = torch.zeros(3)
z[1] = 5
z[torch.tensor([0, 2])] = torch.tensor([1.0, 2.0])
print(z)
w = torch.tensor([1.0, 2.0], requires_grad=True)
u = w * 1
u[0] = 10
print(u, u.grad_fn)
