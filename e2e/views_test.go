package e2e

import (
	"fmt"
	"image"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestViews opens every view of the catalogue by its link, as a learner
// would, in headless Chromium: it must name its problem, show no banner,
// pass the layout lint at its defaults, at each preset, mid-timeline and
// at the end (at 1280×800 and again on a 390×844 phone), move when played
// (judged on the app's simulated clock, never on wall time, so a busy
// machine cannot fail it), and keep its per-frame work in bounds in
// steady state.
func TestViews(t *testing.T) {
	chromium := requireE2E(t)
	base := serveSite(t, buildSite(t))
	const w, h = 1280, 800
	b := startBrowser(t, chromium, w, h)
	b.open(t, base+"/")
	list := eval[[]sceneInfo](t, b, `dlviz.scenes()`)
	if len(list) < 37 {
		t.Errorf("%d views, want one per problem (37) at least", len(list))
	}
	var work []string
	for _, v := range list {
		t.Run(v.key(), func(t *testing.T) {
			q := "?problem=" + url.QueryEscape(v.Problem)
			if v.Problem == "" {
				q = "?scene=" + url.QueryEscape(v.ID)
			}
			b.open(t, base+"/"+q)
			st := eval[viewState](t, b, `dlviz.state()`)
			if st.key() != v.key() {
				t.Fatalf("opened %s, state is %+v", q, st)
			}
			if e := eval[string](t, b, `dlviz.mirror().error`); e != "" {
				t.Fatalf("%s shows the banner %q", q, e)
			}
			if st.Steps < 3 {
				t.Errorf("%d steps, want at least 3", st.Steps)
			}
			lintStates(t, b, v, "1280x800")
			// Play from the start: 2 s of simulated time change the picture.
			showJS(t, b, v.key(), map[string]string{"step": "0"})
			b.waitFrames(t, 2)
			before := b.screenshot(t, v.key()+"-start")
			eval[chromedp.Void](t, b, `dlviz.play(true)`)
			waitFor(t, b, `dlviz.state().time >= 2 || !dlviz.state().playing`, 90*time.Second)
			eval[chromedp.Void](t, b, `dlviz.play(false)`)
			b.waitFrames(t, 2)
			if n := diffPixels(before, b.screenshot(t, v.key()+"-played"), image.Rect(0, 48, w, h)); n < 200 {
				t.Errorf("2 s of play changed %d pixels, want a visible change", n)
			}
			// Steady-state work per frame while playing, after the reset.
			eval[chromedp.Void](t, b, `dlviz.play(true)`)
			ws := steadyWork(t, b, 60)
			eval[chromedp.Void](t, b, `dlviz.play(false)`)
			work = append(work, fmt.Sprintf("%s p50 %.2f p95 %.2f", v.key(), ws.WorkMsP50, ws.WorkMsP95))
			// The bar is p95 <= 4 ms on a quiet machine; four times that
			// here, so that a busy CI machine (software GL on 2 shared
			// cores) does not flake while a real regression still fails.
			if ws.WorkMsP95 <= 0 || ws.WorkMsP95 > 16 {
				t.Errorf("work per frame p95 %.2f ms", ws.WorkMsP95)
			}
		})
	}
	t.Logf("work per frame (ms), steady state while playing:\n  %s", strings.Join(work, "\n  "))

	t.Run("phone", func(t *testing.T) {
		b.viewport(t, 390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
		defer b.viewport(t, w, h)
		b.open(t, base+"/")
		for _, v := range list {
			showJS(t, b, v.key(), nil)
			lintStates(t, b, v, "390x844")
		}
		if over := eval[bool](t, b, `document.documentElement.scrollWidth > innerWidth`); over {
			t.Errorf("the page scrolls sideways on a phone")
		}
	})

	t.Run("menu", func(t *testing.T) {
		// A view far down the menu, reached by scrolling it with the wheel
		// and clicking the entry where the app says it drew it.
		target := list[len(list)-1].key()
		b.open(t, base+"/")
		sel := fmt.Sprintf(`dlviz.target(%q)`, "menu:"+target)
		for i := 0; i < 30 && eval[*rect](t, b, sel) == nil; i++ {
			b.wheel(t, menuX, h/2, 120)
		}
		r := eval[*rect](t, b, sel)
		if r == nil {
			t.Fatalf("menu entry of %s is not on screen even after scrolling the menu", target)
		}
		b.click(t, r.X+r.W/2, r.Y+r.H/2)
		waitFor(t, b, fmt.Sprintf(`dlviz.state().problem === %q || dlviz.state().scene === %q`, target, target), 15*time.Second)
	})
}

// lintStates runs dlviz.lint() on the view at its defaults, mid-timeline,
// at its last step and at each preset.
func lintStates(t *testing.T, b *browser, v sceneInfo, size string) {
	t.Helper()
	check := func(what string, params map[string]string, at func(steps int) int) {
		showJS(t, b, v.key(), params)
		if at != nil {
			eval[chromedp.Void](t, b, fmt.Sprintf(`dlviz.seek(%d)`, at(eval[int](t, b, `dlviz.state().steps`))))
		}
		b.waitFrames(t, 1)
		if e := eval[string](t, b, `dlviz.mirror().error`); e != "" {
			t.Errorf("%s %s %s: banner %q", v.key(), size, what, e)
		}
		if rep := eval[lintReport](t, b, `dlviz.lint()`); !rep.clean() {
			t.Errorf("%s %s %s: %d overlaps, %d clipped, %d too small: %s", v.key(), size, what,
				rep.Overlaps, rep.Clipped, rep.TooSmall, strings.Join(rep.Details, "; "))
		}
	}
	mid := func(n int) int { return n / 2 }
	check("defaults", map[string]string{"step": "0"}, nil)
	check("mid-timeline", nil, mid)
	check("last step", nil, func(n int) int { return n - 1 })
	for _, p := range v.Presets {
		check("preset "+p.Name, p.Params, nil)
		check("preset "+p.Name+", mid-timeline", p.Params, mid)
	}
}

// rect is a control's rectangle as dlviz.target returns it.
type rect struct{ X, Y, W, H float64 }

// diffPixels counts the pixels of r that differ clearly between a and b.
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
