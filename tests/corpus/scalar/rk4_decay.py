# Classic fourth-order Runge-Kutta for dy/dt = -k y + A sin(t), fixed step, 20 steps
# (Press et al., "Numerical Recipes", sec. 17.1); the result y(T) depends on k, A and y0.
import math

STEPS = 20
T_END = 2.0


def rhs(t, y, k, amp):
    return -k * y + amp * math.sin(t)


def rk4(k=0.7, amp=1.5, y0=2.0):
    h = T_END / STEPS
    t, y = 0.0, y0
    for _ in range(STEPS):
        k1 = rhs(t, y, k, amp)
        k2 = rhs(t + h / 2, y + h / 2 * k1, k, amp)
        k3 = rhs(t + h / 2, y + h / 2 * k2, k, amp)
        k4 = rhs(t + h, y + h * k3, k, amp)
        y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t += h
    return y
