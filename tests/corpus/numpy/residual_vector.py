# The residual vector of a nonlinear least-squares fit, r_i = a exp(b t_i) - y_i, as
# scipy.optimize.least_squares wants it: a vector output whose Jacobian is the point.
import numpy as np

t = np.array([0.0, 0.5, 1.0, 1.5, 2.0])
y = np.array([1.0, 1.4, 2.1, 2.9, 4.2])


def residuals(p=[1.1, 0.65]):
    a, b = p
    return a * np.exp(b * t) - y
