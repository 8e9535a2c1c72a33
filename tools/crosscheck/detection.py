"""Detection cases from the contract rows of OPS.md: box_iou, nms, batched_nms.
"""
import torch
import torchvision

from common import D, T, add, err, g, uni


def rboxes(n, lo=0, hi=50, wmax=20):
    xy = uni(n, 2, lo=lo, hi=hi); wh = uni(n, 2, lo=1, hi=wmax)
    return torch.cat([xy, xy + wh], 1).float()


def nms_case(nm, boxes, scores, thr):
    keep = torchvision.ops.nms(D(boxes), D(scores), thr)
    add("detection", nm, "nms", {"iou_threshold": thr}, {"boxes": boxes, "scores": scores}, {"keep": T(keep, integer=True)})


def bnms_case(nm, boxes, scores, idxs, thr):
    keep = torchvision.ops.batched_nms(D(boxes), D(scores), idxs, thr)
    add("detection", nm, "batched_nms", {"iou_threshold": thr}, {"boxes": boxes, "scores": scores, "idxs": T(idxs, integer=True)}, {"keep": T(keep, integer=True)})


def cases():
    b1, b2 = rboxes(5), rboxes(3)
    add("detection", "random_5x3", "box_iou", {}, {"boxes1": b1, "boxes2": b2}, {"iou": torchvision.ops.box_iou(D(b1), D(b2))})
    b1 = torch.tensor([[0.0, 0, 0, 0], [0, 0, 2, 2], [1, 1, 1, 5]]); b2 = torch.tensor([[0.0, 0, 0, 0], [1, 1, 3, 3], [5, 5, 5, 5]])
    iou = torch.nan_to_num(torchvision.ops.box_iou(D(b1), D(b2)), nan=0.0)
    add("detection", "degenerate_zero_union", "box_iou", {}, {"boxes1": b1, "boxes2": b2}, {"iou": iou})
    b1 = torch.tensor([[0.0, 0, 10, 10]]); b2 = torch.tensor([[10.0, 0, 20, 10], [-5, -5, 15, 15], [2, 2, 4, 4]])
    add("detection", "touching_and_containing", "box_iou", {}, {"boxes1": b1, "boxes2": b2}, {"iou": torchvision.ops.box_iou(D(b1), D(b2))})
    err("detection", "inverted_x", "box_iou", {}, {"boxes1": torch.tensor([[5.0, 0, 1, 3]]), "boxes2": torch.tensor([[0.0, 0, 1, 1]])})
    err("detection", "inverted_y_in_boxes2", "box_iou", {}, {"boxes1": torch.tensor([[0.0, 0, 1, 1]]), "boxes2": torch.tensor([[0.0, 3, 1, 1]])})
    err("detection", "nan", "box_iou", {}, {"boxes1": {"shape": [1, 4], "data": [0, 0, "NaN", 1]}, "boxes2": torch.tensor([[0.0, 0, 1, 1]])})
    err("detection", "bad_cols", "box_iou", {}, {"boxes1": torch.zeros(2, 3), "boxes2": torch.zeros(1, 4)})
    b = rboxes(12, hi=30, wmax=15); s = torch.randperm(12, generator=g).float() / 12 + 0.01
    nms_case("random12_t0.3", b, s, 0.3)
    nms_case("random12_t0.7", b, s, 0.7)
    nms_case("random12_t0", b, s, 0.0)
    nms_case("exact_half_kept", torch.tensor([[0.0, 0, 2, 1], [0, 0, 1, 1], [5, 5, 6, 6]]), torch.tensor([0.9, 0.8, 0.95]), 0.5)
    nms_case("duplicates_t1", torch.tensor([[0.0, 0, 4, 4], [0, 0, 4, 4], [1, 1, 5, 5]]), torch.tensor([0.3, 0.6, 0.5]), 1.0)
    nms_case("touching_t0", torch.tensor([[0.0, 0, 1, 1], [1.0, 0, 2, 1], [0.5, 0, 1.5, 1]]), torch.tensor([0.9, 0.8, 0.7]), 0.0)
    nms_case("chain_suppression", torch.tensor([[0.0, 0, 10, 10], [3, 0, 13, 10], [6, 0, 16, 10]]), torch.tensor([0.9, 0.8, 0.7]), 0.4)
    nms_case("negative_scores", torch.tensor([[0.0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]]), torch.tensor([-0.5, -0.1, -2.0]), 0.5)
    add("detection", "empty", "nms", {"iou_threshold": 0.5}, {"boxes": {"shape": [0, 4], "data": []}, "scores": {"shape": [0], "data": []}}, {"keep": {"shape": [0], "data": []}})
    err("detection", "nan_coord", "nms", {"iou_threshold": 0.5}, {"boxes": {"shape": [2, 4], "data": [0, 0, 1, 1, 0, "NaN", 1, 1]}, "scores": torch.tensor([0.5, 0.4])})
    err("detection", "inverted", "nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [2, 0, 1, 1]]), "scores": torch.tensor([0.5, 0.4])})
    err("detection", "inverted_y", "nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [0, 2, 1, 1]]), "scores": torch.tensor([0.5, 0.4])})
    err("detection", "scores_len", "nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1]]), "scores": torch.tensor([0.5, 0.4])})
    err("detection", "missing_threshold", "nms", {}, {"boxes": torch.tensor([[0.0, 0, 1, 1]]), "scores": torch.tensor([0.5])})
    b = rboxes(15, hi=25, wmax=15); s = torch.randperm(15, generator=g).float() / 15 + 0.02
    idx = torch.randint(0, 3, (15,), generator=g)
    bnms_case("random15_3classes", b, s, idx, 0.4)
    bnms_case("same_box_diff_class", torch.tensor([[0.0, 0, 5, 5], [0, 0, 5, 5], [0, 0, 5, 5], [1, 1, 5, 5]]), torch.tensor([0.9, 0.8, 0.7, 0.95]), torch.tensor([0, 1, 0, 1]), 0.5)
    bnms_case("noncontig_class_ids", torch.tensor([[0.0, 0, 5, 5], [1, 0, 6, 5], [100, 100, 105, 105], [0, 0, 5, 5]]), torch.tensor([0.5, 0.6, 0.7, 0.4]), torch.tensor([7, 7, 2, 42]), 0.3)
    err("detection", "idxs_len", "batched_nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [0, 0, 2, 2]]), "scores": torch.tensor([0.5, 0.4]), "idxs": T(torch.tensor([0]))})
    err("detection", "inverted", "batched_nms", {"iou_threshold": 0.5}, {"boxes": torch.tensor([[0.0, 0, 1, 1], [0, 3, 2, 2]]), "scores": torch.tensor([0.5, 0.4]), "idxs": T(torch.tensor([0, 1]))})
