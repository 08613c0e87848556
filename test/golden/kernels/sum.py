# Float sums and means: PyTorch's cascade summation, compared exactly (values as exact doubles).
import json, torch
from gen import make
cases = []
def case(name, shape, seed, dtype, scale, shift, dims, op='sum', transpose=False, keepdim=False):
    x = make(shape, seed, dtype, scale, shift)
    if transpose:
        x = x.transpose(0, -1)
    f = torch.sum if op == 'sum' else torch.mean
    r = f(x) if dims is None else f(x, dims, keepdim=keepdim)
    cases.append(dict(name=name, shape=list(shape), seed=seed, dtype=str(dtype).replace('torch.', ''), scale=scale, shift=shift,
                      dims=dims, op=op, transpose=transpose, keepdim=keepdim, out_shape=list(r.shape), out=r.reshape(-1).tolist()))
for n in [5, 17, 64, 100, 1000, 1001, 4099, 10000, 30000]:
    case(f'sum1d_{n}', [n], n, torch.float32, 100.0, 1000.0, None)
    case(f'mean1d_{n}', [n], n + 1, torch.float32, 3.0, 0.5, None, op='mean')
for n in [1000, 30000]:
    case(f'sum1d_f64_{n}', [n], n + 7, torch.float64, 100.0, 1000.0, None)
for n in [40000, 100000]:
    case(f'sum1d_parallel_{n}', [n], n, torch.float32, 100.0, 1000.0, None)
for shape in [[37, 53], [8, 200], [300, 5], [3, 100], [70, 70]]:
    for d in [0, 1]:
        case(f'sum2d_{shape}_{d}', shape, 11, torch.float32, 10.0, 3.0, d)
        case(f'sum2d_t_{shape}_{d}', shape, 12, torch.float32, 10.0, 3.0, d, transpose=True)
    case(f'sum2d_all_t_{shape}', shape, 13, torch.float32, 10.0, 3.0, None, transpose=True)
    case(f'mean2d_{shape}', shape, 14, torch.float32, 10.0, 3.0, 1, op='mean', keepdim=True)
for dims in [[0, 2], 1, [1, 2], [0, 1], 2, 0]:
    case(f'sum3d_{dims}', [6, 7, 40], 21, torch.float32, 50.0, 7.0, dims)
    case(f'sum3d_small_{dims}', [5, 3, 9], 22, torch.float32, 50.0, 7.0, dims)
json.dump(cases, open('sum.json', 'w'))
