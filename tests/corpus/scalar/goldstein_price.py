# Goldstein-Price function (Goldstein & Price 1971), as printed in Wikipedia's
# "Test functions for optimization"; global minimum 3 at (0, -1).


def goldstein_price(x=0.4, y=-0.8):
    fact1a = (x + y + 1) ** 2
    fact1b = 19 - 14 * x + 3 * x ** 2 - 14 * y + 6 * x * y + 3 * y ** 2
    fact1 = 1 + fact1a * fact1b

    fact2a = (2 * x - 3 * y) ** 2
    fact2b = (18 - 32 * x + 12 * x ** 2 + 48 * y
              - 36 * x * y + 27 * y ** 2)
    fact2 = 30 + fact2a * fact2b

    return fact1 * fact2
