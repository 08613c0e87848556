print('before the error')
x = 1
if x == 1
    print('never')
