import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
z = y.sum()
z.backward()
print(y.grad)
print(x.grad)
for i in range(2):
    print(y.grad is None)
y2 = x * 3
y2.retain_grad()
y2.sum().backward()
print(y2.grad)
t = torch.tensor(x)
print(t, t.requires_grad)
