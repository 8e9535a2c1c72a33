import numpy as np


def lora_linear(x, base_weight, base_bias, lora_A_weight, lora_B_weight, alpha):
    scale = alpha / lora_A_weight.shape[0]
    y = x @ base_weight.T + base_bias + scale * ((x @ lora_A_weight.T) @ lora_B_weight.T)
    return y, base_weight + scale * (lora_B_weight @ lora_A_weight)
