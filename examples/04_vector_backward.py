# backward() of a non-scalar needs the vector v of a vector-Jacobian product.
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)

v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)

try:
    z = x * x
    z.backward()
except RuntimeError as e:
    print("RuntimeError:", e)
