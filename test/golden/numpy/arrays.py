# numpy arithmetic, dtypes, reductions, indexing, random and torch interop.
import numpy as np
import torch

a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
b = np.array([10, 20, 30])
print(a.shape, a.dtype, a.ndim, a.size, b.dtype)
print(a + b)
print(a * 2, a / 4, a - 1, 2 ** b, b // 7, b % 7, -a)
print(b / 4, (b / 4).dtype, (b * 2).dtype, (b * 0.5).dtype)
print(a.T)
print(a.reshape(3, 2))
print(a.reshape(-1))
print(a.sum(), a.sum(axis=0), a.sum(axis=1), a.mean(), a.mean(axis=0))
print(a.max(), a.min(axis=1), a.argmax(), b.sum(), b.mean())
print(a.std(), a.var(axis=0))
print(np.dot(b, b), a @ np.array([1.0, 0.0, -1.0]), a @ a.T)
print(np.exp(a), np.log(a), np.sqrt(a), np.tanh(np.array([0.5, -1.0])))
print(a[0], a[1, 2], a[:, 1], a[-1, ::2], a[0][1])
print(a > 2.5, a[a > 2.5])
c = a.copy()
c[0, 0] = 100.0
c[1] = 0.0
print(c, a[0, 0])
print(a.tolist(), b.tolist(), a.astype(int), b.astype(np.float32))
print(len(a), [float(x) for x in b], a.sum() == 21.0)
print(np.zeros(3), np.ones((2, 2)), np.arange(5), np.arange(1, 2, 0.25), np.linspace(-1, 1, 5))
print(np.maximum(a, 3.0), np.mean(a), np.sum(b), np.max(a, axis=0))
print(f"{a.sum():.2f}", float(a.mean()), int(b[1]))
np.random.seed(0)
print(np.random.rand(3))
print(np.random.randn(2, 3))
print(np.random.rand())
np.random.seed(42)
print(np.random.randn(5))
print(np.random.random((2, 2)))
print(np.random.uniform(-1, 1, size=3))
print(np.random.normal(5.0, 2.0, 4))
t = torch.tensor([1.0, 2.0, 3.0])
n = t.numpy()
print(n, n.dtype)
t.add_(1)
print(n)
n[0] = -5.0
print(t)
x = np.array([[0.5, 1.5], [2.5, 3.5]])
tx = torch.from_numpy(x)
print(tx, tx.dtype)
x[0, 0] = 9.0
print(tx)
print(torch.tensor(np.array([1, 2, 3])))
print(torch.tensor(x).dtype, torch.from_numpy(np.array([1, 2])).dtype)
w = torch.ones(2, requires_grad=True)
try:
    w.numpy()
except RuntimeError as e:
    print("RuntimeError:", e)
print(w.detach().numpy())
print(torch.ones(2, 3).numpy().sum(axis=1))
try:
    np.ones(3) + np.ones(4)
except ValueError as e:
    print("ValueError:", e)
