# Two-layer tanh network, squared loss on a tiny regression set; weights as nested-list
# defaults (the shape of the HIPS autograd "neural_net.py" example, without the helpers).
import numpy as np

inputs = np.array([[0.0, 0.5], [1.0, -0.5], [0.3, 0.8], [-0.7, 0.2]])
targets = np.array([0.2, 0.9, -0.3, 0.5])


def loss(W1=[[0.5, -0.3, 0.8], [0.1, 0.7, -0.4]],
         b1=[0.05, -0.1, 0.2],
         W2=[0.6, -0.9, 0.3],
         b2=0.1):
    hidden = np.tanh(inputs @ np.array(W1) + np.array(b1))
    preds = hidden @ np.array(W2) + b2
    return np.mean((preds - targets) ** 2)
