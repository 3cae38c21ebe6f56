# Easom function (Easom 1990): -cos(x) cos(y) exp(-((x - pi)^2 + (y - pi)^2)),
# the SFU Virtual Library's "Easom Function".
from math import cos, exp, pi


def easom(x1=2.8, x2=3.3):
    return -cos(x1) * cos(x2) * exp(-((x1 - pi) ** 2 + (x2 - pi) ** 2))
