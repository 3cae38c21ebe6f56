# Two parameter blocks joined with np.concatenate and np.stack, then hstack/vstack for a
# design matrix (the bookkeeping of packing parameters for an optimiser).
import numpy as np


def packed(a=[0.5, -0.2], b=[1.5, 0.3]):
    a = np.asarray(a)
    b = np.asarray(b)
    theta = np.concatenate([a, b])                 # 4 parameters
    pairs = np.stack([a, b], axis=0)               # 2 x 2
    design = np.vstack([np.hstack([a, 1.0]), np.hstack([b, -1.0])])
    return np.sum(theta ** 2) + np.prod(pairs.sum(axis=1)) + np.sum(design ** 3)
