"""box_iou, nms, batched_nms (problem 007) with torchvision.ops (0.14, CPU).

Ties matter: nms sorts scores with a stable descending sort; batched_nms on
more than 1000 boxes loops over classes and orders the survivors with torch's
unstable CPU sort, so several cases use quantised scores with many ties.
"""
import torch
import torchvision

from common import case, err_case


def rand_boxes(n, seed, size=100.0, max_wh=30.0, quant=None):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * size
    wh = torch.rand(n, 2, generator=g) * max_wh
    b = torch.cat([xy, xy + wh], 1)
    if quant:
        b = torch.round(b / quant) * quant
    return b


def rand_scores(n, seed, levels=None):
    g = torch.Generator().manual_seed(seed + 1000)
    s = torch.rand(n, generator=g)
    if levels:
        s = torch.floor(s * levels) / levels
    return s


def box_iou(a, b):
    iou = torchvision.ops.box_iou(a, b)
    return torch.nan_to_num(iou, nan=0.0)  # OPS.md: empty union -> 0


def cases():
    out = []
    # box_iou
    special = torch.tensor([[0, 0, 10, 10], [0, 0, 10, 10], [10, 0, 20, 10], [5, 5, 5, 5],
                            [20, 20, 30, 40], [-5, -5, 2, 3]], dtype=torch.float32)
    for name, a, b in [
        ("random_5x7", rand_boxes(5, 1), rand_boxes(7, 2)),
        ("identical_touching_zero_area", special, special),
        ("zero_area_pairs", torch.tensor([[1., 1, 1, 1], [2, 2, 2, 5]]), torch.tensor([[1., 1, 1, 1], [0, 0, 4, 4]])),
        ("empty_first", torch.zeros(0, 4), rand_boxes(3, 3)),
        ("empty_second", rand_boxes(4, 4), torch.zeros(0, 4)),
        ("large_coordinates", rand_boxes(6, 5, size=1e4, max_wh=500), rand_boxes(4, 6, size=1e4, max_wh=500)),
    ]:
        out.append(case(f"box_iou/{name}", "box_iou", {"boxes1": a, "boxes2": b}, {"iou": box_iou(a, b)}))
    good = rand_boxes(3, 7)
    out += [
        err_case("box_iou/inverted_box", "box_iou", {"boxes1": torch.tensor([[0., 0, 10, 10], [10, 0, 5, 10]]), "boxes2": good}, contains="inverted"),
        err_case("box_iou/nan_box", "box_iou", {"boxes1": good, "boxes2": {"shape": [1, 4], "data": [0, 0, "NaN", 1]}}),
        err_case("box_iou/inf_box", "box_iou", {"boxes1": {"shape": [1, 4], "data": [0, 0, "Infinity", 1]}, "boxes2": good}),
        err_case("box_iou/five_columns", "box_iou", {"boxes1": torch.zeros(2, 5), "boxes2": good}),
        err_case("box_iou/one_d", "box_iou", {"boxes1": torch.zeros(4), "boxes2": good}),
    ]

    # nms
    tie_boxes = torch.tensor([[0., 0, 10, 10], [0, 0, 10, 20], [0, 0, 10, 10], [50, 50, 60, 60], [50, 50, 60, 60], [0, 10, 10, 20]])
    for name, b, s, thr in [
        ("overlapping_50_t05", rand_boxes(50, 11), rand_scores(50, 11), 0.5),
        ("overlapping_50_t03", rand_boxes(50, 11), rand_scores(50, 11), 0.3),
        ("dense_200_t07", rand_boxes(200, 12, size=60), rand_scores(200, 12), 0.7),
        ("equal_scores_40", rand_boxes(40, 13, size=50), torch.ones(40), 0.5),
        ("quantised_scores_300", rand_boxes(300, 14, size=80, quant=1.0), rand_scores(300, 14, levels=5), 0.4),
        ("iou_exactly_threshold", tie_boxes, torch.tensor([0.9, 0.8, 0.8, 0.5, 0.5, 0.7]), 0.5),
        ("threshold_zero", rand_boxes(30, 15), rand_scores(30, 15), 0.0),
        ("threshold_one", rand_boxes(30, 16, size=20), rand_scores(30, 16), 1.0),
        ("single_box", rand_boxes(1, 17), rand_scores(1, 17), 0.5),
        ("empty", torch.zeros(0, 4), torch.zeros(0), 0.5),
        ("many_1500", rand_boxes(1500, 18, size=400), rand_scores(1500, 18, levels=20), 0.5),
        ("negative_scores", rand_boxes(25, 19), rand_scores(25, 19) - 0.5, 0.45),
    ]:
        keep = torchvision.ops.nms(b, s, thr)
        out.append(case(f"nms/{name}", "nms", {"boxes": b, "scores": s}, {"keep": keep}, params={"iou_threshold": thr}))
    b3, s3 = rand_boxes(3, 20), rand_scores(3, 20)
    out += [
        err_case("nms/nan_coordinate", "nms", {"boxes": {"shape": [2, 4], "data": [0, 0, 1, 1, "NaN", 0, 2, 2]}, "scores": torch.tensor([0.5, 0.4])}, {"iou_threshold": 0.5}),
        err_case("nms/inverted_x", "nms", {"boxes": torch.tensor([[0., 0, 10, 10], [8, 0, 2, 10]]), "scores": torch.tensor([0.5, 0.4])}, {"iou_threshold": 0.5}, contains="inverted"),
        err_case("nms/inverted_y", "nms", {"boxes": torch.tensor([[0., 5, 10, 1]]), "scores": torch.tensor([0.5])}, {"iou_threshold": 0.5}),
        err_case("nms/scores_length", "nms", {"boxes": b3, "scores": torch.rand(4)}, {"iou_threshold": 0.5}),
        err_case("nms/nan_score", "nms", {"boxes": b3, "scores": {"shape": [3], "data": [0.1, "NaN", 0.3]}}, {"iou_threshold": 0.5}),
        err_case("nms/missing_threshold", "nms", {"boxes": b3, "scores": s3}),
        err_case("nms/string_threshold", "nms", {"boxes": b3, "scores": s3}, {"iou_threshold": "half"}),
        err_case("nms/boxes_3_columns", "nms", {"boxes": torch.zeros(3, 3), "scores": s3}, {"iou_threshold": 0.5}),
    ]

    # batched_nms
    def classes(n, k, seed):
        g = torch.Generator().manual_seed(seed + 2000)
        return torch.randint(0, k, (n,), generator=g)

    for name, b, s, c, thr in [
        ("three_classes_60", rand_boxes(60, 21, size=50), rand_scores(60, 21), classes(60, 3, 21), 0.5),
        ("same_boxes_two_classes", torch.cat([rand_boxes(10, 22)] * 2), torch.cat([rand_scores(10, 22)] * 2), torch.tensor([0] * 10 + [1] * 10), 0.5),
        ("ties_five_classes_200", rand_boxes(200, 23, size=60, quant=1.0), rand_scores(200, 23, levels=4), classes(200, 5, 23), 0.4),
        ("one_class", rand_boxes(40, 24), rand_scores(40, 24), torch.zeros(40, dtype=torch.int64), 0.5),
        ("sparse_class_ids", rand_boxes(30, 25), rand_scores(30, 25), classes(30, 3, 25) * 7 + 2, 0.3),
        ("empty", torch.zeros(0, 4), torch.zeros(0), torch.zeros(0, dtype=torch.int64), 0.5),
        # > 1000 boxes: torchvision's per-class loop and its unstable sort
        ("loop_path_1200_ties", rand_boxes(1200, 26, size=300), rand_scores(1200, 26, levels=8), classes(1200, 6, 26), 0.5),
        ("loop_path_2000_equal", rand_boxes(2000, 27, size=500), torch.ones(2000) * 0.5, classes(2000, 4, 27), 0.6),
        ("loop_path_1001", rand_boxes(1001, 28, size=200), rand_scores(1001, 28), classes(1001, 10, 28), 0.5),
        ("trick_path_1000_ties", rand_boxes(1000, 29, size=200), rand_scores(1000, 29, levels=3), classes(1000, 4, 29), 0.5),
    ]:
        keep = torchvision.ops.batched_nms(b, s, c, thr)
        out.append(case(f"batched_nms/{name}", "batched_nms", {"boxes": b, "scores": s, "idxs": c}, {"keep": keep}, params={"iou_threshold": thr}))
    out += [
        err_case("batched_nms/idxs_length", "batched_nms", {"boxes": b3, "scores": s3, "idxs": torch.tensor([0, 1])}, {"iou_threshold": 0.5}),
        err_case("batched_nms/fractional_idx", "batched_nms", {"boxes": b3, "scores": s3, "idxs": torch.tensor([0, 1.5, 2])}, {"iou_threshold": 0.5}),
        err_case("batched_nms/inverted_box", "batched_nms", {"boxes": torch.tensor([[0., 0, 10, 10], [3, 9, 4, 2]]), "scores": torch.tensor([0.5, 0.4]), "idxs": torch.tensor([0, 1])}, {"iou_threshold": 0.5}),
        err_case("batched_nms/nan_box", "batched_nms", {"boxes": {"shape": [1, 4], "data": ["NaN", 0, 1, 1]}, "scores": torch.tensor([0.5]), "idxs": torch.tensor([0])}, {"iou_threshold": 0.5}),
        err_case("batched_nms/missing_idxs", "batched_nms", {"boxes": b3, "scores": s3}, {"iou_threshold": 0.5}),
    ]
    return out
