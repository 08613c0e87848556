import torch
x = torch.zeros(3)
print(x)
y = torch.ones(2, 3.5)
