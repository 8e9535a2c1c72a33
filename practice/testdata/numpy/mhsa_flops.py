def mhsa_flops(n, d, heads):
    projections = 3 * 2 * n * d * d
    scores = 2 * n * n * d
    weighted_sum = 2 * n * n * d
    output_projection = 2 * n * d * d
    return projections, scores, weighted_sum, output_projection, projections + scores + weighted_sum + output_projection
