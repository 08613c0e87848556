# A pure-Python "training loop": classes, closures, formatting, sorting, dict/list work.
import math
import random

class Linear:
    def __init__(self, w, b):
        self.w, self.b = w, b
    def __call__(self, x):
        return self.w * x + self.b
    def __repr__(self):
        return f'Linear(w={self.w:.4f}, b={self.b:.4f})'

def mse(model, data):
    return sum((model(x) - y) ** 2 for x, y in data) / len(data)

random.seed(0)
data = [(x / 10, 2 * x / 10 + 1 + random.gauss(0, 0.01)) for x in range(10)]
model = Linear(0.0, 0.0)
lr = 0.1
history = {}
for epoch in range(200):
    gw = sum(2 * (model(x) - y) * x for x, y in data) / len(data)
    gb = sum(2 * (model(x) - y) for x, y in data) / len(data)
    model.w -= lr * gw
    model.b -= lr * gb
    if epoch % 40 == 0 or epoch == 199:
        history[epoch] = mse(model, data)
        print(f'epoch {epoch:3d}  loss {history[epoch]:.6f}  {model}')
best = min(history.items(), key=lambda kv: kv[1])
print('best epoch', best[0], 'loss %.3e' % best[1])
print(sorted(history, key=history.get)[:3], round(model.w, 3), round(model.b, 3))
print(math.isclose(model.w, 2, abs_tol=0.05), f'{sum(history.values()):.5g}')
summary = {k: round(v, 4) for k, v in history.items() if v < 1}
print(summary, len(summary), repr(list(summary)[-1]))
