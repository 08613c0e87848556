# out = mean(3 * (x + 2)^2): d(out)/dx = 6 * (x + 2) / 4 = 4.5 at x = 1.
import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
print(out)

out.backward()
print(x.grad)
print(y.grad_fn.next_functions)
