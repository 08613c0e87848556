import torch
x = 1
    y = 2
