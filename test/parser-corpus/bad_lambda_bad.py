lambda x: = 1
