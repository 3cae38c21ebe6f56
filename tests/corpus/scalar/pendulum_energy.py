# Total mechanical energy of a simple pendulum: E = 1/2 m L^2 omega^2 + m g L (1 - cos theta)
# (any first-year mechanics text, e.g. Taylor, "Classical Mechanics", sec. 4.7).
import math

g = 9.81  # m/s^2


def pendulum_energy(theta: float = 0.4, omega: float = 1.2,
                    length: float = 0.75, mass: float = 2.0) -> float:
    kinetic = 0.5 * mass * length**2 * omega**2
    potential = mass * g * length * (1 - math.cos(theta))
    return kinetic + potential
