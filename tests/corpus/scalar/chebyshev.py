# Chebyshev polynomial T_n(x) by the three-term recurrence T_{k+1} = 2x T_k - T_{k-1}
# (Abramowitz & Stegun 22.7.4), with tuple assignment to step the pair along.
N = 7


def chebyshev_t(x=0.43):
    t_prev, t_curr = 1.0, x
    for _ in range(N - 1):
        t_prev, t_curr = t_curr, 2 * x * t_curr - t_prev
    return t_curr
