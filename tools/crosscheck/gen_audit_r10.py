# ---- round 10: vanilla batched_nms path (numel > 4000) with many tied scores
n = 1200
xy = torch.tensor([[float(R10.randint(0, 60)), float(R10.randint(0, 60))] for _ in range(n)])
wh = torch.tensor([[float(R10.randint(1, 6)), float(R10.randint(1, 6))] for _ in range(n)])
bq = torch.cat([xy, xy + wh], 1)
sq = torch.tensor([R10.choice([0.2, 0.4, 0.6]) for _ in range(n)])
iq = torch.tensor([R10.randint(0, 4) for _ in range(n)])
keep = torchvision.ops.batched_nms(bq, sq, iq, 0.3)
add("detection", "r10_bnms_vanilla_ties_1200", "batched_nms", {"iou_threshold": 0.3}, {"boxes": bq, "scores": sq, "idxs": T(iq, integer=True)}, {"keep": T(keep, integer=True)})
keep = torchvision.ops.nms(bq, sq, 0.3)
add("detection", "r10_nms_ties_1200", "nms", {"iou_threshold": 0.3}, {"boxes": bq, "scores": sq}, {"keep": T(keep, integer=True)})
