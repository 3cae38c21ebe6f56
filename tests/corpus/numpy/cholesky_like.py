# A covariance parametrised by a lower-triangular factor, Sigma = L L^T with np.tril (the
# Cholesky parametrisation of Stan / PyTorch's MultivariateNormal(scale_tril=...)): log det
# from the diagonal, a trace against a scatter matrix, the off-diagonal part via np.triu.
import numpy as np

S = np.array([[1.2, 0.3], [0.3, 0.8]])     # sample scatter matrix


def gauss_objective(L=[[1.1, 0.0], [0.25, 0.9]]):
    L = np.tril(np.asarray(L))
    Sigma = L @ L.T
    logdet = 2.0 * np.sum(np.log(np.diag(L)))
    return logdet + np.trace(Sigma @ S) + np.sum(np.triu(Sigma, k=1))
