import torch
x = torch.ones(2)
if x.sum() > 1
    print(x)
