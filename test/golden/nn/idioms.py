# Tutorial idioms: custom Parameters, manual SGD under no_grad, kwargs to forward, generator and odict reprs.
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
class TwoLayer(nn.Module):
    def __init__(self, d_in, h, d_out):
        super(TwoLayer, self).__init__()
        self.w = nn.Parameter(torch.randn(d_in, h) * 0.1)
        self.linear2 = nn.Linear(h, d_out)
    def forward(self, x, scale=1.0):
        return self.linear2(F.relu(x @ self.w)) * scale
m = TwoLayer(3, 4, 2)
print(list(m.parameters())[0])
print(m.parameters())
out = m(torch.ones(2, 3), scale=2.0)
print(out)
lr = 0.1
out.sum().backward()
with torch.no_grad():
    for p in m.parameters():
        p -= lr * p.grad
print(m.w)
print(m.linear2.weight.data)
print(dict(m.named_parameters()).keys())
print(m.state_dict().keys())
print(sum(p.numel() for p in m.parameters() if p.requires_grad))
print(nn.Sequential(nn.Linear(2, 2), nn.ModuleList([nn.ReLU(), nn.ReLU()]), nn.Sequential(nn.Tanh())))
print(nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU()]))
model = nn.Sequential()
model.add_module("fc", nn.Linear(1, 1))
print(model, model.fc)
print(m.w.grad_fn, m.w.is_leaf, m.w.grad.shape)
print(isinstance(m, nn.Module), type(m.linear2))
x = torch.tensor([[1.0, 2.0]])
print(F.softmax(x, dim=-1), F.log_softmax(x, dim=1), F.relu(torch.tensor([-1.0, 1.0])))
print(nn.Linear(2, 3))
print(torch.nn.functional.relu(torch.tensor(-2.0)))
