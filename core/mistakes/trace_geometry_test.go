package mistakes

import (
	"math"
	"math/rand"
	"slices"
	"testing"

	"dlprep/core"
	"dlprep/core/detect"
	"dlprep/core/geometry"
)

// Each NMS mistake's trace keeps what its mistake function returns.
func TestNMSMistakeTracesEndAtTheMistakes(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for trial := range 20 {
		n := 3 + trial
		boxes, scores := make([]detect.Box, n), make([]float32, n)
		for i := range boxes {
			x, y := rng.Float32()*80, rng.Float32()*60
			boxes[i] = detect.Box{x, y, x + 10 + rng.Float32()*30, y + 10 + rng.Float32()*30}
			scores[i] = rng.Float32()
		}
		for _, tc := range []struct {
			name  string
			trace func([]detect.Box, []float32, float64) (*detect.NMSTrace, error)
			keep  func([]detect.Box, []float32, float64) ([]int, error)
		}{
			{"sort-only", TraceNMSSortOnly, NMSSortOnly},
			{"no-sort", TraceNMSNoSort, NMSNoSort},
			{"unclamped", TraceNMSUnclamped, NMSUnclamped},
		} {
			tr, err := tc.trace(boxes, scores, 0.3)
			if err != nil {
				t.Fatal(err)
			}
			want, err := tc.keep(boxes, scores, 0.3)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(tr.Keep, want) {
				t.Fatalf("%s trial %d: trace keeps %v, mistake %v", tc.name, trial, tr.Keep, want)
			}
		}
	}
	if _, err := TraceNMSNoSort([]detect.Box{{0, 0, 1, 1}}, nil, 0.5); err == nil {
		t.Fatal("boxes without scores accepted")
	}
}

// The reversed loop's running products end at PathReversed's total.
func TestPathReversedPartials(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	rs := make([]geometry.Mat3, 4)
	rt := core.New(4, 3, 3)
	for i := range rs {
		a1 := geometry.Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		a2 := geometry.Vec3{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
		r, err := geometry.RotationFrom6D(a1, a2)
		if err != nil {
			t.Fatal(err)
		}
		for j := range r {
			rt.Data[9*i+j] = float32(r[j])
		}
		rs[i], _ = geometry.Mat3FromTensor("test", "r", &core.Tensor{Shape: []int{3, 3}, Data: rt.Data[9*i : 9*i+9]})
	}
	ps := PathReversedPartials(rs)
	want, err := PathReversed(rt, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Total {
		if math.Abs(ps[4][i]-want.Total[i]) > 1e-12 {
			t.Fatalf("last partial %v, PathReversed %v", ps[4], want.Total)
		}
	}
	if right := geometry.LoopPartials(rs)[4]; right == ps[4] {
		t.Fatal("random rotations commute: the reversed product equals the right one")
	}
}
