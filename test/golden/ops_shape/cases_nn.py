# Golden cases for linalg and nn.functional ops (same record format as cases.py).
import json
import torch
import torch.nn.functional as F
from cases import mk, walk, weights, flat

TGT = torch.tensor([0, 3, 1])
PROBS = torch.tensor([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1]])
Y34 = torch.tensor([[0.0, 1.0, 0.5, 0.25], [1.0, 0.0, 0.0, 1.0], [0.75, 0.5, 1.0, 0.0]])
W4 = torch.tensor([1.0, 2.0, 0.5, 1.5])

CASES = [
    ('mm', [[3, 4], [4, 2]], lambda a, b: a @ b),
    ('mv', [[3, 4], [4]], lambda a, b: a @ b),
    ('dot', [[4], [4]], lambda a, b: a @ b),
    ('vecmat', [[3], [3, 4]], lambda a, b: a @ b),
    ('mat3_mat2', [[2, 3, 4], [4, 2]], lambda a, b: a @ b),
    ('mat3_mat3', [[2, 3, 4], [2, 4, 2]], lambda a, b: a @ b),
    ('mat2_mat3', [[3, 4], [2, 4, 2]], lambda a, b: a @ b),
    ('mat3_vec', [[2, 3, 4], [4]], lambda a, b: a @ b),
    ('vec_mat3', [[3], [2, 3, 4]], lambda a, b: a @ b),
    ('bcast4_3', [[2, 1, 3, 4], [3, 4, 2]], lambda a, b: a @ b),
    ('bmm', [[2, 3, 4], [2, 4, 2]], lambda a, b: torch.bmm(a, b)),
    ('addmm', [[2], [3, 4], [4, 2]], lambda c, a, b: torch.addmm(c, a, b)),
    ('addmm_scaled', [[3, 2], [3, 4], [4, 2]], lambda c, a, b: torch.addmm(c, a, b, beta=0.5, alpha=2)),
    ('outer', [[3], [4]], lambda a, b: torch.outer(a, b)),
    ('linear2d', [[3, 4], [5, 4], [5]], lambda x, w, b: F.linear(x, w, b)),
    ('linear1d', [[4], [5, 4], [5]], lambda x, w, b: F.linear(x, w, b)),
    ('linear3d', [[2, 3, 4], [5, 4], [5]], lambda x, w, b: F.linear(x, w, b)),
    ('linear3d_noncontig', [[4, 3, 2], [5, 4], [5]], lambda x, w, b: F.linear(x.permute(2, 1, 0), w, b)),
    ('linear2d_nobias', [[3, 4], [5, 4]], lambda x, w: F.linear(x, w)),
    ('linear3d_nobias', [[2, 3, 4], [5, 4]], lambda x, w: F.linear(x, w)),
    ('softmax', [[3, 4]], lambda x: F.softmax(x, dim=1)),
    ('softmax_dim0', [[3, 4]], lambda x: torch.softmax(x, 0)),
    ('log_softmax', [[3, 4]], lambda x: F.log_softmax(x, dim=-1)),
    ('mse', [[3, 4], [3, 4]], lambda a, b: F.mse_loss(a, b)),
    ('mse_sum', [[3, 4], [3, 4]], lambda a, b: F.mse_loss(a, b, reduction='sum')),
    ('mse_none', [[3, 4], [3, 4]], lambda a, b: F.mse_loss(a, b, reduction='none')),
    ('mse_target_nograd', [[3, 4]], lambda a: F.mse_loss(a, Y34)),
    ('cross_entropy', [[3, 4]], lambda x: F.cross_entropy(x, TGT)),
    ('cross_entropy_sum', [[3, 4]], lambda x: F.cross_entropy(x, TGT, reduction='sum')),
    ('cross_entropy_none', [[3, 4]], lambda x: F.cross_entropy(x, TGT, reduction='none')),
    ('cross_entropy_weight', [[3, 4]], lambda x: F.cross_entropy(x, TGT, weight=W4)),
    ('cross_entropy_ignore', [[3, 4]], lambda x: F.cross_entropy(x, TGT, ignore_index=3)),
    ('cross_entropy_1d', [[4]], lambda x: F.cross_entropy(x, torch.tensor(2))),
    ('cross_entropy_probs', [[3, 4]], lambda x: F.cross_entropy(x, PROBS)),
    ('nll', [[3, 4]], lambda x: F.nll_loss(x, TGT)),
    ('bce', [[3, 4]], lambda x: F.binary_cross_entropy(torch.sigmoid(x), Y34)),
    ('bce_sum_weight', [[3, 4]], lambda x: F.binary_cross_entropy(torch.sigmoid(x), Y34, weight=W4, reduction='sum')),
    ('bce_logits', [[3, 4]], lambda x: F.binary_cross_entropy_with_logits(x, Y34)),
    ('bce_logits_pos', [[3, 4]], lambda x: F.binary_cross_entropy_with_logits(x, Y34, pos_weight=W4)),
    ('l1', [[3, 4], [3, 4]], lambda a, b: F.l1_loss(a, b)),
    ('l1_none', [[3, 4]], lambda a: F.l1_loss(a, Y34, reduction='none')),
]

if __name__ == '__main__':
    for label, shapes, fn in CASES:
        xs = [mk(s, i) for i, s in enumerate(shapes)]
        y = fn(*xs)
        rec = {'label': label, 'shape': list(y.shape), 'graph': walk(y), 'value': flat(y)}
        y.backward(weights(y))
        rec['grads'] = [flat(x.grad) if x.grad is not None else None for x in xs]
        print(json.dumps(rec))
