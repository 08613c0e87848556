# Golden draws from PyTorch CPU's default generator (torch.manual_seed + each distribution).
# Each line: "<case name>\t<values as a Python list>"; floats are printed with repr (exact).
import math
import torch
import torch.nn as nn


def emit(name, t):
    if isinstance(t, torch.Tensor):
        vals = t.reshape(-1).tolist()
    else:
        vals = list(t)
    print(name + "\t" + repr(vals))


# torch.Generator() starts from 67280421310721 (the default generator itself is seeded randomly at import).
g = torch.Generator()
print("fresh_generator_initial_seed\t" + repr([g.initial_seed()]))
emit("fresh_generator_rand3", torch.rand(3, generator=g))
emit("fresh_generator_randn3", torch.randn(3, generator=g))

for seed in (0, 42, 1234):
    for n in (1, 5, 15, 16, 17, 100):
        torch.manual_seed(seed); emit(f"rand_f32_s{seed}_n{n}", torch.rand(n))
        torch.manual_seed(seed); emit(f"randn_f32_s{seed}_n{n}", torch.randn(n))
        torch.manual_seed(seed); emit(f"rand_f64_s{seed}_n{n}", torch.rand(n, dtype=torch.float64))
        torch.manual_seed(seed); emit(f"randn_f64_s{seed}_n{n}", torch.randn(n, dtype=torch.float64))

torch.manual_seed(0); emit("rand_2x3", torch.rand(2, 3))
torch.manual_seed(0); emit("randn_2x3", torch.randn(2, 3))
torch.manual_seed(0); emit("randn_4x4", torch.randn(4, 4))
torch.manual_seed(0); emit("randn_33", torch.randn(33))
torch.manual_seed(0); emit("randn_f64_33", torch.randn(33, dtype=torch.float64))

# Successive calls share the stream (and the <16 path's cached second Box-Muller sample).
torch.manual_seed(0)
emit("seq_randn3_a", torch.randn(3)); emit("seq_randn3_b", torch.randn(3)); emit("seq_rand2", torch.rand(2))
emit("seq_randn20", torch.randn(20)); emit("seq_randn1", torch.randn(1))

for seed, lo, hi, n in ((0, 0, 10, 10), (0, -5, 5, 12), (42, 0, 2, 20), (7, 3, 1000000, 8),
                        (1, 0, 2**33, 6), (1, -2**40, 2**40, 6), (3, 0, 1, 4)):
    torch.manual_seed(seed); emit(f"randint_s{seed}_{lo}_{hi}_n{n}", torch.randint(lo, hi, (n,)))

for seed, n in ((0, 1), (0, 2), (0, 5), (0, 20), (42, 10), (5, 100)):
    torch.manual_seed(seed); emit(f"randperm_s{seed}_n{n}", torch.randperm(n))

# In-place forms with parameters.
torch.manual_seed(0); emit("uniform_f32_m2_3_n10", torch.empty(10).uniform_(-2, 3))
torch.manual_seed(0); emit("uniform_f32_m0.37_0.37_n20", torch.empty(20).uniform_(-0.37, 0.37))
torch.manual_seed(0); emit("uniform_f64_m2_3_n10", torch.empty(10, dtype=torch.float64).uniform_(-2, 3))
torch.manual_seed(0); emit("normal_f32_1.5_0.3_n10", torch.empty(10).normal_(1.5, 0.3))
torch.manual_seed(0); emit("normal_f32_1.5_0.3_n40", torch.empty(40).normal_(1.5, 0.3))
torch.manual_seed(0); emit("normal_f64_1.5_0.3_n10", torch.empty(10, dtype=torch.float64).normal_(1.5, 0.3))
torch.manual_seed(0); emit("normal_f64_1.5_0.3_n40", torch.empty(40, dtype=torch.float64).normal_(1.5, 0.3))
torch.manual_seed(0); emit("torch_normal_2_3_n5", torch.normal(2.0, 3.0, (5,)))

# nn.Linear default init: kaiming_uniform_(weight, a=sqrt(5)), then bias.
for seed, fi, fo in ((0, 3, 2), (42, 4, 3), (0, 64, 128), (1, 10, 1)):
    torch.manual_seed(seed)
    lin = nn.Linear(fi, fo)
    emit(f"linear_s{seed}_{fi}x{fo}_weight", lin.weight.detach())
    emit(f"linear_s{seed}_{fi}x{fo}_bias", lin.bias.detach())

# Seeds beyond 32 bits and negative seeds.
for seed in (2**32 + 5, -1, 2**63):
    torch.manual_seed(seed); emit(f"seed_{seed}_initial", [torch.initial_seed()]); emit(f"seed_{seed}_rand4", torch.rand(4))

# Bernoulli: scalar p (dropout's path) and tensor p.
torch.manual_seed(0); emit("bernoulli_scalar_p0.3_n20", torch.empty(20).bernoulli_(0.3))
torch.manual_seed(0); emit("bernoulli_tensor_n8", torch.bernoulli(torch.full((8,), 0.5)))
torch.manual_seed(0); emit("bernoulli_tensor_f64_n8", torch.bernoulli(torch.full((8,), 0.5, dtype=torch.float64)))
torch.manual_seed(0); emit("dropout_p0.5_n12", torch.nn.functional.dropout(torch.ones(12), 0.5))

# nn.init recipes and other layers' default init.
torch.manual_seed(0); w = torch.empty(5, 3); nn.init.xavier_uniform_(w); emit("xavier_uniform_5x3", w)
torch.manual_seed(0); w = torch.empty(4, 6); nn.init.xavier_normal_(w); emit("xavier_normal_4x6", w)
torch.manual_seed(0); w = torch.empty(8, 8); nn.init.kaiming_normal_(w, nonlinearity='relu'); emit("kaiming_normal_8x8_relu", w)
torch.manual_seed(0); w = torch.empty(3, 4); nn.init.kaiming_uniform_(w, nonlinearity='relu'); emit("kaiming_uniform_3x4_relu", w)
torch.manual_seed(0); w = torch.empty(3, 4); nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('tanh')); emit("xavier_uniform_3x4_tanh", w)
torch.manual_seed(0); c = nn.Conv2d(3, 4, 3); emit("conv2d_3_4_3_weight", c.weight.detach()); emit("conv2d_3_4_3_bias", c.bias.detach())
torch.manual_seed(0); e = nn.Embedding(10, 3); emit("embedding_10x3", e.weight.detach())
torch.manual_seed(0); emit("rnn_2_3_params", torch.cat([p.detach().reshape(-1) for p in nn.RNN(2, 3).parameters()]))

# random_() without bounds, random_(to), randint with a float dtype, exponential_.
torch.manual_seed(0); emit("random_full_f32", torch.empty(5).random_())
torch.manual_seed(0); emit("random_full_f64", torch.empty(5, dtype=torch.float64).random_())
torch.manual_seed(0); emit("random_full_i32", torch.empty(5, dtype=torch.int32).random_())
torch.manual_seed(0); emit("random_to_10", torch.empty(5).random_(10))
torch.manual_seed(0); emit("randint_f32", torch.randint(0, 10, (5,), dtype=torch.float32))
torch.manual_seed(0); emit("exponential_f64", torch.empty(50, dtype=torch.float64).exponential_(2.0))
torch.manual_seed(0); emit("exponential_f32", torch.empty(50).exponential_(0.5))

# A non-contiguous output is filled in memory order (TensorIterator), then read logically.
torch.manual_seed(0); emit("normal_transposed_3x2", torch.empty(3, 2).t().normal_())

# multinomial: n == 1 or without replacement uses argmax/topk of p / Exp(1); with replacement
# a 53-bit uniform per sample and a binary search over the normalised cumulative sum.
p = torch.tensor([0.1, 0.2, 0.3, 0.4])
torch.manual_seed(0); emit("multinomial_1", torch.multinomial(p, 1))
torch.manual_seed(0); emit("multinomial_3_noreplace", torch.multinomial(p, 3))
torch.manual_seed(0); emit("multinomial_10_replace", torch.multinomial(p, 10, replacement=True))
torch.manual_seed(0); emit("multinomial_2d_2_replace", torch.multinomial(torch.tensor([[1.0, 2.0, 3.0], [5.0, 0.0, 1.0]]), 6, replacement=True))
torch.manual_seed(0); emit("multinomial_2d_1", torch.multinomial(torch.tensor([[1.0, 2.0, 3.0], [5.0, 0.0, 1.0]]), 1))
torch.manual_seed(3); emit("multinomial_27_x20", torch.cat([torch.multinomial(torch.arange(1.0, 28.0), 1) for _ in range(20)]))
torch.manual_seed(3); emit("multinomial_f64_5_replace", torch.multinomial(torch.tensor([0.5, 0.25, 0.25], dtype=torch.float64), 5, replacement=True))
for bad in ("torch.multinomial(torch.tensor([0.0, 0.0]), 1)", "torch.multinomial(torch.tensor([0.5, -0.1]), 1)",
            "torch.multinomial(torch.tensor([0.5, 0.5]), 3)", "torch.multinomial(torch.tensor([0.0, 0.0]), 2, replacement=True)",
            "torch.multinomial(torch.tensor([0.5, -0.1]), 2, replacement=True)"):
    try:
        eval(bad)
    except RuntimeError as e:
        print("error " + bad + "\t" + repr([str(e).splitlines()[0]]))
