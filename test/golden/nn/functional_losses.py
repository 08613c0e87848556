# torch.nn.functional and the loss modules: values, grad_fn names, gradients, reductions, errors.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)
x = torch.randn(4, 3, requires_grad=True)
t = torch.randn(4, 3)
labels = torch.tensor([0, 2, 1, 2])

for name, out in [
    ("relu", F.relu(x)),
    ("leaky_relu", F.leaky_relu(x, 0.1)),
    ("sigmoid", F.sigmoid(x)),
    ("tanh", F.tanh(x)),
    ("gelu", F.gelu(x)),
    ("softmax", F.softmax(x, dim=1)),
    ("log_softmax", F.log_softmax(x, dim=0)),
    ("elu", F.elu(x)),
    ("softplus", F.softplus(x)),
]:
    print(name, out)

for name, loss in [
    ("mse", F.mse_loss(x, t)),
    ("mse sum", F.mse_loss(x, t, reduction="sum")),
    ("l1", F.l1_loss(x, t)),
    ("cross_entropy", F.cross_entropy(x, labels)),
    ("nll", F.nll_loss(F.log_softmax(x, dim=1), labels)),
    ("bce", F.binary_cross_entropy(torch.sigmoid(x), torch.rand(4, 3))),
    ("bce_logits", F.binary_cross_entropy_with_logits(x, torch.rand(4, 3))),
    ("MSELoss", nn.MSELoss()(x, t)),
    ("CrossEntropyLoss", nn.CrossEntropyLoss()(x, labels)),
    ("CrossEntropyLoss sum", nn.CrossEntropyLoss(reduction="sum")(x, labels)),
    ("NLLLoss", nn.NLLLoss()(torch.log_softmax(x, 1), labels)),
    ("BCELoss", nn.BCELoss()(torch.sigmoid(x), torch.ones(4, 3))),
    ("BCEWithLogitsLoss", nn.BCEWithLogitsLoss()(x, torch.zeros(4, 3))),
    ("L1Loss", nn.L1Loss()(x, t)),
]:
    x.grad = None
    loss.backward()
    print(name, loss.item(), loss.grad_fn.name())
    print(x.grad)

print(F.mse_loss(x, t, reduction="none"))
print(F.cross_entropy(x, labels, reduction="none"))
print(F.one_hot(labels))
print(F.one_hot(labels, num_classes=4))
w = torch.randn(2, 3)
b = torch.randn(2)
print(F.linear(x, w, b))
print(F.linear(x, w))
torch.manual_seed(5)
print(F.dropout(torch.ones(2, 5), p=0.4))
print(F.dropout(torch.ones(2, 5), p=0.4, training=False))
torch.manual_seed(5)
d = nn.Dropout(0.4)
print(d(torch.ones(2, 5)))
d.eval()
print(d(torch.ones(2, 5)))
print(nn.Softmax(dim=1)(x).sum(dim=1))
print(nn.Flatten()(torch.ones(2, 3, 4)).shape)
for bad in [lambda: F.relu(3), lambda: F.dropout(x, p=1.5), lambda: F.mse_loss(x, t, reduction="avg"), lambda: F.cross_entropy(x, labels.float()[:2])]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
