package scenes

import (
	"slices"
	"strings"
	"testing"

	"dlprep/core/attention"
)

// TestWindowSceneShowsCoreTubeWeights clicks tokens and checks the weights
// painted on the grid are the query's row of core's tube attention, and
// that tokens of other tubes are out of reach.
func TestWindowSceneShowsCoreTubeWeights(t *testing.T) {
	s := resetScene(t, "window_attention", Values{"heads": 1, "head": 1}).(*WindowAttentionScene)
	s.Draw(&countCanvas{w: 960, h: 600})
	for _, tok := range [][3]int{{0, 0, 0}, {1, 3, 4}, {3, 7, 7}, {2, 4, 3}} {
		r := s.grid.cellRect(tok[0], tok[1], tok[2])
		s.Update(Input{MouseX: r.X + r.W/2, MouseY: r.Y + r.H/2, Clicked: true}, 0)
		if s.q != tok {
			t.Fatalf("click on token %v selected %v", tok, s.q)
		}
		tube, qi := s.win.TubeOf(0, tok[0], tok[1], tok[2])
		want, _, err := attention.WindowAttentionWeights(s.x, s.wts, s.heads, s.win, tube)
		if err != nil {
			t.Fatal(err)
		}
		n := s.win.Size()
		row := want.Data[(1*n+qi)*n : (1*n+qi+1)*n]
		if got := s.QueryWeights(); !slices.Equal(got, row) {
			t.Errorf("token %v: weights %v, want core's %v", tok, got, row)
		}
		for tt := range s.t {
			for h := range s.h {
				for w := range s.w {
					tb, i := s.win.TubeOf(0, tt, h, w)
					want := float32(-1)
					if tb == tube {
						want = row[i]
					}
					if got := s.TokenWeight(tt, h, w); got != want {
						t.Fatalf("query %v: token (%d,%d,%d) shows %v, want %v", tok, tt, h, w, got, want)
					}
				}
			}
		}
	}
}

// TestWindowSceneReportsCoreError checks an indivisible window shows core's
// error rather than a picture.
func TestWindowSceneReportsCoreError(t *testing.T) {
	s, _ := New("window_attention")
	v := Defaults(s.Params())
	v["T"] = 5
	err := s.Reset(v)
	if err == nil || !strings.Contains(err.Error(), "T=5") {
		t.Fatalf("Reset with T=5, wT=2: error %v, want core's divisibility message", err)
	}
	c := &countCanvas{w: 800, h: 500, keep: true}
	s.Draw(c)
	if !strings.Contains(strings.Join(c.texts, " "), "T=5") {
		t.Errorf("error banner does not show the message; drew %q", c.texts)
	}
}

func BenchmarkScene_window_attention(b *testing.B) { benchScene(b, "window_attention", nil) }

// TestWindowSceneUnpartitionPitfall checks the pitfall panel: with the
// inverse permute every cell gets back its own token (so its own tube);
// reshaping the tube layout straight back misplaces tokens across tubes.
func TestWindowSceneUnpartitionPitfall(t *testing.T) {
	s := resetScene(t, "window_attention", Values{"pitfall_unpartition": 1}).(*WindowAttentionScene)
	nh, nw := s.h/s.win.H, s.w/s.win.W
	for i, got := range s.back {
		tb, _ := s.win.TubeOf(0, i/(s.h*s.w), i/s.w%s.h, i%s.w)
		if want := (tb.T*nh+tb.H)*nw + tb.W; got != want {
			t.Fatalf("right un-partition: cell %d holds a token of tube %d, want its own tube %d", i, got, want)
		}
	}
	if m := s.Misplaced(); m == 0 {
		t.Errorf("pitfall misplaces no token: it shows nothing")
	}
	// A window equal to the whole video has a single tube: nothing can move.
	s = resetScene(t, "window_attention", Values{"pitfall_unpartition": 1, "T": 2, "H": 4, "W": 4, "wT": 2, "wH": 4, "wW": 4}).(*WindowAttentionScene)
	if m := s.Misplaced(); m != 0 {
		t.Errorf("single tube: %d cells misplaced, want 0", m)
	}
}
