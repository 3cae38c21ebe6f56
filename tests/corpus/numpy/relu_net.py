# One hidden ReLU layer, relu(z) = np.maximum(z, 0), regression loss on three samples
# (the "relu" of every deep-learning-from-scratch notebook); no pre-activation sits at 0.
import numpy as np

X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.8]])
Y = np.array([1.0, 0.2, -0.4])


def relu(z):
    return np.maximum(z, 0)


def relu_loss(W=[[0.4, -0.6], [0.3, 0.9]], v=[1.2, -0.7]):
    H = relu(X @ np.array(W))
    return np.mean((H @ np.array(v) - Y) ** 2)
