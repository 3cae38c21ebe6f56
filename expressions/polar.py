from math import cos, exp, log, sin, sqrt, tanh


def polar(r=2.0, theta=0.5, phi=1.2, s=0.8):
    """Four inputs, two outputs, so the book's formulas differ: n+1 = 5, n = 4, m+1 = 3."""
    u = r * cos(theta) * sin(phi) + s * exp(-r)
    v = sqrt(r**2 + s**2) * tanh(theta - phi) + log(1 + s * s)
    return u * v, u / v
