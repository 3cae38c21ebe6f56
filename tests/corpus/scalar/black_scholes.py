# Black-Scholes price of a European call (Black & Scholes 1973; Hull, "Options, Futures and
# Other Derivatives", ch. 15), with the normal CDF written through math.erf.
import math


def norm_cdf(x):
    """Standard normal CDF via the error function."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def call_price(S=100.0, K=95.0, T=0.5, r=0.03, sigma=0.25):
    d1 = (math.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    return S * norm_cdf(d1) - K * math.exp(-r * T) * norm_cdf(d2)


if __name__ == "__main__":
    print(call_price())
