package detect

import "math"

// The mistakes problem 007's first attempts made, kept here so the
// visualizer can run them beside the right versions from the same loop.

// IoUUnclamped is the PITFALL version of IoU: the intersection's width and
// height are not clamped at 0, and the union is area_a + area_b minus that
// unclamped "intersection". Two boxes apart on both axes (one up-left of the
// other) get two negative extents whose product is a positive phantom
// overlap, so far-apart boxes can score a high IoU; boxes apart on one axis
// only get a negative IoU. Use IoU; this exists to show what goes wrong. As
// in IoU, an empty union gives 0.
func IoUUnclamped(a, b Box) float32 {
	w := float32(min(a[2], b[2]) - max(a[0], b[0]))
	h := float32(min(a[3], b[3]) - max(a[1], b[1]))
	inter := float32(w * h)
	union := float32(a.Area()+b.Area()) - inter
	if union == 0 {
		return 0
	}
	return inter / union
}

// IoUFunc computes the overlap NMS compares with its threshold.
type IoUFunc func(a, b Box) float32

// TraceNMSWith is TraceNMS with the IoU computed by iou, so a scene can
// trace the greedy loop with a pitfall such as IoUUnclamped. With iou = IoU
// its trace equals TraceNMS's. A NaN from iou never suppresses and reads 0
// in the step's IoU row.
func TraceNMSWith(boxes []Box, scores []float32, iouThreshold float64, iou IoUFunc) (*NMSTrace, error) {
	if err := checkNMSInputs("nms", boxes, scores, iouThreshold); err != nil {
		return nil, err
	}
	var s Suppressor
	order := append([]int(nil), s.sortByScore(scores)...)
	tr := &NMSTrace{Order: order, Threshold: iouThreshold, Keep: []int{}}
	n := len(boxes)
	suppressed := make([]bool, n)
	var dropped []int
	for oi, i := range order {
		if suppressed[i] {
			continue
		}
		st := NMSStep{Rank: oi, Box: i, IoU: make([]float32, n),
			SuppressedBefore: append([]int{}, dropped...)}
		for j := range st.IoU {
			st.IoU[j] = float32(math.NaN())
		}
		for _, j := range order[oi+1:] {
			if suppressed[j] {
				continue
			}
			ovr := iou(boxes[i], boxes[j])
			if float64(ovr) > iouThreshold {
				suppressed[j] = true
				st.Suppressed = append(st.Suppressed, j)
				dropped = append(dropped, j)
			}
			if math.IsNaN(float64(ovr)) {
				ovr = 0
			}
			st.IoU[j] = ovr
		}
		tr.Keep = append(tr.Keep, i)
		tr.Steps = append(tr.Steps, st)
	}
	return tr, nil
}
