def train(epochs, lr=0.1):
    pass
train(epoch=3)
