# Softmax cross-entropy of three linear scores against class 2, with the max subtracted
# before exponentiating (cs231n notes, "Softmax classifier: practical issues").
import math

FEATURE = [1.0, 0.5, -1.5]
TARGET = 2


def cross_entropy(w0=0.2, w1=-0.5, w2=0.9):
    weights = [w0, w1, w2]
    scores = [w * f for w, f in zip(weights, FEATURE)]
    shift = max(scores)
    exps = [math.exp(s - shift) for s in scores]
    total = sum(exps)
    probs = [e / total for e in exps]
    return -math.log(probs[TARGET])
