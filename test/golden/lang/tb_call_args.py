def step(params, lr, momentum=0.9):
    return [p - lr for p in params]
print(step([1.0, 2.0], 0.1))
step([1.0])
