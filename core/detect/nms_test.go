package detect

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestBoxIoULiteral(t *testing.T) {
	tests := []struct {
		a, b Box
		want float32
	}{
		{Box{0, 0, 10, 10}, Box{0, 0, 10, 10}, 1},
		{Box{0, 0, 10, 10}, Box{5, 0, 15, 10}, 50.0 / 150},
		{Box{0, 0, 10, 10}, Box{10, 0, 20, 10}, 0},  // touching
		{Box{0, 0, 10, 10}, Box{20, 20, 30, 30}, 0}, // disjoint: no negative overlap
		{Box{0, 0, 10, 10}, Box{0, 0, 10, 20}, 0.5},
		{Box{3, 3, 3, 3}, Box{3, 3, 3, 3}, 0}, // empty union: 0, not NaN
		{Box{2, 2, 4, 4}, Box{0, 0, 10, 10}, 0.04},
	}
	for _, tc := range tests {
		if got := IoU(tc.a, tc.b); math.Abs(float64(got-tc.want)) > 1e-6 {
			t.Errorf("IoU(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestNMSLiteral(t *testing.T) {
	tests := []struct {
		name   string
		boxes  []Box
		scores []float32
		thr    float64
		want   []int
	}{
		{"overlapping_rows", []Box{{0, 0, 10, 10}, {1, 1, 11, 11}, {50, 50, 60, 60}}, []float32{0.9, 0.8, 0.7}, 0.5, []int{0, 2}},
		{"unsorted_scores", []Box{{1, 1, 11, 11}, {50, 50, 60, 60}, {0, 0, 10, 10}}, []float32{0.8, 0.7, 0.9}, 0.5, []int{2, 1}},
		// IoU exactly 0.5 is not greater than 0.5: both kept.
		{"iou_equals_threshold", []Box{{0, 0, 10, 10}, {0, 0, 10, 20}}, []float32{0.9, 0.8}, 0.5, []int{0, 1}},
		{"iou_equals_threshold_below", []Box{{0, 0, 10, 10}, {0, 0, 10, 20}}, []float32{0.9, 0.8}, 0.49, []int{0}},
		// Equal scores: index order (stable sort).
		{"equal_scores", []Box{{0, 0, 10, 10}, {0, 0, 10, 10}, {30, 30, 40, 40}}, []float32{0.5, 0.5, 0.5}, 0.5, []int{0, 2}},
		// A suppressed box cannot suppress: 1 is dropped by 0, so 2 survives.
		{"chain", []Box{{0, 0, 10, 10}, {6, 0, 16, 10}, {12, 0, 22, 10}}, []float32{0.9, 0.8, 0.7}, 0.2, []int{0, 2}},
		{"empty", nil, nil, 0.5, []int{}},
	}
	for _, tc := range tests {
		got, err := NMS(tc.boxes, tc.scores, tc.thr)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !slices.Equal(got, tc.want) && (len(got) != 0 || len(tc.want) != 0) {
			t.Errorf("%s: NMS(%v, %v, %v) = %v, want %v", tc.name, tc.boxes, tc.scores, tc.thr, got, tc.want)
		}
	}
}

func TestNMSErrors(t *testing.T) {
	ok := []Box{{0, 0, 1, 1}}
	nan := float32(math.NaN())
	tests := []struct {
		name   string
		boxes  []Box
		scores []float32
		thr    float64
		want   string
	}{
		{"inverted_x", []Box{{5, 0, 1, 1}}, []float32{1}, 0.5, "inverted"},
		{"inverted_y", []Box{{0, 5, 1, 1}}, []float32{1}, 0.5, "inverted"},
		{"nan_coordinate", []Box{{0, nan, 1, 1}}, []float32{1}, 0.5, "non-finite"},
		{"nan_score", ok, []float32{nan}, 0.5, "NaN"},
		{"length_mismatch", ok, []float32{1, 2}, 0.5, "1 boxes but 2 scores"},
		{"nan_threshold", ok, []float32{1}, math.NaN(), "iou_threshold"},
	}
	for _, tc := range tests {
		_, err := NMS(tc.boxes, tc.scores, tc.thr)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "nms: ") {
			t.Errorf("%s: got error %v, want one starting nms: and containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := BatchedNMS(ok, []float32{1}, []int{0, 1}, 0.5); err == nil {
		t.Errorf("BatchedNMS with 1 box and 2 class ids: got no error")
	}
}

func randomBoxes(r *rand.Rand, n int, size, maxWH float32) ([]Box, []float32) {
	boxes := make([]Box, n)
	scores := make([]float32, n)
	for i := range boxes {
		x, y := r.Float32()*size, r.Float32()*size
		boxes[i] = Box{x, y, x + r.Float32()*maxWH, y + r.Float32()*maxWH}
		// Coarse scores so that ties are common.
		scores[i] = float32(r.IntN(10)) / 10
	}
	return boxes, scores
}

// checkNMSProperties verifies the defining properties of greedy NMS:
// kept boxes come in non-increasing score order, no two kept boxes overlap
// by more than thr, and every dropped box overlaps by more than thr a kept
// box visited before it.
func checkNMSProperties(t *testing.T, boxes []Box, scores []float32, thr float64, keep []int) {
	t.Helper()
	rank := make([]int, len(boxes))
	order := make([]int, len(boxes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
	for r, i := range order {
		rank[i] = r
	}
	kept := make([]bool, len(boxes))
	for n, i := range keep {
		if i < 0 || i >= len(boxes) || kept[i] {
			t.Fatalf("keep %v: index %d out of range or repeated", keep, i)
		}
		kept[i] = true
		if n > 0 && scores[i] > scores[keep[n-1]] {
			t.Errorf("keep %v: score %v after %v is not in decreasing order", keep, scores[i], scores[keep[n-1]])
		}
		for _, j := range keep[:n] {
			if iou := IoU(boxes[i], boxes[j]); float64(iou) > thr {
				t.Errorf("kept boxes %d %v and %d %v have IoU %v > %v", j, boxes[j], i, boxes[i], iou, thr)
			}
		}
	}
	for i := range boxes {
		if kept[i] {
			continue
		}
		found := false
		for _, j := range keep {
			if rank[j] < rank[i] && float64(IoU(boxes[i], boxes[j])) > thr {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("dropped box %d %v (score %v) overlaps no earlier kept box by more than %v", i, boxes[i], scores[i], thr)
		}
	}
}

func TestNMSProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var s Suppressor
	for trial := 0; trial < 200; trial++ {
		n := r.IntN(80)
		boxes, scores := randomBoxes(r, n, 100, 40)
		thr := []float64{0, 0.1, 0.3, 0.5, 0.7, 0.9, 1}[trial%7]
		keep, err := s.NMS(boxes, scores, thr)
		if err != nil {
			t.Fatal(err)
		}
		checkNMSProperties(t, boxes, scores, thr, keep)
		tr, err := TraceNMS(boxes, scores, thr)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(tr.Keep, keep) {
			t.Fatalf("trial %d: TraceNMS keeps %v, NMS keeps %v", trial, tr.Keep, keep)
		}
	}
}

// TestTraceNMSSteps checks the recorded steps on a literal scene: box 0
// suppresses 1, box 2 is untouched, and the IoU row of step 0 holds the
// compared boxes only.
func TestTraceNMSSteps(t *testing.T) {
	boxes := []Box{{0, 0, 10, 10}, {1, 1, 11, 11}, {50, 50, 60, 60}}
	tr, err := TraceNMS(boxes, []float32{0.9, 0.8, 0.7}, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Steps) != 2 || tr.Steps[0].Box != 0 || tr.Steps[1].Box != 2 || tr.Steps[1].Rank != 2 {
		t.Fatalf("steps %+v, want box 0 at rank 0 then box 2 at rank 2", tr.Steps)
	}
	s0 := tr.Steps[0]
	if !slices.Equal(s0.Suppressed, []int{1}) || !math.IsNaN(float64(s0.IoU[0])) ||
		math.Abs(float64(s0.IoU[1])-81.0/119) > 1e-6 || s0.IoU[2] != 0 {
		t.Errorf("step 0 = %+v, want suppressed [1] and IoU [NaN %v 0]", s0, 81.0/119)
	}
	if !slices.Equal(tr.Steps[1].SuppressedBefore, []int{1}) || len(tr.Steps[1].Suppressed) != 0 {
		t.Errorf("step 1 = %+v, want suppressed-before [1] and nothing new", tr.Steps[1])
	}
}

// TestBatchedNMSIsPerClassNMS checks batched NMS against running NMS class
// by class and merging by score, on both of torchvision's paths (the
// coordinate trick below 1001 boxes, the per-class loop above).
func TestBatchedNMSIsPerClassNMS(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 30, 300, 1000, 1001, 1500} {
		boxes, scores := randomBoxes(r, n, 300, 60)
		idxs := make([]int, n)
		for i := range idxs {
			idxs[i] = r.IntN(4) * 3
		}
		got, err := BatchedNMS(boxes, scores, idxs, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		var want []int
		for c := 0; c < 12; c += 3 {
			var members []int
			var cb []Box
			var cs []float32
			for i, id := range idxs {
				if id == c {
					members, cb, cs = append(members, i), append(cb, boxes[i]), append(cs, scores[i])
				}
			}
			k, _ := NMS(cb, cs, 0.5)
			for _, j := range k {
				want = append(want, members[j])
			}
		}
		gs, ws := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
		if !slices.Equal(gs, ws) {
			t.Errorf("n=%d: batched keeps %d boxes, per-class NMS %d", n, len(gs), len(ws))
		}
		for i := 1; i < len(got); i++ {
			if scores[got[i]] > scores[got[i-1]] {
				t.Errorf("n=%d: keep not in decreasing score order at %d", n, i)
				break
			}
		}
	}
}

// TestSweepEqualsPairwise: the x-sorted sweep must give exactly the plain
// loop's result, including on boxes of very different widths, duplicates
// and thresholds 0 and 1.
func TestSweepEqualsPairwise(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	var a, b Suppressor
	for trial := 0; trial < 100; trial++ {
		n := sweepMin + r.IntN(400)
		boxes, scores := randomBoxes(r, n, 200, float32(1+r.IntN(150)))
		if trial%3 == 0 {
			boxes[0] = Box{-50, -50, 400, 400} // one huge box widens the window
			copy(boxes[n/2:n/2+10], boxes[:10])
		}
		thr := []float64{0, 0.2, 0.5, 0.8, 1}[trial%5]
		want := slices.Clone(pairwiseNMS(&a, boxes, scores, thr))
		got, err := b.NMS(boxes, scores, thr)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (n=%d thr=%v): sweep keeps %v, pairwise %v", trial, n, thr, got, want)
		}
	}
}

// pairwiseNMS runs the plain loop regardless of the threshold.
func pairwiseNMS(s *Suppressor, boxes []Box, scores []float32, thr float64) []int {
	order := s.sortByScore(scores)
	n := len(boxes)
	s.suppressed = grow(s.suppressed, n)
	clear(s.suppressed)
	s.x1, s.y1, s.x2, s.y2, s.areas = grow(s.x1, n), grow(s.y1, n), grow(s.x2, n), grow(s.y2, n), grow(s.areas, n)
	for p, i := range order {
		b := boxes[i]
		s.x1[p], s.y1[p], s.x2[p], s.y2[p], s.areas[p] = b[0], b[1], b[2], b[3], b.Area()
	}
	s.keep = s.keep[:0]
	s.pairwise(thr)
	for k, p := range s.keep {
		s.keep[k] = order[p]
	}
	return s.keep
}
