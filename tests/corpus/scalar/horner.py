# Evaluating a polynomial by Horner's rule (Knuth, TAOCP vol. 2, sec. 4.6.4):
# p(x) = ((c_n x + c_{n-1}) x + ...) x + c_0, coefficients listed lowest degree first.
COEFFS = [1.0, -3.5, 2.25, 0.5, -0.125]  # c0 .. c4


def horner(x=1.7):
    result = 0.0
    for c in reversed(COEFFS):
        result = result * x + c
    return result
