# nll_loss / cross_entropy reductions: PyTorch sums the picked log-probabilities with its own
# 8-level cascade in the input's precision (not the tensor sum's), divides by the total weight,
# and scales the gradient as -(grad / total_weight) · weight[t]. Batch sizes cross the level
# boundaries (16, 256, 4096); upstream gradients other than 1 show the backward's rounding.
import torch
import torch.nn.functional as F

def show(label, t):
    print(label, t.tolist() if t.dim() > 0 else t.item())

for dtype, sizes in ((torch.float32, (1, 3, 17, 30, 257, 4100)), (torch.float64, (1, 3, 17, 30, 257))):
    for n in sizes:
        torch.manual_seed(n)
        logits = torch.randn(n, 5, dtype=dtype, requires_grad=True)
        target = torch.randint(0, 5, (n,))
        weight = torch.rand(5, dtype=dtype) + 0.5
        for red in ("mean", "sum"):
            for w in (None, weight):
                for ii in (-100, 2):
                    loss = F.cross_entropy(logits, target, weight=w, reduction=red, ignore_index=ii)
                    (loss * 3.7).backward()
                    g = logits.grad
                    print(dtype, n, red, w is not None, ii, loss.item(), g.sum().item(), g.abs().max().item(), g[0].tolist())
                    logits.grad = None

torch.manual_seed(0)
x = torch.randn(6, 4, requires_grad=True)
t = torch.tensor([0, 3, 1, 3, 2, 0])
for red in ("none", "mean", "sum"):
    logp = F.log_softmax(x, dim=1)
    out = F.nll_loss(logp, t, weight=torch.tensor([0.5, 1.5, 2.0, 1.0]), ignore_index=3, reduction=red)
    print(red, out)
    g = torch.autograd.grad(out.sum() * 0.3, x)[0]
    print(g)

v = torch.randn(4, requires_grad=True)
one = F.nll_loss(F.log_softmax(v, dim=0), torch.tensor(2))
one.backward()
print(one, v.grad)
