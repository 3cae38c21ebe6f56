# Transposes and flattening: a bilinear form x^T A y with A = B^T B + I built from np.transpose,
# np.ones_like / np.full, and ndarray.flatten (layout bookkeeping that must not change values).
import numpy as np

B = np.array([[1.0, 0.5, 0.0], [0.2, 1.0, 0.4]])


def bilinear(x=[0.6, -0.3, 0.8], y=[1.0, 0.2, -0.5]):
    A = np.transpose(B) @ B + np.eye(3)
    ones = np.ones_like(np.asarray(x))
    bias = np.full(3, 0.25)
    flat = A.flatten()
    return np.asarray(x) @ A @ np.asarray(y) + bias @ ones * flat[4] + np.dot(ones, x)
