# Column statistics of a small data matrix: a loss mixing np.mean, np.var and np.std along
# axis=0 (the "feature scaling" step of every ML course, made into a scalar objective).
import numpy as np


def column_stats(X=[[1.0, 2.0, 0.5],
                    [2.5, 1.0, 1.5],
                    [0.5, 3.0, 2.0],
                    [1.5, 0.5, 3.5]]):
    X = np.asarray(X)
    mu = np.mean(X, axis=0)
    var = np.var(X, axis=0)
    sd = np.std(X, axis=0, ddof=1)
    return np.sum(mu ** 2) + np.sum(var) + np.prod(sd)
