class Trainer:
    def __init__(self):
        self.epochs = 3
    def run(self):
        for i in range(epochs):
            print(i)
Trainer().run()
