import torch
from torch.autograd import Function


class MyReLU(Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return input.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad_input[input < 0] = 0
        return grad_input


class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


class ScaleBy(Function):
    @staticmethod
    def forward(ctx, x, factor):
        ctx.factor = factor
        print("needs_input_grad", ctx.needs_input_grad)
        return x * factor

    @staticmethod
    def backward(ctx, g):
        return g * ctx.factor, None


x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
y = MyReLU.apply(x)
print(y, y.requires_grad, y.is_leaf)
print(type(y.grad_fn).__name__, y.grad_fn.name(), y.grad_fn.next_functions, y.grad_fn, type(y.grad_fn))
y.sum().backward()
print(x.grad)
p = LegendrePolynomial3.apply(torch.tensor([0.5, 1.0], requires_grad=True))
print(p)
p.sum().backward()
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = ScaleBy.apply(a, 3.0)
(b * b).sum().backward()
print(a.grad)
with torch.no_grad():
    c = ScaleBy.apply(a, 2.0)
print(c.requires_grad, c.grad_fn)
z = MyReLU.apply(torch.tensor([1.0, -1.0]))
print(z, z.grad_fn)
