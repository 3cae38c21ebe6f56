# Rosenbrock's valley, n-dimensional "extended" form: Rosenbrock 1960; the sum as on
# Wikipedia's "Rosenbrock function", written as a loop over a plain list.
import numpy as np


def rosenbrock(x=[-1.2, 1.0, 0.8, 1.1]):
    total = 0.0
    for i in range(len(x) - 1):
        total += 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return total


if __name__ == "__main__":
    print(rosenbrock())
