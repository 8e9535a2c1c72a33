import numpy as np


def batchnorm2d(x, weight, bias, running_mean, running_var, eps=1e-05, momentum=0.1, training=False):
    x64 = x.astype(np.float64)
    if training:
        n = x.shape[0] * x.shape[2] * x.shape[3]
        mean = x64.mean((0, 2, 3))
        var = x64.var((0, 2, 3))
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean.astype(np.float64), running_var.astype(np.float64)
    shape = (1, -1, 1, 1)
    y = (x64 - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * weight.reshape(shape) + bias.reshape(shape)
    return y, running_mean, running_var
