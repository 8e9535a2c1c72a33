def lora_costs(d_in, d_out, r, N, L):
    full = 2 * N * L * d_in * d_out
    return (d_in * d_out, r * (d_in + d_out), full, full + 2 * N * L * r * (d_in + d_out),
            2 * d_out * r * d_in + full)
