# The quadratic model 1/2 x^T Q x - b^T x + c of Nocedal & Wright ch. 2 and 5 (what
# conjugate gradient minimises), with np.matmul and np.inner.
import numpy as np

Q = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 0.5], [0.0, 0.5, 2.0]])
b = np.array([1.0, -2.0, 0.5])


def quadratic(x=[0.3, -0.7, 0.9], c=1.5):
    x = np.array(x)
    return 0.5 * np.inner(x, np.matmul(Q, x)) - np.inner(b, x) + c
