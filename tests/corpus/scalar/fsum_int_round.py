# Hold-out validation of a two-parameter exponential-decay fit y ~ a exp(-k t): train on the
# first 80% of the samples (int() of the count), sum with math.fsum, weigh a rounded count.
import math

T = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5]
Y = [2.02, 1.61, 1.19, 0.93, 0.74, 0.55, 0.46, 0.33, 0.27, 0.2]


def train_loss(a=2.0, k=0.55):
    n_train = int(len(T) * 0.8)
    n_check = round(len(T) / 4)        # round(2.5) is 2 (half to even): 2 points weigh double
    residuals = [a * math.exp(-k * t) - y for t, y in zip(T[:n_train], Y[:n_train])]
    weighted = [2 * r * r if i < n_check else r * r for i, r in enumerate(residuals)]
    return math.fsum(weighted) / float(n_train)
