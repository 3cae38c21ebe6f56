# Rastrigin function, Rastrigin 1974 (n-dimensional form of Muehlenbein et al. 1991);
# f(x) = A n + sum(x_i^2 - A cos(2 pi x_i)), A = 10, as on Wikipedia's "Rastrigin function".
from math import cos, pi

A = 10


def rastrigin(x=[0.3, -1.2, 2.1]):
    n = len(x)
    s = A * n
    for xi in x:
        s += xi**2 - A * cos(2 * pi * xi)
    return s


if __name__ == "__main__":
    print(rastrigin())
