package detect

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// MaxBoxes caps the number of boxes NMS accepts, so that a hostile case
// cannot make the O(N²) loop run for hours.
const MaxBoxes = 1 << 20

// Suppressor runs NMS with buffers that are reused across calls; its zero
// value is ready to use. A Suppressor is not safe for concurrent use.
type Suppressor struct {
	order      []int
	suppressed []bool
	areas      []float32
	keep       []int
	shifted    []Box
}

// NMS is torchvision.ops.nms: boxes are visited in decreasing score order
// (a stable sort, so equal scores keep index order, as torchvision 0.14 does
// on CPU) and a box is dropped when its IoU with an already kept box is
// greater than iouThreshold. It returns the kept indices in visiting order.
func NMS(boxes []Box, scores []float32, iouThreshold float64) ([]int, error) {
	var s Suppressor
	keep, err := s.NMS(boxes, scores, iouThreshold)
	return slices.Clone(keep), err
}

// NMS is the buffer-reusing form of the package-level NMS. The returned slice
// aliases the Suppressor's memory and is valid until its next call.
func (s *Suppressor) NMS(boxes []Box, scores []float32, iouThreshold float64) ([]int, error) {
	if err := checkNMSInputs("nms", boxes, scores, iouThreshold); err != nil {
		return nil, err
	}
	return s.run(boxes, scores, iouThreshold), nil
}

func checkNMSInputs(op string, boxes []Box, scores []float32, thr float64) error {
	if len(boxes) != len(scores) {
		return fmt.Errorf("%s: %d boxes but %d scores", op, len(boxes), len(scores))
	}
	if len(boxes) > MaxBoxes {
		return fmt.Errorf("%s: %d boxes exceed the limit of %d", op, len(boxes), MaxBoxes)
	}
	if math.IsNaN(thr) || math.IsInf(thr, 0) {
		return fmt.Errorf("%s: iou_threshold must be finite, got %v", op, thr)
	}
	for i, sc := range scores {
		if math.IsNaN(float64(sc)) {
			return fmt.Errorf("%s: scores[%d] is NaN", op, i)
		}
	}
	return CheckBoxes(op, "boxes", boxes)
}

// sortByScore fills s.order with 0..n-1 sorted by decreasing score, stable.
func (s *Suppressor) sortByScore(scores []float32) []int {
	n := len(scores)
	s.order = slices.Grow(s.order[:0], n)[:n]
	for i := range s.order {
		s.order[i] = i
	}
	slices.SortStableFunc(s.order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	return s.order
}

// run is the greedy loop of torchvision's CPU kernel on validated input.
func (s *Suppressor) run(boxes []Box, scores []float32, thr float64) []int {
	n := len(boxes)
	order := s.sortByScore(scores)
	s.suppressed = slices.Grow(s.suppressed[:0], n)[:n]
	clear(s.suppressed)
	s.areas = slices.Grow(s.areas[:0], n)[:n]
	for i, b := range boxes {
		s.areas[i] = b.Area()
	}
	s.keep = s.keep[:0]
	for oi, i := range order {
		if s.suppressed[i] {
			continue
		}
		s.keep = append(s.keep, i)
		bi, ai := boxes[i], s.areas[i]
		for _, j := range order[oi+1:] {
			if s.suppressed[j] {
				continue
			}
			inter := intersection(bi, boxes[j])
			// No zero-union guard: like torchvision, 0/0 is NaN, which is
			// never above the threshold.
			ovr := inter / (float32(ai+s.areas[j]) - inter)
			if float64(ovr) > thr {
				s.suppressed[j] = true
			}
		}
	}
	return s.keep
}
