import torch


def layernorm(x, weight, bias, eps=1e-05):
    x = x.double()
    mu = x.mean(-1, keepdim=True)
    var = x.var(-1, unbiased=False, keepdim=True)
    return (x - mu) / torch.sqrt(var + eps) * weight + bias
