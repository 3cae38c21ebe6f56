# Monthly payment on an amortised loan, P r / (1 - (1 + r)^-n) with r the monthly rate,
# and the total interest paid (standard annuity formula, e.g. Investopedia "Amortization").
def loan(principal=250000.0, annual_rate=0.041, years=25.0):
    r = annual_rate / 12
    n = years * 12
    payment = principal * r / (1 - (1 + r) ** -n)
    total_interest = payment * n - principal
    return payment, total_interest
