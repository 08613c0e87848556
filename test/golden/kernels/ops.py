# Goldens for unary, softmax, losses and matmul: inputs from gen.make, outputs as exact floats.
import json, torch, torch.nn.functional as F
from gen import make
cases = []
def case(name, op, inputs, args, out):
    outs = out if isinstance(out, (tuple, list)) else [out]
    cases.append(dict(name=name, op=op, inputs=inputs, args=args,
                      outs=[dict(shape=list(o.shape), dtype=str(o.dtype).replace('torch.', ''), values=o.reshape(-1).tolist()) for o in outs]))
def inp(shape, seed, scale=1.0, shift=0.0, dtype=torch.float32):
    return dict(shape=shape, seed=seed, scale=scale, shift=shift, dtype=str(dtype).replace('torch.', '')), make(shape, seed, dtype, scale, shift)
for op in ['exp', 'log', 'tanh', 'sigmoid', 'sqrt', 'sin', 'cos', 'relu', 'abs', 'neg', 'floor', 'round', 'rsqrt', 'reciprocal', 'expm1', 'log1p', 'erf']:
    spec, x = inp([2000], 7, 4.0, 4.5 if op in ('log', 'sqrt', 'rsqrt', 'log1p') else 0.0)
    case(f'unary_{op}', op, [spec], {}, getattr(torch, op)(x))
for op in ['gelu', 'silu', 'softplus', 'elu', 'leaky_relu']:
    spec, x = inp([2000], 8, 6.0)
    case(f'act_{op}', op, [spec], {}, getattr(F, op)(x))
for shape, dim in [([4, 10], 1), ([3, 5], 1), ([3, 37], -1), ([6, 4], 0), ([2, 3, 20], 1)]:
    spec, x = inp(shape, 9, 5.0)
    case(f'softmax_{shape}_{dim}', 'softmax', [spec], dict(dim=dim), torch.softmax(x, dim))
    case(f'log_softmax_{shape}_{dim}', 'log_softmax', [spec], dict(dim=dim), torch.log_softmax(x, dim))
for n, c in [(4, 3), (64, 10), (300, 7)]:
    spec, x = inp([n, c], 10, 3.0)
    t = torch.tensor([(i * 7 + 3) % c for i in range(n)])
    for red in ['mean', 'sum', 'none']:
        case(f'cross_entropy_{n}x{c}_{red}', 'cross_entropy', [spec], dict(target=t.tolist(), reduction=red), F.cross_entropy(x, t, reduction=red))
for n in [10, 1000]:
    s1, a = inp([n], 11, 2.0); s2, b = inp([n], 12, 2.0)
    case(f'mse_{n}', 'mse_loss', [s1, s2], {}, F.mse_loss(a, b))
    case(f'l1_{n}', 'l1_loss', [s1, s2], {}, F.l1_loss(a, b))
    s3, p = inp([n], 13, 0.45, 0.5); y = (make([n], 14) > 0).float()
    case(f'bce_{n}', 'binary_cross_entropy', [s3], dict(target=y.tolist()), F.binary_cross_entropy(p, y))
for (M, K, N) in [(3, 4, 5), (32, 64, 48), (7, 300, 9)]:
    s1, a = inp([M, K], 15); s2, b = inp([K, N], 16)
    case(f'mm_{M}x{K}x{N}', 'mm', [s1, s2], {}, a @ b)
    s3, bias = inp([N], 17)
    case(f'addmm_{M}x{K}x{N}', 'addmm', [s3, s1, s2], {}, torch.addmm(bias, a, b))
for shape, dims in [([5, 40], 1), ([300], None), ([6, 7], 0)]:
    spec, x = inp(shape, 18, 3.0, 1.0)
    case(f'var_{shape}_{dims}', 'var', [spec], dict(dims=dims), torch.var(x) if dims is None else torch.var(x, dims))
    case(f'std_{shape}_{dims}', 'std', [spec], dict(dims=dims), torch.std(x) if dims is None else torch.std(x, dims))
    case(f'norm_{shape}_{dims}', 'norm', [spec], dict(dims=dims), torch.norm(x) if dims is None else torch.norm(x, dim=dims))
    case(f'prod_{shape}_{dims}', 'prod', [spec], dict(dims=dims), torch.prod(x * 0.5 + 0.8) if dims is None else torch.prod(x * 0.5 + 0.8, dims))
    case(f'logsumexp_{shape}_{dims}', 'logsumexp', [spec], dict(dims=dims if dims is not None else list(range(len(shape)))), torch.logsumexp(x, dims if dims is not None else list(range(len(shape)))))
    case(f'cumsum_{shape}', 'cumsum', [spec], dict(dim=0), torch.cumsum(x, 0))
json.dump(cases, open('ops.json', 'w'))
print(len(cases))
