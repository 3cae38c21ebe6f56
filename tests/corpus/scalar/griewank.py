# Griewank function (Griewank 1981): 1 + sum(x_i^2)/4000 - prod(cos(x_i / sqrt(i))),
# indices from 1; the SFU library's "Griewank Function".
import math


def griewank(x=[1.5, -2.3, 0.7, 3.1]):
    s = 0.0
    p = 1.0
    for i, xi in enumerate(x):
        s += xi * xi
        p *= math.cos(xi / math.sqrt(i + 1))
    return 1 + s / 4000 - p
