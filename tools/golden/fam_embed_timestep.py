"""timestep_embedding (problem 009), both layouts, computed with torch."""
import math

import torch

from common import case, err_case


def interleaved(t, dim):
    i = torch.arange(dim // 2, dtype=torch.float64)
    freqs = torch.pow(torch.tensor(10000.0, dtype=torch.float64), -2 * i / dim).float()
    ang = t[:, None].float() * freqs[None, :]
    pe = torch.zeros(len(t), dim)
    pe[:, 0::2] = torch.sin(ang.double()).float()
    pe[:, 1::2] = torch.cos(ang.double()).float()
    return pe


def concat(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float64) / (half - 1)).float()
    ang = t[:, None].float() * freqs[None, :]
    return torch.cat([torch.sin(ang.double()), torch.cos(ang.double())], dim=1).float()


def cases():
    out = []
    for name, t, dim in [
        ("small", torch.tensor([0.0, 1.0, 2.0, 7.0]), 8),
        ("diffusion_steps", torch.tensor([0.0, 10.0, 250.0, 999.0]), 32),
        ("fractional", torch.tensor([0.5, 3.25, 100.75]), 6),
        ("single_large", torch.tensor([1000.0]), 128),
    ]:
        out.append(case(f"timestep_embedding/interleaved_{name}", "timestep_embedding",
                        {"timesteps": t}, {"y": interleaved(t, dim)},
                        params={"embedding_dim": dim, "layout": "interleaved"}))
        out.append(case(f"timestep_embedding/concat_{name}", "timestep_embedding",
                        {"timesteps": t}, {"y": concat(t, dim)},
                        params={"embedding_dim": dim, "layout": "concat"}))
    t = torch.tensor([3.0, 5.0])
    out.append(case("timestep_embedding/default_layout", "timestep_embedding",
                    {"timesteps": t}, {"y": interleaved(t, 10)}, params={"embedding_dim": 10}))
    out += [
        err_case("timestep_embedding/odd_dim", "timestep_embedding", {"timesteps": t},
                 {"embedding_dim": 7}, contains="even"),
        err_case("timestep_embedding/concat_dim_2", "timestep_embedding", {"timesteps": t},
                 {"embedding_dim": 2, "layout": "concat"}),
        err_case("timestep_embedding/unknown_layout", "timestep_embedding", {"timesteps": t},
                 {"embedding_dim": 8, "layout": "zigzag"}, contains="layout"),
        err_case("timestep_embedding/missing_dim", "timestep_embedding", {"timesteps": t}, {}),
        err_case("timestep_embedding/bad_data_length", "timestep_embedding",
                 {"timesteps": {"shape": [3], "data": [1, 2]}}, {"embedding_dim": 8}),
        err_case("timestep_embedding/unknown_param", "timestep_embedding", {"timesteps": t},
                 {"embedding_dim": 8, "max_period": 10000}),
    ]
    return out
