# Rosenbrock's function in the vectorised form of scipy.optimize.rosen:
# sum(100 (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2).
import numpy as np


def rosen(x=[-1.2, 1.0, -1.2, 1.0, 0.5]):
    x = np.asarray(x)
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)
