import collections
def rec(n):
    return rec(n + 1)
rec(0)
