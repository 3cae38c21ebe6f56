# Ackley function in d dimensions (Ackley 1987; SFU Virtual Library "Ackley Function"),
# a = 20, b = 0.2, c = 2 pi, with numpy reductions.
import numpy as np


def ackley(x=[0.8, -1.3, 0.4], a=20.0, b=0.2, c=2 * np.pi):
    x = np.asarray(x, dtype=float)
    d = x.shape[0]
    sum_sq_term = -a * np.exp(-b * np.sqrt(np.sum(x * x) / d))
    cos_term = -np.exp(np.sum(np.cos(c * x)) / d)
    return sum_sq_term + cos_term + a + np.exp(1)
