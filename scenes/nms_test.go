package scenes

import (
	"slices"
	"testing"

	"dlprep/core/detect"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// TestNMSSceneEndsAtCoreResult steps every preset to the end and checks that
// the boxes shown as kept are exactly what core's NMS (batched NMS for the
// classes layout) returns, and that every other box is shown suppressed.
func TestNMSSceneEndsAtCoreResult(t *testing.T) {
	for _, p := range (&NMSScene{}).Presets() {
		t.Run(p.Name, func(t *testing.T) {
			s := resetScene(t, "nms", p.Values).(*NMSScene)
			boxes, scores, classes := s.Boxes()
			var want []int
			var err error
			if p.Values["layout"] == nmsClasses {
				want, err = detect.BatchedNMS(boxes, scores, classes, p.Values["iou_threshold"])
			} else {
				want, err = detect.NMS(boxes, scores, p.Values["iou_threshold"])
			}
			if err != nil {
				t.Fatal(err)
			}
			_, n := s.Progress()
			for range n {
				s.Step()
			}
			if k, n2 := s.Progress(); k != n2 {
				t.Fatalf("after %d steps progress is %d of %d", n, k, n2)
			}
			if got := s.Kept(0); !slices.Equal(got, want) {
				t.Errorf("kept after the last step = %v, want core's %v", got, want)
			}
			if got := len(s.Kept(0)) + len(s.Suppressed(0)); got != len(boxes) {
				t.Errorf("kept+suppressed = %d boxes, want all %d", got, len(boxes))
			}
		})
	}
}

// TestNMSSceneStepByStep checks the intermediate states against core's trace:
// after k steps the first k kept boxes of the trace are shown kept.
func TestNMSSceneStepByStep(t *testing.T) {
	s := resetScene(t, "nms", Values{"layout": nmsRandom, "boxes": 20, "seed": 9, "iou_threshold": 0.3}).(*NMSScene)
	boxes, scores, _ := s.Boxes()
	tr, err := detect.TraceNMS(boxes, scores, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k <= len(tr.Steps); k++ {
		var wantSup []int
		for _, st := range tr.Steps[:k] {
			wantSup = append(wantSup, st.Suppressed...)
		}
		slices.Sort(wantSup)
		if got := s.Kept(0); !slices.Equal(got, tr.Keep[:k]) {
			t.Errorf("step %d: kept %v, want %v", k, got, tr.Keep[:k])
		}
		if got := s.Suppressed(0); !slices.Equal(got, wantSup) {
			t.Errorf("step %d: suppressed %v, want %v", k, got, wantSup)
		}
		s.Step()
	}
}

// TestNMSScenePitfallDiffers checks the "forgot to sort" preset really shows
// a different result, and that its run is core's loop in input order.
func TestNMSScenePitfallDiffers(t *testing.T) {
	var pre Preset
	for _, p := range (&NMSScene{}).Presets() {
		if p.Values["pitfall_unsorted"] == 1 {
			pre = p
		}
	}
	s := resetScene(t, "nms", pre.Values).(*NMSScene)
	_, n := s.Progress()
	for range n {
		s.Step()
	}
	boxes, _, _ := s.Boxes()
	inputOrder := make([]float32, len(boxes))
	for i := range inputOrder {
		inputOrder[i] = float32(len(boxes) - i)
	}
	want, err := detect.NMS(boxes, inputOrder, pre.Values["iou_threshold"])
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Kept(1); !slices.Equal(got, want) {
		t.Errorf("unsorted run kept %v, want NMS in input order %v", got, want)
	}
	if slices.Equal(s.Kept(0), s.Kept(1)) {
		t.Errorf("pitfall preset keeps the same boxes sorted and unsorted (%v): it shows nothing", s.Kept(0))
	}
}

// TestNMSSceneUnclampedPitfall checks the unclamped-IoU preset: step by
// step, the pitfall run shows core's TraceNMSWith(detect.IoUUnclamped)
// kept boxes; it ends keeping fewer than the right run, which is unchanged
// (still core's NMS); and at least one box it drops is disjoint from the
// box that drops it (true IoU 0): a far-apart box wrongly suppressed.
func TestNMSSceneUnclampedPitfall(t *testing.T) {
	var pre Preset
	for _, p := range (&NMSScene{}).Presets() {
		if p.Values["pitfall_unclamped"] == 1 {
			pre = p
		}
	}
	if pre.Values == nil {
		t.Fatal("no preset turns on pitfall_unclamped")
	}
	s := resetScene(t, "nms", pre.Values).(*NMSScene)
	boxes, scores, _ := s.Boxes()
	thr := pre.Values["iou_threshold"]
	bad, err := detect.TraceNMSWith(boxes, scores, thr, detect.IoUUnclamped)
	if err != nil {
		t.Fatal(err)
	}
	good, err := detect.NMS(boxes, scores, thr)
	if err != nil {
		t.Fatal(err)
	}
	_, n := s.Progress()
	for k := 0; k <= n; k++ {
		if got, want := s.Kept(nmsUnclamped), bad.Keep[:min(k, len(bad.Keep))]; !slices.Equal(got, want) {
			t.Errorf("step %d: unclamped run kept %v, want core's %v", k, got, want)
		}
		if k < n {
			s.Step()
		}
	}
	if got := s.Kept(nmsRight); !slices.Equal(got, good) {
		t.Errorf("right run kept %v, want core NMS %v", got, good)
	}
	if len(bad.Keep) >= len(good) {
		t.Errorf("unclamped run keeps %d boxes, right run %d: want fewer (boxes wrongly suppressed)", len(bad.Keep), len(good))
	}
	far := 0
	for _, st := range bad.Steps {
		for _, j := range st.Suppressed {
			if detect.IoU(boxes[st.Box], boxes[j]) == 0 {
				far++
			}
		}
	}
	if far == 0 {
		t.Errorf("no box is suppressed by a box it does not overlap: the pitfall shows nothing")
	}
}

// TestNMSPitfallGoldens renders the unclamped-IoU pitfall (and both
// pitfalls at once) after a few steps and compares with
// testdata/<name>_golden.png (-regen rewrites them).
func TestNMSPitfallGoldens(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     Values
		steps int
	}{
		{"nms_unclamped", Values{"layout": nmsRandom, "iou_threshold": 0.3, "boxes": 14, "seed": 4, "pitfall_unclamped": 1}, 2},
		{"nms_two_pitfalls", Values{"layout": nmsRandom, "iou_threshold": 0.3, "boxes": 14, "seed": 4, "pitfall_unclamped": 1, "pitfall_unsorted": 1}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := resetScene(t, "nms", tc.v).(*NMSScene)
			for range tc.steps {
				s.Step()
			}
			c := raster.New(960, 600, 1)
			c.Clear(viz.Paper)
			s.Draw(c)
			rastertest.Check(t, c.RGBA(), "testdata/"+tc.name+"_golden.png")
		})
	}
}

// TestNMSSceneClickShowsCoreIoU clicks the centre of a box and checks the
// IoU row shown is detect.BoxIoU's.
func TestNMSSceneClickShowsCoreIoU(t *testing.T) {
	s := resetScene(t, "nms", nil).(*NMSScene)
	s.Draw(&countCanvas{w: 960, h: 600})
	boxes, _, _ := s.Boxes()
	p := s.panels[0]
	// The smallest box is the one a click on its centre selects.
	target := 0
	for i, b := range boxes {
		if b.Area() < boxes[target].Area() {
			target = i
		}
	}
	b := boxes[target]
	x := p.X + float64(b[0]+b[2])/2/nmsWorldW*p.W
	y := p.Y + float64(b[1]+b[3])/2/nmsWorldH*p.H
	s.Update(Input{MouseX: x, MouseY: y, Clicked: true}, 0)
	sel, row := s.Selected()
	if sel != target {
		t.Fatalf("click at (%.0f,%.0f) selected box %d, want %d", x, y, sel, target)
	}
	want, err := detect.BoxIoU(boxes[target:target+1], boxes)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(row, want.Data) {
		t.Errorf("IoU row shown %v, want %v", row, want.Data)
	}
	s.Update(Input{MouseX: x, MouseY: y, Clicked: true}, 0)
	if sel, _ := s.Selected(); sel != -1 {
		t.Errorf("second click left box %d selected, want none", sel)
	}
}

// TestNMSScenePlays checks that playing advances one step per step time and
// loops after the hold.
func TestNMSScenePlays(t *testing.T) {
	s := resetScene(t, "nms", nil).(*NMSScene)
	for range int(nmsStepSeconds*60) + 2 {
		s.Update(Input{}, 1.0/60)
	}
	if k, _ := s.Progress(); k != 1 {
		t.Errorf("after %.1f s of play progress is %d, want 1", nmsStepSeconds+0.03, k)
	}
}

func BenchmarkScene_nms(b *testing.B) { benchScene(b, "nms", nil) }
