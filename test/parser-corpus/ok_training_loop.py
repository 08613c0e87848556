import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(42)

model = nn.Sequential(
    nn.Linear(2, 16),
    nn.Tanh(),
    nn.Linear(16, 1),
    nn.Sigmoid(),
)
criterion = nn.BCELoss()
opt = optim.Adam(model.parameters(), lr=1e-2)

X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
Y = torch.tensor([[0.], [1.], [1.], [0.]])

for epoch in range(1, 501):
    opt.zero_grad()
    loss = criterion(model(X), Y)
    loss.backward()
    opt.step()
    if epoch % 100 == 0:
        print("epoch %d loss %.4f" % (epoch, loss.item()))

with torch.no_grad():
    preds = (model(X) > 0.5).float()
print(preds.view(-1).tolist())
