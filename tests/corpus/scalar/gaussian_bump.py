# An anisotropic 2-D Gaussian bump with a linear tilt; the density formula of any statistics
# text (e.g. Wasserman, "All of Statistics", sec. 2.10), unnormalised.
import math


def bump(x: float = 0.4, y: float = -0.3, sx: float = 1.2, sy: float = 0.8) -> float:
    """Unnormalised Gaussian bump.

    Computes exp(-(x^2/(2 sx^2) + y^2/(2 sy^2))) + 0.1*x.
    Escapes in docstrings happen:\ta tab, a "quote", a backslash \\ and a newline \n.
    Unicode too: σ_x, σ_y, ∂f/∂x.
    """
    q: float = x ** 2 / (2 * sx ** 2) + y ** 2 / (2 * sy ** 2)
    return math.exp(-q) + 0.1 * x
