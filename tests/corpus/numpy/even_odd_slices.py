# Extended Powell-like coupling of even and odd coordinates with step slicing, x[::2] and
# x[1::2] (the vectorised "extended" test problems of More, Garbow & Hillstrom 1981).
import numpy as np


def extended(x=[1.0, -0.5, 0.8, 0.3, -1.2, 0.6]):
    x = np.asarray(x)
    odd = x[::2]
    even = x[1::2]
    return np.sum((odd + 10 * even) ** 2) + np.sum((odd - even[::-1]) ** 4)
