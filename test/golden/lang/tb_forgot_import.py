print('start')
print(random.random())
