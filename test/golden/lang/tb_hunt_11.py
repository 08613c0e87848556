import numpy as np
print(lenn([1]))
