"""Ties and limits: nms and batched_nms with tied scores (torchvision sorts stably: the lower
index wins), torchvision's coordinate-offset trick in batched_nms letting negative boxes
suppress across classes, is_path_closed where the acos argument must be clamped (180 degrees, and
a near-identity product whose trace rounds to 3), and integers beyond 2^53 in the cost
formulas.
"""
import math

import torch

from common import D, I, add
from detection import bnms_case, nms_case
from geometry import ipc_ref, rotm


def cases():
    # nms ties (torchvision sorts stably: equal scores -> lower index first)
    nms_case("r3_ties_stable", torch.tensor([[0.0, 0, 1, 1], [5, 5, 6, 6], [0, 0, 1, 1], [5, 5, 6, 6]]), torch.tensor([0.5, 0.5, 0.5, 0.5]), 0.5)
    nms_case("r3_ties_reverse", torch.tensor([[5.0, 5, 6, 6], [0, 0, 1, 1], [0, 0, 1.05, 1], [5, 5, 6.1, 6]]), torch.tensor([0.3, 0.7, 0.7, 0.3]), 0.5)
    bnms_case("r3_bnms_ties", torch.tensor([[0.0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1], [2, 2, 3, 3]]), torch.tensor([0.5, 0.5, 0.5, 0.5]), torch.tensor([1, 0, 1, 0]), 0.5)
    # torchvision coordinate-trick quirk: negative coords leak suppression across classes
    bnms_case("r3_bnms_negative_coords_tv_quirk", torch.tensor([[-10.0, -10, 0, 0], [-10, -10, 0, 0]]), torch.tensor([0.9, 0.8]), torch.tensor([0, 1]), 0.5)
    bnms_case("r3_bnms_positive_coords", torch.tensor([[0.0, 0, 10, 10], [0, 0, 10, 10]]), torch.tensor([0.9, 0.8]), torch.tensor([0, 1]), 0.5)

    # is_path_closed: acos clamping at 180 deg and at ~0
    Rpi = rotm([1, 1, 1], math.pi).float()
    c_, tot, e, ang = ipc_ref(Rpi[None], 1e-6)
    add("geometry", "r3_180deg", "is_path_closed", {}, {"rotations": Rpi[None]}, {"closed": I(0), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(180.0)}, atol=0.05, rtol=0)
    for ax in ([1, 2, 3], [0.3, -1, 0.2], [5, 1, -2], [1, 0, 0.001]):
        R = rotm(ax, 0.9137).float()
        Rs = torch.stack([R, R.T, R, R.T])
        tt_ = D(Rs[3]) @ D(Rs[2]) @ D(Rs[1]) @ D(Rs[0])
        if tt_.trace() > 3 - 1e-9:
            break
    c_, tot, e, ang = ipc_ref(Rs, 1e-3)
    add("geometry", "r3_near_identity_trace", "is_path_closed", {"tol": 1e-3}, {"rotations": Rs}, {"closed": I(1), "total": tot, "error": torch.tensor(e), "angle_deg": torch.tensor(0.0)}, atol=0.1, rtol=0)

    # big integers beyond 2^53 (still int64)
    n, d = 3000001, 4097
    P, S = 6 * n * d * d, 2 * n * n * d
    add("complexity", "r3_beyond_2p53", "mhsa_flops", {"n": n, "d": d, "heads": 1}, {}, {"projections": I(P), "scores": I(S), "weighted_sum": I(S), "output_projection": I(2 * n * d * d), "total": I(P + 2 * S + 2 * n * d * d)}, atol=0, rtol=0)
    # crossover must not loop
    add("complexity", "r3_cross_huge", "cnn_vit_flops", {"N": 1, "C": 1000000, "K": 2000, "T": 1, "Kt": 1}, {},
        {"crossover_N": I(1000000 * (2000 * 2000 - 4) // 2 + 1)}, atol=0, rtol=0)
