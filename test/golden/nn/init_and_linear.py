# nn.Linear's default init and nn.init after manual_seed: PyTorch's exact generator draws.
import torch
import torch.nn as nn

torch.manual_seed(0)
lin = nn.Linear(3, 2)
print(lin.weight)
print(lin.bias)
print(nn.Linear(5, 4, bias=False).weight)
w = torch.empty(3, 5)
print(nn.init.uniform_(w, -0.5, 0.5))
print(nn.init.normal_(w, mean=1.0, std=0.1))
print(nn.init.constant_(w, 0.3))
print(nn.init.ones_(torch.empty(2)))
print(nn.init.zeros_(torch.empty(2, 2)))
print(nn.init.xavier_uniform_(torch.empty(4, 6)))
print(nn.init.xavier_normal_(torch.empty(4, 6), gain=2.0))
print(nn.init.kaiming_uniform_(torch.empty(3, 4), nonlinearity="relu"))
print(nn.init.kaiming_normal_(torch.empty(3, 4), mode="fan_out"))
print(nn.init.normal_(torch.empty(20)))
for nl in ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]:
    print(nl, nn.init.calculate_gain(nl))
print(nn.init.calculate_gain("leaky_relu", 0.2))
layer = nn.Linear(2, 2)
with torch.no_grad():
    nn.init.constant_(layer.weight, 0.5)
    layer.bias.fill_(0.0)
print(layer.weight, layer.weight.requires_grad)
print(layer(torch.ones(1, 2)))
d = nn.Linear(2, 3, dtype=torch.float64)
print(d.weight)
print(nn.Linear(4, 3).weight.sum().item())
