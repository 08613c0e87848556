items = [1, 2, 3]
label = 'total: '
print(label + str(sum(items)))
print(label + sum(items))
