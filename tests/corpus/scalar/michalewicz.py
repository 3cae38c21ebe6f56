# Michalewicz function, steepness m = 10: -sum sin(x_i) sin(i x_i^2 / pi)^(2m)
# (SFU Virtual Library, "Michalewicz Function").
from math import sin, pi

M = 10


def michalewicz(x=[2.2, 1.57, 1.28]):
    result = 0
    for i in range(len(x)):
        xi = x[i]
        result -= sin(xi) * sin((i + 1) * xi ** 2 / pi) ** (2 * M)
    return result
