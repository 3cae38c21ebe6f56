# The book's "arbitrary code" example: Geron, Hands-On Machine Learning with Scikit-Learn
# and TensorFlow (1st ed.), chapter 9, with numpy functions on scalars.
import numpy as np


def my_func(a=0.2, b=0.3):
    z = 0
    for i in range(100):
        z = a * np.cos(z + i) + z * np.sin(b - i)
    return z


if __name__ == "__main__":
    print(my_func(0.2, 0.3))
