package e2e

import (
	"os"
	"sort"
	"strconv"
	"testing"
	"time"
)

// bootTimes are the page's own marks, in ms since navigation start.
type bootTimes struct {
	DownloadedAt float64 `json:"downloadedAt"`
	StartedAt    float64 `json:"startedAt"`
	FirstFrameAt float64 `json:"firstFrameAt"`
	GoMain       float64 `json:"goMain"`
	AppReady     float64 `json:"appReady"`
	GoFirstFrame float64 `json:"goFirstFrame"`
	WorkMsP95    float64 `json:"workMsP95"`
}

// TestColdLoads times DLPREP_E2E_PERF first loads, each in a fresh browser
// with an empty profile (nothing cached), and logs the medians. It only
// measures: the machine's load decides the numbers more than the code does,
// so it does not fail on them.
func TestColdLoads(t *testing.T) {
	chromium := requireE2E(t)
	n, _ := strconv.Atoi(os.Getenv("DLPREP_E2E_PERF"))
	if n <= 0 {
		t.Skip("set DLPREP_E2E_PERF=5 to time five cold loads")
	}
	base := serveSite(t, buildSite(t))
	var runs []bootTimes
	for i := 0; i < n; i++ {
		b := startBrowser(t, chromium, 1280, 800)
		b.open(t, base+"/")
		time.Sleep(1500 * time.Millisecond) // frames for the work percentile
		bt := eval[bootTimes](t, b, `({downloadedAt: dlprepBoot.downloadedAt, startedAt: dlprepBoot.startedAt,
			firstFrameAt: dlprepBoot.firstFrameAt, goMain: dlprepBoot.marks.goMain, appReady: dlprepBoot.marks.appReady, goFirstFrame: dlviz.stats().firstFrameMs, workMsP95: dlviz.stats().workMsP95})`)
		t.Logf("load %d: downloaded+compiled %.0f ms, Go main %.0f, app ready %.0f, ebiten starting %.0f, first frame %.0f ms (Go: %.0f ms after shell.New), work p95 %.2f ms",
			i+1, bt.DownloadedAt, bt.GoMain, bt.AppReady, bt.StartedAt, bt.FirstFrameAt, bt.GoFirstFrame, bt.WorkMsP95)
		runs = append(runs, bt)
		b.cancel()
	}
	med := func(f func(bootTimes) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	t.Logf("median of %d cold loads: first frame %.0f ms after navigation (download+compile %.0f, Go start %.0f, Go to first frame %.0f); work p95 %.2f ms",
		n, med(func(b bootTimes) float64 { return b.FirstFrameAt }), med(func(b bootTimes) float64 { return b.DownloadedAt }),
		med(func(b bootTimes) float64 { return b.StartedAt }), med(func(b bootTimes) float64 { return b.GoFirstFrame }),
		med(func(b bootTimes) float64 { return b.WorkMsP95 }))
}
