learning_rate = 0.1
def step(params):
    return [p - learnig_rate for p in params]
print(step([1.0]))
