import numpy as np


def nms(boxes, scores, iou_threshold):
    """torchvision.ops.nms on CPU: a stable sort by score, float32 IoU."""
    order = np.argsort(-scores, kind="stable")
    x1, y1, x2, y2 = boxes.T
    areas = (x2 - x1) * (y2 - y1)
    suppressed = np.zeros(len(scores), bool)
    keep = []
    with np.errstate(invalid="ignore", divide="ignore"):
        for pos, i in enumerate(order):
            if suppressed[i]:
                continue
            keep.append(i)
            rest = order[pos + 1:]
            w = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
            h = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
            inter = w * h
            iou = inter / (areas[i] + areas[rest] - inter)
            # torchvision compares the float32 IoU with the threshold in double
            suppressed[rest[iou.astype(np.float64) > iou_threshold]] = True
    return keep


def torch_sort_desc(vals, idx):
    """Tensor.sort(descending=True) on CPU in torch 1.13: libstdc++'s
    introsort over (value, index) pairs, not stable. Sorts both lists."""
    def less(a, b):
        return vals[a] > vals[b]

    def swap(a, b):
        vals[a], vals[b] = vals[b], vals[a]
        idx[a], idx[b] = idx[b], idx[a]

    def median_to_first(result, a, b, c):
        if less(a, b):
            if less(b, c):
                swap(result, b)
            elif less(a, c):
                swap(result, c)
            else:
                swap(result, a)
        elif less(a, c):
            swap(result, a)
        elif less(b, c):
            swap(result, c)
        else:
            swap(result, b)

    def partition(first, last, pivot):
        while True:
            while less(first, pivot):
                first += 1
            last -= 1
            while less(pivot, last):
                last -= 1
            if first >= last:
                return first
            swap(first, last)
            first += 1

    def adjust_heap(first, hole, n, v, x):
        top = child = hole
        while child < (n - 1) // 2:
            child = 2 * (child + 1)
            if vals[first + child] > vals[first + child - 1]:
                child -= 1
            vals[first + hole], idx[first + hole] = vals[first + child], idx[first + child]
            hole = child
        if n & 1 == 0 and child == (n - 2) // 2:
            child = 2 * (child + 1)
            vals[first + hole], idx[first + hole] = vals[first + child - 1], idx[first + child - 1]
            hole = child - 1
        parent = (hole - 1) // 2
        while hole > top and vals[first + parent] > v:
            vals[first + hole], idx[first + hole] = vals[first + parent], idx[first + parent]
            hole = parent
            parent = (hole - 1) // 2
        vals[first + hole], idx[first + hole] = v, x

    def heapsort(first, last):
        n = last - first
        if n >= 2:
            for parent in range((n - 2) // 2, -1, -1):
                adjust_heap(first, parent, n, vals[first + parent], idx[first + parent])
        while last - first > 1:
            last -= 1
            v, x = vals[last], idx[last]
            vals[last], idx[last] = vals[first], idx[first]
            adjust_heap(first, 0, last - first, v, x)

    def introsort(first, last, depth):
        while last - first > 16:
            if depth == 0:
                heapsort(first, last)
                return
            depth -= 1
            mid = first + (last - first) // 2
            median_to_first(first, first + 1, mid, last - 1)
            cut = partition(first + 1, last, first)
            introsort(cut, last, depth)
            last = cut

    def linear_insert(last):
        v, x = vals[last], idx[last]
        nxt = last - 1
        while v > vals[nxt]:
            vals[last], idx[last] = vals[nxt], idx[nxt]
            last = nxt
            nxt -= 1
        vals[last], idx[last] = v, x

    def insertion(first, last):
        for i in range(first + 1, last):
            if less(i, first):
                v, x = vals[i], idx[i]
                vals[first + 1:i + 1], idx[first + 1:i + 1] = vals[first:i], idx[first:i]
                vals[first], idx[first] = v, x
            else:
                linear_insert(i)

    n = len(vals)
    if n < 2:
        return
    introsort(0, n, 2 * (n.bit_length() - 1))
    if n > 16:
        insertion(0, 16)
        for i in range(16, n):
            linear_insert(i)
    else:
        insertion(0, n)


def batched_nms(boxes, scores, idxs, iou_threshold):
    thr = iou_threshold
    if len(boxes) == 0:
        return np.zeros(0, np.int64)
    if 4 * len(boxes) <= 4000:
        # torchvision's coordinate trick: shift each class's boxes apart (in float32)
        step = boxes.max() + np.float32(1)
        off = (idxs.astype(np.float32) * step).astype(np.float32)
        return np.array(nms(boxes + off[:, None], scores, thr), dtype=np.int64)
    keep_mask = np.zeros(len(boxes), bool)
    for cls in np.unique(idxs):
        members = np.flatnonzero(idxs == cls)
        keep_mask[members[nms(boxes[members], scores[members], thr)]] = True
    kept = np.flatnonzero(keep_mask)
    vals, perm = [float(s) for s in scores[kept]], list(range(len(kept)))
    torch_sort_desc(vals, perm)
    return kept[perm]
