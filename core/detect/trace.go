package detect

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
	return TraceNMSWith(boxes, scores, iouThreshold, nmsIoU)
}

// nmsIoU is the overlap exactly as NMS's inner loop computes it: an empty
// union gives NaN (0/0), which never suppresses, as in torchvision, where
// IoU would report 0.
func nmsIoU(a, b Box) float32 {
	inter := intersection(a, b)
	return inter / (float32(a.Area()+b.Area()) - inter)
}
