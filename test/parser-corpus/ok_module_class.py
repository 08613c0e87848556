import torch
from torch import nn
import torch.nn.functional as F


class TwoLayerNet(nn.Module):
    """A tiny MLP."""

    def __init__(self, d_in, hidden, d_out, *, activation=F.relu):
        super().__init__()
        self.fc1 = nn.Linear(d_in, hidden)
        self.fc2 = nn.Linear(hidden, d_out)
        self.activation = activation

    def forward(self, x):
        h = self.activation(self.fc1(x))
        return self.fc2(h)


net = TwoLayerNet(4, 8, 2)
inp = torch.randn(3, 4)
out = net(inp)
print(out.shape, out.grad_fn)
print([name for name, _ in net.named_parameters()])
