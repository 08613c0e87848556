import torch
y = torch.ones(2, 2
print(y)
