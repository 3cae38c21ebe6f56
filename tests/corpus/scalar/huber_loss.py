# Huber loss (Huber 1964) of a line fit y ~ a x + b: quadratic for |r| <= delta, linear beyond.
# The definition on Wikipedia's "Huber loss".

xs = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
ys = [1.1, 2.9, 5.2, 6.8, 9.4, 16.0]  # the last point is an outlier
DELTA = 1.0


def huber(r, delta=DELTA):
    if abs(r) <= delta:
        return 0.5 * r * r
    else:
        return delta * (abs(r) - 0.5 * delta)


def huber_fit_loss(a=1.9, b=1.05):
    total = 0
    for x, y in zip(xs, ys):
        total += huber(y - (a * x + b))
    return total / len(xs)
