package detect

import "math"

// NMSStep is one visit of the greedy loop: the box it keeps and what that
// box does to the boxes after it in score order.
type NMSStep struct {
	// Rank is the position of Box in Trace.Order.
	Rank int
	// Box is the index of the box kept at this step.
	Box int
	// IoU[j] is the IoU of Box with box j for every box j compared at this
	// step (later in score order and not yet suppressed); NaN for boxes not
	// compared. An empty union reads 0 here.
	IoU []float32
	// Suppressed lists the boxes this step drops, in score order.
	Suppressed []int
	// SuppressedBefore lists the boxes already dropped when the step starts.
	SuppressedBefore []int
}

// NMSTrace is the full record of one NMS run, for animating it.
type NMSTrace struct {
	// Order is the visiting order (indices by decreasing score, stable).
	Order []int
	// Keep equals what NMS returns.
	Keep []int
	// Steps has one entry per kept box, in visiting order.
	Steps     []NMSStep
	Threshold float64
}

// TraceNMS runs NMS while recording every step. It allocates O(N·K) memory
// for the per-step IoU rows, which is meant for scenes with tens of boxes;
// use NMS or a Suppressor for speed. Its Keep always equals NMS's result.
func TraceNMS(boxes []Box, scores []float32, iouThreshold float64) (*NMSTrace, error) {
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
		ai := boxes[i].Area()
		for _, j := range order[oi+1:] {
			if suppressed[j] {
				continue
			}
			inter := intersection(boxes[i], boxes[j])
			ovr := inter / (float32(ai+boxes[j].Area()) - inter)
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
