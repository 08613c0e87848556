class A:
    def method(self):
        return self.helper()
    def helpr(self):
        return 1
A().method()
