# Logistic regression's negative log-likelihood with labels in {-1, +1}:
# sum log(1 + exp(-y * w.x)), written with math.log1p as numerically careful tutorials do
# (cf. Murphy, "Machine Learning: a Probabilistic Perspective", sec. 8.3.1).
import math

FEATURES = [(0.52, 1.12), (0.88, -1.08), (0.52, 0.06), (0.74, -2.49), (-0.30, 0.40)]
LABELS = [1, 1, -1, 1, -1]


def loss(w0=0.1, w1=-0.3, bias=0.05):
    total = 0.0
    for (a, b), label in zip(FEATURES, LABELS):
        margin = label * (w0 * a + w1 * b + bias)
        total += math.log1p(math.exp(-margin))
    return total / len(LABELS)
