package scenes

import (
	"slices"
	"testing"

	"dlprep/core/detect"
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
