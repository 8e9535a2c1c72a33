def cnn_vit_flops(N, C, K, T=1, Kt=None):
    if Kt is None:
        Kt = K
    crossover = 1 if K * K <= 4 else C * (K * K - 4) // 2 + 1
    nt = N * T
    return (2 * N * K * K * C * C, 8 * N * C * C + 4 * N * N * C, crossover, 2 * nt * Kt * K * K * C * C,
            8 * nt * C * C + 4 * nt * nt * C, 16 * nt * C * C + 4 * N * N * T * C + 4 * T * T * N * C)
