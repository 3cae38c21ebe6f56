# Gram matrix of a feature vector as a column: v = np.atleast_2d(x).T, G = v v^T; the trace
# of G against a fixed matrix (the way code turns a 1-D array into a column).
import numpy as np

C = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, 0.3], [0.0, 0.3, 1.5]])


def gram_trace(x=[0.7, -0.4, 1.1]):
    v = np.atleast_2d(x).T          # shape (3, 1)
    G = v @ v.T
    return np.trace(C @ G) + np.sum(np.diag(G))
