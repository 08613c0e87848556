# Where PyTorch's kernels restart their vector blocks (2 threads on the reference machine):
# positions of a large sigmoid that take the scalar path, and sin lanes that a large value
# pulls onto the wider range reduction. Output: one JSON object (threads.out).
import json
import torch

v = 0.10305976867675781  # sigmoid's vector and scalar paths differ here
n = 65576
y = torch.sigmoid(torch.full((n,), v)).view(torch.int32).tolist()
vec_bits = y[0]
scalar_positions = [i for i in range(n) if y[i] != vec_bits]

x = torch.full((4100,), -2.3426530361175537)
x[2052] = 200.0
s = torch.sin(x).view(torch.int32).tolist()
moved = [i for i in range(4100) if s[i] != s[0] and i != 2052]
print(json.dumps({'sigmoid_n': n, 'sigmoid_scalar_positions': scalar_positions, 'sin_n': 4100, 'sin_moved_lanes': moved}))
