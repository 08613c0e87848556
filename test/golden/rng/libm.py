# CPython's math.log/exp/sin/cos (glibc) on spread-out arguments, for engine/tensor/libm.ts.
import math
import random

rng = random.Random(2024)
args = [rng.uniform(0, 1) * 2.0 ** rng.randint(-30, 30) for _ in range(400)]
angles = [rng.uniform(-1, 1) * 10.0 ** rng.randint(-8, 5) for _ in range(400)]
expargs = [rng.uniform(-700, 700) / 10.0 ** rng.randint(0, 6) for _ in range(400)]
print("args\t" + repr(args))
print("log\t" + repr([math.log(x) for x in args]))
print("angles\t" + repr(angles))
print("sin\t" + repr([math.sin(x) for x in angles]))
print("cos\t" + repr([math.cos(x) for x in angles]))
print("expargs\t" + repr(expargs))
print("exp\t" + repr([math.exp(x) for x in expargs]))
bases = [rng.uniform(0, 1) * 2.0 ** rng.randint(-10, 10) for _ in range(400)]
expos = [rng.uniform(-1, 1) * 10.0 ** rng.randint(-3, 1) for _ in range(400)]
print("bases\t" + repr(bases))
print("expos\t" + repr(expos))
print("pow\t" + repr([math.pow(b, e) for b, e in zip(bases, expos)]))
print("pow_specials\t" + repr([math.pow(-2.0, 3.0), math.pow(-2.0, -3.0), math.pow(-8.0, 2.0), math.pow(0.0, 3.0), math.pow(2.0, 0.5), math.pow(10.0, 22.0), math.pow(1.5, 1000.0)]))
