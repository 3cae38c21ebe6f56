def mse(theta=[0.0, 0.0]):
    """Mean squared error of a linear model y = theta0 + theta1 x on ten fixed points (y = 4 + 3x + noise)."""
    xs = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8]
    ys = [4.09, 4.43, 5.37, 5.68, 6.53, 6.85, 7.74, 8.12, 8.71, 9.52]
    m = len(xs)
    return sum((theta[0] + theta[1] * xs[i] - ys[i])**2 for i in range(m)) / m
