# Dixon-Price function (Dixon & Price 1989): (x_1 - 1)^2 + sum_{i>=2} i (2 x_i^2 - x_{i-1})^2
# (SFU Virtual Library). This file has Windows line endings, as pasted from a Windows editor.


def dixon_price(x=[0.8, -0.6, 1.4]):
    total = (x[0] - 1) ** 2
    for i in range(1, len(x)):
        total += (i + 1) * (2 * x[i] ** 2 - x[i - 1]) ** 2
    return total
