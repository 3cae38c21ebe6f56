# A flat parameter vector reshaped into a 2x3 weight matrix (how optimisers that want a flat
# vector meet models that want matrices, e.g. scipy.optimize.minimize callers).
import numpy as np

inputs = np.array([0.5, -1.0, 2.0])
target = np.array([1.0, -0.5])


def unflatten_loss(theta=[0.1, 0.2, -0.3, 0.4, -0.5, 0.6]):
    W = np.reshape(theta, (2, 3))
    out = W.dot(inputs)
    return np.sum((out - target) ** 2) + 0.01 * np.sum(W.ravel() ** 2)
