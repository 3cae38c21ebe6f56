# Column standardisation (X - mean) / std with keepdims=True, then a linear score; the
# StandardScaler of scikit-learn written out.
import numpy as np


def standardized_score(X=[[1.0, 10.0], [2.0, 14.0], [4.0, 9.0], [3.0, 12.0]], w=[0.7, -0.4]):
    X = np.asarray(X)
    Z = (X - X.mean(axis=0, keepdims=True)) / X.std(axis=0, keepdims=True)
    s = Z @ np.asarray(w)
    return np.sum(np.tanh(s) ** 2)
