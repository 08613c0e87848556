import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
with torch.no_grad():
    b = a * 2
print(b.requires_grad)
c = a.detach()
print(c.requires_grad, a.requires_grad)
with torch.enable_grad(), torch.no_grad() as ctx:
    pass

@torch.no_grad()
def evaluate(t):
    return t.sum()

print(evaluate(a))
