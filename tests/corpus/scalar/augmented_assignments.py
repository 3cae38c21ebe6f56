# A made-up accumulator that exercises every arithmetic augmented assignment of Python
# (the Language Reference, "Augmented assignment statements"); smooth in its inputs.
def accumulate(x=1.3, y=0.6):
    acc = 1.0
    acc += x
    acc -= 0.5 * y
    acc *= y + 2
    acc /= x + 1
    acc **= 2
    count = 17
    count //= 3          # 5
    count %= 4           # 1
    acc += count * x
    k = 2.0
    k **= 3
    k -= x * y
    return acc + k
