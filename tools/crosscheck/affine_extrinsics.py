"""Non-rigid extrinsics: depth_to_world, unproject_depth and warp_pixel with an affine (not
rotation + translation) 4x4 T, which OPS.md does not rule out; the expected values invert
T as a general matrix.
"""
import torch

from common import D, add, uni
from geometry import Ks


def cases():
    A = torch.tensor([[1.3, 0.2, -0.1, 0.5], [0.1, 0.8, 0.3, -1.0], [-0.2, 0.1, 1.1, 2.0], [0, 0, 0, 1]])
    for i, (K, Tm, u, v, d) in enumerate([(Ks[1], A, 33.0, 12.0, 3.0), (Ks[2], A.T.contiguous() * 0 + torch.tensor([[2.0, 0, 0, 1], [0, 0.5, 0, 0], [0, 0, 1, -1], [0, 0, 0, 1]]), 1.0, 2.0, 4.0)]):
        p = D(K).inverse() @ torch.tensor([u, v, 1.0], dtype=torch.float64) * d
        pw = D(Tm).inverse() @ torch.cat([p, torch.ones(1, dtype=torch.float64)])
        add("geometry", f"r4_affine_T{i}", "depth_to_world", {"u": u, "v": v, "d": d}, {"K": K, "T_world_to_cam": Tm}, {"p_world": pw[:3]}, atol=1e-3)
    H, Wd = 2, 3; depth = uni(H, Wd, lo=1, hi=2)
    vv, uu = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(Wd, dtype=torch.float64), indexing='ij')
    pix = torch.stack([uu.flatten(), vv.flatten(), torch.ones(H * Wd, dtype=torch.float64)], 0)
    P_ = D(Ks[2]).inverse() @ pix * D(depth).flatten()
    Pw = D(A).inverse() @ torch.cat([P_, torch.ones(1, H * Wd, dtype=torch.float64)])
    add("geometry", "r4_affine_T", "unproject_depth", {}, {"depth": depth, "K": Ks[2], "T_world_to_cam": A}, {"points": Pw[:3].T}, atol=1e-3)
    P = D(Ks[2]).inverse() @ torch.tensor([1.0, 2.0, 1.0], dtype=torch.float64) * 2.0
    P2 = D(A)[:3, :3] @ P + D(A)[:3, 3]; qq = D(Ks[2]) @ P2
    add("geometry", "r4_affine_T", "warp_pixel", {"u1": 1.0, "v1": 2.0, "d1": 2.0}, {"K": Ks[2], "T_1_to_2": A}, {"uv": qq[:2] / qq[2], "depth": P2[2:3]}, atol=1e-3)
