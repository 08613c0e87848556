# Gradients add up over backward calls until they are zeroed.
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)

for step in range(3):
    loss = (w * w).sum()
    loss.backward()
    print(f"step {step}: w.grad = {w.grad}")

w.grad.zero_()
print("after zero_():", w.grad)

loss = (2 * w).sum()
loss.backward()
print(w.grad)

w.grad = None
(w ** 3).sum().backward()
print(w.grad)
