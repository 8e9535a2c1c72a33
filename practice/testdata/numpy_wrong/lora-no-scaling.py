# op: lora_linear
def lora_linear(x, base_weight, base_bias, lora_A_weight, lora_B_weight, alpha):
    y = x @ base_weight.T + base_bias + (x @ lora_A_weight.T) @ lora_B_weight.T
    return y, base_weight + lora_B_weight @ lora_A_weight
