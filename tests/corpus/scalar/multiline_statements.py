# A quadratic-form energy with cross terms, laid out the way long formulas get laid out:
# brackets continued over lines, a backslash continuation, comments inside brackets, and a
# multi-line list of weights followed by more statements (cf. any FEM "energy" toy example).
import math

WEIGHTS = [
    0.5,   # spring 1
    1.25,  # spring 2
    2.0,   # spring 3
]
OFFSET = 0.1


def energy(u1=0.3, u2=-0.2, u3=0.45):
    stretch = [u1,
               u2 - u1,      # relative displacement
               u3 - u2]
    e = 0.0
    for w, s in zip(WEIGHTS,
                    stretch):
        e += 0.5 * w * s ** 2
    coupling = u1 * u2 \
        + u2 * u3 \
        - OFFSET * u1 * u3
    smooth = math.log(1 + u1 ** 2 +
                      u2 ** 2 +
                      u3 ** 2)
    return (e
            + coupling   # cross terms
            + smooth)
