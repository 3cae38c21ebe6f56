# Fitting y = a exp(-k t) on a grid made with np.arange(1, 12) * 0.1 (how a tutorial makes
# its sample times); data generated from a = 2, k = 1.5 with fixed perturbations.
import numpy as np

t = np.arange(1, 12) * 0.1
y_obs = 2.0 * np.exp(-1.5 * t) + 0.01 * np.cos(7 * t)


def decay_loss(a=1.8, k=1.2):
    y_hat = a * np.exp(-k * t)
    return 0.5 * np.sum((y_hat - y_obs) ** 2)
