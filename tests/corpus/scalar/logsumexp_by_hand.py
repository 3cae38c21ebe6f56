# log(sum(exp(z_i))) computed the stable way, subtracting max(z) first (the "log-sum-exp
# trick", e.g. Murphy, MLAPP sec. 3.5.3), for z_i = w * s_i + b; plus a periodic feature.
import math

SCORES = [0.3, -1.2, 2.5, 0.9]


def lse(w=0.8, b=0.1, phase=2.3):
    z = [w * s + b for s in SCORES]
    m = max(z)
    total = 0.0
    for zi in z:
        total += math.exp(zi - m)
    frac = phase % 1.0            # position inside a unit period
    half = len(SCORES) // 2
    return m + math.log(total) + min(frac, 0.9) * half + abs(w - 2.0)
