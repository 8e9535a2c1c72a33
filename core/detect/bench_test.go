package detect

import (
	"math/rand/v2"
	"testing"

	"dlprep/internal/benchcpu"
)

// BenchmarkOp_nms is NMS on 5,000 random boxes at IoU 0.5 with a reused
// Suppressor (no allocation per call).
func BenchmarkOp_nms(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	boxes, scores := randomBoxes(r, 5000, 1000, 80)
	for i := range scores {
		scores[i] = r.Float32()
	}
	var s Suppressor
	b.ReportAllocs()
	benchcpu.Loop(b, func() {
		if _, err := s.NMS(boxes, scores, 0.5); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkOp_batched_nms is batched NMS on 5,000 boxes of 10 classes (the
// per-class path).
func BenchmarkOp_batched_nms(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	boxes, scores := randomBoxes(r, 5000, 1000, 80)
	idxs := make([]int, len(boxes))
	for i := range idxs {
		idxs[i] = r.IntN(10)
	}
	var s Suppressor
	benchcpu.Loop(b, func() {
		if _, err := s.BatchedNMS(boxes, scores, idxs, 0.5); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkOp_box_iou is the 1000 x 1000 IoU matrix into a reused buffer.
func BenchmarkOp_box_iou(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	b1, _ := randomBoxes(r, 1000, 500, 60)
	b2, _ := randomBoxes(r, 1000, 500, 60)
	dst := make([]float32, len(b1)*len(b2))
	b.ReportAllocs()
	benchcpu.Loop(b, func() {
		BoxIoUInto(dst, b1, b2)
	})
}
