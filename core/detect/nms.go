package detect

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"dlprep/core"
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
	// The sweep's boxes (visiting positions) sorted by x1, and their x1.
	byX      []int32
	sortedX1 []float64
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
	// The visiting order, the gathered coordinates, the sweep's index and
	// the shifted copy of batched NMS: at most 72 bytes a box.
	if err := core.CheckBudget(op, core.Items("per-box buffers", 72, len(boxes))); err != nil {
		return err
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
	s.keep = s.keep[:0]
	// Boxes that do not overlap have IoU 0 (or NaN for an empty union),
	// which only a negative threshold exceeds; with a threshold >= 0 only
	// overlapping pairs can suppress, and the x-sorted sweep finds them.
	if thr >= 0 && n >= sweepMin {
		s.sweep(thr)
	} else {
		s.pairwise(thr)
	}
	for k, p := range s.keep {
		s.keep[k] = order[p]
	}
	return s.keep
}

// sweepMin is the box count from which the sweep beats the plain loop.
const sweepMin = 64

// drops reports whether kept box p (positions in visiting order)
// suppresses box q: IoU > thr with torchvision's float32 operations. No
// zero-union guard: like torchvision, 0/0 is NaN, never above thr.
func (s *Suppressor) drops(p, q int, thr float64) bool {
	w := min(s.x2[p], s.x2[q]) - max(s.x1[p], s.x1[q])
	h := min(s.y2[p], s.y2[q]) - max(s.y1[p], s.y1[q])
	w, h = max(w, 0), max(h, 0)
	inter := float32(w * h)
	ovr := inter / (float32(s.areas[p]+s.areas[q]) - inter)
	return float64(ovr) > thr
}

// pairwise is torchvision's loop as written: every later box is scored
// against every kept box. s.keep receives visiting positions.
func (s *Suppressor) pairwise(thr float64) {
	n, sup := len(s.suppressed), s.suppressed
	for p := 0; p < n; p++ {
		if sup[p] {
			continue
		}
		s.keep = append(s.keep, p)
		for q := p + 1; q < n; q++ {
			if !sup[q] && s.drops(p, q, thr) {
				sup[q] = true
			}
		}
	}
}

// sweep gives the same result as pairwise for thr >= 0, scoring only the
// boxes whose x1 lies within (x1_p - widest box, x2_p), the only ones that
// can overlap box p. Within one step only box p suppresses, so the order in
// which its candidates are visited does not matter.
func (s *Suppressor) sweep(thr float64) {
	n, sup := len(s.suppressed), s.suppressed
	s.byX = grow(s.byX, n)
	var widest float64
	for p := range s.byX {
		s.byX[p] = int32(p)
		widest = math.Max(widest, float64(s.x2[p])-float64(s.x1[p]))
	}
	x1 := s.x1
	slices.SortFunc(s.byX, func(a, b int32) int { return cmp.Compare(x1[a], x1[b]) })
	s.sortedX1 = grow(s.sortedX1, n)
	for k, p := range s.byX {
		s.sortedX1[k] = float64(x1[p])
	}
	// A margin keeps the window a superset despite rounding in widest.
	margin := widest*1e-6 + 1e-30
	for p := 0; p < n; p++ {
		if sup[p] {
			continue
		}
		s.keep = append(s.keep, p)
		lo, _ := slices.BinarySearch(s.sortedX1, float64(s.x1[p])-widest-margin)
		hi, _ := slices.BinarySearch(s.sortedX1, float64(s.x2[p]))
		for _, q := range s.byX[lo:hi] {
			if int(q) > p && !sup[q] && s.drops(p, int(q), thr) {
				sup[q] = true
			}
		}
	}
}
