# grad_fn name and next-function kinds of every overload (tensor/scalar/reflected forms) and the
# clamp subgradients at ties, from PyTorch 2.14.1. test/unit/ops_arith_overloads.test.ts
# builds the same graphs through engine/index.
import torch
import torch.nn.functional as F

def show(label, t):
    nxt = ",".join(type(n).__name__ if n is not None else "None" for n, _ in t.grad_fn.next_functions)
    print(f"{label}: {type(t.grad_fn).__name__} [{nxt}] {t.dtype}")

x = torch.tensor([1.5, -2.0, 3.0], requires_grad=True)
y = torch.tensor([0.5, 2.0, -1.0], requires_grad=True)
i = torch.tensor([1, 2, 3])
show("add tt", x + y); show("add ts", x + 2); show("add st", 2 + x); show("add alpha", torch.add(x, y, alpha=2)); show("add t0d", x + torch.tensor(2.0))
show("add int", x + i); show("add f64 0d", x + torch.tensor(2.0, dtype=torch.float64, requires_grad=True))
show("sub tt", x - y); show("sub ts", x - 2); show("rsub s", 1 - x); show("rsub t", torch.rsub(x, y))
show("mul tt", x * y); show("mul ts", x * 2); show("mul st", 2 * x); show("div tt", x / y); show("div ts", x / 2); show("div st", 2 / x)
show("div floor", torch.div(x, y, rounding_mode="floor")); show("div trunc s", torch.div(x, 2, rounding_mode="trunc"))
show("floordiv", x // y); show("floordiv s", x // 2); show("rem", x % y); show("rem s", x % 2); show("fmod s", torch.fmod(x, 2))
show("pow s", x ** 2); show("pow t", x ** y); show("pow base", 2 ** x); show("pow 0", x ** 0); show("square", torch.square(x))
show("neg", -x); show("maximum", torch.maximum(x, y)); show("minimum", torch.minimum(x, y))
show("clamp ss", torch.clamp(x, -1, 1)); show("clamp min", torch.clamp(x, min=0)); show("clamp_min", torch.clamp_min(x, 0)); show("clamp_max", torch.clamp_max(x, 0))
show("clamp tt", torch.clamp(x, y, y + 1)); show("clamp t min", torch.clamp(x, min=y)); show("clamp t max", torch.clamp(x, max=y)); show("clamp_min t", torch.clamp_min(x, y))
show("clip", torch.clip(x, -1, 1)); show("where", torch.where(x > 0, x, y)); show("where s", torch.where(x > 0, x, 0.0)); show("where s2", torch.where(x > 0, 1.0, y))
show("relu6", F.relu6(x)); show("hardtanh", F.hardtanh(x)); show("threshold", F.threshold(x, 0.5, -1.0)); show("sgn", torch.sgn(x))
show("clone", x.clone()); show("to", x.to(torch.float64)); show("double", x.double()); show("detach mul", x.detach() * y)

z = torch.tensor([-1.0, -0.5, 0.0, 0.5, 1.0], requires_grad=True)
lo = torch.tensor([-0.5, -0.5, -0.5, -0.5, 2.0], requires_grad=True)
hi = torch.tensor([0.5, 0.5, 0.5, 0.5, 1.0], requires_grad=True)
def run(label, f, *ins):
    for t in (z, lo, hi):
        t.grad = None
    out = f()
    out.backward(torch.ones(5))
    print(label, out, *[t.grad for t in ins])
run("clamp scalar", lambda: torch.clamp(z, -0.5, 0.5), z)
run("clamp_min scalar", lambda: torch.clamp(z, min=0.0), z)
run("clamp_max scalar", lambda: torch.clamp_max(z, 0.5), z)
run("clamp reversed", lambda: torch.clamp(z, 0.5, -0.5), z)
run("clamp tensors", lambda: torch.clamp(z, lo, hi), z, lo, hi)
run("clamp_min tensor", lambda: torch.clamp_min(z, lo), z, lo)
run("clamp_max tensor", lambda: torch.clamp_max(z, hi), z, hi)
run("clamp min only tensor", lambda: torch.clamp(z, min=lo), z, lo)
run("maximum ties", lambda: torch.maximum(z, lo), z, lo)
run("minimum ties", lambda: torch.minimum(z, hi), z, hi)
run("relu at 0", lambda: torch.relu(z), z)
run("abs at 0", lambda: torch.abs(z), z)
run("leaky at 0", lambda: F.leaky_relu(z, 0.2), z)
run("hardtanh at bounds", lambda: F.hardtanh(z, -0.5, 0.5), z)
run("sqrt at 0", lambda: torch.sqrt(z.abs()), z)
