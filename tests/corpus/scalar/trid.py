# Trid function: sum (x_i - 1)^2 - sum x_i x_{i-1} (SFU Virtual Library, "Trid Function"),
# written with two zip-based passes.
def trid(x=[2.0, 3.5, 4.0, 3.2]):
    first = sum((xi - 1) ** 2 for xi in x)
    second = sum(a * b for a, b in zip(x[1:], x[:-1]))
    return first - second
