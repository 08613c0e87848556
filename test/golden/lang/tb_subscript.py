grid = [[1, 2], [3, 4]]
print(grid[1][0])
row = grid[1]
print(row[5] + 1)
