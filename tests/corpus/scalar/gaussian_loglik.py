# Log-likelihood of i.i.d. normal data: sum of -1/2 log(2 pi sigma^2) - (x - mu)^2 / (2 sigma^2)
# (Bishop, "Pattern Recognition and Machine Learning", eq. 1.54).
import math

DATA = [
    2.31, 1.87, 2.95, 2.12, 1.44,
    2.78, 2.05, 3.10, 1.96, 2.40,   # second batch
]


def log_likelihood(mu=2.0, sigma=0.6):
    ll = 0.0
    for x in DATA:
        ll += -0.5 * math.log(2 * math.pi * sigma ** 2) - (x - mu) ** 2 / (2 * sigma ** 2)
    return ll
