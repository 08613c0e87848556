# Golden cases for torch.set_printoptions. Each case prints "## name" then print(tensor);
# the "# opts" line before a group is mirrored by test/unit/format.test.ts.
import torch

def gen(n, a, b, c, d):
    return [((i * a) % b - c) / d for i in range(n)]

def show(name, t):
    print("## " + name)
    print(t)

fixed = torch.tensor([1.123456789, -22.5, 0.333333343])
small = torch.tensor([1e-5, 2.5e-3, 1.0])
ints = torch.tensor([1.0, 20.0, 300.0])
long1d = torch.arange(10)

torch.set_printoptions(precision=2)
show("p2_fixed", fixed)
show("p2_small", small)
show("p2_ints", ints)
torch.set_printoptions(precision=8)
show("p8_fixed", fixed)
show("p8_tenth", torch.tensor([0.1, 0.2]))
show("p8_f64_tenth", torch.tensor([0.1, 0.2], dtype=torch.float64))
show("p8_small", small)
torch.set_printoptions(precision=0)
show("p0_fixed", fixed)
show("p0_small", small)
torch.set_printoptions(profile="default")

torch.set_printoptions(sci_mode=True)
show("sci_on_fixed", fixed)
show("sci_on_ints", ints)
show("sci_on_zeros", torch.zeros(2))
show("sci_on_int_tensor", torch.tensor([1, 2]))
torch.set_printoptions(sci_mode=False)
show("sci_off_small", small)
show("sci_off_large", torch.tensor([1e9, 1.5]))
show("sci_off_tiny", torch.tensor([1e-9, 1.0]))
torch.set_printoptions(precision=3)  # sci_mode goes back to None
show("sci_reset_small", small)
torch.set_printoptions(profile="default")

torch.set_printoptions(linewidth=40)
show("lw40_int", torch.arange(30))
show("lw40_float", torch.tensor(gen(20, 7, 19, 9, 4.0)))
show("lw40_suffix", torch.tensor([1.5, 2.5, 3.5, 4.5], requires_grad=True))
torch.set_printoptions(linewidth=5)
show("lw5_int", torch.arange(6))
torch.set_printoptions(profile="default")

torch.set_printoptions(threshold=5)
show("th5_arange", long1d)
show("th5_exact", torch.arange(5))
show("th5_2d", torch.arange(42.0).reshape(6, 7))
show("th5_small_2d", torch.arange(6).reshape(2, 3))
torch.set_printoptions(threshold=5, edgeitems=1)
show("th5_e1_1d", long1d)
show("th5_e1_3d", torch.arange(60).reshape(3, 4, 5))
torch.set_printoptions(threshold=5, edgeitems=0)
show("th5_e0_1d", long1d)
show("th5_e0_2d", torch.arange(42.0).reshape(6, 7))
show("th5_e0_2d_grad", torch.arange(42.0).reshape(6, 7).requires_grad_())
show("th5_e0_small", torch.arange(3))
torch.set_printoptions(threshold=5, edgeitems=2)
show("th5_e2_wide", torch.tensor(gen(12, 5, 11, 5, 1.0e-3)))
torch.set_printoptions(profile="default")

torch.set_printoptions(profile="short")
show("short_fixed", fixed)
show("short_long", torch.arange(2000.0))
show("short_3d", torch.arange(2000).reshape(10, 10, 20))
torch.set_printoptions(profile="full")
show("full_1200", torch.arange(1200))
torch.set_printoptions(profile="full", precision=2)
show("full_p2", fixed)
torch.set_printoptions(profile="default")
show("default_again", fixed)
show("default_long", torch.arange(2000))
