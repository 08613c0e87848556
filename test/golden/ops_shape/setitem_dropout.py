# setitem graphs/grads and F.dropout's mask under a seed (values for ops_shape_semantics.test.ts).
import torch
import torch.nn.functional as F
a = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
b = a * 2
b[0, 1] = 10.
print(type(b.grad_fn).__name__, [type(f).__name__ if f else None for f, _ in b.grad_fn.next_functions])
v = torch.tensor([7., 8.], requires_grad=True)
c = a * 1
c[:, 2] = v
print(type(c.grad_fn).__name__, c.tolist())
(c * torch.tensor([[1., 2., 3.], [4., 5., 6.]])).sum().backward()
print(a.grad.tolist(), v.grad.tolist())
a.grad = None
d = a * 1
d[[0, 1], [0, 0]] = torch.tensor(0.)
print(type(d.grad_fn).__name__)
d.sum().backward()
print(a.grad.tolist())
torch.manual_seed(0)
x = torch.arange(1., 11.)
print(F.dropout(x, 0.3).tolist())
torch.manual_seed(1)
print(F.dropout(torch.ones(2, 4, dtype=torch.float64), 0.5).tolist())
