import math
print(lenn([1]))
