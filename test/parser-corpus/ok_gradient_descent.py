import torch

# Fit y = a * x**2 by gradient descent on a scalar parameter.
xs = torch.linspace(-1, 1, 21)
ys = 2.5 * xs ** 2
a = torch.tensor(0.0, requires_grad=True)
lr = 0.5
history = []
for step in range(50):
    pred = a * xs ** 2
    loss = ((pred - ys) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        a -= lr * a.grad
    a.grad.zero_()
    history.append(loss.item())
print(f"a = {a.item():.4f}; final loss {history[-1]:.2e}")
