# op: layernorm
import numpy as np


def layernorm(x, weight, bias, eps=1e-05):
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, ddof=1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * weight + bias
