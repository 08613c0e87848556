class Model:
    def __init__(self):
        self.weight = 0.5
        self.bias = 0.1
    def forward(self, x):
        return self.wieght * x + self.bias
m = Model()
print(m.forward(2.0))
