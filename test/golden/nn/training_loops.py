# Classic training loops: losses printed with full float repr to check bit-exactness.
import torch
import torch.nn as nn
import torch.optim as optim

# 1. linear regression, SGD, MSELoss
torch.manual_seed(42)
X = torch.linspace(-1, 1, 20).unsqueeze(1)
y = 3 * X + 0.5 + 0.1 * torch.randn(20, 1)
model = nn.Linear(1, 1)
print(model.weight, model.bias)
opt = optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for epoch in range(50):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
    if epoch % 10 == 0:
        print(epoch, loss.item())
print(model.weight.item(), model.bias.item())

# 2. classifier, ReLU MLP, CrossEntropyLoss, Adam
torch.manual_seed(0)
pts = torch.randn(30, 2)
cls = (pts[:, 0] * pts[:, 1] > 0).long()
net = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))
opt = optim.Adam(net.parameters(), lr=0.05)
crit = nn.CrossEntropyLoss()
for step in range(40):
    opt.zero_grad()
    out = net(pts)
    loss = crit(out, cls)
    loss.backward()
    opt.step()
    if step % 8 == 0:
        print(step, loss.item())
acc = (net(pts).argmax(dim=1) == cls).float().mean()
print("accuracy", acc.item())

# 3. SGD with momentum on a sigmoid network with BCELoss
torch.manual_seed(1)
inputs = torch.rand(16, 3)
labels = (inputs.sum(dim=1, keepdim=True) > 1.5).float()
clf = nn.Sequential(nn.Linear(3, 4), nn.Sigmoid(), nn.Linear(4, 1), nn.Sigmoid())
opt = optim.SGD(clf.parameters(), lr=0.5, momentum=0.9)
bce = nn.BCELoss()
for step in range(30):
    opt.zero_grad()
    loss = bce(clf(inputs), labels)
    loss.backward()
    opt.step()
    if step % 6 == 0:
        print(step, loss.item())
print(clf[0].weight.grad)
print(opt.state[clf[2].bias])
