# Golden bits of PyTorch's float32 transcendental kernels (test/unit/vecmath.test.ts).
# Inputs come from a small xorshift32 generator that the test re-implements, so only the
# outputs are stored: one line per case, "<name> <layout> <hex bits of each float32 result>".
# Layouts: vec = contiguous tensor (vector blocks + scalar tail), str = every other element of
# a buffer (TensorIterator's scalar loop), one = 0-d tensors, one per value.
# Run: /work/shared/oracle/torch-python vecmath.py > vecmath.out
import torch
import torch.nn.functional as F

MASK = 0xFFFFFFFF


def xorshift32(seed):
    s = seed & MASK or 1
    while True:
        s ^= (s << 13) & MASK
        s ^= s >> 17
        s ^= (s << 5) & MASK
        yield s


def inputs(seed, n, emin, emax, signed):
    """n floats (1 + m/2^23) * 2^e, e in [emin, emax], exact in float32 and in the test."""
    r = xorshift32(seed)
    out = []
    for _ in range(n):
        a, b = next(r), next(r)
        v = (1 + (a >> 9) / 8388608.0) * 2.0 ** (emin + b % (emax - emin + 1))
        out.append(-v if signed and b >> 31 else v)
    return out


def bits(t):
    return ''.join('%08x' % (v & MASK) for v in t.contiguous().view(torch.int32).reshape(-1).tolist())


N = 600  # 18 blocks of 32 and a tail of 24
ONE = 48
OPS = [  # name, function, exponent range, signed
    ('exp', torch.exp, -12, 6, True),
    ('log', torch.log, -30, 30, False),
    ('tanh', torch.tanh, -14, 3, True),
    ('sigmoid', torch.sigmoid, -12, 6, True),
    ('sin', torch.sin, -12, 7, True),
    ('cos', torch.cos, -12, 7, True),
    ('log1p', torch.log1p, -20, 10, False),
    ('expm1', torch.expm1, -20, 6, True),
    ('erf', torch.erf, -12, 2, True),
    ('gelu', F.gelu, -12, 4, True),
    ('gelu_tanh', lambda x: F.gelu(x, approximate='tanh'), -12, 4, True),
    ('silu', F.silu, -12, 6, True),
    ('mish', F.mish, -12, 6, True),
    ('softplus', F.softplus, -12, 6, True),
    ('softplus_b2_t5', lambda x: F.softplus(x, beta=2, threshold=5), -12, 4, True),
    ('elu', F.elu, -12, 6, True),
    ('elu_a0.5', lambda x: F.elu(x, alpha=0.5), -12, 6, True),
    ('pow2.5', lambda x: x ** 2.5, -12, 6, False),
    ('pow-1.5', lambda x: x ** -1.5, -12, 6, False),
    ('pow1.7', lambda x: x ** 1.7, -12, 6, False),
    ('pow_t', lambda x: torch.pow(x, x.flip(0) * 0.25), -8, 3, False),
    ('exp2', torch.exp2, -12, 6, True),
    ('log2', torch.log2, -30, 30, False),
    ('log10', torch.log10, -30, 30, False),
    ('tan', torch.tan, -12, 6, True),
]
for i, (name, fn, emin, emax, signed) in enumerate(OPS):
    x = torch.tensor(inputs(1000 + i, N, emin, emax, signed), dtype=torch.float32)
    strided = torch.stack([x, x], 1).reshape(-1)[::2]
    print(name, 'vec', bits(fn(x)))
    print(name, 'str', bits(fn(strided)))
    print(name, 'one', bits(torch.stack([fn(x[k].clone()) for k in range(ONE)])))

SOFTMAX = [((7, 37), 1), ((7, 37), 0), ((3, 4), 0), ((6, 20, 17), 1), ((2, 9, 70), 1), ((3, 5, 1), 1), ((50,), 0), ((9, 300), 0)]
for i, (shape, dim) in enumerate(SOFTMAX):
    n = 1
    for s in shape:
        n *= s
    x = torch.tensor(inputs(2000 + i, n, -6, 3, True), dtype=torch.float32).reshape(shape)
    tag = 'x'.join(map(str, shape)) + '_d%d' % dim
    print('softmax_' + tag, 'vec', bits(torch.softmax(x, dim)))
    print('log_softmax_' + tag, 'vec', bits(torch.log_softmax(x, dim)))

# float64: "<name> f64<layout> <16 hex digits per result>"
def bits64(t):
    return ''.join('%016x' % (v & 0xFFFFFFFFFFFFFFFF) for v in t.contiguous().view(torch.int64).reshape(-1).tolist())


OPS64 = [
    ('exp', torch.exp, -12, 6, True),
    ('log', torch.log, -30, 30, False),
    ('tanh', torch.tanh, -14, 3, True),
    ('sigmoid', torch.sigmoid, -12, 6, True),
]
for i, (name, fn, emin, emax, signed) in enumerate(OPS64):
    x = torch.tensor(inputs(3000 + i, N, emin, emax, signed), dtype=torch.float64)
    strided = torch.stack([x, x], 1).reshape(-1)[::2]
    print(name, 'f64vec', bits64(fn(x)))
    print(name, 'f64str', bits64(fn(strided)))
for i, (shape, dim) in enumerate([((7, 37), 1), ((6, 20, 17), 1), ((3, 4), 0)]):
    n = 1
    for s in shape:
        n *= s
    x = torch.tensor(inputs(4000 + i, n, -6, 3, True), dtype=torch.float64).reshape(shape)
    tag = 'x'.join(map(str, shape)) + '_d%d' % dim
    print('softmax_' + tag, 'f64vec', bits64(torch.softmax(x, dim)))
    print('log_softmax_' + tag, 'f64vec', bits64(torch.log_softmax(x, dim)))
