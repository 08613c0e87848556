import torch
def chain(t):
    out = []
    def walk(f, d):
        if f is None:
            return
        out.append('  ' * d + f.name())
        for n, _ in f.next_functions:
            walk(n, d + 1)
    walk(t.grad_fn, 0)
    print(' / '.join(s.strip() for s in out))

def grads(f, *xs):
    xs = [x.detach().clone().requires_grad_(True) for x in xs]
    y = f(*xs)
    print(y)
    y.sum().backward() if y.dim() > 0 else y.backward()
    for x in xs:
        print(x.grad)

x = torch.tensor([[3., 1., 2.], [0., 5., 4.]])
v = torch.tensor([1., 2., 3.])
# sort / argsort / topk
grads(lambda a: a.sort(dim=1, descending=True).values * torch.tensor([1., 2., 3.]), x)
print(x.sort(0), torch.argsort(x, dim=1), x.argsort(descending=True))
print(torch.topk(torch.tensor([1., 1., 1., 1., 2., 1.]), 3), x.topk(2, dim=0, largest=False))
grads(lambda a: a.topk(2).values * torch.tensor([1., 10.]), x)
print(torch.tensor([[1, 0], [0, 3]]).nonzero(), torch.nonzero(torch.tensor([1, 0, 2]), as_tuple=True))
# unique
print(torch.unique(torch.tensor([3, 1, 2, 3, 1])), torch.tensor([2., 1., 2.]).unique(return_counts=True))
print(torch.unique(torch.tensor([3, 1, 2, 3, 1]), return_inverse=True, return_counts=True))
# diag / diagonal / trace / tril / triu
grads(lambda a: torch.diag(a, 1), x)
grads(lambda a: torch.diag(a) * torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., 2.]))
grads(lambda a: a.diagonal(), x)
grads(lambda a: a.trace() * 2, x)
grads(lambda a: a.tril() * x, x)
grads(lambda a: torch.triu(a, 1) * x, x)
# cumprod (with and without zeros)
grads(lambda a: a.cumprod(1), x)
grads(lambda a: torch.cumprod(a, 0), torch.tensor([2., 3., 0.5]))
# lerp / addcmul / addcdiv
grads(lambda a, b: torch.lerp(a, b, 0.3), x, x.flip(1))
grads(lambda a, b, w: a.lerp(b, w), x, x.flip(1), torch.tensor([0.25, 0.75, 0.5]))
grads(lambda a, b, c: torch.addcmul(a, b, c, value=0.5), x, x + 1, v)
grads(lambda a, b, c: a.addcdiv(b, c, value=2), x, x, v)
# index_add / scatter / scatter_add / gather
idx = torch.tensor([1, 0, 1])
grads(lambda a, s: a.index_add(1, torch.tensor([2, 0]), s, alpha=2), x, torch.ones(2, 2))
grads(lambda a: a.scatter(1, torch.tensor([[0], [2]]), 7.), x)
grads(lambda a, s: torch.scatter(a, 1, torch.tensor([[0, 1], [2, 2]]), s), x, torch.tensor([[10., 20.], [30., 40.]]))
grads(lambda a, s: a.scatter_add(0, torch.tensor([[1, 0, 1]]), s), x, torch.tensor([[10., 20., 30.]]))
# repeat_interleave / roll / flip
grads(lambda a: a.repeat_interleave(2, dim=1) * torch.arange(6.), x)
grads(lambda a: torch.repeat_interleave(a, torch.tensor([1, 2]), dim=0), x)
print(torch.repeat_interleave(torch.tensor([2, 0, 1])), torch.tensor([1, 2]).repeat_interleave(3))
grads(lambda a: a.roll(1) * torch.arange(6.).view(2, 3), x)
grads(lambda a: torch.roll(a, (1, -1), (0, 1)) * torch.arange(6.).view(2, 3), x)
# std_mean / var_mean
print(torch.std_mean(x), torch.var_mean(x, dim=1), torch.var_mean(x, 0, keepdim=True, correction=0))
xs = x.clone().requires_grad_(True)
s, m = torch.std_mean(xs, dim=1)
(s * 2 + m * 3).sum().backward()
print(xs.grad)
# einsum
a = torch.tensor([[1., 2., 3.], [4., 5., 6.]])
aT = torch.tensor([[1., 4.], [2., 5.], [3., 6.]])
for eq, ops in [('ij,jk->ik', (a, aT)), ('i,i->', (v, v)), ('ij->ji', (a,)), ('ij->', (a,)), ('ij->j', (a,)),
                ('ij,j->i', (a, v)), ('i,j->ij', (v, v)), ('bij,bjk->bik', (a.unsqueeze(0), aT.unsqueeze(0))),
                ('ii->i', (a[:, :2],)), ('ii', (a[:, :2],)), ('ij,ij->ij', (a, a)), ('ij,ij->', (a, a)), ('ij,kj->ik', (a, a)),
                ('ij,jk,kl->il', (a, aT, a)), ('ij', (a,)), ('ji', (a,))]:
    ts = [t.clone().requires_grad_(True) for t in ops]  # (clones of contiguous tensors)
    r = torch.einsum(eq, *ts)
    print(eq, r)
    chain(r)
    r.sum().backward()
    print([t.grad for t in ts])
print(torch.einsum('ij,jk', [a, a.T]))
# median / quantile
print(torch.quantile(x, 0.3), x.quantile(torch.tensor([0.25, 0.5]), dim=1), x.quantile(0.5, dim=0, keepdim=True))
print(x.quantile(0.4, interpolation='lower'), x.quantile(0.4, interpolation='midpoint'), x.quantile(0.5, interpolation='nearest'))
grads(lambda a: a.quantile(0.3), x)
grads(lambda a: a.quantile(torch.tensor([0.25, 0.5]), dim=1), x)
# small helpers
print(x.numel(), x.nelement(), x.element_size(), x.stride(), x.t().stride(), x.t().is_contiguous(), x[:, 1:].storage_offset())
print(x.data_ptr() == x.view(6).data_ptr(), x.data_ptr() == x[1].data_ptr() - 12)
print(x.new_zeros(2), x.new_ones((1, 2)), x.new_full((2,), 7), x.new_tensor([1, 2]), x.new_empty(0).shape)
print(torch.tensor([1, 2]).type_as(x), x.is_floating_point(), torch.tensor([1]).is_floating_point())
print(torch.allclose(x, x + 1e-9), torch.isclose(x, x + 1e-3), x.sign(), torch.masked_fill(x, x > 2, -1.))
xt = a.t().requires_grad_(True) if False else a.clone().requires_grad_(True)
r = torch.einsum('ij,jk->ik', xt, xt.t())
chain(r)
