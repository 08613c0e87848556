# Golden cases for the shape / reduction / indexing / join ops (PyTorch reference).
# Each case: inputs made by mk(shape) (float32, requires_grad), an expression, then
# backward with a fixed non-uniform gradient. Prints one JSON line per case:
# label, output shape, grad_fn graph (name@depth), output values, input grads.
import json
import torch

def mk(shape, seed=0):
    n = 1
    for s in shape: n *= s
    v = ((torch.arange(n, dtype=torch.float64) * 7 + seed) % 11 - 5) / 4
    return v.float().reshape(shape).requires_grad_()

def walk(t):
    out = []
    def rec(fn, depth):
        if fn is None:
            out.append('None@%d' % depth); return
        out.append('%s@%d' % (type(fn).__name__, depth))
        for nf, _ in fn.next_functions:
            rec(nf, depth + 1)
    rec(t.grad_fn, 0)
    return ' / '.join(out)

def weights(y):
    n = y.numel()
    return ((torch.arange(n) % 7 + 1).float() / 2).reshape(y.shape)

def flat(t):
    return t.detach().double().flatten().tolist()

CASES = [
    # views
    ('view', [[3, 4]], lambda x: x.view(4, 3)),
    ('view_infer', [[3, 4]], lambda x: x.view(-1, 2)),
    ('reshape_copy', [[3, 4]], lambda x: x.t().reshape(12)),
    ('flatten', [[2, 3, 2]], lambda x: x.flatten(1)),
    ('t', [[3, 4]], lambda x: x.t()),
    ('T', [[3, 4]], lambda x: x.T),
    ('transpose', [[2, 3, 4]], lambda x: x.transpose(0, 2)),
    ('permute', [[2, 3, 4]], lambda x: x.permute(2, 0, 1)),
    ('squeeze_all', [[1, 3, 1]], lambda x: x.squeeze()),
    ('squeeze_dim', [[1, 3, 1]], lambda x: x.squeeze(2)),
    ('unsqueeze', [[3]], lambda x: x.unsqueeze(1)),
    ('expand', [[3, 1]], lambda x: x.expand(2, 3, 4)),
    ('narrow', [[5, 2]], lambda x: x.narrow(0, 1, 3)),
    ('select', [[3, 4]], lambda x: x.select(1, -1)),
    ('contiguous', [[3, 4]], lambda x: x.t().contiguous()),
    ('movedim', [[2, 3, 4]], lambda x: x.movedim(0, -1)),
    ('repeat', [[2, 3]], lambda x: x.repeat(2, 1, 2)),
    ('flip', [[3, 4]], lambda x: x.flip(0, 1)),
    ('unbind1', [[3, 4]], lambda x: x.unbind(1)[2]),
    ('split2', [[5, 2]], lambda x: torch.cat([x.split(2)[2], x.split(2)[0]])),
    ('split_sizes', [[5, 2]], lambda x: x.split([1, 4])[1]),
    ('chunk', [[5, 2]], lambda x: x.chunk(2, 0)[1]),
    # indexing
    ('idx_int', [[3, 4]], lambda x: x[1]),
    ('idx_neg_int', [[3, 4]], lambda x: x[-1, 2]),
    ('idx_slice_step', [[6, 2]], lambda x: x[1::2]),
    ('idx_slice2', [[3, 4]], lambda x: x[:, 1:3]),
    ('idx_none', [[3, 4]], lambda x: x[None, :, 1]),
    ('idx_ellipsis', [[2, 3, 4]], lambda x: x[..., 1]),
    ('idx_alias', [[3, 4]], lambda x: x[...]),
    ('idx_list', [[3, 4]], lambda x: x[[0, 2, 0]]),
    ('idx_two_lists', [[3, 4]], lambda x: x[[0, 1, 2], [3, 3, 0]]),
    ('idx_mask', [[3, 4]], lambda x: x[x > 0]),
    ('idx_mask_dim0', [[3, 4]], lambda x: x[torch.tensor([True, False, True])]),
    ('idx_adv_slice', [[3, 4]], lambda x: x[1:, [0, 3]]),
    ('idx_nonadjacent', [[2, 3, 4]], lambda x: x[[0, 1], :, [1, 2]]),
    ('idx_int_adv', [[2, 3, 4]], lambda x: x[1, [0, 2]]),
    ('idx_tensor2d', [[4]], lambda x: x[torch.tensor([[0, 1], [3, 3]])]),
    ('index_select', [[3, 4]], lambda x: x.index_select(1, torch.tensor([3, 0, 3]))),
    ('gather', [[3, 4]], lambda x: x.gather(1, torch.tensor([[0, 0], [1, 3], [2, 2]]))),
    ('masked_fill', [[3, 4]], lambda x: x.masked_fill(x < 0, 2.5)),
    ('masked_select', [[3, 4]], lambda x: x.masked_select(x >= 0.5)),
    # reductions
    ('sum', [[3, 4]], lambda x: x.sum()),
    ('sum_dim', [[3, 4]], lambda x: x.sum(0)),
    ('sum_dims_keep', [[2, 3, 4]], lambda x: x.sum((0, 2), keepdim=True)),
    ('sum_neg_dim', [[2, 3, 4]], lambda x: x.sum(-1)),
    ('mean', [[3, 4]], lambda x: x.mean()),
    ('mean_dim', [[3, 4]], lambda x: x.mean(1)),
    ('prod', [[2, 3]], lambda x: (x + 3).prod()),
    ('prod_dim_zero', [[3, 4]], lambda x: x.prod(1)),
    ('max_all_ties', [[3, 4]], lambda x: x.max()),
    ('min_all_ties', [[3, 4]], lambda x: x.min()),
    ('max_dim', [[3, 4]], lambda x: x.max(1)[0]),
    ('min_dim_keep', [[3, 4]], lambda x: x.min(0, keepdim=True).values),
    ('amax_ties', [[3, 4]], lambda x: x.amax()),
    ('amax_dim', [[4, 3]], lambda x: x.amax(0)),
    ('amin_dim', [[3, 4]], lambda x: x.amin(1)),
    ('norm', [[3, 4]], lambda x: x.norm()),
    ('norm_dim', [[3, 4]], lambda x: x.norm(dim=1)),
    ('norm_p1', [[3, 4]], lambda x: x.norm(p=1)),
    ('norm_p3', [[3, 4]], lambda x: x.norm(p=3)),
    ('norm_inf', [[3, 4]], lambda x: x.norm(p=float('inf'))),
    ('norm_zero', [[3]], lambda x: (x * 0).norm()),
    ('var', [[3, 4]], lambda x: x.var()),
    ('var_dim', [[3, 4]], lambda x: x.var(1)),
    ('std', [[3, 4]], lambda x: x.std()),
    ('std_dim_c0', [[3, 4]], lambda x: x.std(0, correction=0)),
    ('logsumexp', [[3, 4]], lambda x: x.logsumexp(1)),
    ('cumsum', [[3, 4]], lambda x: x.cumsum(1)),
    # joins
    ('cat', [[2, 3], [1, 3]], lambda a, b: torch.cat([a, b])),
    ('cat_dim1', [[2, 3], [2, 1]], lambda a, b: torch.cat([a, b], 1)),
    ('stack', [[2, 3], [2, 3]], lambda a, b: torch.stack([a, b], 1)),
]

if __name__ == '__main__':
    for label, shapes, fn in CASES:
        xs = [mk(s, i) for i, s in enumerate(shapes)]
        y = fn(*xs)
        rec = {'label': label, 'shape': list(y.shape), 'graph': walk(y), 'value': flat(y)}
        y.backward(weights(y))
        rec['grads'] = [flat(x.grad) if x.grad is not None else None for x in xs]
        print(json.dumps(rec))
