package scenes

import (
	"image/color"
	"reflect"
	"testing"

	"dlprep/viz"
	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
)

// The reusable buffers lay panels out exactly as kit's allocating
// functions do, so a view switched to them draws the same picture.
func TestCellsBufLaysOutAsKit(t *testing.T) {
	var b cellsBuf
	for _, tc := range []struct {
		r          viz.Rect
		n          int
		gap, other float64
	}{
		{viz.Rect{X: 10, Y: 20, W: 700, H: 450}, 3, 26, 170},
		{viz.Rect{X: 0, Y: 0, W: 370, H: 450}, 4, 12, 150},
		{viz.Rect{X: 5, Y: 5, W: 1200, H: 300}, 6, 12, 40},
		{viz.Rect{W: 100, H: 100}, 1, 10, 200},
		{viz.Rect{W: 100, H: 100}, 0, 10, 20},
	} {
		if got, want := b.flow(tc.r, tc.n, tc.gap, tc.other), flowCells(tc.r, tc.n, tc.gap, tc.other); !sameRects(got, want) {
			t.Errorf("flow %+v: %v, flowCells %v", tc, got, want)
		}
		if got, want := b.grid(tc.r, tc.n, tc.gap, tc.other), gridCells(tc.r, tc.n, tc.gap, tc.other); !sameRects(got, want) {
			t.Errorf("grid %+v: %v, gridCells %v", tc, got, want)
		}
	}
}

func sameRects(a, b []viz.Rect) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

// shapeCanvas records the lines and polygons drawn.
type shapeCanvas struct {
	countCanvas
	lines [][4]float64
	polys [][]viz.Point
}

func (c *shapeCanvas) Line(x1, y1, x2, y2, width float64, col color.RGBA) {
	c.lines = append(c.lines, [4]float64{x1, y1, x2, y2})
}

func (c *shapeCanvas) FillPolygon(pts []viz.Point, col color.RGBA) {
	c.polys = append(c.polys, append([]viz.Point(nil), pts...))
}

// Arrows from the scratch buffer are kit's arrows, and drawing them
// allocates nothing.
func TestPolyScratchArrowsAsKit(t *testing.T) {
	var p polyScratch
	cells := flowCells(viz.Rect{W: 800, H: 300}, 3, 30, 100)
	want, got := &shapeCanvas{}, &shapeCanvas{}
	flowArrows(want, cells)
	arrow(want, 1, 2, 40, 80, 1.5, viz.Ink)
	p.flowArrows(got, cells)
	p.arrow(got, 1, 2, 40, 80, 1.5, viz.Ink)
	if !reflect.DeepEqual(got.lines, want.lines) || !reflect.DeepEqual(got.polys, want.polys) {
		t.Errorf("scratch arrows drew %v %v, kit %v %v", got.lines, got.polys, want.lines, want.polys)
	}
	c := &countCanvas{w: 800, h: 300}
	if n := testing.AllocsPerRun(20, func() { p.flowArrows(c, cells) }); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}

// A memo makes each value once until reset; a readout memo remakes its
// rows only when its key changes.
func TestMemos(t *testing.T) {
	var m memo[int, string]
	made := 0
	mk := func() string { made++; return "v" }
	for range 3 {
		m.get(1, mk)
		m.get(2, mk)
	}
	if made != 2 {
		t.Errorf("made %d values for 2 keys", made)
	}
	m.reset()
	m.get(1, mk)
	if made != 3 {
		t.Errorf("after reset the value was not made again (%d)", made)
	}
	var ro kvMemo[int]
	calls := 0
	rows := func() []scene.KV { calls++; return []scene.KV{{Key: "k", Value: "v"}} }
	ro.get(0, rows)
	ro.get(0, rows)
	ro.get(1, rows)
	ro.reset()
	ro.get(1, rows)
	if calls != 3 {
		t.Errorf("readout made %d times, want 3", calls)
	}
}

// note's wrapping is remembered per measurer: canvases that measure
// differently each get the lines viz.WrapText makes with them, whichever
// wrapped first, and a drawn note writes exactly those lines.
func TestWrappedPerMeasurer(t *testing.T) {
	const s = "guided ε = 3.00 × ((0.12, −0.40) − (0.31, 0.02)) + (0.31, 0.02) = (−0.26, −1.24): a long line that has to wrap"
	const w = 180.0
	approx, exact := &countCanvas{w: 300, h: 200}, lint.NewRecorder(300, 200, raster.New(1, 1, 1))
	for _, m := range []viz.Measurer{approx, exact, approx} {
		if got, want := wrapped(m, s, kitLabel, w), viz.WrapText(m, s, kitLabel, w); !reflect.DeepEqual(got, want) {
			t.Errorf("%T: wrapped %q, WrapText %q", m, got, want)
		}
	}
	r := viz.Rect{X: 10, Y: 10, W: w, H: 200}
	h := note(exact, r, s, viz.Ink)
	want := viz.WrapText(exact, s, kitLabel, w)
	if len(exact.Texts) != len(want) || len(want) < 2 || h != float64(len(want))*viz.LineHeight(kitLabel) {
		t.Fatalf("note wrote %d lines in %v, want %d", len(exact.Texts), h, len(want))
	}
	for i := range want {
		if exact.Texts[i].S != want[i] {
			t.Errorf("line %d: %q, want %q", i, exact.Texts[i].S, want[i])
		}
	}
}

// The shared memos allocate nothing once they hold a value: notes and
// layouts are asked for every frame.
func TestSharedMemosAllocateNothing(t *testing.T) {
	c := lint.NewRecorder(300, 200, raster.New(1, 1, 1))
	r := viz.Rect{X: 10, Y: 20, W: 400, H: 300}
	const s = "a note long enough to wrap onto a second line at this width"
	wrapped(c, s, kitLabel, 120)
	flowCells(r, 3, 12, 80)
	if n := testing.AllocsPerRun(20, func() {
		wrapped(c, s, kitLabel, 120)
		flowCells(r, 3, 12, 80)
	}); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
}
