# Tensor.register_post_accumulate_grad_hook: after each accumulation into a leaf's .grad (an
# optimizer step inside backward), handle.remove(), and the non-leaf / no-grad errors.
import torch
w = torch.ones(2, requires_grad=True)
h = w.register_post_accumulate_grad_hook(lambda p: print("post", p.grad, p is w))
(w * 3).sum().backward()
(w * 2).sum().backward()
h.remove()
(w * 2).sum().backward()
print(w.grad)
def step(p):
    with torch.no_grad():
        p.sub_(0.1 * p.grad)
    p.grad = None
w.register_post_accumulate_grad_hook(step)
(w ** 2).sum().backward()
print(w, w.grad)
print(type(h).__name__)
try:
    (w * 2).register_post_accumulate_grad_hook(lambda p: None)
except RuntimeError as e:
    print(e)
try:
    torch.ones(2).register_post_accumulate_grad_hook(lambda p: None)
except RuntimeError as e:
    print(e)
