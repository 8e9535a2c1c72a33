"""Default tolerances against references a test writer might compute in float32 torch
(timestep_embedding at d = 128 in both layouts, positional_encoding_3d with 10 bands), and
flow_cond_layer at t = 999 and at d = 2 (float64 reference).
"""
import math

import torch

from common import add, lin, rnd, uni
from lora import flow_ref


def cases():
    t32 = torch.tensor([0.0, 1.0, 17.0, 250.0, 500.0, 999.0])
    Dm = 128
    i32 = torch.arange(0, Dm, 2, dtype=torch.float32)
    div = torch.exp(i32 * -(math.log(10000.0) / Dm))
    pe = torch.zeros(len(t32), Dm); pe[:, 0::2] = torch.sin(t32[:, None] * div); pe[:, 1::2] = torch.cos(t32[:, None] * div)
    add("conv", "r8_f32_interleaved_d128", "timestep_embedding", {"embedding_dim": Dm}, {"timesteps": t32}, {"y": pe})
    half = Dm // 2
    f = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / (half - 1))
    add("conv", "r8_f32_concat_d128", "timestep_embedding", {"embedding_dim": Dm, "layout": "concat"}, {"timesteps": t32}, {"y": torch.cat([torch.sin(t32[:, None] * f), torch.cos(t32[:, None] * f)], 1)})
    c = uni(2, 5, 3, lo=-1, hi=1)
    fr = (2.0 ** torch.arange(10, dtype=torch.float32)) * math.pi
    arg = (c[..., :, None] * fr).reshape(2, 5, 30)
    add("conv", "r8_f32_pe3d_L10", "positional_encoding_3d", {"num_bands": 10}, {"coords": c}, {"y": torch.cat([c, torch.sin(arg), torch.cos(arg)], -1)})
    W = {}; W.update(lin("time_mlp.0", 8, 8)); W.update(lin("time_mlp.2", 8, 8)); W.update(lin("ada_norm", 16, 8)); W.update(lin("out_layer", 8, 8))
    x = rnd(3, 8); tt = torch.tensor([999.0, 0.0, 500.0])
    add("lora", "r8_flow_d8_t999", "flow_cond_layer", {}, dict(x=x, t=tt, **W), {"y": flow_ref(x, tt, W)})
    W = {}; W.update(lin("time_mlp.0", 2, 2)); W.update(lin("time_mlp.2", 2, 2)); W.update(lin("ada_norm", 4, 2)); W.update(lin("out_layer", 2, 2))
    x = rnd(2, 2); tt = torch.tensor([3.0, 0.25])
    add("lora", "r8_flow_d2", "flow_cond_layer", {}, dict(x=x, t=tt, **W), {"y": flow_ref(x, tt, W)})
