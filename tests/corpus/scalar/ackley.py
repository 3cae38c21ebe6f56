# Ackley's function in two dimensions (Ackley 1987), the form on Wikipedia's
# "Test functions for optimization": a = 20, b = 0.2, c = 2*pi.
import math


def ackley(x=0.8, y=-1.3):
    term1 = -20.0 * math.exp(-0.2 * math.sqrt(0.5 * (x**2 + y**2)))
    term2 = -math.exp(0.5 * (math.cos(2 * math.pi * x) + math.cos(2 * math.pi * y)))
    return term1 + term2 + math.e + 20
