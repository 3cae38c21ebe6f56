# Batch of scores with np.expand_dims for broadcasting against class weights, then
# np.squeeze after a keepdims max (shape juggling as in attention-score code).
import numpy as np

weights = np.array([0.5, -1.0, 1.5])


def shapes(x=[0.3, -0.8, 1.1, 0.4]):
    x = np.array(x)
    scores = np.expand_dims(x, axis=1) * weights          # (4, 3)
    top = np.squeeze(np.max(scores, axis=1, keepdims=True))
    return np.sum(top ** 2) + np.min(scores) ** 2
