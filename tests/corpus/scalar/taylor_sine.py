# sin(x) from its Maclaurin series, sum over odd k of (-1)^((k-1)/2) x^k / k!, stopping once the
# terms no longer change the sum (the textbook exercise, e.g. Think Python, ch. 7 exercises).
def taylor_sin(x=1.2):
    total = 0.0
    term = 1.0
    for k in range(1, 60):
        term = term * x / k          # x^k / k!
        if k % 2 == 0:
            continue                 # even powers do not appear in sin
        sign = -1 if (k // 2) % 2 else 1
        if abs(term) < 1e-17:
            break
        total += sign * term
    return total
