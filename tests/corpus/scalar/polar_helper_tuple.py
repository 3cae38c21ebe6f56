# Distance between two points given in polar coordinates, through a helper that returns a
# tuple (x, y) = (r cos(theta), r sin(theta)); law-of-cosines check in any trigonometry text.
from math import cos, sin, sqrt


def to_cartesian(r, theta):
    return r * cos(theta), r * sin(theta)


def polar_distance(r1=2.0, theta1=0.3, r2=1.5, theta2=2.1):
    x1, y1 = to_cartesian(r1, theta1)
    x2, y2 = to_cartesian(r2, theta2)
    dx = x2 - x1
    dy = y2 - y1
    return sqrt(dx * dx + dy * dy)
