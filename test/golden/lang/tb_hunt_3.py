import math
def f(x):
    return math.sqroot(x)
f(2)
