# Lennard-Jones energy of a 3-atom cluster in the plane, 4 eps ((sigma/r)^12 - (sigma/r)^6)
# summed over pairs (Lennard-Jones 1924; Allen & Tildesley, "Computer Simulation of Liquids").
import math

EPS = 1.0
SIGMA = 1.0


def pair_energy(r):
    sr6 = (SIGMA / r) ** 6
    return 4 * EPS * (sr6 * sr6 - sr6)


def distance(xa, ya, xb, yb):
    return math.sqrt((xa - xb) ** 2 + (ya - yb) ** 2)


def cluster_energy(x=[0.0, 1.15, 0.5], y=[0.0, 0.05, 0.95]):
    energy = 0.0
    n = len(x)
    for i in range(n):
        for j in range(i + 1, n):
            energy += pair_energy(distance(x[i], y[i], x[j], y[j]))
    return energy
