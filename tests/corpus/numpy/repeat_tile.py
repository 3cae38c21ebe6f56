# Building a grid of parameters with np.repeat and np.tile (the meshgrid-free way of making
# all pairs), then a separable Gaussian-sum objective over the pairs.
import numpy as np


def grid_sum(centers=[0.2, 0.9, -0.4], width=0.8):
    c = np.asarray(centers)
    a = np.repeat(c, len(c))     # c0 c0 c0 c1 c1 c1 ...
    b = np.tile(c, len(c))       # c0 c1 c2 c0 c1 c2 ...
    return np.sum(np.exp(-((a - b) ** 2) / width ** 2))
