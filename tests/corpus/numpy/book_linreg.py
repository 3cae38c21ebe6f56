# The book's linear regression (Geron, "Hands-On Machine Learning", ch. 4 and 9): data
# y = 4 + 3x + noise, X_b with a bias column, error = X.dot(theta) - y, mse = mean(error^2).
import numpy as np

X = np.array([[1.5479], [0.8778], [1.7172], [1.3947], [0.1884], [1.9512], [1.5223], [1.5721]])
y = np.array([[9.0435], [5.7279], [8.7734], [9.4833], [4.2089], [10.5911], [7.6333], [8.5109]])
m = len(X)
X_b = np.hstack([np.ones((m, 1)), X])   # add x0 = 1 to each instance


def mse(theta=[[0.5], [0.8]]):
    error = X_b.dot(theta) - y
    mse = np.mean(error ** 2)
    return mse
