package scenes

import (
	"math"
	"slices"
	"strings"
	"testing"

	"dlprep/core/detect"
	"dlprep/core/mistakes"
	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

// The NMS view's loop is detect.NMS's: the right run keeps what NMS
// keeps, every iteration's keeper and drops are TraceNMS's, and each
// pitfall's run keeps what its mistakes function returns, on the same
// boxes.
func TestNMSViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"pitfall": 1}, {"pitfall": 2}, {"pitfall": 3}, {"iou_threshold": 0.2, "per_object": 4},
		{"seed": 7, "per_object": 6, "pitfall": 2}} {
		s := newView(t, newNMSView, v)
		want, err := detect.NMS(s.boxes, s.scores, s.thr)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.runs[0].tr.Keep; !slices.Equal(got, want) {
			t.Fatalf("%v: right run keeps %v, detect.NMS %v", v, got, want)
		}
		// Walking the timeline: after iteration j, its drops are shown
		// suppressed and its keeper kept.
		r := &s.runs[0]
		for j, st := range r.tr.Steps {
			iter, _ := s.at(r, j+1, 1)
			if iter != j {
				t.Fatalf("%v: step %d shows iteration %d", v, j+1, iter)
			}
			if got := s.status(r, st.Box, j, -1, 1); got != nmsKeeper {
				t.Fatalf("%v: iteration %d keeper %d shown %v", v, j, st.Box, got)
			}
			for _, d := range st.Suppressed {
				if got := s.status(r, d, j, -1, 1); got != nmsSuppressed {
					t.Fatalf("%v: iteration %d drop %d shown %v", v, j, d, got)
				}
			}
		}
		for i := range s.boxes {
			st := s.status(r, i, len(r.tr.Steps), -1, 1)
			if (st == nmsKept) != slices.Contains(want, i) {
				t.Fatalf("%v: box %d ends %v; NMS keeps %v", v, i, st, want)
			}
		}
		if len(s.runs) == 1 {
			continue
		}
		fn := map[string]func([]detect.Box, []float32, float64) ([]int, error){
			"nms-sort-only": mistakes.NMSSortOnly, "nms-no-sort": mistakes.NMSNoSort, "iou-unclamped": mistakes.NMSUnclamped,
		}[s.pitfall]
		bad, err := fn(s.boxes, s.scores, s.thr)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.runs[1].tr.Keep; !slices.Equal(got, bad) {
			t.Fatalf("%s: pitfall run keeps %v, mistakes %v", s.pitfall, got, bad)
		}
		// At the defaults every pitfall's effect shows.
		if v["seed"] == 0 && slices.Equal(bad, want) {
			t.Fatalf("%s: the pitfall keeps the same boxes as NMS (%v)", s.pitfall, want)
		}
	}
}

// The proposals surround the picture's objects: each one overlaps the
// others of its object, and the strays score below every object's best.
func TestNMSProposalsSurroundObjects(t *testing.T) {
	s := newView(t, newNMSView, nil)
	best := map[int]float32{}
	for i, o := range s.object {
		best[o] = max(best[o], s.scores[i])
		for j, p := range s.object {
			if o >= 0 && p == o && detect.IoU(s.boxes[i], s.boxes[j]) < 0.3 {
				t.Errorf("boxes %d and %d of object %d barely overlap: %v %v", i, j, o, s.boxes[i], s.boxes[j])
			}
		}
	}
	for o, b := range best {
		if o >= 0 && b <= best[-1] {
			t.Errorf("object %d's best score %v is not above the strays' %v", o, b, best[-1])
		}
	}
	if len(best) != 5 {
		t.Errorf("proposals for %d objects and strays, want 4 + strays", len(best))
	}
}

// Hovering a box inspects its score and its IoU with the keeper, which
// is detect.BoxIoU's; hovering its chip labels the box on the picture.
func TestNMSInspectionAndLinks(t *testing.T) {
	s := newView(t, newNMSView, nil)
	f := &scene.Frame{Step: 1, Frac: 0.5}
	st := s.runs[0].tr.Steps[0]
	var cand int = -1
	for _, j := range s.runs[0].tr.Order[1:] {
		if !math.IsNaN(float64(st.IoU[j])) {
			cand = j
			break
		}
	}
	row, err := detect.BoxIoU(s.boxes[st.Box:st.Box+1], s.boxes)
	if err != nil {
		t.Fatal(err)
	}
	in, ok := s.Inspect(f, scene.Target{Group: grpNMSBox, Index: cand})
	if !ok || in.Value != "score "+f2(float64(s.scores[cand])) || !strings.Contains(in.Detail, "IoU with "+boxName(st.Box)+": "+f2(float64(row.Data[cand]))) {
		t.Fatalf("box %d inspection %+v; BoxIoU %v", cand, in, row.Data[cand])
	}
	// Focus the chip of a box that is neither keeper nor compared: its
	// label appears on the picture.
	other := s.runs[0].tr.Order[len(s.boxes)-1]
	rec := lint.NewRecorder(1280, 800, raster.New(1, 1, 1))
	f = &scene.Frame{Step: 1, Focus: scene.Target{Group: grpNMSChip, Index: other}}
	s.Draw(rec, f)
	want := boxName(other) + " " + f2(float64(s.scores[other]))
	found := 0
	for _, tx := range rec.Texts {
		if tx.S == want {
			found++
		}
	}
	if found < 2 { // its chip and its label on the picture
		t.Fatalf("focused chip %d: %q drawn %d times, want on the chip and the picture", other, want, found)
	}
	if _, ok := f.Locate(scene.Target{Group: grpNMSBox, Index: other}); !ok {
		t.Fatalf("box %d not marked", other)
	}
}

func TestNMSGoldens(t *testing.T) {
	checkGolden(t, "nms_iteration", "007", nil, 2, 1280, 800)
	checkGolden(t, "nms_unclamped_phone", "007", map[string]string{"pitfall": "iou-unclamped"}, 4, 390, 844)
}
