# Larger draws that pin down floating-point details: the Cephes float32 log/sincos of the AVX2
# normal kernel, fused multiply-adds, and the double-precision libm calls.
import torch


def emit(name, t):
    print(name + "\t" + repr(t.reshape(-1).tolist()))


torch.manual_seed(0); emit("randn_f32_2048", torch.randn(2048))
torch.manual_seed(1); emit("normal_f32_m1.5_s0.3_2048", torch.empty(2048).normal_(1.5, 0.3))
torch.manual_seed(2); emit("normal_f32_m-0.7_s2.9_1000", torch.empty(1000).normal_(-0.7, 2.9))
torch.manual_seed(3); emit("randn_f64_2048", torch.randn(2048, dtype=torch.float64))
torch.manual_seed(4); emit("normal_f64_m1.5_s0.3_2048", torch.empty(2048, dtype=torch.float64).normal_(1.5, 0.3))
# The element-wise path (< 16 elements): 15 at a time, keeps the cached sample between calls.
torch.manual_seed(5)
emit("normal_f64_small_m1.5_s0.3_x40", torch.cat([torch.empty(15, dtype=torch.float64).normal_(1.5, 0.3) for _ in range(40)]))
torch.manual_seed(6)
emit("normal_f32_small_m-2_s0.7_x40", torch.cat([torch.empty(15).normal_(-2, 0.7) for _ in range(40)]))
torch.manual_seed(7); emit("uniform_f32_m-0.3_0.9_2048", torch.empty(2048).uniform_(-0.3, 0.9))
torch.manual_seed(8); emit("uniform_f64_m-0.3_0.9_2048", torch.empty(2048, dtype=torch.float64).uniform_(-0.3, 0.9))
