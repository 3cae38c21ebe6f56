# Griewank function vectorised: 1 + sum(x^2)/4000 - prod(cos(x / sqrt(i))), i = 1..d
# (SFU Virtual Library "Griewank Function").
import numpy as np


def griewank(x=[1.5, -2.3, 0.7, 3.1]):
    x = np.asarray(x)
    i = np.arange(1, len(x) + 1)
    return 1 + np.sum(x ** 2) / 4000 - np.prod(np.cos(x / np.sqrt(i)))
