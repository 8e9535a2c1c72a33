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
	keep       []int
	shifted    []Box
	// Coordinates and areas gathered in visiting order, so the O(N²) inner
	// loop reads memory sequentially.
	x1, y1, x2, y2, areas []float32
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

// grow returns buf resized to n, reusing its memory.
func grow[T any](buf []T, n int) []T { return slices.Grow(buf[:0], n)[:n] }

// run is the greedy loop of torchvision's CPU kernel on validated input.
func (s *Suppressor) run(boxes []Box, scores []float32, thr float64) []int {
	n := len(boxes)
	order := s.sortByScore(scores)
	s.suppressed = grow(s.suppressed, n)
	clear(s.suppressed)
	s.x1, s.y1, s.x2, s.y2 = grow(s.x1, n), grow(s.y1, n), grow(s.x2, n), grow(s.y2, n)
	s.areas = grow(s.areas, n)
	for p, i := range order {
		b := boxes[i]
		s.x1[p], s.y1[p], s.x2[p], s.y2[p] = b[0], b[1], b[2], b[3]
		s.areas[p] = b.Area()
	}
	// Boxes that do not overlap have IoU 0 (or NaN for an empty union),
	// which only a negative threshold exceeds: then every pair is scored.
	skipDisjoint := thr >= 0
	sup := s.suppressed
	x1, y1, x2, y2, areas := s.x1, s.y1[:n], s.x2[:n], s.y2[:n], s.areas[:n]
	s.keep = s.keep[:0]
	for p := 0; p < n; p++ {
		if sup[p] {
			continue
		}
		s.keep = append(s.keep, order[p])
		ix1, iy1, ix2, iy2, ia := x1[p], y1[p], x2[p], y2[p], areas[p]
		for q := p + 1; q < n; q++ {
			if sup[q] {
				continue
			}
			w := float32(min(ix2, x2[q]) - max(ix1, x1[q]))
			if w <= 0 {
				if skipDisjoint {
					continue
				}
				w = 0
			}
			h := float32(min(iy2, y2[q]) - max(iy1, y1[q]))
			if h <= 0 {
				if skipDisjoint {
					continue
				}
				h = 0
			}
			inter := float32(w * h)
			// No zero-union guard: like torchvision, 0/0 is NaN, which is
			// never above the threshold.
			ovr := inter / (float32(ia+areas[q]) - inter)
			if float64(ovr) > thr {
				sup[q] = true
			}
		}
	}
	return s.keep
}
