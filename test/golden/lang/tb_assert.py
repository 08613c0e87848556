def train(steps):
    losses = [1.0 / (s + 1) for s in range(steps)]
    assert losses[-1] < 0.1, f'loss did not converge: {losses[-1]:.3f}'
train(5)
