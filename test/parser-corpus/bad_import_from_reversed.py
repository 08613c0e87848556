import torch from nn
