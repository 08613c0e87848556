# nn.Module: registration order, recursive traversal, reprs, state_dict, train/eval, errors.
import torch
import torch.nn as nn

torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, n_in, n_out):
        super().__init__()
        self.lin = nn.Linear(n_in, n_out)
        self.act = nn.LeakyReLU(0.2)
        self.register_buffer("scale", torch.ones(n_out))

    def forward(self, x):
        return self.act(self.lin(x)) * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(Block(4, 3), nn.Dropout(0.25), Block(3, 3))
        self.heads = nn.ModuleList([nn.Linear(3, 1) for _ in range(3)])
        self.extra = nn.Parameter(torch.zeros(2))
        self.note = "plain attribute"

    def forward(self, x):
        h = self.body(x)
        return torch.cat([head(h) for head in self.heads], dim=1)


net = Net()
print(net)
print([name for name, _ in net.named_parameters()])
print([name for name, _ in net.named_buffers()])
print([name for name, _ in net.named_modules()])
print([type(m).__name__ for m in net.children()])
print(len(list(net.parameters())), sum(p.numel() for p in net.parameters()))
print(net.note, net.extra)
print(list(net.state_dict().keys()))
print(net.body[0].lin.bias)
print(net.body[-1])
print(net.body[1:])
print(len(net.body), len(net.heads))
print(net.training, net.body[1].training)
net.eval()
print(net.training, net.body[1].training)
net.train()
x = torch.randn(5, 4)
net.eval()
y = net(x)
print(y.shape, y.grad_fn)
print(y)
try:
    net.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    net.body[0].lin.weight = torch.zeros(3, 4)
except TypeError as e:
    print("TypeError:", e)


class NoInit(nn.Module):
    def __init__(self):
        self.fc = nn.Linear(1, 1)


try:
    NoInit()
except AttributeError as e:
    print("AttributeError:", e)


class NoForward(nn.Module):
    pass


try:
    NoForward()(1)
except NotImplementedError as e:
    print("NotImplementedError:", e)

lin = nn.Linear(2, 2, bias=False)
print(lin, lin.bias)
print(lin.weight.requires_grad, lin.weight.is_leaf, type(lin.weight).__name__)
lin.requires_grad_(False)
print(lin.weight.requires_grad)
p = nn.Parameter(torch.tensor([1.0, 2.0]))
print(p)
print(nn.Parameter(torch.tensor([1.0, 2.0]), requires_grad=False))
print(isinstance(p, torch.Tensor), isinstance(p, nn.Parameter), type(p))
print(p * 2)
seq = nn.Sequential(nn.Linear(1, 1), nn.Sigmoid())
seq.append(nn.Identity())
print(seq)
for m in seq:
    print(type(m).__name__)
print(nn.ModuleList())
print(nn.Sequential())
print(nn.ReLU(inplace=True), nn.Softmax(dim=-1), nn.LogSoftmax(dim=1), nn.Flatten(0, 1), nn.Dropout(p=0.1))
print(nn.BCELoss(), nn.BCEWithLogitsLoss(), nn.NLLLoss(), nn.L1Loss(reduction="sum"), nn.ELU(), nn.Softplus(), nn.GELU(approximate="tanh"))
print(nn.Linear(3, 2).double().weight.dtype)
sd = nn.Linear(2, 1).state_dict()
print(sd)
target = nn.Linear(2, 1)
print(target.load_state_dict(sd))
print(torch.equal(target.weight, sd["weight"]))
calls = []
h = seq.register_forward_hook(lambda mod, inp, out: calls.append(out.shape))
seq(torch.ones(4, 1))
h.remove()
seq(torch.ones(4, 1))
print(calls)
print(seq.apply(lambda m: None) is seq)
