# The softmax function itself, an array in and an array out (so its Jacobian is 3x3):
# exp(z - max z) / sum, the stable form of every ML library.
import numpy as np


def softmax(z=[1.0, 2.0, 0.5]):
    z = np.asarray(z)
    e = np.exp(z - np.max(z))
    return e / e.sum()
