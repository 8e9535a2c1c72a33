"""batched_nms on both of torchvision's paths. On CPU torchvision offsets boxes by class
(the coordinate trick) when boxes.numel() <= 4000 and loops over classes above that; the two
disagree when boxes have negative coordinates, and the reference must follow the path
torchvision takes.
"""
import random

import torch
import torchvision

from common import T, add
from detection import bnms_case


def path_switch():
    """The same negative boxes either side of the switch: 1,001 boxes (per-class loop) and 1,000
    (coordinate trick)."""
    fill = torch.tensor([[20.0 * i, 5000.0, 20.0 * i + 10, 5010.0] for i in range(999)])
    bq = torch.cat([torch.tensor([[-10.0, -10, 0, 0], [-10, -10, 0, 0]]), fill])
    sq = torch.cat([torch.tensor([0.9, 0.8]), torch.linspace(0.1, 0.7, 999)])
    iq = torch.cat([torch.tensor([0, 1]), torch.zeros(999, dtype=torch.long)])
    bnms_case("r7_bnms_1001_negative_coords_vanilla_path", bq, sq, iq, 0.5)
    bnms_case("r7_bnms_1000_negative_coords_trick_path", bq[:1000], sq[:1000], iq[:1000], 0.5)


def many_ties():
    """1,200 boxes on a small integer grid with three score values: the per-class path, with
    nms on the same boxes, where ties must break the way torchvision breaks them. Uses its
    own random.Random(10), not the shared generator."""
    rng = random.Random(10)
    n = 1200
    xy = torch.tensor([[float(rng.randint(0, 60)), float(rng.randint(0, 60))] for _ in range(n)])
    wh = torch.tensor([[float(rng.randint(1, 6)), float(rng.randint(1, 6))] for _ in range(n)])
    bq = torch.cat([xy, xy + wh], 1)
    sq = torch.tensor([rng.choice([0.2, 0.4, 0.6]) for _ in range(n)])
    iq = torch.tensor([rng.randint(0, 4) for _ in range(n)])
    keep = torchvision.ops.batched_nms(bq, sq, iq, 0.3)
    add("detection", "r10_bnms_vanilla_ties_1200", "batched_nms", {"iou_threshold": 0.3}, {"boxes": bq, "scores": sq, "idxs": T(iq, integer=True)}, {"keep": T(keep, integer=True)})
    keep = torchvision.ops.nms(bq, sq, 0.3)
    add("detection", "r10_nms_ties_1200", "nms", {"iou_threshold": 0.3}, {"boxes": bq, "scores": sq}, {"keep": T(keep, integer=True)})
