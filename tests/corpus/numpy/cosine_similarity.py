# Cosine similarity u.v / (|u| |v|), the retrieval / embedding formula (Salton 1975),
# with np.dot and np.linalg.norm; the loss pulls it towards 1.
import numpy as np


def cosine_loss(u=[0.3, 1.2, -0.5], v=[1.0, 0.4, 0.2]):
    cos = np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))
    return 1.0 - cos
