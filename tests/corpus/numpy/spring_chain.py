# Energy of a hanging chain of masses and springs: 1/2 k sum (diff(y) - L0)^2 plus gravity
# m g sum y, end points fixed by concatenation (a classic optimisation-as-physics example).
import numpy as np

K = 50.0
L0 = 0.2
MG = 0.98


def chain_energy(y=[-0.25, -0.45, -0.55, -0.45, -0.25]):
    pts = np.concatenate(([0.0], y, [0.0]))
    stretch = np.diff(pts)
    return 0.5 * K * np.sum((np.abs(stretch) - L0) ** 2) + MG * np.sum(y)
