# Styblinski-Tang function, 1/2 sum(x^4 - 16 x^2 + 5 x), default point given as an array
# (SFU Virtual Library; the numpy form of benchmark packages).
import numpy as np


def styblinski_tang(x=np.array([-2.5, 1.7, 0.4, -1.1])):
    return 0.5 * np.sum(np.power(x, 4) - 16 * np.square(x) + 5 * x)
