# Softplus regression loss, log(1 + e^z) applied elementwise with np.log1p(np.exp(.)), plus
# np.expm1 and np.log2 in a penalty (the elementwise spellings numpy users reach for).
import numpy as np

z0 = np.array([-1.0, 0.2, 0.7, 1.5])


def softplus_loss(w=0.8, shift=0.1):
    sp = np.log1p(np.exp(w * z0 + shift))
    return np.sum(sp) + np.sum(np.expm1(0.1 * sp)) + np.log2(1 + w ** 2)
