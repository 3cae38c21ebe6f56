# Least-squares fit of a cubic on np.linspace(0, 1, 20): design columns t^0..t^3 built with a
# comprehension and np.stack (cf. numpy.polynomial's fitting tutorial).
import numpy as np

t = np.linspace(0, 1, 20)
signal = np.sin(2 * t) + 0.5 * t


def poly_loss(c=[0.1, 1.5, -0.4, -0.2]):
    V = np.stack([t ** k for k in range(4)], axis=1)
    resid = V @ np.asarray(c) - signal
    return np.mean(resid ** 2)
