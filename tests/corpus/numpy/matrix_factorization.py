# Matrix factorisation for recommendation, R ~ U V^T on the observed entries only, with L2
# regularisation (Koren, Bell & Volinsky 2009, "Matrix factorization techniques").
import numpy as np

R = np.array([[5.0, 3.0, 0.0], [4.0, 0.0, 1.0], [1.0, 1.0, 5.0]])
MASK = R > 0
REG = 0.05


def mf_loss(U=[[1.0, 0.5], [0.9, 0.2], [0.2, 1.1]],
            V=[[1.8, 0.3], [1.1, 0.4], [0.3, 1.9]]):
    U = np.asarray(U)
    V = np.asarray(V)
    err = (R - U @ V.T) * MASK
    return np.sum(err ** 2) + REG * (np.sum(U ** 2) + np.sum(V ** 2))
