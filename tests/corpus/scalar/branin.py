# Branin (Branin-Hoo) function with its usual constants (Dixon & Szego 1978; SFU library's
# "Branin Function"): a (x2 - b x1^2 + c x1 - r)^2 + s (1 - t) cos(x1) + s.
import math

a = 1.0
b = 5.1 / (4 * math.pi ** 2)
c = 5 / math.pi
r = 6.0
s = 10.0
t = 1 / (8 * math.pi)


def branin(x1=-2.0, x2=8.0):
    return a * (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s
