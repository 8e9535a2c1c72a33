package mistakes

import (
	"math"

	"dlprep/core"
	"dlprep/core/detect"
)

// NMSSortOnly is problem 007's first attempt, which stopped after sorting:
// every box, in decreasing score order (equal scores keep index order, as
// detect.NMS visits them), none suppressed. It is detect.NMS with a
// threshold no IoU can exceed.
func NMSSortOnly(boxes []detect.Box, scores []float32, iouThreshold float64) ([]int, error) {
	if _, err := detect.NMS(boxes, scores, iouThreshold); err != nil {
		return nil, err
	}
	return detect.NMS(boxes, scores, math.MaxFloat64)
}

// NMSNoSort is NMS that forgot to sort: the greedy loop visits the boxes in
// input order, so a weak box early in the list can suppress a better one
// after it. It returns the kept indices in visiting (input) order. It is
// detect.NMS fed scores that decrease with the index.
func NMSNoSort(boxes []detect.Box, scores []float32, iouThreshold float64) ([]int, error) {
	if _, err := detect.NMS(boxes, scores, iouThreshold); err != nil {
		return nil, err
	}
	order := make([]float32, len(scores))
	for i := range order {
		order[i] = float32(len(order) - i)
	}
	return detect.NMS(boxes, order, iouThreshold)
}

// NMSUnclamped is NMS whose IoU does not clamp the overlap's width and
// height at 0 (detect.IoUUnclamped): two boxes apart on both axes get a
// phantom positive overlap and can suppress each other.
func NMSUnclamped(boxes []detect.Box, scores []float32, iouThreshold float64) ([]int, error) {
	tr, err := detect.TraceNMSWith(boxes, scores, iouThreshold, detect.IoUUnclamped)
	if err != nil {
		return nil, err
	}
	return tr.Keep, nil
}

// BoxIoUUnclamped is box_iou with detect.IoUUnclamped: the [N,M] matrix of
// overlaps whose width and height were not clamped at 0, so disjoint boxes
// get negative (one axis apart) or positive (both axes apart) values instead
// of 0.
func BoxIoUUnclamped(boxes1, boxes2 []detect.Box) (*core.Tensor, error) {
	if _, err := detect.BoxIoU(boxes1, boxes2); err != nil {
		return nil, err
	}
	out := core.New(len(boxes1), len(boxes2))
	for i, a := range boxes1 {
		for j, b := range boxes2 {
			out.Data[i*len(boxes2)+j] = detect.IoUUnclamped(a, b)
		}
	}
	return out, nil
}
