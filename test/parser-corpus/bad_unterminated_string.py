x = 1
s = "abc
z = 3
