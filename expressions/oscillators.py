from math import exp, sin


def oscillators(t=0.5, w=[1.0, 2.0, 3.0]):
    """n damped oscillators read at one time t: with --wrt t, 1 input and n outputs (forward mode's home)."""
    n = len(w)
    return [exp(-0.1 * w[i] * t) * sin(w[i] * t) for i in range(n)]
