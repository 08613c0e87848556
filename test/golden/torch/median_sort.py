import torch
# median over all elements: lower median, ties share the gradient
x = torch.tensor([3., 1., 2., 1., 5., 1.], requires_grad=True)
m = x.median()
print(m, m.grad_fn.name())
m.backward()
print(x.grad)
# median along a dim: the index of a tie is the first in stable order
y = torch.tensor([[3., 1., 2., 2.], [4., 4., 4., 0.]], requires_grad=True)
r = y.median(dim=1)
print(r)
print(r.values.grad_fn.name(), r.indices.requires_grad)
r.values.sum().backward()
print(y.grad)
print(torch.median(y, 0, keepdim=True))
print(torch.tensor([1, 5, 3, 2]).median())
print(torch.tensor([1., float('nan'), 3.]).median())
print(torch.tensor([[1., float('nan'), 3.], [2., 1., 1.]]).median(1))
for row in [[2., 2., 2., 1., 2., 2., 3., 2.], [1., 1., 1., 1.], [5., 5., 1., 1., 5., 5., 5., 1., 1.]]:
    print(torch.tensor(row).median(0).indices.item())
print(torch.tensor(5.).median(), torch.tensor(5.).median(0))
print(torch.tensor([1., 2., 3., 4.]).nanmedian(), torch.tensor([1., float('nan'), 3., 4.]).nanmedian())
print(torch.tensor([[1., float('nan'), 3., 4.], [float('nan')] * 4]).nanmedian(1))
times = [0.5, 0.25, 0.75, 0.125]
print(torch.tensor(times).median().item())
