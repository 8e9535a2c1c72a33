package mistakes

import (
	"math"

	"dlprep/core/detect"
	"dlprep/core/geometry"
)

// Traces of the geometry and detection mistakes, for the visualizer to play
// a pitfall step by step beside the right version. Each ends where its
// mistake function does (trace_geometry_test.go).

// TraceNMSSortOnly is NMSSortOnly's loop recorded: every box visited in
// score order, none suppressed.
func TraceNMSSortOnly(boxes []detect.Box, scores []float32, iouThreshold float64) (*detect.NMSTrace, error) {
	if _, err := detect.NMS(boxes, scores, iouThreshold); err != nil {
		return nil, err
	}
	return detect.TraceNMS(boxes, scores, math.MaxFloat64)
}

// TraceNMSNoSort is NMSNoSort's loop recorded: the boxes visited in input
// order.
func TraceNMSNoSort(boxes []detect.Box, scores []float32, iouThreshold float64) (*detect.NMSTrace, error) {
	if _, err := detect.NMS(boxes, scores, iouThreshold); err != nil {
		return nil, err
	}
	order := make([]float32, len(scores))
	for i := range order {
		order[i] = float32(len(order) - i)
	}
	return detect.TraceNMS(boxes, order, iouThreshold)
}

// TraceNMSUnclamped is NMSUnclamped's loop recorded: the IoU rows hold the
// unclamped overlaps.
func TraceNMSUnclamped(boxes []detect.Box, scores []float32, iouThreshold float64) (*detect.NMSTrace, error) {
	return detect.TraceNMSWith(boxes, scores, iouThreshold, detect.IoUUnclamped)
}

// PathReversedPartials are the running products of PathReversed: P_0 = I
// and P_k = P_{k-1} R_{k-1}, each new rotation on the right, so P_n is
// PathReversed's Total.
func PathReversedPartials(rs []geometry.Mat3) []geometry.Mat3 {
	out := make([]geometry.Mat3, len(rs)+1)
	out[0] = geometry.Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}
	for k, r := range rs {
		out[k+1] = out[k].Mul(r)
	}
	return out
}
