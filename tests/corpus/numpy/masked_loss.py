# Squared error with missing observations: a constant boolean mask chooses full or reduced
# weight through np.where (the masked-loss pattern of matrix completion tutorials).
import numpy as np

observed = np.array([True, False, True, True, False, True])
values = np.array([1.0, 0.0, 2.5, 1.5, 0.0, 3.0])


def masked_loss(pred=[0.8, 1.2, 2.0, 1.9, 0.3, 2.7]):
    pred = np.asarray(pred)
    weights = np.where(observed, 1.0, 0.05)
    return np.sum(weights * (pred - values) ** 2)
