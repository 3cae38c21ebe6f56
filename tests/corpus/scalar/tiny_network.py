# A 2-2-1 neural network with tanh hidden units and a sigmoid output, squared error on four
# XOR-like samples; weights in one flat list, as in "neural network from scratch" tutorials.
import math

SAMPLES = [((0.0, 0.0), 0.0), ((0.0, 1.0), 1.0), ((1.0, 0.0), 1.0), ((1.0, 1.0), 0.0)]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def forward(w, x1, x2):
    h1 = math.tanh(w[0] * x1 + w[1] * x2 + w[2])
    h2 = math.tanh(w[3] * x1 + w[4] * x2 + w[5])
    return sigmoid(w[6] * h1 + w[7] * h2 + w[8])


def network_loss(w=[0.5, -0.4, 0.1, 0.3, 0.8, -0.2, 1.1, -0.9, 0.05]):
    loss = 0.0
    for (x1, x2), target in SAMPLES:
        out = forward(w, x1, x2)
        loss += (out - target) ** 2
    return loss / len(SAMPLES)
