# Compound interest: A = P (1 + r/n)^(n t), compounded monthly, plus regular deposits
# (future value of an annuity); the formulas of any personal-finance text.
PERIODS_PER_YEAR = 12


def future_value(principal=1000.0, rate=0.045, years=10.0, deposit=50.0):
    n = PERIODS_PER_YEAR
    growth = (1 + rate / n) ** (n * years)
    lump = principal * growth
    annuity = deposit * (growth - 1) / (rate / n)
    return lump + annuity
