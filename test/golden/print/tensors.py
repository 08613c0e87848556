# Golden cases for tensor printing (default print options). Each case prints "## name"
# then print(tensor); test/unit/format.test.ts rebuilds the same tensors through the engine.
import math
import torch

def gen(n, a, b, c, d):
    # deterministic values whose double arithmetic JS reproduces exactly
    return [((i * a) % b - c) / d for i in range(n)]

def show(name, t):
    print("## " + name)
    print(t)

nan = float("nan")
inf = float("inf")

# integers
show("int_1d", torch.tensor([1, 2, 3]))
show("int_mixed_width", torch.tensor([-10, 5, 1000]))
show("int_2d", torch.arange(12).reshape(3, 4))
show("int_neg_2d", torch.tensor([[-1, 200], [30, -4000]]))
show("int32_1d", torch.tensor([1, -2, 3], dtype=torch.int32))
show("uint8_1d", torch.tensor([0, 7, 255], dtype=torch.uint8))
show("bool_1d", torch.tensor([True, False, True]))
show("bool_2d", torch.tensor([[True], [False]]))
show("int_large", torch.tensor([123456789012, -5]))

# floats: integer mode
show("f_int_mode", torch.tensor([1.0, 2.0, 3.0]))
show("f_int_mode_neg", torch.tensor([-1.0, 20.0, 300.0]))
show("f_zeros_2d", torch.zeros(2, 3))
show("f_ones_neg", -torch.ones(2, 2))
show("f_neg_zero", torch.tensor([0.0, -0.0]))
show("f_neg_zero_frac", torch.tensor([-0.0, 1.5]))
show("f_int_big", torch.tensor([123456.0, 1.0]))

# floats: fixed mode
show("f_fixed", torch.tensor([1.5, -2.25, 3.14159]))
show("f_tenths", torch.tensor([0.1, 0.2, 0.3]))
show("f_sum_tenths", torch.tensor([0.1]) + torch.tensor([0.2]))
show("f_ties_fixed", torch.tensor([0.03125, 0.09375, 1.00005, 2.5]))
show("f_fixed_wide", torch.tensor([123.456, -0.5, 999.9999]))
show("f_round_up", torch.tensor([9.99996, 0.99999]))
show("f_ratio_999", torch.tensor([0.01, 9.99]))
show("f_2d", torch.tensor(gen(12, 7, 13, 6, 4.0)).reshape(3, 4))

# floats: scientific mode
show("f_sci_small", torch.tensor([1e-5, 1.0]))
show("f_sci_ratio", torch.tensor([0.001, 10.0]))
show("f_sci_large", torch.tensor([1e9, 1.5]))
show("f_sci_int_large", torch.tensor([123456789.0, 1.0]))
show("f_sci_tiny", torch.tensor([1e-30, -2.5e-38]))
show("f_sci_ties", torch.tensor([1.03125, 1e-5]))
show("f_sci_2d", torch.tensor([[1e-6, 2.0], [-3e5, 4.0]]))
show("f_sci_max", torch.tensor([3.4028234663852886e38, -1.0]))
show("f_denormal", torch.tensor([1e-40, 1.0]))

# nan / inf
show("f_nan_inf", torch.tensor([nan, inf, -inf, 1.5]))
show("f_nan_only", torch.tensor([nan]))
show("f_inf_int", torch.tensor([inf, 2.0]))
show("f_nan_int_zero", torch.tensor([nan, 0.0, -inf]))
show("f_nan_sci", torch.tensor([nan, 1e-7, 1.0]))

# float64
show("f64_1d", torch.tensor([1.5, 2.0], dtype=torch.float64))
show("f64_scalar", torch.tensor(0.1, dtype=torch.float64))
show("f64_precise", torch.tensor([0.123456789, 1e-3], dtype=torch.float64))
show("f64_int_mode", torch.tensor([1.0, -2.0], dtype=torch.float64))
show("f64_sci", torch.tensor([1e100, 1.0], dtype=torch.float64))

# 0-d
show("s_float", torch.tensor(3.5))
show("s_float_int", torch.tensor(2.0))
show("s_int", torch.tensor(7))
show("s_bool", torch.tensor(True))
show("s_tiny", torch.tensor(1e-8))
show("s_neg_zero", torch.tensor(-0.0))
show("s_nan", torch.tensor(nan))
show("s_neg_inf", torch.tensor(-inf))
show("s_uint8", torch.tensor(3, dtype=torch.uint8))
show("s_big", torch.tensor(2.5e10))
show("s_third", torch.tensor(1.0) / 3)

# empty
show("e_1d", torch.tensor([]))
show("e_0x3", torch.zeros(0, 3))
show("e_int64", torch.zeros(0, dtype=torch.int64))
show("e_bool_2x0", torch.zeros(2, 0, dtype=torch.bool))
show("e_f64", torch.zeros(0, dtype=torch.float64))
show("e_3d", torch.zeros(1, 0, 2))

# line wrapping of 1-D
show("wrap_int", torch.arange(100))
show("wrap_float", torch.tensor(gen(40, 17, 31, 15, 8.0)))
show("wrap_big_int_mode", torch.tensor(gen(30, 13, 29, 14, 1.0e-5)))
show("wrap_sci", torch.tensor(gen(30, 13, 29, 14, 1.0e5)))
show("wrap_2d_rows", torch.tensor(gen(60, 11, 23, 11, 3.0)).reshape(2, 30))
show("wrap_bool", torch.tensor([i % 3 == 0 for i in range(30)]))

# higher dims
show("d3_int", torch.arange(24).reshape(2, 3, 4))
show("d3_float", torch.tensor(gen(24, 5, 17, 8, 2.0)).reshape(2, 3, 4))
show("d4_float", torch.tensor(gen(24, 3, 11, 5, 4.0)).reshape(2, 2, 2, 3))
show("d5_small", torch.arange(32).reshape(2, 2, 2, 2, 2))
show("d3_single", torch.ones(1, 1, 1))

# summarisation (> 1000 elements)
show("sum_1d_int", torch.arange(2000))
show("sum_1d_1001", torch.tensor(gen(1001, 7, 1000, 500, 16.0)))
show("sum_2d", torch.tensor(gen(2000, 37, 997, 498, 10.0)).reshape(40, 50))
show("sum_2d_narrow", torch.arange(3000.0).reshape(1000, 3))
show("sum_3d", torch.tensor(gen(2000, 13, 101, 50, 7.0)).reshape(20, 10, 10))
show("sum_3d_big", torch.tensor(gen(1200, 29, 211, 105, 1.0e-6)).reshape(4, 30, 10))
show("sum_3d_sci", torch.tensor(gen(1200, 29, 211, 105, 1.0e6)).reshape(4, 30, 10))
show("sum_bool", torch.tensor([i % 5 == 0 for i in range(1500)]))
show("sum_exact_1000", torch.arange(1000).reshape(10, 100))

# autograd suffixes
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
show("rg_leaf", x)
show("rg_scalar", torch.tensor(2.0, requires_grad=True))
show("rg_mul", x * 2)
show("rg_sum", (x * x).sum())
show("rg_f64", torch.tensor([1.5, 2.5], dtype=torch.float64, requires_grad=True))
show("rg_2d_add", torch.ones(2, 2, requires_grad=True) + 1)
show("rg_empty", torch.zeros(0, requires_grad=True))
show("rg_detached", (x * 2).detach())
w = torch.tensor(gen(9, 5, 13, 6, 7.0), requires_grad=True)
show("rg_wrap_9", w * 3)
w = torch.tensor(gen(8, 5, 13, 6, 7.0), requires_grad=True)
show("rg_wrap_8", w * 3)
w = torch.tensor(gen(7, 5, 13, 6, 7.0), requires_grad=True)
show("rg_wrap_7", w * 3)
show("rg_wrap_long_2d", torch.tensor(gen(16, 5, 13, 6, 7.0)).reshape(2, 8).requires_grad_())
show("rg_f64_wrap", torch.tensor(gen(8, 5, 13, 6, 7.0), dtype=torch.float64, requires_grad=True))
show("param_2d", torch.nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
show("param_1d", torch.nn.Parameter(torch.tensor([0.5, -0.25])))
show("param_nograd", torch.nn.Parameter(torch.tensor([1.0]), requires_grad=False))

# Size and dtype texts
show("size_2d", torch.zeros(2, 3).shape)
show("size_0d", torch.tensor(1.0).shape)
show("size_1d", torch.zeros(5).size())
show("dtype_f32", torch.zeros(1).dtype)
show("dtype_i64", torch.zeros(1, dtype=torch.long).dtype)

# thresholds of the scientific-mode decision and more layouts
show("edge_1e-4_f32", torch.tensor([1e-4, 1.0]))
show("edge_1e-4_f64", torch.tensor([1e-4, 1.0], dtype=torch.float64))
show("edge_1e8", torch.tensor([1e8]))
show("edge_ratio_1000", torch.tensor([1.0, 1000.0]))
show("edge_ratio_1001", torch.tensor([1.0, 1001.0]))
show("edge_f64_1e8_plus", torch.tensor([100000000.5], dtype=torch.float64))
show("sum_4d", torch.arange(4096.0).reshape(8, 8, 8, 8))
show("sum_tall", torch.tensor(gen(2000, 7, 19, 9, 2.0)).reshape(1000, 2))
show("sum_wide", torch.tensor(gen(2000, 7, 19, 9, 2.0)).reshape(2, 1000))
show("sum_mid_small", torch.arange(2002).reshape(2, 7, 143))
show("view_transposed", torch.arange(6.0).reshape(2, 3).t())
show("int64_neg_wrap", torch.tensor(gen(25, 9, 23, 11, 1.0 / 1000)).long())
with torch.inference_mode():
    show("inference", torch.ones(2))
with torch.no_grad():
    show("no_grad_result", torch.tensor([1.0], requires_grad=True) * 2)
