# Pairwise inverse-distance (Coulomb-like) energy of 4 points in the plane, vectorised with
# broadcasting P[:, None, :] - P[None, :, :] and the upper triangle (the N-body one-liner).
import numpy as np


def coulomb(P=[[0.0, 0.0], [1.0, 0.1], [0.4, 0.9], [1.3, 1.2]]):
    P = np.asarray(P)
    diff = P[:, None, :] - P[None, :, :]
    d2 = np.sum(diff ** 2, axis=-1) + np.eye(len(P))   # ones on the diagonal avoid 1/0
    inv = 1.0 / np.sqrt(d2)
    return np.sum(np.triu(inv, 1))
