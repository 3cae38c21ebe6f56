import numpy as np


def my_func(a=0.2, b=0.3):
    """The book's 'arbitrary code': 100 loop iterations no one would differentiate by hand."""
    z = 0
    for i in range(100):
        z = a * np.cos(z + i) + z * np.sin(b - i)
    return z
