import numpy as np


def lora_linear_backward(x, base_weight, base_bias, lora_A_weight, lora_B_weight, grad_y, alpha):
    scale = alpha / lora_A_weight.shape[0]
    rows_x = x.reshape(-1, x.shape[-1])
    rows_g = grad_y.reshape(-1, grad_y.shape[-1])
    h = rows_x @ lora_A_weight.T
    g = rows_g @ lora_B_weight
    grad_a = scale * g.T @ rows_x
    grad_b = scale * rows_g.T @ h
    grad_x = rows_g @ base_weight + scale * g @ lora_A_weight
    return grad_a, grad_b, grad_x.reshape(x.shape)
