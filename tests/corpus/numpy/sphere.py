# Sphere function (De Jong's F1), sum of squares: f(x) = sum x_i^2 (Wikipedia's
# "Test functions for optimization"), vectorised.
import numpy as np


def sphere(x=[1.0, -2.0, 0.5, 3.0]):
    x = np.asarray(x)
    return np.sum(x ** 2)
