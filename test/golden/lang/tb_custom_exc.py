class ShapeError(Exception):
    pass
def check(shape):
    if len(shape) != 2:
        raise ShapeError(f'expected 2 dims, got {len(shape)}')
    return shape
print(check((2, 3)))
check((1, 2, 3))
