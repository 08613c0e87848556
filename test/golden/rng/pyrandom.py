# Golden draws from CPython's random module. Each line: "<case>\t<values as a Python list>".
import random


def emit(name, vals):
    print(name + "\t" + repr(list(vals)))


for seed in (0, 1, 42, 2**32, 2**32 + 7, 2**70 + 12345, -42, 123456789):
    random.seed(seed); emit(f"random_s{seed}", [random.random() for _ in range(8)])
random.seed(42); emit("random_s42_x700", [random.random() for _ in range(700)])  # crosses a twist

random.seed(42)
emit("randint_1_6", [random.randint(1, 6) for _ in range(30)])
emit("randint_m1000_1000", [random.randint(-1000, 1000) for _ in range(20)])
emit("randrange_10", [random.randrange(10) for _ in range(20)])
emit("randrange_0_100_7", [random.randrange(0, 100, 7) for _ in range(20)])
emit("randrange_50_0_m3", [random.randrange(50, 0, -3) for _ in range(20)])
emit("randrange_2p40", [random.randrange(2**40) for _ in range(10)])
emit("randrange_2p52p3", [random.randrange(2**52 + 3) for _ in range(10)])
emit("randint_big", [random.randint(0, 2**80) for _ in range(5)])
emit("getrandbits", [random.getrandbits(k) for k in (1, 5, 31, 32, 33, 64, 100)])
emit("uniform", [random.uniform(-2.5, 7.25) for _ in range(10)])
emit("choice_idx", [random.choice(range(17)) for _ in range(20)])

random.seed(7)
xs = list(range(20)); random.shuffle(xs); emit("shuffle20", xs)
xs = list(range(3)); random.shuffle(xs); emit("shuffle3", xs)
emit("sample_10_of_30", random.sample(range(30), 10))
emit("sample_3_of_1000", random.sample(range(1000), 3))
emit("sample_5_of_5", random.sample(range(5), 5))

random.seed(3)
emit("gauss", [random.gauss() for _ in range(9)])
emit("gauss_mu_sigma", [random.gauss(10, 2.5) for _ in range(5)])
random.seed(3)
emit("gauss_x200", [random.gauss() for _ in range(200)])
random.seed(11)
emit("normalvariate", [random.normalvariate(0, 1) for _ in range(10)])
emit("normalvariate_x200", [random.normalvariate(1.5, 0.2) for _ in range(200)])
emit("expovariate", [random.expovariate(2.0) for _ in range(10)])
emit("triangular", [random.triangular(0, 10, 3) for _ in range(5)] + [random.triangular() for _ in range(5)])
emit("choices", random.choices(range(10), k=10))
emit("choices_weighted", random.choices(range(4), weights=[1, 5, 0.5, 3], k=10))
emit("gammavariate", [random.gammavariate(2.5, 1.5) for _ in range(5)] + [random.gammavariate(0.5, 2) for _ in range(5)])
emit("betavariate", [random.betavariate(2, 3) for _ in range(5)])

# seed() resets gauss's kept sample
random.seed(5); random.gauss(); random.seed(5); emit("gauss_after_reseed", [random.gauss()])
# float seeds are hashed
for f in (3.0, -3.0, 0.5, 1e300, -2.75):
    random.seed(f); emit(f"float_seed_{f}", [random.random() for _ in range(3)])
random.seed(True); emit("bool_seed", [random.random() for _ in range(2)])
random.seed(13)
emit("paretovariate", [random.paretovariate(3.0) for _ in range(5)])
emit("weibullvariate", [random.weibullvariate(2.0, 1.5) for _ in range(5)])
emit("randbytes", list(random.randbytes(7)) + list(random.randbytes(4)))
