# Rank-one approximation of a matrix: || M - u v^T ||_F^2 with np.outer (the power method's
# objective; Golub & Van Loan, sec. 2.4).
import numpy as np

M = np.array([[3.0, 1.0, 0.5],
              [1.0, 2.0, 0.3],
              [0.4, 0.2, 1.0]])


def rank_one_error(u=[1.5, 0.8, 0.3], v=[1.7, 0.9, 0.5]):
    R = M - np.outer(u, v)
    return np.sum(R ** 2)
