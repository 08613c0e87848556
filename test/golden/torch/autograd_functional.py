# torch.autograd.functional.jacobian / hessian: single and tuple inputs and outputs, create_graph,
# 0-d inputs, the single-element check of hessian.
import torch
from torch.autograd.functional import jacobian, hessian
def f(x):
    return x ** 2 + 3 * x
x = torch.tensor([1.0, 2.0])
print(jacobian(f, x))
print(hessian(lambda t: (t ** 3).sum(), x))
def g(a, b):
    return a * b, (a + b).sum()
a = torch.tensor([1.0, 2.0, 3.0]); b = torch.tensor([0.5, -1.0, 2.0])
J = jacobian(g, (a, b))
print(type(J).__name__, len(J), [len(r) for r in J])
print(J[0][0], J[1][1])
H = hessian(lambda p, q: (p * q ** 2).sum(), (a, b))
print(H[0][1], H[1][1])
W = torch.randn(2, 3, generator=torch.Generator().manual_seed(0))
print(torch.autograd.functional.jacobian(lambda v: torch.tanh(W @ v), torch.ones(3)))
x2 = torch.tensor([1.0, 2.0], requires_grad=True)
jc = jacobian(lambda t: t.exp(), x2, create_graph=True)
print(jc, jc.requires_grad)
print(jacobian(lambda t: t.sum(), torch.ones(2, 2)))
print(hessian(lambda t: t.sin().sum(), torch.tensor(0.5)))
try:
    hessian(lambda t: t * 2, torch.ones(2))
except RuntimeError as e:
    print(e)
