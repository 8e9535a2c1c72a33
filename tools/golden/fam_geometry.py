"""Geometry ops (problems 005, 014, 015, 016, 032, 034) in problem-style torch.

Single-point and 3x3/4x4 algebra is evaluated in float64 from the float32
inputs and rounded once; images go through F.grid_sample in float32 as
problem 016 does.
"""
import math

import torch
import torch.nn.functional as F

from common import case, err_case


def rot(axis, deg):
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    if axis == "x":
        m = [[1, 0, 0], [0, c, -s], [0, s, c]]
    elif axis == "y":
        m = [[c, 0, s], [0, 1, 0], [-s, 0, c]]
    else:
        m = [[c, -s, 0], [s, c, 0], [0, 0, 1]]
    return torch.tensor(m, dtype=torch.float64)


def pose(r, t):
    T = torch.eye(4, dtype=torch.float64)
    T[:3, :3] = r
    T[:3, 3] = torch.tensor(t, dtype=torch.float64)
    return T.float()


def K(fx, fy, cx, cy, skew=0.0):
    return torch.tensor([[fx, skew, cx], [0, fy, cy], [0, 0, 1]], dtype=torch.float32)


def f64(x):
    return x.double()


def depth_to_world(Kt, T, u, v, d):
    pix = torch.tensor([u, v, 1.0], dtype=torch.float64)
    cam = d * (torch.linalg.inv(f64(Kt)) @ pix)
    return (torch.linalg.inv(f64(T)) @ torch.cat([cam, torch.ones(1, dtype=torch.float64)]))[:3].float()


def unproject(depth, Kt, T):
    H, W = depth.shape
    v, u = torch.meshgrid(torch.arange(H, dtype=torch.float64), torch.arange(W, dtype=torch.float64), indexing="ij")
    pix = torch.stack([u.reshape(-1), v.reshape(-1), torch.ones(H * W, dtype=torch.float64)])
    cam = (torch.linalg.inv(f64(Kt)) @ pix) * f64(depth).reshape(1, -1)
    hom = torch.cat([cam, torch.ones(1, H * W, dtype=torch.float64)])
    return (torch.linalg.inv(f64(T)) @ hom)[:3].T.float()


def warp_pixel(Kt, T, u, v, d):
    P1 = d * (torch.linalg.inv(f64(Kt)) @ torch.tensor([u, v, 1.0], dtype=torch.float64))
    T = f64(T)
    P2 = T[:3, :3] @ P1 + T[:3, 3]
    p = f64(Kt) @ P2
    return (p[:2] / p[2]).float(), P2[2:].float()


def vectorized_warp(src, depth, Kt, T, margin=1e-4):
    B, C, H, W = src.shape
    v, u = torch.meshgrid(torch.arange(H), torch.arange(W), indexing="ij")
    pix = torch.stack([u, v, torch.ones_like(u)]).float().reshape(3, -1)
    cam = (torch.linalg.inv(Kt) @ pix) * depth.reshape(B, 1, -1)
    P2 = T[:, :3, :3] @ cam + T[:, :3, 3:]
    proj = Kt @ P2
    z = proj[:, 2:3] + 1e-7
    uv = proj[:, :2] / z
    gx = 2 * uv[:, 0] / (W - 1) - 1
    gy = 2 * uv[:, 1] / (H - 1) - 1
    # A pixel landing within float noise of the image border could flip its
    # mask between implementations; the generator refuses such cases.
    near = torch.minimum((gx.abs() - 1).abs(), (gy.abs() - 1).abs()).min().item()
    assert near > margin, f"a pixel lands {near} from the border; pick another pose"
    grid = torch.stack([gx, gy], -1).reshape(B, H, W, 2)
    warped = F.grid_sample(src, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
    mask = ((gx.abs() <= 1) & (gy.abs() <= 1)).reshape(B, 1, H, W).float()
    return warped, mask


def alpha_composite(colors, alpha):
    B = colors.shape[0]
    T = torch.cumprod(torch.cat([torch.ones(B, 1, 1), 1 - alpha[:, :-1]], 1), 1)
    return (colors * alpha * T).sum(1), T


def path_closed(rs, tol=1e-6):
    total = torch.eye(3, dtype=torch.float64)
    for r in f64(rs):
        total = r @ total
    err = torch.linalg.norm(total - torch.eye(3, dtype=torch.float64))
    c = ((torch.trace(total) - 1) / 2).clamp(-1, 1)
    return {"closed": torch.tensor(bool(err < tol)), "total": total.float(), "error": err.float(),
            "angle_deg": torch.rad2deg(torch.acos(c)).float()}


def rot6d(d6):
    a1, a2 = d6[..., :3], d6[..., 3:]
    b1 = F.normalize(a1, dim=-1)
    b2 = F.normalize(a2 - (b1 * a2).sum(-1, keepdim=True) * b1, dim=-1)
    b3 = torch.cross(b1, b2, dim=-1)
    return torch.stack((b1, b2, b3), dim=-1)


def g(seed):
    return torch.Generator().manual_seed(seed)


def cases():
    out = []
    K1 = K(500, 480, 320, 240)
    Ks = K(420, 400, 150.5, 98.25, skew=3.5)
    T_id = torch.eye(4)
    T_rot = pose(rot("y", 25) @ rot("x", -10), [0.3, -0.2, 1.5])
    T_far = pose(rot("z", 90) @ rot("y", -40), [250.0, -1000.0, 30.0])
    sing_K = K(0, 480, 320, 240)
    sing_T = T_rot.clone()
    sing_T[2] = sing_T[0]

    # depth_to_world
    for name, Kt, T, u, v, d in [
        ("identity_pose", K1, T_id, 100.0, 50.0, 2.0),
        ("rotated_pose_skewed_K", Ks, T_rot, 33.0, 170.5, 3.75),
        ("far_translation", K1, T_far, 639.0, 0.0, 12.5),
        ("principal_point", Ks, T_rot, 150.5, 98.25, 1.0),
    ]:
        out.append(case(f"depth_to_world/{name}", "depth_to_world", {"K": Kt, "T_world_to_cam": T},
                        {"p_world": depth_to_world(Kt, T, u, v, d)}, params={"u": u, "v": v, "d": d}))
    out += [
        err_case("depth_to_world/singular_K", "depth_to_world", {"K": sing_K, "T_world_to_cam": T_rot}, {"u": 1, "v": 2, "d": 3}, contains="singular"),
        err_case("depth_to_world/singular_T", "depth_to_world", {"K": K1, "T_world_to_cam": sing_T}, {"u": 1, "v": 2, "d": 3}, contains="singular"),
        err_case("depth_to_world/K_3x4", "depth_to_world", {"K": torch.zeros(3, 4), "T_world_to_cam": T_rot}, {"u": 1, "v": 2, "d": 3}),
        err_case("depth_to_world/missing_d", "depth_to_world", {"K": K1, "T_world_to_cam": T_rot}, {"u": 1, "v": 2}),
        err_case("depth_to_world/nan_in_K", "depth_to_world", {"K": {"shape": [3, 3], "data": [500, 0, 320, 0, "NaN", 240, 0, 0, 1]}, "T_world_to_cam": T_rot}, {"u": 1, "v": 2, "d": 3}),
    ]

    # unproject_depth
    for name, H, W, Kt, T, seed in [
        ("non_square_3x5_rotated", 3, 5, Ks, T_rot, 1),
        ("identity_4x4", 4, 4, K1, T_id, 2),
        ("tall_7x2_far", 7, 2, K1, T_far, 3),
    ]:
        depth = torch.rand(H, W, generator=g(seed)) * 5 + 0.5
        out.append(case(f"unproject_depth/{name}", "unproject_depth", {"depth": depth, "K": Kt, "T_world_to_cam": T},
                        {"points": unproject(depth, Kt, T)}))
    dd = torch.ones(2, 3)
    out += [
        err_case("unproject_depth/depth_3d", "unproject_depth", {"depth": torch.ones(1, 2, 3), "K": K1, "T_world_to_cam": T_id}),
        err_case("unproject_depth/singular_K", "unproject_depth", {"depth": dd, "K": sing_K, "T_world_to_cam": T_id}, contains="singular"),
        err_case("unproject_depth/singular_T", "unproject_depth", {"depth": dd, "K": K1, "T_world_to_cam": torch.zeros(4, 4)}, contains="singular"),
        err_case("unproject_depth/nan_depth", "unproject_depth", {"depth": {"shape": [1, 2], "data": [1, "NaN"]}, "K": K1, "T_world_to_cam": T_id}),
        err_case("unproject_depth/T_3x4", "unproject_depth", {"depth": dd, "K": K1, "T_world_to_cam": torch.zeros(3, 4)}),
    ]

    # warp_pixel
    for name, Kt, T, u, v, d in [
        ("rotation_translation", K1, T_rot, 120.0, 300.0, 4.0),
        ("skewed_K", Ks, pose(rot("x", 15), [-0.5, 0.1, 0.2]), 10.0, 20.0, 2.5),
        ("pure_translation", K1, pose(torch.eye(3, dtype=torch.float64), [0.2, 0.0, 0.0]), 320.0, 240.0, 10.0),
        ("behind_camera", K1, pose(rot("y", 180), [0, 0, 0]), 300.0, 200.0, 2.0),
    ]:
        uv, z = warp_pixel(Kt, T, u, v, d)
        out.append(case(f"warp_pixel/{name}", "warp_pixel", {"K": Kt, "T_1_to_2": T}, {"uv": uv, "depth": z},
                        params={"u1": u, "v1": v, "d1": d}))
    out += [
        err_case("warp_pixel/singular_K", "warp_pixel", {"K": sing_K, "T_1_to_2": T_rot}, {"u1": 1, "v1": 2, "d1": 3}, contains="singular"),
        err_case("warp_pixel/lands_on_camera_plane", "warp_pixel", {"K": K1, "T_1_to_2": pose(torch.eye(3, dtype=torch.float64), [0, 0, -2.0])}, {"u1": 1, "v1": 2, "d1": 2}),
        err_case("warp_pixel/T_shape", "warp_pixel", {"K": K1, "T_1_to_2": torch.eye(3)}, {"u1": 1, "v1": 2, "d1": 3}),
        err_case("warp_pixel/unknown_param", "warp_pixel", {"K": K1, "T_1_to_2": T_rot}, {"u1": 1, "v1": 2, "d1": 3, "d2": 4}),
    ]

    # grid_sample
    for name, B, C, H, W, Ho, Wo, ac, seed in [
        ("default_align_true", 2, 3, 5, 7, 4, 6, None, 4),
        ("align_true_out_of_range", 1, 2, 6, 4, 3, 5, True, 5),
        ("align_false", 2, 1, 4, 9, 5, 3, False, 6),
        ("single_pixel_image", 1, 2, 1, 1, 2, 3, True, 7),
    ]:
        x = torch.randn(B, C, H, W, generator=g(seed))
        grid = torch.rand(B, Ho, Wo, 2, generator=g(seed + 50)) * 2.6 - 1.3
        y = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=True if ac is None else ac)
        params = {} if ac is None else {"align_corners": ac}
        out.append(case(f"grid_sample/{name}", "grid_sample", {"input": x, "grid": grid}, {"y": y}, params=params))
    x = torch.randn(2, 3, 4, 5, generator=g(8))
    out += [
        err_case("grid_sample/grid_batch_mismatch", "grid_sample", {"input": x, "grid": torch.zeros(1, 2, 2, 2)}),
        err_case("grid_sample/grid_last_dim_3", "grid_sample", {"input": x, "grid": torch.zeros(2, 2, 2, 3)}),
        err_case("grid_sample/nan_grid", "grid_sample", {"input": torch.zeros(1, 1, 2, 2), "grid": {"shape": [1, 1, 1, 2], "data": [0, "NaN"]}}),
        err_case("grid_sample/input_3d", "grid_sample", {"input": torch.zeros(3, 4, 5), "grid": torch.zeros(3, 2, 2, 2)}),
        err_case("grid_sample/align_corners_string", "grid_sample", {"input": x, "grid": torch.zeros(2, 2, 2, 2)}, {"align_corners": "yes"}),
    ]

    # vectorized_warp
    def batch(*ms):
        return torch.stack(ms)

    Kw = K(7.0, 6.5, 4.3, 2.6, skew=0.4)
    for name, B, C, H, W, Kb, Tb, seed in [
        ("batch2_non_square_6x9", 2, 3, 6, 9, batch(Kw, K(8.0, 8.0, 4.0, 2.5)),
         batch(pose(rot("y", 6) @ rot("x", -3), [0.05, -0.03, 0.1]), pose(rot("z", 4), [-0.1, 0.02, -0.05])), 9),
        ("square_5x5", 1, 2, 5, 5, batch(K(5.0, 5.0, 2.0, 2.0)), batch(pose(rot("x", 5) @ rot("z", 7), [0.02, 0.04, 0.03])), 10),
        ("tall_8x4_one_channel", 1, 1, 8, 4, batch(K(4.0, 6.0, 1.5, 3.5, skew=0.2)), batch(pose(rot("y", -8), [0.1, 0.0, 0.2])), 11),
    ]:
        src = torch.randn(B, C, H, W, generator=g(seed))
        depth = torch.rand(B, 1, H, W, generator=g(seed + 50)) * 2 + 1.5
        warped, mask = vectorized_warp(src, depth, Kb, Tb)
        out.append(case(f"vectorized_warp/{name}", "vectorized_warp",
                        {"src_img": src, "depth": depth, "K": Kb, "T_1_to_2": Tb}, {"warped": warped, "mask": mask}))
    src, depth = torch.randn(2, 3, 4, 5), torch.ones(2, 1, 4, 5)
    Kb, Tb = batch(Kw, Kw), batch(T_rot, T_rot)
    out += [
        err_case("vectorized_warp/singular_K_in_batch", "vectorized_warp", {"src_img": src, "depth": depth, "K": batch(Kw, sing_K), "T_1_to_2": Tb}, contains="singular"),
        err_case("vectorized_warp/depth_shape", "vectorized_warp", {"src_img": src, "depth": torch.ones(2, 1, 5, 4), "K": Kb, "T_1_to_2": Tb}),
        err_case("vectorized_warp/K_batch_mismatch", "vectorized_warp", {"src_img": src, "depth": depth, "K": Kw[None], "T_1_to_2": Tb}),
        err_case("vectorized_warp/height_one", "vectorized_warp", {"src_img": torch.ones(1, 1, 1, 5), "depth": torch.ones(1, 1, 1, 5), "K": Kw[None], "T_1_to_2": T_rot[None]}),
        err_case("vectorized_warp/nan_depth", "vectorized_warp", {"src_img": torch.ones(1, 1, 2, 2), "depth": {"shape": [1, 1, 2, 2], "data": [1, 1, "NaN", 1]}, "K": Kw[None], "T_1_to_2": T_rot[None]}),
    ]

    # alpha_composite
    for name, B, N, seed, special in [
        ("batch3_five_samples", 3, 5, 12, None),
        ("single_sample", 2, 1, 13, None),
        ("opaque_and_clear", 2, 4, 14, torch.tensor([[0.0, 1.0, 0.5, 0.3], [0.2, 0.0, 0.0, 1.0]])),
        ("many_samples", 1, 64, 15, None),
    ]:
        colors = torch.rand(B, N, 3, generator=g(seed))
        alpha = torch.rand(B, N, 1, generator=g(seed + 50)) if special is None else special[..., None]
        col, T = alpha_composite(colors, alpha)
        out.append(case(f"alpha_composite/{name}", "alpha_composite", {"colors": colors, "opacities": alpha},
                        {"color": col, "transmittance": T}))
    c2 = torch.rand(2, 3, 3)
    out += [
        err_case("alpha_composite/opacity_above_one", "alpha_composite", {"colors": c2, "opacities": torch.full((2, 3, 1), 1.5)}),
        err_case("alpha_composite/opacity_negative", "alpha_composite", {"colors": c2, "opacities": torch.full((2, 3, 1), -0.1)}),
        err_case("alpha_composite/shape_mismatch", "alpha_composite", {"colors": c2, "opacities": torch.rand(2, 4, 1)}),
        err_case("alpha_composite/four_channels", "alpha_composite", {"colors": torch.rand(2, 3, 4), "opacities": torch.rand(2, 3, 1)}),
        err_case("alpha_composite/nan_color", "alpha_composite", {"colors": {"shape": [1, 1, 3], "data": [0, "NaN", 0]}, "opacities": torch.rand(1, 1, 1)}),
    ]

    # is_path_closed
    A, Bm, Cm = rot("x", 30) @ rot("z", 20), rot("y", 45), rot("z", -70) @ rot("x", 10)
    closing = (Cm @ Bm @ A).T
    for name, rs, tol in [
        ("closed_loop_of_4", [A, Bm, Cm, closing], None),
        ("wrong_order_is_open", [A, Cm, Bm, closing], None),
        ("open_by_5_degrees", [A, Bm, Cm, rot("y", 5) @ closing], None),
        ("open_within_loose_tol", [A, Bm, Cm, rot("y", 0.01) @ closing], 1e-3),
        ("single_identity", [torch.eye(3, dtype=torch.float64)], None),
        ("half_turn", [rot("z", 90), rot("z", 90)], 0.5),
    ]:
        rs32 = torch.stack(rs).float()
        exp = path_closed(rs32, 1e-6 if tol is None else tol)
        out.append(case(f"is_path_closed/{name}", "is_path_closed", {"rotations": rs32}, exp,
                        params={} if tol is None else {"tol": tol}, atol=2e-4))
    out += [
        err_case("is_path_closed/not_3x3", "is_path_closed", {"rotations": torch.zeros(2, 3, 4)}),
        err_case("is_path_closed/two_d", "is_path_closed", {"rotations": torch.eye(3)}),
        err_case("is_path_closed/negative_tol", "is_path_closed", {"rotations": torch.eye(3)[None]}, {"tol": -1}),
        err_case("is_path_closed/nan", "is_path_closed", {"rotations": {"shape": [1, 3, 3], "data": [1, 0, 0, 0, 1, 0, 0, 0, "NaN"]}}),
    ]

    # rotation_6d_to_matrix
    for name, d6 in [
        ("random_batch4", torch.randn(4, 6, generator=g(16))),
        ("identity_columns", torch.tensor([[1.0, 0, 0, 0, 1, 0], [2.0, 0, 0, 0.5, 3, 0]])),
        ("skewed_inputs", torch.tensor([[1.0, 2, 3, -1, 0.5, 2], [0.1, -0.2, 5, 3, 1, 0.2], [-4, 1, 0.5, 1, 1, 1]])),
        ("large_scale", torch.randn(3, 6, generator=g(17)) * 1000),
    ]:
        out.append(case(f"rotation_6d_to_matrix/{name}", "rotation_6d_to_matrix", {"d6": d6}, {"R": rot6d(d6)}))
    out += [
        err_case("rotation_6d_to_matrix/five_numbers", "rotation_6d_to_matrix", {"d6": torch.zeros(2, 5)}),
        err_case("rotation_6d_to_matrix/zero_a1", "rotation_6d_to_matrix", {"d6": torch.tensor([[0.0, 0, 0, 1, 2, 3]])}),
        err_case("rotation_6d_to_matrix/parallel", "rotation_6d_to_matrix", {"d6": torch.tensor([[1.0, 2, 3, 2, 4, 6]])}, contains="parallel"),
        err_case("rotation_6d_to_matrix/nan", "rotation_6d_to_matrix", {"d6": {"shape": [1, 6], "data": [1, 0, 0, 0, "NaN", 0]}}),
        err_case("rotation_6d_to_matrix/one_d", "rotation_6d_to_matrix", {"d6": torch.zeros(6)}),
    ]
    return out
