import torch
a = torch.ones(3, requires_grad=True)
y = a * 2
with torch.no_grad():
    v = y[0:2]
v.mul_(2)
