"""Geometry cases from the contract rows of OPS.md: depth_to_world, unproject_depth,
warp_pixel, grid_sample, vectorized_warp, alpha_composite, is_path_closed,
rotation_6d_to_matrix.
"""
import math

import torch
import torch.nn.functional as F

from common import D, T, add, err, rnd, uni

# Camera intrinsics shared by the geometry cases: two with skew, the last with focal lengths near 2.
Ks = [torch.tensor([[500.0, 0, 320], [0, 480, 240], [0, 0, 1]]), torch.tensor([[300.0, 2.5, 100], [0, 310, 80], [0, 0, 1]]),
      torch.tensor([[2.0, 0.1, 1.5], [0, 1.8, 1.0], [0, 0, 1]])]


def rotm(axis, ang):
    axis = torch.tensor(axis, dtype=torch.float64); axis = axis / axis.norm()
    Kx = torch.tensor([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]], dtype=torch.float64)
    return torch.eye(3, dtype=torch.float64) + math.sin(ang) * Kx + (1 - math.cos(ang)) * Kx @ Kx


def rigid(axis, ang, t):
    M = torch.eye(4, dtype=torch.float64); M[:3, :3] = rotm(axis, ang); M[:3, 3] = torch.tensor(t, dtype=torch.float64)
    return M.float()


def vwarp_ref(src, depth, K, Tm):
    B, C, H, Wd = src.shape
    vv, uu = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(Wd, dtype=torch.float64), indexing='ij')
    pix = torch.stack([uu.flatten(), vv.flatten(), torch.ones(H * Wd, dtype=torch.float64)], 0)
    P = D(K).inverse() @ pix * D(depth).reshape(B, 1, H * Wd)
    P2 = D(Tm)[:, :3, :3] @ P + D(Tm)[:, :3, 3:]
    q = D(K) @ P2
    u2 = q[:, 0] / (q[:, 2] + 1e-7); v2 = q[:, 1] / (q[:, 2] + 1e-7)
    gx = 2 * u2 / (Wd - 1) - 1; gy = 2 * v2 / (H - 1) - 1
    grid = torch.stack([gx, gy], -1).reshape(B, H, Wd, 2)
    warped = F.grid_sample(D(src), grid, mode='bilinear', padding_mode='zeros', align_corners=True)
    mask = ((gx.abs() <= 1) & (gy.abs() <= 1)).reshape(B, 1, H, Wd)
    margin = torch.minimum((gx.abs() - 1).abs(), (gy.abs() - 1).abs()).min().item()
    return warped, mask, margin


def ipc_ref(Rs, tol):
    tot = torch.eye(3, dtype=torch.float64)
    for R in Rs: tot = D(R) @ tot
    e = (tot - torch.eye(3, dtype=torch.float64)).norm().item()
    ang = math.degrees(math.acos(max(-1, min(1, (tot.trace().item() - 1) / 2))))
    return e < tol, tot, e, ang


def rot6d_ref(d6):
    d6 = D(d6); a1, a2 = d6[:, :3], d6[:, 3:]
    b1 = F.normalize(a1, dim=-1)
    b2 = F.normalize(a2 - (b1 * a2).sum(-1, keepdim=True) * b1, dim=-1)
    b3 = torch.cross(b1, b2, dim=-1)
    return torch.stack([b1, b2, b3], -1)


def cases():
    # depth_to_world
    for i, (K, Tm, u, v, d) in enumerate([(Ks[0], rigid([0, 1, 0], 0.3, [0.5, -0.2, 1.0]), 100.0, 50.0, 4.0),
                                          (Ks[1], rigid([1, 1, 0.2], -0.7, [2.0, 0.1, -3.0]), 17.5, 203.0, 2.5),
                                          (Ks[2], rigid([0.3, -1, 0.5], 1.2, [0.0, 0.0, 0.0]), 0.0, 3.0, 0.5)]):
        p = D(K).inverse() @ torch.tensor([u, v, 1.0], dtype=torch.float64) * d
        pw = D(Tm).inverse() @ torch.cat([p, torch.ones(1, dtype=torch.float64)])
        add("geometry", f"case{i}", "depth_to_world", {"u": u, "v": v, "d": d}, {"K": K, "T_world_to_cam": Tm}, {"p_world": pw[:3]}, atol=1e-3)
    err("geometry", "singular_K", "depth_to_world", {"u": 1.0, "v": 1.0, "d": 1.0}, {"K": torch.tensor([[1.0, 2, 3], [2, 4, 6], [0, 0, 1]]), "T_world_to_cam": torch.eye(4)})
    err("geometry", "singular_T", "depth_to_world", {"u": 1.0, "v": 1.0, "d": 1.0}, {"K": Ks[0], "T_world_to_cam": torch.zeros(4, 4)})
    err("geometry", "K_shape", "depth_to_world", {"u": 1.0, "v": 1.0, "d": 1.0}, {"K": torch.eye(2), "T_world_to_cam": torch.eye(4)})

    # unproject_depth
    for i, (H, Wd, K, Tm) in enumerate([(3, 5, Ks[2], rigid([1, 0, 1], 0.4, [1.0, -1.0, 0.5])), (4, 2, Ks[1], rigid([0, 0, 1], -0.2, [0.0, 2.0, 0.0]))]):
        depth = uni(H, Wd, lo=0.5, hi=5.0)
        vv, uu = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(Wd, dtype=torch.float64), indexing='ij')
        pix = torch.stack([uu.flatten(), vv.flatten(), torch.ones(H * Wd, dtype=torch.float64)], 0)
        P = D(K).inverse() @ pix * D(depth).flatten()
        Pw = D(Tm).inverse() @ torch.cat([P, torch.ones(1, H * Wd, dtype=torch.float64)])
        add("geometry", f"nonsquare{i}", "unproject_depth", {}, {"depth": depth, "K": K, "T_world_to_cam": Tm}, {"points": Pw[:3].T}, atol=2e-3)

    # warp_pixel
    for i, (K, Tm, u, v, d) in enumerate([(Ks[0], rigid([0, 1, 0.1], 0.1, [0.3, -0.1, 0.2]), 200.0, 300.0, 5.0),
                                          (Ks[1], rigid([1, 0, 0], -0.3, [-0.5, 0.2, 1.0]), 40.0, 70.0, 3.0)]):
        P = D(K).inverse() @ torch.tensor([u, v, 1.0], dtype=torch.float64) * d
        P2 = D(Tm)[:3, :3] @ P + D(Tm)[:3, 3]
        q = D(K) @ P2
        add("geometry", f"case{i}", "warp_pixel", {"u1": u, "v1": v, "d1": d}, {"K": K, "T_1_to_2": Tm}, {"uv": q[:2] / q[2], "depth": P2[2:3]}, atol=2e-3)

    # grid_sample
    for (nm, B, C, H, Wd, Ho, Wo, ac) in [("default_align_true", 2, 3, 4, 5, 3, 6, None), ("align_false", 1, 2, 5, 3, 4, 2, False),
                                          ("align_true_explicit", 2, 1, 3, 3, 2, 2, True)]:
        x = rnd(B, C, H, Wd); grid = uni(B, Ho, Wo, 2, lo=-1.3, hi=1.3)
        y = F.grid_sample(D(x), D(grid), mode='bilinear', padding_mode='zeros', align_corners=True if ac is None else ac)
        add("geometry", nm, "grid_sample", {} if ac is None else {"align_corners": ac}, {"input": x, "grid": grid}, {"y": y})
    err("geometry", "grid_batch_mismatch", "grid_sample", {}, {"input": rnd(2, 1, 3, 3), "grid": rnd(1, 2, 2, 2)})
    # vectorized_warp: redraw until no sample lies within 2e-3 of the border (where float32 and float64 may disagree)
    for (nm, B, C, H, Wd) in [("b2_nonsquare_4x7", 2, 3, 4, 7), ("tall_6x3", 1, 2, 6, 3)]:
        for attempt in range(50):
            src = rnd(B, C, H, Wd); depth = uni(B, 1, H, Wd, lo=1.0, hi=3.0)
            K = torch.stack([torch.tensor([[float(Wd), 0.0, (Wd - 1) / 2], [0.0, float(H), (H - 1) / 2], [0, 0, 1]])] * B)
            Tm = torch.stack([rigid([0, 1, 0.3], 0.05 * (b + 1), [0.1 * (b + 1), -0.05, 0.1]) for b in range(B)])
            w, m, margin = vwarp_ref(src, depth, K, Tm)
            if margin > 2e-3 and 0 < m.sum() < m.numel(): break
        add("geometry", nm, "vectorized_warp", {}, {"src_img": src, "depth": depth, "K": K, "T_1_to_2": Tm}, {"warped": w, "mask": T(m, integer=True)}, atol=5e-4)

    # alpha_composite
    for (nm, B, N) in [("b3_n5", 3, 5), ("n1", 2, 1), ("opaque_front", 1, 4)]:
        col = uni(B, N, 3); op_ = uni(B, N, 1)
        if nm == "opaque_front": op_[:, 0] = 1.0
        a = D(op_)
        Tr = torch.cumprod(torch.cat([torch.ones(B, 1, 1, dtype=torch.float64), 1 - a[:, :-1]], 1), 1)
        add("geometry", nm, "alpha_composite", {}, {"colors": col, "opacities": op_}, {"color": (D(col) * a * Tr).sum(1), "transmittance": Tr})
    # is_path_closed
    R1, R2, R3 = rotm([1, 0, 0], 0.5), rotm([0, 1, 0], 0.7), rotm([0, 0, 1], -0.4)
    Rs = torch.stack([R1, R2, R3]).float()
    c, tot, e, ang = ipc_ref(Rs, 1e-6)
    add("geometry", "open_noncommuting", "is_path_closed", {}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(ang)}, atol=1e-3)
    P = torch.tensor([[0.0, -1, 0], [1, 0, 0], [0, 0, 1]])
    Rs = torch.stack([P, P, P, P])
    c, tot, e, ang = ipc_ref(Rs, 1e-6)
    add("geometry", "closed_perm4", "is_path_closed", {}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e)})
    Rs = torch.stack([R1, R2, R1.T @ rotm([0, 0, 1], 0.01)]).float()
    c, tot, e, ang = ipc_ref(Rs, 0.5)
    add("geometry", "loose_tol_closed", "is_path_closed", {"tol": 0.5}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(ang)}, atol=2e-3)
    Rs = torch.stack([rotm([1, 2, 3], 2.0)]).float()
    c, tot, e, ang = ipc_ref(Rs, 1e-6)
    add("geometry", "single_120deg", "is_path_closed", {"tol": 1e-6}, {"rotations": Rs}, {"closed": T(torch.tensor(c), integer=True), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(ang)}, atol=2e-3)
    err("geometry", "bad_shape", "is_path_closed", {}, {"rotations": rnd(2, 3, 2)})
    # rotation_6d_to_matrix
    d6 = rnd(4, 6, scale=2.0)
    add("geometry", "b4_random", "rotation_6d_to_matrix", {}, {"d6": d6}, {"R": rot6d_ref(d6)})
    d6 = torch.tensor([[1.0, 0, 0, 1, 1, 0], [0, 3, 0, 0, 0, -2]])
    add("geometry", "axis_aligned", "rotation_6d_to_matrix", {}, {"d6": d6}, {"R": rot6d_ref(d6)})
