# op: batchnorm2d
import numpy as np


def batchnorm2d(x, weight, bias, running_mean, running_var, eps=1e-05, momentum=0.1, training=False):
    if training:
        mean = x.mean((0, 2, 3))
        var = x.var((0, 2, 3))
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var  # biased
    else:
        mean, var = running_mean, running_var
    y = (x - mean[None, :, None, None]) / np.sqrt(var[None, :, None, None] + eps)
    return y * weight[None, :, None, None] + bias[None, :, None, None], running_mean, running_var
