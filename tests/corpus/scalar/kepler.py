# Kepler's equation M = E - e sin E solved for the eccentric anomaly by Newton's method,
# then the true anomaly nu = 2 atan(sqrt((1+e)/(1-e)) tan(E/2))
# (Curtis, "Orbital Mechanics for Engineering Students", Algorithm 3.1).
import math


def eccentric_anomaly(M, e, tol=1e-13, max_iter=100):
    E = M + e / 2 if M < math.pi else M - e / 2
    for _ in range(max_iter):
        ratio = (E - e * math.sin(E) - M) / (1 - e * math.cos(E))
        E = E - ratio
        if abs(ratio) < tol:
            break
    return E


def true_anomaly(M=1.1, e=0.35):
    E = eccentric_anomaly(M, e)
    return 2 * math.atan(math.sqrt((1 + e) / (1 - e)) * math.tan(E / 2))
