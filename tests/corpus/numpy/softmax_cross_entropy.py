# Softmax cross-entropy of a linear classifier, logsumexp done by hand with the max
# subtracted (cs231n "Softmax classifier"; scipy.special.logsumexp computes the same).
import numpy as np

X = np.array([[1.0, 0.5], [-0.5, 1.5], [0.3, -1.2]])
labels = np.array([0, 2, 1])


def logsumexp(z, axis=None):
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def xent(W=[[0.2, -0.1, 0.4], [0.3, 0.5, -0.6]]):
    scores = X @ np.asarray(W)                      # (3 samples, 3 classes)
    log_probs = scores - logsumexp(scores, axis=1)[:, np.newaxis]
    return -np.mean(log_probs[np.arange(len(labels)), labels])
