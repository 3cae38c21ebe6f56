# Six-hump camel back function (Dixon & Szego 1978):
# (4 - 2.1 x^2 + x^4/3) x^2 + x y + (-4 + 4 y^2) y^2, SFU Virtual Library.
def camel6(x=0.3, y=-0.5):
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2
