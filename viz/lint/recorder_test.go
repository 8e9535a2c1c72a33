package lint

import (
	"image"
	"testing"

	"dlprep/viz"
)

// fixed measures every rune as 0.5 of the size wide.
type fixed struct{}

func (fixed) TextWidth(s string, size float64) float64 { return float64(len([]rune(s))) * size * 0.5 }

func TestCheck(t *testing.T) {
	type op func(r *Recorder)
	text := func(x, y float64, s string, size float64) op {
		return func(r *Recorder) { r.Text(x, y, s, size, viz.Ink, viz.AlignLeft) }
	}
	panel := func(x, y, w, h float64) op {
		return func(r *Recorder) { r.MarkPanel(viz.Rect{X: x, Y: y, W: w, H: h}) }
	}
	overlay := func(x, y, w, h float64) op {
		return func(r *Recorder) { r.MarkOverlay(viz.Rect{X: x, Y: y, W: w, H: h}) }
	}
	fill := func(x, y, w, h float64) op {
		return func(r *Recorder) { r.FillRect(x, y, w, h, viz.Paper) }
	}
	tests := []struct {
		name                        string
		ops                         []op
		overlaps, clipped, tooSmall int
	}{
		{"clean lines at line height", []op{text(10, 20, "hello", 12), text(10, 20+viz.LineHeight(12), "world", 12)}, 0, 0, 0},
		{"two labels on one spot", []op{text(10, 20, "hello", 12), text(20, 22, "world", 12)}, 1, 0, 0},
		{"side by side, touching", []op{text(10, 20, "ab", 12), text(22, 20, "cd", 12)}, 0, 0, 0},
		{"off the right edge", []op{text(190, 20, "hello", 12)}, 0, 1, 0},
		{"above the top", []op{text(10, 5, "hello", 12)}, 0, 1, 0},
		{"too small", []op{text(10, 20, "tiny", 10)}, 0, 0, 1},
		{"leaves its panel", []op{panel(0, 0, 50, 50), text(30, 20, "long label", 12)}, 0, 1, 0},
		{"panel declared after the text does not own it", []op{text(30, 20, "long label", 12), panel(0, 0, 50, 50)}, 0, 0, 0},
		{"innermost panel wins", []op{panel(0, 0, 200, 100), panel(0, 0, 40, 40), text(5, 20, "abc", 12)}, 0, 0, 0},
		{"painted over entirely is hidden", []op{text(10, 20, "hello", 12), text(12, 20, "hello", 12), fill(0, 0, 200, 100)}, 0, 0, 0},
		{"painted over partly is clipped", []op{text(10, 20, "hello", 12), fill(20, 0, 100, 100)}, 0, 1, 0},
		{"fill underneath is fine", []op{fill(0, 0, 200, 100), text(10, 20, "hello", 12)}, 0, 0, 0},
		{"an overlay hides what it covers partly", []op{text(10, 20, "hello", 12), overlay(20, 0, 100, 100), text(30, 40, "menu", 12)}, 0, 0, 0},
		{"text on an overlay belongs to it, not to the panels below", []op{panel(0, 0, 30, 30), overlay(0, 0, 200, 100), text(10, 20, "long menu entry", 12)}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewRecorder(200, 100, fixed{})
			for _, o := range tt.ops {
				o(r)
			}
			rep := r.Check(12)
			if rep.Overlaps != tt.overlaps || rep.Clipped != tt.clipped || rep.TooSmall != tt.tooSmall {
				t.Errorf("got %v; want %d overlaps, %d clipped, %d too small", rep, tt.overlaps, tt.clipped, tt.tooSmall)
			}
		})
	}
}

func TestSubCanvasForwardsPanels(t *testing.T) {
	r := NewRecorder(200, 100, fixed{})
	var sub viz.SubCanvas
	sub.Set(r, viz.Rect{X: 100, Y: 0, W: 100, H: 100})
	viz.MarkPanel(&sub, viz.Rect{X: 0, Y: 0, W: 40, H: 40})
	sub.Text(30, 20, "overflowing", 12, viz.Ink, viz.AlignLeft)
	if rep := r.Check(12); rep.Clipped != 1 {
		t.Fatalf("got %v, want the text to leave its shifted panel", rep)
	}
	if got := r.Panels[0]; got.X != 100 {
		t.Fatalf("panel at x=%v, want 100 (shifted)", got.X)
	}
}

func TestOversizedBitmap(t *testing.T) {
	r := NewRecorder(200, 100, fixed{})
	r.Image(&viz.Bitmap{Img: image.NewRGBA(image.Rect(0, 0, 5000, 2))}, 0, 0, 10, 10, false)
	r.Image(&viz.Bitmap{Img: image.NewRGBA(image.Rect(0, 0, 4096, 4096))}, 0, 0, 10, 10, false)
	if rep := r.Check(12); rep.Clipped != 1 {
		t.Fatalf("got %v, want the 5000 px bitmap reported", rep)
	}
}
