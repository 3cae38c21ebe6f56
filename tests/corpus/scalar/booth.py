# Booth's function; the form on Wikipedia's "Test functions for optimization".
def booth(x=0.5, y=2.0):
    return (x + 2*y - 7)**2 + (2*x + y - 5)**2
