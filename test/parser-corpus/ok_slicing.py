import torch

t = torch.arange(24).reshape(2, 3, 4)
print(t[0], t[-1, :, ::2], t[..., 1], t[:, None, 1:3])
print(t[0, 1:, :-1], t[::-1], t[1][2][3])
lst = list(range(10))
print(lst[2:8:2], lst[:], lst[::], lst[-3:])
lst[1:3] = [9, 9]
del lst[0], lst[-1]
first, *rest = lst
*init, last = lst
(a, b), c = (1, 2), 3
[p, q] = [4, 5]
print(first, rest, init, last, a, b, c, p, q)
