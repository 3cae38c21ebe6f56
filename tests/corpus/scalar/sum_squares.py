# Weighted sum of squares, sum_i i x_i^2 (the "axis parallel hyper-ellipsoid",
# SFU Virtual Library "Sum Squares Function"), over a fixed dimension N.
N = 5


def sum_squares(x=[1.0, -0.5, 0.25, 2.0, -1.5]):
    s = 0
    for i in range(N):
        s = s + (i + 1) * x[i] * x[i]
    return s
