from collections import deque
import random
random.seed(0)
memory = deque([], maxlen=3)
for i in range(5):
    memory.append((i, i * i))
print(memory, len(memory), memory.maxlen, memory[0], memory[-1], list(memory))
d = deque([1, 2, 3])
d.appendleft(0); d.extend([4, 5]); d.rotate(2)
print(d, d.pop(), d.popleft(), d, 3 in d, bool(deque()), deque())
batch = random.sample(list(memory), 2)
print(batch, sorted(memory)[:1])
try:
    deque().pop()
except IndexError as e:
    print(e)
