def compute(a, b):
    return (a * 2) + (b / 0)
values = [compute(i, i) for i in range(3)]
