# Tikhonov-regularised system (A^T A + lam I) x = A^T b as a residual norm, with np.eye,
# np.ones and np.zeros (Tikhonov 1963; the "ridge as a linear system" derivation).
import numpy as np

A = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0], [1.0, 0.0, 1.0]])
b = np.ones(4)


def tikhonov_residual(x=[0.2, 0.1, 0.15], lam=0.3):
    n = A.shape[1]
    K = A.T @ A + lam * np.eye(n)
    r = K @ np.asarray(x) - A.T @ b
    shift = np.zeros(n)
    shift[0] = 0.5
    return r @ r + np.sum((np.asarray(x) - shift) ** 2)
