# Deterministic inputs shared with test/unit/kernels-golden.ts: xorshift32 values in [-1, 1),
# scaled and shifted in double, then rounded to the dtype.
import torch

def xorshift_values(n, seed, scale=1.0, shift=0.0):
    x = seed & 0xFFFFFFFF
    out = []
    for _ in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out.append((x / 4294967296.0 * 2.0 - 1.0) * scale + shift)
    return out

def make(shape, seed, dtype=torch.float32, scale=1.0, shift=0.0):
    n = 1
    for s in shape:
        n *= s
    return torch.tensor(xorshift_values(n, seed, scale, shift), dtype=dtype).reshape(shape)
