# Composite trapezoidal rule for the integral of exp(-a x^2) cos(b x) over [0, L]
# (Burden & Faires, "Numerical Analysis", sec. 4.4).
from math import exp, cos

N = 40


def f(x, a, b):
    return exp(-a * x * x) * cos(b * x)


def integral(a=0.8, b=1.3, L=2.5):
    h = L / N
    s = 0.5 * (f(0.0, a, b) + f(L, a, b))
    for i in range(1, N):
        s += f(i * h, a, b)
    return s * h
