# Huber loss vectorised with np.where on |r| <= delta (Huber 1964; the form of
# sklearn's HuberRegressor docs), for a line fit; no residual sits at +-delta.
import numpy as np

x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
y = np.array([1.1, 2.9, 5.2, 6.8, 9.4, 16.0])


def huber(params=[1.9, 1.05], delta=1.0):
    a, b = params
    r = y - (a * x + b)
    quad = 0.5 * r ** 2
    lin = delta * (np.abs(r) - 0.5 * delta)
    return np.mean(np.where(np.abs(r) <= delta, quad, lin))
