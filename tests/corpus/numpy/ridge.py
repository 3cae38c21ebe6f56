# Ridge regression objective ||X w - y||^2 + lam ||w||^2 (Hoerl & Kennard 1970; Hastie,
# Tibshirani & Friedman, ESL eq. 3.41), with np.linalg.norm.
import numpy as np

X = np.array([[1.0, 0.2], [1.0, 0.9], [1.0, 1.6], [1.0, 2.4], [1.0, 3.1]])
y = np.array([1.1, 2.3, 3.0, 4.4, 5.2])
LAM = 0.5


def ridge(w=[0.4, 1.3]):
    w = np.array(w)
    return np.sum((X @ w - y) ** 2) + LAM * np.linalg.norm(w) ** 2
