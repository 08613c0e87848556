import torch
x = torch.ones(2, 3)
for f in [lambda: x.sum('a'), lambda: x.mean(1.5), lambda: x.max('a'), lambda: x.view('a'), lambda: torch.sum(x, 'a'), lambda: x.std('a'),
          lambda: x.reshape('a'), lambda: x.clamp('a'), lambda: x.add('a'), lambda: torch.zeros('a'), lambda: x.transpose(0), lambda: x.sum(dim='a'),
          lambda: x.sort('x'), lambda: torch.topk(x, 'a'), lambda: x.masked_fill(x > 0, 'a'), lambda: x.lerp(x, 'a'), lambda: torch.einsum('ij', 'a'),
          lambda: x.scatter(0, 'a', 1), lambda: torch.median(x, 'a'), lambda: x.squeeze('a'), lambda: x.permute('a'), lambda: x.sum(0, keepdim='a'),
          lambda: x.pow('a'), lambda: x.to('a'), lambda: torch.cat(x), lambda: x.repeat_interleave('a'), lambda: torch.std_mean(x, 'a')]:
    try:
        f()
        print('ok')
    except Exception as e:
        print(type(e).__name__, e)
torch.manual_seed(0)
print(torch.normal(torch.zeros(3), torch.ones(3)), torch.normal(torch.arange(3.), 2.0), torch.normal(1.0, torch.tensor([1., 2., 3.])))
print(torch.normal(torch.zeros(2, 3, dtype=torch.float64), 0.5), torch.normal(2., 3., size=(2,)))
print(torch.bernoulli(torch.tensor([0.2, 0.5, 0.9, 0.1])), torch.ones(5).bernoulli(0.3), torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 4, replacement=True))
print(torch.multinomial(torch.tensor([[0.1, 0.2, 0.7], [0.5, 0.5, 0.]]), 2))
x = torch.tensor([[1., 2.], [3., 5.]])
print(x.std(False), x.std(True), x.var(0), x.std(0, False), x.std(unbiased=False), x.std(correction=0), x.std(dim=1, keepdim=True))
try: print(x.sum(True))
except Exception as e: print(type(e).__name__, e)
try: print(x.mean('a'))
except Exception as e: print(type(e).__name__, e)
try: print(torch.mean(x, 'a'))
except Exception as e: print(type(e).__name__, e)
try: print(torch.std(x, 'a'))
except Exception as e: print(type(e).__name__, e)
