for i in range(3):
    y = i * 2
    z = y +* 1
print("after")
