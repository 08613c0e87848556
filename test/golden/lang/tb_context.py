try:
    x = int('3.5')
except ValueError:
    y = undefined_name + 1
