# Matyas function (plate-shaped), Wikipedia's "Test functions for optimization" / SFU library.
def matyas(x=1.3, y=-0.7):
    return 0.26 * (x * x + y * y) - 0.48 * x * y
