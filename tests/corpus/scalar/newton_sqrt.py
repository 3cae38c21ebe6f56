# Heron's / Newton's method for the square root, x <- (x + a/x) / 2, iterated until the
# residual is tiny (Newton-Raphson on x^2 - a; any numerical-methods text).


def newton_sqrt(a=7.3):
    x = a / 2 if a > 1 else 1.0
    tol = 1e-14
    iterations = 0
    while abs(x * x - a) > tol * a:
        x = 0.5 * (x + a / x)
        iterations += 1
        if iterations > 50:
            break
    return x
