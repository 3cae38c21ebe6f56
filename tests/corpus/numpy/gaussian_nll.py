# Negative log-likelihood of normal data with sigma = exp(log_sigma) (the unconstrained
# parametrisation of variational-inference tutorials), vectorised over the data array.
import numpy as np

data = np.array([2.31, 1.87, 2.95, 2.12, 1.44, 2.78, 2.05, 3.10, 1.96, 2.40])


def nll(mu=2.0, log_sigma=-0.5):
    sigma = np.exp(log_sigma)
    n = data.size
    return n * np.log(sigma) + 0.5 * n * np.log(2 * np.pi) + np.sum((data - mu) ** 2) / (2 * sigma ** 2)
