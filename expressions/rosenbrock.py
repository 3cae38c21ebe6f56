def rosenbrock(x=[-1.2, 1.0, -1.2, 1.0]):
    """Rosenbrock's valley in n dimensions: many inputs, one output (reverse mode's home ground)."""
    n = len(x)
    return sum(100 * (x[i + 1] - x[i]**2)**2 + (1 - x[i])**2 for i in range(n - 1))
