package e2e

import (
	"fmt"
	"image"
	"net/url"
	"testing"
	"time"
)

// headlineScenes are the five scenes the product is known for (issue 5).
var headlineScenes = []string{"attention", "diffusion", "nms", "depth", "warp"}

// TestHeadlineScenes opens each headline scene by URL and by the menu, sees
// it animate (the picture changes while it plays), checks its screenshot is
// not blank and records the Go-measured work per frame.
func TestHeadlineScenes(t *testing.T) {
	chromium := requireE2E(t)
	base := serveSite(t, buildSite(t))
	const w, h = 1280, 800
	b := startBrowser(t, chromium, w, h)
	b.open(t, base+"/")

	for _, id := range headlineScenes {
		t.Run(id+"/by URL", func(t *testing.T) {
			b.open(t, base+"/?scene="+url.QueryEscape(id))
			if st := eval[viewState](t, b, `dlviz.state()`); st.Scene != id {
				t.Fatalf("opened ?scene=%s, state is %+v", id, st)
			}
			if e := eval[string](t, b, `dlviz.mirror().error`); e != "" {
				t.Fatalf("the default view of %s shows the banner %q", id, e)
			}
			if !eval[bool](t, b, `dlviz.state().playing`) {
				b.key(t, " ") // start playing
				waitFor(t, b, `dlviz.state().playing`, 10*time.Second)
			}
			b.waitFrames(t, 3)
			first := b.screenshot(t, id+"-a")
			if std, colours := pixelStats(first); std < 8 || colours < 16 {
				t.Errorf("%s looks blank: luminance std %.1f, %d colours", id, std, colours)
			}
			// Animation: within a few seconds of play the scene's own area
			// (between the menu and the parameter column, below the top bar)
			// must change.
			deadline := time.Now().Add(6 * time.Second)
			changed := 0
			for time.Now().Before(deadline) && changed < 200 {
				time.Sleep(700 * time.Millisecond)
				changed = diffPixels(first, b.screenshot(t, id+"-b"), image.Rect(int(menuW)+2, int(topBarH)+2, w*70/100, h*3/4))
			}
			if changed < 200 {
				t.Errorf("%s did not animate: %d pixels of the scene area changed in 6 s of play", id, changed)
			}
			// Work per frame at the scene's defaults in steady state: the
			// ring holds the last 240 frames, so wait until the page's
			// start-up frames (scene reset, first plot) have left it, or 15 s.
			deadline = time.Now().Add(15 * time.Second)
			for time.Now().Before(deadline) && eval[int](t, b, `dlviz.stats().frames`) < 250 {
				time.Sleep(250 * time.Millisecond)
			}
			st := eval[stats](t, b, `dlviz.stats()`)
			t.Logf("%s: work per frame p50 %.2f ms, p95 %.2f ms over %d frames (bar: p95 <= 8 ms)", id, st.WorkMsP50, st.WorkMsP95, st.Frames)
			// Twice the bar, so a busy CI machine (software GL on 2 shared
			// cores) does not flake, while a real regression still fails;
			// the log above shows how far below the bar the scene is.
			if st.WorkMsP95 <= 0 || st.WorkMsP95 > 16 {
				t.Errorf("%s: workMsP95 = %.2f ms", id, st.WorkMsP95)
			}
		})
		t.Run(id+"/by menu", func(t *testing.T) {
			other := "timestep_embedding"
			if id == other {
				other = "nms"
			}
			b.open(t, base+"/?scene="+other)
			// The shell says where it drew the entry; an entry below the
			// fold is scrolled into view with the wheel, as a user would.
			target := fmt.Sprintf(`dlviz.target(%q)`, "menu:"+id)
			for i := 0; i < 12 && eval[*rect](t, b, target) == nil; i++ {
				b.wheel(t, menuW/2, h/2, 120)
			}
			r := eval[*rect](t, b, target)
			if r == nil {
				t.Fatalf("menu entry of %s is not on screen even after scrolling the menu", id)
			}
			b.click(t, r.X+r.W/2, r.Y+r.H/2)
			waitFor(t, b, fmt.Sprintf(`dlviz.state().scene === %q`, id), 15*time.Second)
			waitFor(t, b, fmt.Sprintf(`new URLSearchParams(location.search).get("scene") === %q`, id), 10*time.Second)
			f := eval[int](t, b, `dlviz.stats().frames`)
			waitFor(t, b, fmt.Sprintf(`dlviz.stats().frames > %d`, f+5), 15*time.Second)
			if std, colours := pixelStats(b.screenshot(t, id+"-menu")); std < 8 || colours < 16 {
				t.Errorf("%s after a menu click looks blank: luminance std %.1f, %d colours", id, std, colours)
			}
		})
	}
}

// rect is a control's rectangle as dlviz.target returns it.
type rect struct{ X, Y, W, H float64 }

// diffPixels counts the pixels inside r whose colour differs by more than a
// small tolerance between a and b.
func diffPixels(a, b image.Image, r image.Rectangle) int {
	r = r.Intersect(a.Bounds()).Intersect(b.Bounds())
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if abs(int(r1>>8)-int(r2>>8))+abs(int(g1>>8)-int(g2>>8))+abs(int(b1>>8)-int(b2>>8)) > 24 {
				n++
			}
		}
	}
	return n
}
