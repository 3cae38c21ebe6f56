# KL divergence KL(q || softmax(z)) of a target distribution q from a softmax over logits,
# the max subtracted for stability (Kullback & Leibler 1951; the distillation loss).
import numpy as np

q = np.array([0.1, 0.6, 0.3])


def kl(z=[0.5, 1.4, 0.2]):
    z = np.asarray(z)
    p = np.exp(z - z.max())
    p /= p.sum()
    return np.sum(q * np.log(q / p))
