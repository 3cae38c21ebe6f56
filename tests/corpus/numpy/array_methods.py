# The method spellings: x.sum(), x.mean(axis=0), x.shape[0], x.size, x.T, x.dot(y), x.max()
# (numpy users mix functions and methods freely).
import numpy as np


def methods(X=np.array([[1.0, 2.0], [0.5, -1.5], [2.5, 0.5]])):
    n = X.shape[0]
    centered = X - X.mean(axis=0)
    cov = centered.T.dot(centered) / (n - 1)
    return cov.sum() + X.max() / X.size + (X ** 2).mean()
