# McCormick function: sin(x + y) + (x - y)^2 - 1.5 x + 2.5 y + 1
# (Wikipedia's "Test functions for optimization").
import numpy as np


def mccormick(x=-0.5, y=-1.3):
    return np.sin(x + y) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1
