# Van der Waals equation of state solved for pressure, P = nRT/(V - nb) - a n^2 / V^2,
# constants for CO2 (a = 0.3640 Pa m^6/mol^2, b = 4.267e-5 m^3/mol; CRC Handbook).
R = 8.314462618


def pressure(T=300.0, V=0.0015, n=1.0, a=0.3640, b=4.267e-5):
    return n * R * T / (V - n * b) - a * n**2 / V**2
