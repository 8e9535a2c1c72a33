import numpy as np


def logsumexp(x):
    x = x.astype(np.float64)
    m = x.max(1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (np.log(np.exp(x - m).sum(1, keepdims=True)) + m)[:, 0]
