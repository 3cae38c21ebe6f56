from math import sin


def branch(x=0.5, y=2.0):
    """A branch on an input and a while loop whose exit depends on one: no closed form exists."""
    if x > 0:
        z = x * y + sin(x)
    else:
        z = x - y
    while z < 100:
        z = z * 1.5 + x
    return z
