# Levy function (Levy & Montalvo 1985), the d-dimensional form of the SFU library's
# "Levy Function": w_i = 1 + (x_i - 1)/4.
import math


def _w(xi):
    return 1 + (xi - 1) / 4


def levy(x=[1.7, -0.6, 2.9]):
    d = len(x)
    w_first = _w(x[0])
    w_last = _w(x[d - 1])

    term1 = math.sin(math.pi * w_first) ** 2
    term3 = (w_last - 1) ** 2 * (1 + math.sin(2 * math.pi * w_last) ** 2)

    middle = 0
    for i in range(d - 1):
        wi = _w(x[i])
        middle += (wi - 1) ** 2 * (1 + 10 * math.sin(math.pi * wi + 1) ** 2)

    return term1 + middle + term3
