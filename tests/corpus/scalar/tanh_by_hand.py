# tanh written out by hand, as in the Autograd / Autodidact tutorials
# (HIPS autograd README: tanh(x) = (1 - exp(-2x)) / (1 + exp(-2x))), then used in a tiny model.
import autograd.numpy as np


def tanh(x):
    y = np.exp(-2.0 * x)
    return (1.0 - y) / (1.0 + y)


def model(w=0.7, b=-0.2):
    # one tanh unit on three fixed inputs, summed
    return tanh(w * 0.5 + b) + tanh(w * 1.5 + b) + tanh(w * -1.0 + b)
