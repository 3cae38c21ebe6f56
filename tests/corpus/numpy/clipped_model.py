# A saturating model output with np.clip (points kept inside the clip range), plus a
# squared penalty; clipping predictions is the usual guard before a log loss.
import numpy as np

t = np.array([0.1, 0.4, 0.7, 0.9])


def clipped(w=0.6, b=0.1):
    p = np.clip(w * t + b, 1e-3, 1 - 1e-3)
    return -np.sum(np.log(p)) + 0.5 * (w ** 2 + b ** 2)
