import numpy as np


def exp3(x=1.0):
    """exp(exp(exp(x))): f and f' written out call exp 9 times, computed once and reused 3."""
    return np.exp(np.exp(np.exp(x)))
