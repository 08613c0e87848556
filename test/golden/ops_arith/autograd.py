# In-place ops and their graph rebasing, CopySlices, detach/.data, version counters, errors,
# creation ops, dtype promotion, hooks/retain_grad order and accumulation (PyTorch 2.14.1).
# test/unit/ops_arith_autograd.test.ts computes the same through engine/index.
import torch

def fn_name(t):
    return type(t.grad_fn).__name__ if t.grad_fn is not None else "None"

def edges(t):
    return ",".join(type(n).__name__ if n is not None else "None" for n, _ in t.grad_fn.next_functions)

def err(f):
    try:
        f()
        print("no error")
    except Exception as e:
        print(f"{type(e).__name__}: {e}")

x = torch.tensor([1.5, -2.0, 3.0], requires_grad=True)
y = torch.tensor([0.5, 2.0, -1.0], requires_grad=True)
inplace = [
    ("add_", lambda a: a.add_(y)), ("add_s", lambda a: a.add_(1)), ("add_alpha", lambda a: a.add_(y, alpha=2)), ("sub_", lambda a: a.sub_(y)),
    ("mul_", lambda a: a.mul_(y)), ("mul_s", lambda a: a.mul_(2)), ("div_", lambda a: a.div_(y)), ("div_s", lambda a: a.div_(2)),
    ("pow_", lambda a: a.pow_(2)), ("pow_t", lambda a: a.pow_(y)), ("clamp_", lambda a: a.clamp_(-1, 1)), ("zero_", lambda a: a.zero_()),
    ("fill_", lambda a: a.fill_(3)), ("fill_t", lambda a: a.fill_(y[0])), ("copy_", lambda a: a.copy_(y)), ("neg_", lambda a: a.neg_()),
    ("exp_", lambda a: a.exp_()), ("relu_", lambda a: a.relu_()), ("sigmoid_", lambda a: a.sigmoid_()), ("tanh_", lambda a: a.tanh_()),
    ("abs_", lambda a: a.abs_()), ("sqrt_", lambda a: a.abs_().sqrt_()),
]
for name, f in inplace:
    x.grad = None
    y.grad = None
    a = x * 1
    r = f(a)
    print(f"{name} {fn_name(a)} [{edges(a)}] same={r is a} version={a._version}")
    print(a)
    (a * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    print(x.grad, y.grad)

# a tensor that needs no grad takes the graph of its operand
a = torch.zeros(3)
a.add_(y)
print(f"plain add_ {fn_name(a)} [{edges(a)}] leaf={a.is_leaf} requires_grad={a.requires_grad}")

# in-place on views: CopySlices on the base, AsStridedBackward0 on the view
x.grad = None
b = x.clone()
v = b[1:]
v.mul_(2)
print(f"view mul_ base {fn_name(b)} [{edges(b)}] view {fn_name(v)} [{edges(v)}] versions {b._version} {v._version}")
print(b)
print(v)
(b * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(x.grad)
x.grad = None
y.grad = None
c = torch.zeros(2, 3)
c[1].copy_(y * x)
print(f"copy into view {fn_name(c)} [{edges(c)}] leaf={c.is_leaf}")
c.sum().backward()
print(x.grad, y.grad)

# errors
l = torch.tensor([1, 2, 3])
err(lambda: x.add_(1))
err(lambda: x[0].add_(1))
err(lambda: l.add_(1.5))
err(lambda: l.mul_(torch.tensor([1.5, 2.0, 3.0])))
err(lambda: l.div_(2))
err(lambda: l.exp_())
err(lambda: torch.tensor([True, False]).add_(1))
err(lambda: torch.zeros(3).add_(torch.zeros(2, 3)))
err(lambda: torch.zeros(3) + torch.zeros(2))
err(lambda: (x // y).sum().backward())
z = (x * y).sum()
z.backward()
err(lambda: z.backward())
w = torch.tensor([1.0, 2.0], requires_grad=True)
h = w * 2
s = h.sigmoid()
s.mul_(2)
err(lambda: s.sum().backward())
h = w * 2
q = h * h
h.add_(1)
err(lambda: q.sum().backward())
h = w.exp()
h.add_(1)
err(lambda: h.sum().backward())
h = w * 2
q = h * torch.tensor([3.0, 4.0])
h.add_(1)
err(lambda: q.sum().backward())
print(w.grad)
err(lambda: torch.tensor([1, 2], requires_grad=True))
err(lambda: torch.tensor([1, 2]).requires_grad_())
err(lambda: (x * 2).requires_grad_(False))
err(lambda: torch.autograd.grad((x * 2).sum(), [x, y]))
err(lambda: torch.tensor([1.0, 2.0]).sum().backward())
err(lambda: (x * 2).backward())

# detach / .data / version counters
a = torch.ones(3)
d = a.detach()
dd = a.data
a.add_(1)
print(a._version, d._version, dd._version)
dd.add_(1)
print(a._version, d._version, dd._version, a)
d.mul_(2)
print(a._version, d._version, dd._version, a)
xd = x.detach()
print(xd.requires_grad, xd.is_leaf, x.data.requires_grad, fn_name(xd))
nl = x * 2
nl.detach_()
print(nl.requires_grad, nl.is_leaf, fn_name(nl))

# accumulation, retain_graph, create_graph
x.grad = None
z = (x * x).sum()
z.backward(retain_graph=True)
print(x.grad)
z.backward()
print(x.grad)
x.grad = None
z = (x ** 3).sum()
z.backward(create_graph=True)
print(x.grad, fn_name(x.grad))
(g2,) = torch.autograd.grad(x.grad.sum(), x)
print(g2)
x.grad = None
gx, gy = torch.autograd.grad((x * y).sum(), [x, y], retain_graph=True)
print(gx, gy, x.grad)

# hooks and retain_grad (PyTorch 2.x: retain_grad sees the hooked gradient)
x.grad = None
m = x * 2
m.retain_grad()
m.register_hook(lambda g: g * 10)
m.register_hook(lambda g: g + 1)
x.register_hook(lambda g: g / 4)
(m * m).sum().backward()
print(m.grad, x.grad)
x.grad = None
m = x * 2
m.register_hook(lambda g: g * 3)
m.retain_grad()
m.sum().backward()
print(m.grad, x.grad)
x.grad = None
m = x * 1
m.retain_grad()
m.add_(1)
m.sum().backward()
print(m.grad, x.grad)

# creation
print(torch.tensor([1, 2]).dtype, torch.tensor([1, 2.0]).dtype, torch.tensor([True, False]).dtype, torch.tensor([True, 2]).dtype, torch.tensor(3).dtype, torch.tensor(3.5).dtype, torch.tensor([]).dtype)
print(torch.tensor([[1, 2], [3, 4]]), torch.tensor(2.5, dtype=torch.int64), torch.tensor([-2.7], dtype=torch.long), torch.tensor([0.5, 0], dtype=torch.bool))
err(lambda: torch.tensor([[1, 2], [3]]))
err(lambda: torch.tensor([[1, 2], 3]))
print(torch.arange(5), torch.arange(1, 4), torch.arange(0, 1, 0.1), torch.arange(0., 3), torch.arange(1, 2.5, 0.5))
print(torch.arange(-1, 1, 0.3))
print(torch.arange(0, 10, 3, dtype=torch.float32), torch.arange(0, 5, 2.5))
err(lambda: torch.arange(0, 10, 0))
err(lambda: torch.arange(10, 0, 1))
print(torch.linspace(0, 1, 5), torch.linspace(-1, 1, 7), torch.linspace(0, 10, 1), torch.linspace(3, 3, 0))
print(torch.linspace(0, 1, 11))
print(torch.eye(3), torch.eye(2, 3))
print(torch.full((2, 2), 7), torch.full((2,), 1.5), torch.full((2,), True), torch.full((2,), 1.5, dtype=torch.long))
print(torch.zeros(2, 3), torch.ones(()), torch.zeros([]), torch.ones(2, dtype=torch.int64), torch.empty(2).shape)
print(torch.zeros_like(x), torch.ones_like(x, dtype=torch.int64), torch.full_like(x, 3.5), torch.full_like(torch.tensor([1, 2]), 3.7))
print(torch.linspace(0, 1, 5, requires_grad=True), torch.ones(2, requires_grad=True))
err(lambda: torch.ones(-1))
err(lambda: torch.set_default_dtype(torch.int64))

# dtype promotion and conversion
i = torch.tensor([1, 2, 3])
f = torch.tensor([1.0, 2.0, 3.0])
dbl = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
bl = torch.tensor([True, False, True])
for label, t in [("i+f", i + f), ("i*2.5", i * 2.5), ("i/2", i / 2), ("i//2", i // 2), ("i%2", i % 2), ("f+dbl", f + dbl), ("f+dbl0", f + torch.tensor(1.0, dtype=torch.float64)),
                 ("i+dbl0", i + torch.tensor(1.0, dtype=torch.float64)), ("bl+bl", bl + bl), ("bl*2", bl * 2), ("bl+1.5", bl + 1.5), ("i**2", i ** 2), ("i**0.5", i ** 0.5),
                 ("2**i", 2 ** i), ("2.0**i", 2.0 ** i), ("sqrt(i)", torch.sqrt(i)), ("abs(i)", torch.abs(-i)), ("i>1", i > 1), ("where", torch.where(bl, i, 2.5)),
                 ("clamp(i,0.5)", torch.clamp(i, 0.5)), ("i.float()", i.float()), ("f.long()", torch.tensor([-1.7, 2.9]).long()), ("f.bool()", torch.tensor([0.0, -0.1]).bool()),
                 ("neg(i)", -i), ("i.to(f64)", i.to(torch.float64))]:
    print(label, t)
print(x.float() is x, x.to(torch.float32) is x, fn_name(x.double()), fn_name(x.clone()), fn_name(x.double().float()))
err(lambda: i - True)
torch.set_default_dtype(torch.float64)
print(torch.tensor([1.5]).dtype, torch.zeros(1).dtype, torch.arange(0., 1).dtype, (i * 1.5).dtype, (i / 2).dtype, torch.sqrt(i).dtype, torch.tensor([1.5], dtype=torch.float32))
torch.set_default_dtype(torch.float32)
