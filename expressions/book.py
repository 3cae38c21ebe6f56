def book(x=3.0, y=4.0):
    """The book's worked example f(x, y) = x^2 y + y + 2 (f = 42, df/dx = 24, df/dy = 10 at (3, 4))."""
    return x**2 * y + y + 2
