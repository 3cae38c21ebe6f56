# Rastrigin function, vectorised: A n + sum(x^2 - A cos(2 pi x)), A = 10
# (Wikipedia's "Rastrigin function"; the usual numpy one-liner of benchmark suites).
import numpy as np


def rastrigin(x=np.array([0.3, -1.2, 2.1, 0.45])):
    A = 10
    return A * len(x) + np.sum(x**2 - A * np.cos(2 * np.pi * x))
