# Forward values and gradients of the arithmetic/unary/activation ops (float32), printed with
# PyTorch's repr; test/unit/ops_arith_golden.test.ts computes the same through engine/index.
import torch
import torch.nn.functional as F

def fn_name(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else "None"

def edges(t):
    return ",".join(type(n).__name__ if n is not None else "None" for n, _ in t.grad_fn.next_functions)

GENERAL = [-1.5, -0.5, 0.0, 0.5, 2.0]
POSITIVE = [0.0, 0.25, 0.5, 1.0, 4.0]
UNIT = [-0.9, -0.5, 0.0, 0.5, 0.9]

unary = [
    ("abs", torch.abs, GENERAL), ("neg", torch.neg, GENERAL), ("exp", torch.exp, GENERAL), ("exp2", torch.exp2, GENERAL),
    ("log", torch.log, POSITIVE), ("log2", torch.log2, POSITIVE), ("log10", torch.log10, POSITIVE), ("log1p", torch.log1p, GENERAL[1:]),
    ("expm1", torch.expm1, GENERAL), ("sqrt", torch.sqrt, POSITIVE), ("rsqrt", torch.rsqrt, POSITIVE), ("sin", torch.sin, GENERAL),
    ("cos", torch.cos, GENERAL), ("tan", torch.tan, GENERAL), ("tanh", torch.tanh, GENERAL), ("sigmoid", torch.sigmoid, GENERAL),
    ("relu", torch.relu, GENERAL), ("sign", torch.sign, GENERAL), ("floor", torch.floor, GENERAL), ("ceil", torch.ceil, GENERAL),
    ("round", torch.round, GENERAL), ("trunc", torch.trunc, GENERAL), ("frac", torch.frac, GENERAL), ("reciprocal", torch.reciprocal, POSITIVE),
    ("square", torch.square, GENERAL), ("erf", torch.erf, GENERAL), ("asin", torch.asin, UNIT), ("acos", torch.acos, UNIT),
    ("atan", torch.atan, GENERAL), ("sinh", torch.sinh, GENERAL), ("cosh", torch.cosh, GENERAL),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.1), GENERAL), ("gelu", F.gelu, GENERAL), ("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"), GENERAL),
    ("silu", F.silu, GENERAL), ("softplus", F.softplus, GENERAL), ("elu", F.elu, GENERAL), ("mish", F.mish, GENERAL),
    ("hardtanh", F.hardtanh, GENERAL), ("relu6", F.relu6, [-1.0, 0.0, 3.0, 6.0, 7.0]),
    ("clamp", lambda x: torch.clamp(x, -0.5, 0.5), GENERAL), ("clamp_min", lambda x: torch.clamp(x, min=0.0), GENERAL),
    ("clamp_max", lambda x: torch.clamp(x, max=0.5), GENERAL), ("clamp_min_fn", lambda x: torch.clamp_min(x, 0.5), GENERAL),
    ("pow2", lambda x: x ** 2, GENERAL), ("pow3", lambda x: x ** 3, GENERAL), ("pow_half", lambda x: x ** 0.5, POSITIVE),
    ("pow0", lambda x: x ** 0, GENERAL), ("pow_neg1", lambda x: x ** -1, POSITIVE), ("rpow", lambda x: 2 ** x, GENERAL),
    ("rdiv", lambda x: 2 / x, POSITIVE), ("rsub", lambda x: 1 - x, GENERAL), ("mul_s", lambda x: x * 3, GENERAL),
    ("div_s", lambda x: x / 3, GENERAL), ("add_s", lambda x: x + 0.1, GENERAL), ("rem_s", lambda x: x % 1.5, GENERAL),
]
for name, f, data in unary:
    x = torch.tensor(data, requires_grad=True)
    y = f(x)
    y.backward(torch.tensor([1.0, -2.0, 0.5, 3.0, 1.0][: y.numel()]))
    print(f"{name} {fn_name(y)} [{edges(y)}]")
    print(y)
    print(x.grad)

a = torch.tensor([[1.5, -2.0, 3.0], [0.5, 0.0, -1.0]], requires_grad=True)
b = torch.tensor([2.0, -0.5, 3.0], requires_grad=True)
pos = torch.tensor([[1.5, 2.0, 3.0], [0.5, 0.25, 1.0]], requires_grad=True)
binary = [
    ("add", lambda a, b: a + b, a), ("add_alpha", lambda a, b: torch.add(a, b, alpha=2.5), a), ("sub", lambda a, b: a - b, a),
    ("sub_alpha", lambda a, b: torch.sub(a, b, alpha=2), a), ("rsub_t", lambda a, b: torch.rsub(a, b), a), ("mul", lambda a, b: a * b, a),
    ("div", lambda a, b: a / b, a), ("pow", lambda a, b: a ** b, pos), ("maximum", torch.maximum, a), ("minimum", torch.minimum, a),
    ("remainder", lambda a, b: a % b, a), ("where", lambda a, b: torch.where(a > 0.7, a, b), a),
    ("clamp_t", lambda a, b: torch.clamp(a, min=b - 1, max=b), a), ("div_floor", lambda a, b: torch.div(a, b, rounding_mode="floor"), a),
]
for name, f, first in binary:
    first.grad = None
    b.grad = None
    y = f(first, b)
    y.backward(torch.ones_like(y) * torch.tensor([[1.0], [-0.5]]))
    print(f"{name} {fn_name(y)} [{edges(y)}]")
    print(y)
    print(first.grad)
    print(b.grad)

# second derivatives: grad of grad, and the grad_fn of the create_graph gradient
for name, f in [("pow3", lambda x: x ** 3), ("tanh", torch.tanh), ("sigmoid", torch.sigmoid), ("exp", torch.exp), ("relu", torch.relu),
                ("silu", F.silu), ("gelu", F.gelu), ("softplus", F.softplus), ("elu", F.elu), ("leaky_relu", F.leaky_relu),
                ("sin", torch.sin), ("log", lambda x: torch.log(x + 2)), ("sqrt", lambda x: torch.sqrt(x + 2)), ("div", lambda x: 1 / (x + 3))]:
    x = torch.tensor([-1.5, -0.5, 0.5, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
    print(f"gg {name} {fn_name(g)}")
    print(g)
    (gg,) = torch.autograd.grad(g.sum(), x)
    print(gg)
