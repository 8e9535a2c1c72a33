package detect

import (
	"fmt"
	"slices"
)

// vanillaAbove is the element count (4·N) above which torchvision 0.14 runs
// batched NMS as a loop over classes on CPU instead of the coordinate-offset
// trick; the two can differ in float32 rounding and in the order of equal
// scores, so both paths are reproduced.
const vanillaAbove = 4000

// BatchedNMS is torchvision.ops.batched_nms: NMS within each class id of
// idxs, boxes of different classes never suppressing each other. Kept
// indices come in decreasing score order.
func BatchedNMS(boxes []Box, scores []float32, idxs []int, iouThreshold float64) ([]int, error) {
	var s Suppressor
	keep, err := s.BatchedNMS(boxes, scores, idxs, iouThreshold)
	return slices.Clone(keep), err
}

// BatchedNMS is the buffer-reusing form; the result is valid until the next
// call on s.
func (s *Suppressor) BatchedNMS(boxes []Box, scores []float32, idxs []int, iouThreshold float64) ([]int, error) {
	if err := checkNMSInputs("batched_nms", boxes, scores, iouThreshold); err != nil {
		return nil, err
	}
	if len(idxs) != len(boxes) {
		return nil, fmt.Errorf("batched_nms: %d boxes but %d class ids", len(boxes), len(idxs))
	}
	if len(boxes) == 0 {
		s.keep = s.keep[:0]
		return s.keep, nil
	}
	if 4*len(boxes) > vanillaAbove {
		return s.perClass(boxes, scores, idxs, iouThreshold), nil
	}
	return s.coordinateTrick(boxes, scores, idxs, iouThreshold), nil
}

// coordinateTrick shifts every box by class·(max coordinate + 1) in float32,
// so boxes of different classes cannot overlap, then runs one NMS.
func (s *Suppressor) coordinateTrick(boxes []Box, scores []float32, idxs []int, thr float64) []int {
	maxC := boxes[0][0]
	for _, b := range boxes {
		for _, c := range b {
			maxC = max(maxC, c)
		}
	}
	step := maxC + 1
	s.shifted = slices.Grow(s.shifted[:0], len(boxes))[:len(boxes)]
	for i, b := range boxes {
		off := float32(float32(idxs[i]) * step)
		for k := range b {
			s.shifted[i][k] = b[k] + off
		}
	}
	return s.run(s.shifted, scores, thr)
}

// perClass runs NMS per class, marks the survivors, and orders them by
// score with torch's unstable CPU sort, as torchvision's loop does.
func (s *Suppressor) perClass(boxes []Box, scores []float32, idxs []int, thr float64) []int {
	n := len(boxes)
	keepMask := make([]bool, n)
	classes := slices.Clone(idxs)
	slices.Sort(classes)
	classes = slices.Compact(classes)
	var members []int
	var sub Suppressor
	var cb []Box
	var cs []float32
	for _, c := range classes {
		members, cb, cs = members[:0], cb[:0], cs[:0]
		for i, id := range idxs {
			if id == c {
				members = append(members, i)
				cb = append(cb, boxes[i])
				cs = append(cs, scores[i])
			}
		}
		for _, k := range sub.run(cb, cs, thr) {
			keepMask[members[k]] = true
		}
	}
	var kept []int
	var keptScores []float32
	for i, k := range keepMask {
		if k {
			kept = append(kept, i)
			keptScores = append(keptScores, scores[i])
		}
	}
	perm := make([]int, len(kept))
	for i := range perm {
		perm[i] = i
	}
	torchSortDesc(keptScores, perm)
	s.keep = s.keep[:0]
	for _, p := range perm {
		s.keep = append(s.keep, kept[p])
	}
	return s.keep
}
