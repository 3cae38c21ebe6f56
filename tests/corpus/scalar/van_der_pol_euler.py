# Van der Pol oscillator x'' - mu (1 - x^2) x' + x = 0 integrated by explicit Euler with a
# while loop over time (van der Pol 1926; the first ODE exercise of many courses).
DT = 0.01
T_END = 1.0


def van_der_pol(mu=1.5, x0=0.5, v0=0.0):
    x, v = x0, v0
    t = 0.0
    while t < T_END - 1e-12:
        a = mu * (1 - x * x) * v - x
        x, v = x + DT * v, v + DT * a
        t += DT
    return x
