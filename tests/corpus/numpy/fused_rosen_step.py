# One gradient-descent step on the vectorised Rosenbrock function, with its hand-written
# gradient (scipy.optimize.rosen_der's slicing), then the new function value: a composite
# program whose own derivative is a Hessian-vector-like quantity.
import numpy as np

LR = 1e-3


def rosen(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosen_der(x):
    xm = x[1:-1]
    xm_m1 = x[:-2]
    xm_p1 = x[2:]
    der = np.zeros_like(x)
    der[1:-1] = 200 * (xm - xm_m1 ** 2) - 400 * (xm_p1 - xm ** 2) * xm - 2 * (1 - xm)
    der[0] = -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0])
    der[-1] = 200 * (x[-1] - x[-2] ** 2)
    return der


def after_step(x=[-1.2, 1.0, 0.8, 1.1]):
    x = np.asarray(x, dtype=float)
    return rosen(x - LR * rosen_der(x))
