# A random walk's positions as the cumulative sum of its steps, penalised for straying from a
# target path (np.cumsum; the "Brownian path" discretisation of any SDE tutorial).
import numpy as np

TARGET = np.linspace(0.0, 1.0, 6)


def walk_loss(steps=[0.1, 0.25, 0.15, 0.3, 0.2, 0.05]):
    path = np.cumsum(steps)
    return np.sum((path - TARGET) ** 2) + 0.1 * np.sum(np.square(steps))
