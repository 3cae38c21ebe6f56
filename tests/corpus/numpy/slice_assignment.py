# A first-order recursive filter written with slice assignment into a fresh array,
# y[1:] = ..., then a loss (the in-place update style of many numpy scripts).
import numpy as np


def filtered(x=[1.0, 0.5, -0.3, 0.8, 1.2], alpha=0.6):
    x = np.asarray(x, dtype=float)
    y = np.zeros_like(x)
    y[0] = x[0]
    y[1:] = alpha * x[1:] + (1 - alpha) * x[:-1]
    return np.sum(y ** 2)
