package e2e

import (
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// plotWorkerWasm is the plot worker's module in the site folder.
const plotWorkerWasm = "plotworker.wasm"

// plotView draws a viz/plot Figure in its first step (and is the default
// view, so every first visit meets the worker); the links open it paused
// there, so the plot stays on screen however slowly the worker arrives.
const plotView = "?problem=009&step=0"

// plotStats are the plot worker's fields of dlviz.stats() (wasm/doc.go)
// with the page's first-frame time.
type plotStats struct {
	Worker       string  `json:"plotWorker"`
	StartedAt    float64 `json:"plotWorkerStartedAt"`
	ReadyAt      float64 `json:"plotWorkerReadyAt"`
	Bytes        float64 `json:"plotWorkerBytes"`
	Delivered    int     `json:"plotRemoteDelivered"`
	Renders      int     `json:"plotRemoteRenders"`
	Stale        int     `json:"plotRemoteStale"`
	Failed       int     `json:"plotRemoteFailed"`
	LastMs       float64 `json:"plotRemoteLastMs"`
	FirstFrameAt float64 `json:"firstFrameAt"`
}

const readPlotStats = `Object.assign({firstFrameAt: dlprepBoot.firstFrameAt}, dlviz.stats())`

// TestPlotWorker checks that plots in the browser become gonum/plot
// renderings from the plot worker without the first frame waiting for it,
// and that the page keeps the light renderer when the worker cannot load.
func TestPlotWorker(t *testing.T) {
	chromium := requireE2E(t)
	dir := buildSite(t)
	base := serveSite(t, dir)
	b := startBrowser(t, chromium, 1280, 800)

	t.Run("gonum renderings arrive after the first frame", func(t *testing.T) {
		b.open(t, base+"/"+plotView)
		// The first frame came with the light renderer; the worker is
		// started only once it is on screen.
		waitFor(t, b, `dlviz.stats().plotRemoteRenders >= 1`, 60*time.Second)
		st := eval[plotStats](t, b, readPlotStats)
		if st.Worker != "ready" {
			t.Errorf("plotWorker = %q, want ready", st.Worker)
		}
		if !(st.StartedAt >= st.FirstFrameAt) {
			t.Errorf("the worker started at %.0f ms, before the first frame at %.0f ms", st.StartedAt, st.FirstFrameAt)
		}
		if st.Failed != 0 {
			t.Errorf("%d failed plot renderings: %s", st.Failed, b.diagnose())
		}
		if v := eval[[]string](t, b, `dlprepBoot.violations`); len(v) > 0 {
			t.Errorf("Content-Security-Policy violations: %q", v)
		}
		// The worker's downloads are not in the page's resource timing: add
		// them to see what the whole first visit costs.
		page := eval[float64](t, b, `performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
			.reduce((n, e) => n + e.encodedBodySize, 0)`)
		if st.Bytes < 1e6 {
			t.Errorf("the worker reports %.0f bytes downloaded, want its module's size", st.Bytes)
		}
		t.Logf("over the wire: page %.2f MB (all the first frame needs), plot worker %.2f MB after the first frame (%.2f MB in all)",
			page/1e6, st.Bytes/1e6, (page+st.Bytes)/1e6)
		t.Logf("first frame %.0f ms; worker started %.0f ms, gonum loaded %.0f ms (%.0f ms after start); %d renderings delivered, %d shown, %d stale; last round trip %.0f ms",
			st.FirstFrameAt, st.StartedAt, st.ReadyAt, st.ReadyAt-st.StartedAt, st.Delivered, st.Renders, st.Stale, st.LastMs)
	})

	t.Run("a changed plot is rendered again", func(t *testing.T) {
		n := eval[int](t, b, `dlviz.stats().plotRemoteRenders`)
		if msg := eval[any](t, b, `dlviz.show('009', {dim: 32, step: 0})`); msg != nil {
			t.Fatalf("dlviz.show: %v", msg)
		}
		waitFor(t, b, `dlviz.stats().plotRemoteRenders > `+strconv.Itoa(n), 30*time.Second)
		b.screenshot(t, "plot-worker")
	})

	// A site without the worker's module (a partial deploy, or a blocked
	// download) still draws, with the light renderer, and says why once.
	t.Run("no worker module: light plots", func(t *testing.T) {
		partial := t.TempDir()
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), plotWorkerWasm) || !e.Type().IsRegular() {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(partial, e.Name()), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		pb := startBrowser(t, chromium, 1280, 800)
		pb.open(t, serveSite(t, partial)+"/"+plotView)
		waitFor(t, pb, `dlviz.stats().plotWorker === 'failed'`, 30*time.Second)
		pb.waitFrames(t, 3)
		st := eval[plotStats](t, pb, readPlotStats)
		if st.Renders != 0 {
			t.Errorf("%d gonum renderings shown without the worker's module", st.Renders)
		}
		pb.screenshot(t, "plot-light")
		if msg := eval[string](t, pb, `dlviz.mirror().error`); msg != "" {
			t.Errorf("banner %q: a missing plot worker is not the visitor's problem", msg)
		}
	})

	// Every Worker refused (an old browser, or a policy): the same.
	t.Run("no workers at all: light plots", func(t *testing.T) {
		tab := b.newTab(t, `window.Worker = function () { throw new Error('workers are disabled here'); };`)
		tab.open(t, base+"/"+plotView)
		waitFor(t, tab, `dlviz.stats().plotWorker === 'failed'`, 30*time.Second)
		tab.waitFrames(t, 3)
		if n := eval[int](t, tab, `dlviz.stats().plotRemoteRenders`); n != 0 {
			t.Errorf("%d gonum renderings shown with no Worker", n)
		}
	})
}

// TestPlotWorkerColdLoads times DLPREP_E2E_PERF cold loads of the plot
// scene with the worker and as many without its module, each in a fresh
// browser, and logs the median first frames: the worker must not slow the
// first frame. It only measures (the machine's load decides the numbers).
func TestPlotWorkerColdLoads(t *testing.T) {
	chromium := requireE2E(t)
	n, _ := strconv.Atoi(os.Getenv("DLPREP_E2E_PERF"))
	if n <= 0 {
		t.Skip("set DLPREP_E2E_PERF=5 to time five cold loads with and without the plot worker")
	}
	dir := buildSite(t)
	without := t.TempDir()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), plotWorkerWasm) {
			data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			os.WriteFile(filepath.Join(without, e.Name()), data, 0o644)
		}
	}
	sites := map[string]string{"with worker": serveSite(t, dir), "without worker": serveSite(t, without)}
	ff := map[string][]float64{}
	var gonumAt []float64
	for i := 0; i < n; i++ {
		for _, name := range []string{"with worker", "without worker"} { // interleaved: load drifts
			b := startBrowser(t, chromium, 1280, 800)
			b.open(t, sites[name]+"/"+plotView)
			ff[name] = append(ff[name], math.Round(eval[float64](t, b, `dlprepBoot.firstFrameAt`)))
			if name == "with worker" {
				waitFor(t, b, `dlviz.stats().plotRemoteRenders >= 1`, 60*time.Second) // polled every 20 ms
				gonumAt = append(gonumAt, eval[float64](t, b, `performance.now()`))
			}
			b.cancel()
		}
	}
	med := func(v []float64) float64 {
		v = append([]float64(nil), v...)
		sort.Float64s(v)
		return v[len(v)/2]
	}
	t.Logf("median of %d cold loads of %s: first frame %.0f ms with the plot worker, %.0f ms without; first gonum plot on screen about %.0f ms after navigation (first frames with %v, without %v)",
		n, plotView, med(ff["with worker"]), med(ff["without worker"]), med(gonumAt), ff["with worker"], ff["without worker"])
}
