# Least squares residual norm ||A x - b|| with the data passed as nested-list defaults
# (so every entry of A and b is an input too), numpy.linalg.norm of the residual.
import numpy as np


def residual_norm(x=[0.5, -0.3],
                  A=[[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]],
                  b=[1.0, 0.5, -0.2]):
    A = np.array(A)
    b = np.array(b)
    return np.linalg.norm(np.dot(A, x) - b)
