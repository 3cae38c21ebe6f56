# Himmelblau 1972; the form on Wikipedia's "Test functions for optimization".
def himmelblau(x=1.5, y=2.5):
    """f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2, four minima of value 0."""
    a = x**2 + y - 11
    b = x + y**2 - 7
    return a**2 + b**2
