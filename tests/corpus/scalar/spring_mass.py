# Underdamped spring-mass-damper, free response from x(0) = x0, v(0) = 0:
# x(t) = x0 e^{-zeta w t} (cos(wd t) + zeta w / wd sin(wd t)), wd = w sqrt(1 - zeta^2)
# (Rao, "Mechanical Vibrations", sec. 2.6). Returns position and velocity.
from math import exp, cos, sin, sqrt


def spring_mass(k=40.0, m=1.5, c=1.2, t=0.8, x0=0.1):
    wn = sqrt(k / m)
    zeta = c / (2 * sqrt(k * m))
    wd = wn * sqrt(1 - zeta**2)
    decay = exp(-zeta * wn * t)
    x = x0 * decay * (cos(wd * t) + zeta * wn / wd * sin(wd * t))
    v = -x0 * decay * wn**2 / wd * sin(wd * t)
    return x, v
