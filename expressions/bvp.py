from math import exp


def bvp(u=[0.1, 0.2, 0.3, 0.4, 0.5]):
    """Residual of a discretised boundary-value problem u'' = exp(u): n inputs, n outputs: forward needs n traversals, reverse n + 1."""
    n = len(u)
    h = 1.0 / (n + 1)
    r = [0.0] * n
    for i in range(n):
        left = u[i - 1] if i > 0 else 0.0
        right = u[i + 1] if i < n - 1 else 1.0
        r[i] = (left - 2 * u[i] + right) / h**2 - exp(u[i])
    return r
