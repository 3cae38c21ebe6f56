# Three-hump camel function; f = 2x^2 - 1.05x^4 + x^6/6 + xy + y^2 (Wikipedia's
# "Test functions for optimization", SFU "Three-Hump Camel Function").
def three_hump_camel(x1=0.7, x2=-0.4):
    term1 = 2*x1**2
    term2 = -1.05*x1**4
    term3 = x1**6 / 6
    term4 = x1*x2
    term5 = x2**2

    return term1 + term2 + term3 + term4 + term5
