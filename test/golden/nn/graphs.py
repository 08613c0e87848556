# The autograd graphs nn layers and losses build (walked through next_functions).
import torch
import torch.nn as nn
import torch.nn.functional as F


def walk(fn, depth=0):
    if fn is None:
        return
    print("  " * depth + type(fn).__name__)
    for nxt, _ in fn.next_functions:
        walk(nxt, depth + 1)


torch.manual_seed(0)
lin = nn.Linear(3, 2)
x = torch.randn(4, 3)
walk(lin(x).grad_fn)
walk(lin(torch.randn(3)).grad_fn)
walk(nn.Linear(3, 2, bias=False)(x).grad_fn)
walk(nn.MSELoss()(lin(x), torch.zeros(4, 2)).grad_fn)
walk(nn.CrossEntropyLoss()(lin(x), torch.tensor([0, 1, 1, 0])).grad_fn)
walk(F.binary_cross_entropy_with_logits(lin(x), torch.ones(4, 2)).grad_fn)
walk(nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1), nn.Sigmoid())(x).grad_fn)
walk(F.mse_loss(lin(x)[:, :1], torch.zeros(4)).grad_fn)
walk(F.l1_loss(lin(x), torch.zeros(4, 2)).grad_fn)
walk(nn.Dropout(0.5)(lin(x)).grad_fn)
walk(F.softmax(lin(x), dim=1).grad_fn)
