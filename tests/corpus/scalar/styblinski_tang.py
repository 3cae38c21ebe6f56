# Styblinski-Tang function (Styblinski & Tang 1990): f(x) = 1/2 sum(x_i^4 - 16 x_i^2 + 5 x_i),
# SFU Virtual Library "Styblinski-Tang Function".


def styblinski_tang(x=[-2.5, 1.7, 0.4]):
    return sum(xi**4 - 16*xi**2 + 5*xi for xi in x) / 2
