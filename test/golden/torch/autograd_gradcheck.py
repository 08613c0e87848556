# torch.autograd.gradcheck: passing checks, a wrong custom backward (False with raise_exception=False,
# GradcheckError's message otherwise) and the float32 warning and mismatch.
import torch
x = torch.randn(3, dtype=torch.float64, requires_grad=True, generator=torch.Generator().manual_seed(0))
y = torch.randn(3, dtype=torch.float64, requires_grad=True, generator=torch.Generator().manual_seed(1))
print(torch.autograd.gradcheck(lambda a, b: (a * b).sin(), (x, y)))
print(torch.autograd.gradcheck(lambda a: a.exp().sum(), x, eps=1e-6, atol=1e-4))
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a
    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g * a
print(torch.autograd.gradcheck(Bad.apply, (x,), raise_exception=False))
try:
    torch.autograd.gradcheck(Bad.apply, (x,))
except Exception as e:
    print(type(e).__name__)
    print(e)
z = torch.ones(2, requires_grad=True)
print(torch.autograd.gradcheck(lambda a: a * 2, (z,)))
