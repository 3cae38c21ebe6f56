# Tikhonov smoothing of a noisy signal: data fit plus a penalty on first differences
# (Whittaker 1923 smoother; np.diff), lam = 2.
import numpy as np

noisy = np.array([0.1, 0.9, 0.4, 1.3, 0.8, 1.7, 1.2])
lam = 2.0


def smoother(u=[0.2, 0.5, 0.6, 0.9, 1.0, 1.3, 1.4]):
    u = np.array(u)
    fit = np.sum((u - noisy) ** 2)
    rough = np.sum(np.diff(u) ** 2)
    return fit + lam * rough
