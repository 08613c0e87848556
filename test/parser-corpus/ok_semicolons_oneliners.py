a = 1; b = 2; c = a + b;
if c: print(c)
for i in range(2): print(i); print(-i)
while False: pass
class Empty: pass
def noop(): ...
x = [1, 2, 3,]
print(x, Empty, noop())
