# What users see: printed values and .item() reprs of float32 math and its gradients, through
# the whole interpreter (forward kernels, fused backward kernels, softmax/log_softmax, losses).
import torch
import torch.nn.functional as F

torch.manual_seed(0)
print(torch.tensor(4.0).exp(), torch.tensor(4.0).exp().item())
x = torch.randn(37) * 3
print(x.exp())
print(torch.sigmoid(x).sum().item(), torch.tanh(x).sum().item(), torch.sin(x).sum().item(), torch.cos(x).sum().item())
print(torch.log(x.abs() + 0.5))
print(F.gelu(x[:5]), F.silu(x[:5]), F.softplus(x[:5]), F.elu(x[:5]), F.mish(x[:5]))
print((x.abs() + 0.1) ** 1.7)

g = torch.linspace(-1, 1, 37)
for name, fn in [('sigmoid', torch.sigmoid), ('tanh', torch.tanh), ('gelu', F.gelu),
                 ('gelu_tanh', lambda t: F.gelu(t, approximate='tanh')), ('silu', F.silu),
                 ('mish', F.mish), ('softplus', F.softplus), ('elu', F.elu), ('exp', torch.exp),
                 ('softmax', lambda t: torch.softmax(t, 0)), ('log_softmax', lambda t: torch.log_softmax(t, 0))]:
    xx = x.clone().requires_grad_(True)
    fn(xx).backward(g)
    print(name, xx.grad.tolist())

# a classifier step: cross_entropy = log_softmax + nll_loss, its gradient through LogSoftmaxBackward0
logits = torch.randn(8, 10, requires_grad=True)
target = torch.tensor([1, 0, 4, 9, 3, 3, 7, 2])
loss = F.cross_entropy(logits, target)
loss.backward()
print(loss.item())
print(logits.grad)
w = torch.randn(5, 3, requires_grad=True)
h = torch.tanh(torch.randn(4, 5) @ w)
out = torch.softmax(h, dim=1)
out[:, 0].sum().backward()
print(out)
print(w.grad)

# binary classification: BCE with logits (log_sigmoid inside), its gradient
z = torch.randn(40) * 3
t = (torch.rand(40) > 0.5).float()
print(F.binary_cross_entropy_with_logits(z, t, reduction='none'))
zz = z.clone().requires_grad_(True)
l = F.binary_cross_entropy_with_logits(zz, t)
l.backward()
print(l.item(), zz.grad.sum().item())
