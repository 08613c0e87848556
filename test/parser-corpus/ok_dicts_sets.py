config = {"lr": 0.01, "epochs": 10, **{"momentum": 0.9}}
config["batch"] = 32
config.update(dropout=0.5)
empty = {}
s = {1, 2, 3}
s2 = {*s, 4}
t = (1,)
u = ()
v = 1, 2, 3
print(config, empty, s, s2, t, u, v, len(config))
x = y = z = 0
x += 1; y -= 1; z *= 2
m = [1, 2]
m[0] **= 2
print(x, y, z, m)
