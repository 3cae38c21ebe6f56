# Linear least squares 1/2 ||A x - b||^2 with A and b fixed data (module constants), the
# objective of numpy.linalg.lstsq / any "normal equations" lecture.
import numpy as np

A = np.array([[1.0, 2.0, 0.5],
              [0.0, 1.5, -1.0],
              [2.0, -0.5, 1.0],
              [1.0, 1.0, 1.0]])
b = np.array([1.0, -0.5, 2.0, 0.8])


def objective(x=[0.2, -0.1, 0.4]):
    r = A @ x - b
    return 0.5 * r @ r
