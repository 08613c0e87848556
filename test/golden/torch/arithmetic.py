import torch
a = torch.tensor([1.0, 2.0, 3.0])
b = torch.tensor([4.0, 5.0, 6.0])
print(a + b, a - b, a * b, a / b, a ** 2, a // 2, a % 2, -a, abs(-a), +a)
print(1 + a, 1 - a, 2 * a, 1 / a, 2 ** a, 7 // a, 7 % a)
print(a + 1, a - 1.5, a * True, a / 4, a ** 0.5)
i = torch.tensor([1, 2, 3])
print(i + 1, i * 2, i / 2, i // 2, i + 0.5, i * True, i ** 2, 2 ** i, i % 2)
print(a @ b, torch.ones(2, 3) @ torch.ones(3, 2), torch.matmul(a, b), torch.mm(torch.eye(2), torch.ones(2, 2)))
print(a.add(b), a.add(b, alpha=2), torch.add(a, 10), a.sub(1), a.mul(b), a.div(b), a.pow(2), torch.pow(2, a), a.neg())
print(torch.div(a, 2, rounding_mode='floor'), torch.div(-a, 2, rounding_mode='trunc'), a.true_divide(2), torch.remainder(-a, 2), torch.fmod(-a, 2))
print(a == 2, a != 2, a < 2, a <= 2, a > 2, a >= 2, a.eq(b), torch.gt(a, 1), a.ge(b))
print(torch.maximum(a, b), torch.minimum(a, b), torch.max(a, b), a.clamp(1.5, 2.5), a.clamp(min=2), torch.clamp(a, max=2), a.clip(0, 1))
c = a.clone()
c += 1
print(c)
c -= torch.tensor([1.0, 1.0, 1.0])
c *= 2
c /= 4
print(c)
c **= 2
print(c)
d = torch.tensor([5, 7])
d //= 2
print(d)
m = torch.tensor([True, False])
print(m & torch.tensor([True, True]), m | False, m ^ True, ~m, torch.logical_not(m), torch.logical_and(m, m))
print(torch.tensor([1.0, float('nan')]).isnan(), torch.isinf(torch.tensor([float('inf'), 1.0])), torch.isfinite(torch.tensor([1.0])))
print(torch.allclose(a, a + 1e-9), torch.allclose(a, b), torch.equal(a, a.clone()), torch.equal(a, b), a.allclose(a))
