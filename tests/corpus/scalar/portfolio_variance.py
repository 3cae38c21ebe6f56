# Markowitz portfolio: variance w' Sigma w with a nested-list covariance matrix, and the
# Sharpe ratio (mean return - risk-free) / stdev (Markowitz 1952; Sharpe 1966).
import math

COV = [[0.040, 0.006, 0.012],
       [0.006, 0.090, 0.018],
       [0.012, 0.018, 0.060]]
MEAN = [0.07, 0.12, 0.09]
RISK_FREE = 0.02


def sharpe(weights=[0.5, 0.2, 0.3]):
    n = len(weights)
    variance = 0.0
    for i in range(n):
        for j in range(n):
            variance += weights[i] * COV[i][j] * weights[j]
    expected = sum(w * m for w, m in zip(weights, MEAN))
    return (expected - RISK_FREE) / math.sqrt(variance)
