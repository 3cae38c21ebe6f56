# Logistic regression's mean negative log-likelihood, labels in {0, 1}, written the way the
# scikit-learn / cs229 notes write it: z = X.dot(w); log(1 + e^z) - y z, with np.log1p.
import numpy as np

X = np.array([[0.52, 1.12, 0.77],
              [0.88, -1.08, 0.15],
              [0.52, 0.06, -1.30],
              [0.74, -2.49, 1.39],
              [-0.30, 0.40, 0.10]])
y = np.array([1.0, 1.0, 0.0, 1.0, 0.0])


def nll(w=[0.1, -0.2, 0.3]):
    w = np.asarray(w)
    z = X.dot(w)
    return np.mean(np.log1p(np.exp(z)) - y * z)
