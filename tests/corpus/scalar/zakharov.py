# Zakharov function: sum x_i^2 + (sum 0.5 i x_i)^2 + (sum 0.5 i x_i)^4, i from 1
# (SFU Virtual Library, "Zakharov Function").


def zakharov(x=[0.5, -1.0, 1.5, 0.25]):
    sum1 = 0.0
    sum2 = 0.0
    for i, xi in enumerate(x, start=1):
        sum1 += xi ** 2
        sum2 += 0.5 * i * xi
    return sum1 + sum2 ** 2 + sum2 ** 4
