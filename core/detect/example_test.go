package detect_test

import (
	"fmt"

	"dlprep/core/detect"
)

// ExampleTraceNMS shows what the NMS scene animates: one step per kept box,
// the IoU it has with each box still in play, and what it suppresses.
func ExampleTraceNMS() {
	boxes := []detect.Box{{0, 0, 10, 10}, {1, 1, 11, 11}, {50, 50, 60, 60}, {52, 50, 62, 60}}
	scores := []float32{0.9, 0.8, 0.7, 0.95}
	tr, err := detect.TraceNMS(boxes, scores, 0.5)
	if err != nil {
		panic(err)
	}
	fmt.Println("order", tr.Order, "keep", tr.Keep)
	for _, st := range tr.Steps {
		fmt.Printf("rank %d keeps box %d, IoU %.2f, suppresses %v\n", st.Rank, st.Box, st.IoU, st.Suppressed)
	}
	// Output:
	// order [3 0 1 2] keep [3 0]
	// rank 0 keeps box 3, IoU [0.00 0.00 0.67 NaN], suppresses [2]
	// rank 1 keeps box 0, IoU [NaN 0.68 NaN NaN], suppresses [1]
}
