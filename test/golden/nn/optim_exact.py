# Optimizer update arithmetic, isolated: the loss gradient is elementwise (2·(p - t)·s), so
# only the optimizer's float32 kernels decide the digits.
import torch
import torch.optim as optim

torch.manual_seed(3)
target = torch.randn(37)
scale = torch.rand(37) * 3
configs = [
    ("SGD plain", lambda ps: optim.SGD(ps, lr=0.1)),
    ("SGD momentum", lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9)),
    ("SGD nesterov+wd", lambda ps: optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01)),
    ("SGD dampening", lambda ps: optim.SGD(ps, lr=0.03, momentum=0.5, dampening=0.25)),
    ("SGD maximize", lambda ps: optim.SGD(ps, lr=0.01, maximize=True)),
    ("Adam", lambda ps: optim.Adam(ps, lr=0.01)),
    ("Adam wd amsgrad", lambda ps: optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True)),
    ("Adam big beta1", lambda ps: optim.Adam(ps, lr=0.05, betas=(0.3, 0.9))),
    ("AdamW", lambda ps: optim.AdamW(ps, lr=0.01)),
]
for name, make in configs:
    torch.manual_seed(7)
    p = torch.nn.Parameter(torch.randn(37))
    q = torch.nn.Parameter(torch.randn(2, 3, dtype=torch.float64))
    opt = make([p, q])
    for step in range(25):
        opt.zero_grad()
        loss = ((p - target) ** 2 * scale).sum() + (q ** 2).sum()
        loss.backward()
        opt.step()
    print(name, loss.item())
    print(p.tolist())
    print(q.tolist())
print(opt.state[p]["step"], opt.state[q]["exp_avg"])
