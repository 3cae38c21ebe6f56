# Softplus log(1 + e^z) in the overflow-safe form used by ML libraries
# (e.g. max(z, 0) + log1p(exp(-|z|))), applied to a two-parameter score.
import math


def softplus(z):
    if z > 0:
        return z + math.log1p(math.exp(-z))
    else:
        return math.log1p(math.exp(z))


def objective(a=0.6, b=-1.1):
    return softplus(3 * a + b) + softplus(a - 2 * b) + softplus(-a * b - 1.0)
