# Poisson regression log-likelihood with a log link, lambda_i = exp(b0 + b1 x_i):
# sum y_i log(lambda_i) - lambda_i - log(y_i!)  (McCullagh & Nelder, "Generalized Linear Models").
import math

counts = [2, 3, 6, 7, 8, 9, 10, 12, 15]
xs = [0.1, 0.4, 0.9, 1.1, 1.3, 1.6, 1.8, 2.2, 2.6]


def poisson_loglik(b0=0.6, b1=0.7):
    ll = 0
    for x, y in zip(xs, counts):
        eta = b0 + b1 * x
        ll += y * eta - math.exp(eta) - math.lgamma(y + 1)
    return ll
