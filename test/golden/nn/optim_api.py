# torch.optim's Python surface: reprs, param groups, state, zero_grad, errors, StepLR.
import torch
import torch.nn as nn
import torch.optim as optim

torch.manual_seed(0)
model = nn.Linear(2, 1)
sgd = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
print(sgd)
print(optim.Adam(model.parameters()))
print(optim.SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.5}], lr=0.01))
print(sgd.defaults)
print(sgd.param_groups[0]["lr"], len(sgd.param_groups[0]["params"]))
print(sgd.state)
loss = model(torch.ones(3, 2)).sum()
loss.backward()
print(model.weight.grad)
sgd.step()
print(model.weight)
print(sgd.state[model.weight])
print(sgd.state_dict()["param_groups"])
sgd.zero_grad()
print(model.weight.grad)
loss = model(torch.ones(3, 2)).sum()
loss.backward()
sgd.zero_grad(set_to_none=False)
print(model.weight.grad)
model.zero_grad()
print(model.bias.grad)
for g in sgd.param_groups:
    g["lr"] = 0.05
print(sgd.param_groups[0]["lr"])
named = optim.SGD(model.named_parameters(), lr=0.1)
print(named.param_groups[0]["param_names"])
for bad in [
    lambda: optim.SGD(model.parameters(), lr=-1),
    lambda: optim.SGD(model.parameters(), lr=0.1, momentum=-0.5),
    lambda: optim.SGD(model.parameters(), lr=0.1, nesterov=True),
    lambda: optim.Adam(model.parameters(), lr=0.1, betas=(1.0, 0.9)),
    lambda: optim.Adam(model.parameters(), eps=-1.0),
    lambda: optim.SGD([], lr=0.1),
    lambda: optim.SGD(model.weight, lr=0.1),
    lambda: optim.SGD([model.weight * 2], lr=0.1),
]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
opt = optim.SGD(model.parameters(), lr=1.0)
sched = optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
lrs = []
for epoch in range(7):
    opt.step()
    sched.step()
    lrs.append(sched.get_last_lr()[0])
print(lrs, opt.param_groups[0]["initial_lr"])
adam = optim.Adam(model.parameters(), lr=0.1)
w = model.weight.detach().clone()
model(torch.ones(1, 2)).sum().backward()
adam.step()
print(adam.state[model.bias])
print(model.weight - w)
