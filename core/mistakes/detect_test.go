package mistakes

import (
	"fmt"
	"testing"

	"dlprep/core/detect"
)

func TestNMSMistakes(t *testing.T) {
	// Box 1 is the best; box 0 overlaps it with IoU 81/119 ≈ 0.68; box 2 is
	// far away. Unclamped, boxes apart on both axes get a phantom overlap:
	// the product of their two negative extents. Box 2 then overlaps box 1
	// by 81/119 and box 4 overlaps box 3 by 1/1.
	boxes := []detect.Box{{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}, {40, 40, 41, 41}, {42, 42, 43, 43}}
	scores := []float32{0.5, 0.9, 0.8, 0.7, 0.6}
	for _, tc := range []struct {
		name string
		f    func([]detect.Box, []float32, float64) ([]int, error)
		want string
	}{
		{"right", detect.NMS, "[1 2 3 4]"},
		{"nms-sort-only", NMSSortOnly, "[1 2 3 4 0]"},
		{"nms-no-sort", NMSNoSort, "[0 2 3 4]"},
		{"iou-unclamped", NMSUnclamped, "[1 3]"},
	} {
		keep, err := tc.f(boxes, scores, 0.5)
		if err != nil {
			t.Fatal(tc.name, err)
		}
		if got := fmt.Sprint(keep); got != tc.want {
			t.Errorf("%s: keep %s, want %s", tc.name, got, tc.want)
		}
	}
	bad := []detect.Box{{0, 0, -1, 1}}
	for name, f := range map[string]func([]detect.Box, []float32, float64) ([]int, error){
		"nms-sort-only": NMSSortOnly, "nms-no-sort": NMSNoSort, "iou-unclamped": NMSUnclamped} {
		if _, err := f(bad, []float32{1}, 0.5); err == nil {
			t.Errorf("%s: an inverted box must be an error", name)
		}
	}
}

func TestBoxIoUUnclamped(t *testing.T) {
	a := []detect.Box{{0, 0, 1, 1}}
	b := []detect.Box{{2, 0, 3, 1}, {2, 2, 3, 3}, {0, 0, 1, 1}, {0.5, 0, 1.5, 1}}
	got, err := BoxIoUUnclamped(a, b)
	if err != nil {
		t.Fatal(err)
	}
	// One axis apart: -1/3; both axes apart: 1/1; same box: 1; half overlap: 1/3.
	mustNear(t, "unclamped IoU", got.Data, f32(-1./3, 1, 1, 1./3), 1e-6)
	right, err := detect.BoxIoU(a, b)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "right IoU", right.Data, f32(0, 0, 1, 1./3), 1e-6)
	if _, err := BoxIoUUnclamped([]detect.Box{{1, 0, 0, 1}}, b); err == nil {
		t.Error("an inverted box must be an error")
	}
}
