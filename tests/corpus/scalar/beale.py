# Beale's function (Beale 1958), as listed in Wikipedia's "Test functions for optimization"
# and in the SFU Virtual Library of Simulation Experiments.
import math


def beale(x: float = 1.0, y: float = 0.25) -> float:
    return (
        (1.5 - x + x * y) ** 2            # first term
        + (2.25 - x + x * y ** 2) ** 2    # second term
        + (2.625 - x + x * y ** 3) ** 2   # third term
    )


if __name__ == "__main__":
    print("beale =", beale())
