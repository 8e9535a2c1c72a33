package scene

import (
	"math"
	"testing"

	"dlprep/viz"
)

func TestTimelineAt(t *testing.T) {
	tl := Timeline{{Stage: "a", Seconds: 1}, {Stage: "b", Seconds: 2}, {Stage: "c", Seconds: 0.5}}
	tests := []struct {
		t        float64
		step     int
		frac     float64
		whatSays string
	}{
		{-1, 0, 0, "before the start is the start"},
		{0, 0, 0, ""},
		{0.5, 0, 0.5, ""},
		{1, 1, 0, "a boundary belongs to the step it starts"},
		{1 - 1e-12, 1, 0, "float error just under a boundary is the boundary"},
		{2, 1, 0.5, ""},
		{3.25, 2, 0.5, ""},
		{3.5, 2, 1, "the end is the last step, finished"},
		{99, 2, 1, ""},
		{math.NaN(), 0, 0, ""},
	}
	for _, tt := range tests {
		step, frac := tl.At(tt.t)
		if step != tt.step || math.Abs(frac-tt.frac) > 1e-9 {
			t.Errorf("At(%v) = %d, %v; want %d, %v %s", tt.t, step, frac, tt.step, tt.frac, tt.whatSays)
		}
	}
	if d := tl.Duration(); d != 3.5 {
		t.Errorf("Duration %v", d)
	}
	if s := tl.Start(2); s != 3 {
		t.Errorf("Start(2) = %v", s)
	}
}

// The marks of a frame, as literal data: a 3×4 grid at (0,0)-(40,30), a
// box to its right and a dot below it, drawn in that order.
func testFrame() *Frame {
	f := &Frame{}
	f.Grid(1, viz.Rect{X: 0, Y: 0, W: 40, H: 30}, 3, 4)
	f.Box(2, 5, viz.Rect{X: 60, Y: 0, W: 20, H: 30})
	f.Dot(3, 9, 20, 60, 2)
	return f
}

func TestHit(t *testing.T) {
	f := testFrame()
	tests := []struct {
		x, y float64
		want Target
		ok   bool
	}{
		{1, 1, Target{1, 0}, true},
		{39, 29, Target{1, 11}, true},
		{15, 15, Target{1, 5}, true}, // row 1, column 1
		{70, 10, Target{2, 5}, true},
		{25, 64, Target{3, 9}, true}, // within the minimum hover radius
		{50, 10, Target{}, false},
	}
	for _, tt := range tests {
		got, _, ok := f.Hit(tt.x, tt.y)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Hit(%v, %v) = %+v %v, want %+v %v", tt.x, tt.y, got, ok, tt.want, tt.ok)
		}
	}
	f.Box(4, 1, viz.Rect{X: 0, Y: 0, W: 10, H: 10}) // drawn last: on top
	if got, _, _ := f.Hit(1, 1); got != (Target{4, 1}) {
		t.Errorf("the last mark is not on top: %+v", got)
	}
}

func TestMove(t *testing.T) {
	f := testFrame()
	steps := []struct {
		d    Direction
		want Target
	}{
		{Right, Target{1, 1}},
		{Right, Target{1, 2}},
		{Down, Target{1, 6}},
		{Right, Target{1, 7}},
		{Right, Target{2, 5}}, // off the grid onto the box
		{Left, Target{1, 7}},
		{Down, Target{1, 11}},
		{Down, Target{3, 9}},
		{Up, Target{1, 9}},
	}
	cur, ok := f.Move(Target{}, Right)
	if !ok || cur != (Target{1, 0}) {
		t.Fatalf("first element %+v", cur)
	}
	for _, s := range steps {
		next, ok := f.Move(cur, s.d)
		if !ok || next != s.want {
			t.Fatalf("from %+v moving %d: %+v, want %+v", cur, s.d, next, s.want)
		}
		cur = next
	}
	if _, ok := f.Move(Target{1, 0}, Up); ok {
		t.Error("moved up from the top row")
	}
}
