def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif 0 < n <= 10:
        return "small"
    else:
        return "large"


for i in range(5):
    if i == 3:
        continue
    print(i, classify(i))
else:
    print("done")

n = 0
while True:
    n += 1
    if n >= 3:
        break
else:
    print("never")

result = "even" if n % 2 == 0 else "odd"
print(result, not n, n is None, n is not None, n in [1, 2, 3], n not in (4, 5))
