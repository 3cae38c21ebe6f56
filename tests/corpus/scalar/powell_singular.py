# Powell's singular function (Powell 1962; More, Garbow & Hillstrom 1981, problem 13).
def powell(x1=3.0, x2=-1.0, x3=0.0, x4=1.0):
    return ((x1 + 10 * x2) ** 2 + 5 * (x3 - x4) ** 2
            + (x2 - 2 * x3) ** 4 + 10 * (x1 - x4) ** 4)
