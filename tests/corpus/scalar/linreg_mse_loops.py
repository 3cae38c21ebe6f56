# The book's linear regression (Geron, ch. 4 and 9: y = 4 + 3x + noise) as a student writes
# it without numpy: the mean squared error of theta0 + theta1*x, looping over lists of data.

X_DATA = [1.5479, 0.8778, 1.7172, 1.3947, 0.1884, 1.9512, 1.5223, 1.5721,
          0.2562, 0.9008, 0.7416, 1.8535]
Y_DATA = [9.0435, 5.7279, 8.7734, 9.4833, 4.2089, 10.5911, 7.6333, 8.5109,
          3.8186, 6.3634, 7.0651, 7.8332]


def predict(theta0, theta1, x):
    return theta0 + theta1 * x


def mse(theta0=0.5, theta1=0.8):
    m = len(X_DATA)
    total = 0.0
    for x, y in zip(X_DATA, Y_DATA):
        error = predict(theta0, theta1, x) - y
        total += error ** 2
    return total / m
