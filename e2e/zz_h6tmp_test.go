package e2e

import (
	"testing"
	"time"
)

func TestH6SteadyWork(t *testing.T) {
	chromium := requireE2E(t)
	base := serveSite(t, buildSite(t))
	for _, q := range []string{"?scene=timestep_embedding", "?scene=nms"} {
		b := startBrowser(t, chromium, 1280, 800)
		b.open(t, base+"/"+q)
		time.Sleep(12 * time.Second)
		st := eval[stats](t, b, `dlviz.stats()`)
		t.Logf("%s: frames %d p50 %.2f p95 %.2f first %.0f", q, st.Frames, st.WorkMsP50, st.WorkMsP95, st.FirstFrameMs)
		b.cancel()
	}
}
