# Calling backward several times on one graph needs retain_graph=True.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * x
loss = y.sum()

loss.backward(retain_graph=True)
print(x.grad)
loss.backward(retain_graph=True)
print(x.grad)
loss.backward()
print(x.grad)

try:
    loss.backward()
except RuntimeError as e:
    print("RuntimeError:", e)
