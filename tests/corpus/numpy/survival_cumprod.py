# Discrete-time survival: S_k = prod_{j<=k} (1 - h_j) with hazards h = sigmoid(a + b t) and
# np.cumprod, log-likelihood of an event at step 3 (Singer & Willett 1993).
import numpy as np

t = np.arange(5.0)


def survival_loglik(a=-1.5, b=0.3):
    h = 1.0 / (1.0 + np.exp(-(a + b * t)))
    S = np.cumprod(1.0 - h)
    return np.log(h[3]) + np.log(S[2])
