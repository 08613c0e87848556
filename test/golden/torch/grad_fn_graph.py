import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor([0.5, -1.0], requires_grad=True)
y = (x * w + 1).sum()
print(y.grad_fn)
print(y.grad_fn.next_functions)
add = y.grad_fn.next_functions[0][0]
print(add.name(), add.next_functions)
mul = add.next_functions[0][0]
print(mul.next_functions)
acc = mul.next_functions[0][0]
print(acc.name(), acc.variable is x, acc.next_functions, type(acc).__name__, type(y.grad_fn))
print(mul.next_functions[0][0] is mul.next_functions[0][0])
def walk(fn, depth=0):
    if fn is None:
        return
    print("  " * depth + fn.name())
    for nxt, _ in fn.next_functions:
        walk(nxt, depth + 1)
walk((torch.exp(x) / x.sum() - x.mean()).pow(2).sum().grad_fn)
print((x.t()).grad_fn, x.view(2, 1).grad_fn, x.reshape(1, 2).grad_fn, x[0].grad_fn, x.detach().grad_fn, x.clone().grad_fn, x.float().grad_fn, x.double().grad_fn)
print((x @ w).grad_fn, (x - w).grad_fn, (x / w).grad_fn, (1 - x).grad_fn, (x ** w).grad_fn, x.relu().grad_fn, x.tanh().grad_fn, x.sigmoid().grad_fn)
print(x.sum(0).grad_fn, x.max().grad_fn, x.unsqueeze(0).expand(3, 2).grad_fn, torch.stack([x, w]).grad_fn, torch.cat([x, w]).grad_fn)
print(y.grad_fn.metadata, x.grad_fn)
