import numpy as np


def cross_entropy(logits, targets, label_smoothing=0.0):
    x = logits.astype(np.float64)
    m = x.max(1, keepdims=True)
    lse = (np.log(np.exp(x - m).sum(1, keepdims=True)) + m)[:, 0]
    target = x[np.arange(len(targets)), targets]
    return np.mean(lse - (1 - label_smoothing) * target - label_smoothing * x.mean(1))
