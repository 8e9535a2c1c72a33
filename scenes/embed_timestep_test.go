package scenes

import (
	"math"
	"testing"

	"dlprep/core/embed"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The timestep view shows embed.TimestepEmbedding's values bit for bit
// (transposed, a column per timestep), the pitfall is
// mistakes.TimestepFreqOverD's, and the colours decode to the values.
func TestTimestepViewIsCoreEmbedding(t *testing.T) {
	for _, v := range []scene.Values{nil, {"layout": 1}, {"dim": 4}, {"dim": 32, "pitfall": 1}, {"layout": 1, "pitfall": 1, "dim": 10}} {
		s := newView(t, newTimestepView, v)
		want, err := embed.TimestepEmbedding(s.ts, s.d, s.layout)
		if err != nil {
			t.Fatal(err)
		}
		for r := 0; r < tsN; r++ {
			for j := 0; j < s.d; j++ {
				if got := s.hemb.vals[j*tsN+r]; got != want.Data[r*s.d+j] {
					t.Fatalf("%v: PE(t=%d, %d) shown %v, core %v", v, r*tsStep, j, got, want.Data[r*s.d+j])
				}
				got := s.hemb.bm.Value(j, r, viz.BlueWhiteRed, -1, 1)
				if math.Abs(got-float64(want.Data[r*s.d+j])) > 0.1 {
					t.Fatalf("%v: cell (%d, %d) reads %v, PE %v", v, j, r, got, want.Data[r*s.d+j])
				}
			}
		}
		f, _ := embed.Frequencies(s.d, s.layout)
		if got, want := float64(s.periods[s.d/2-1]), 2*math.Pi/f[s.d/2-1]; math.Abs(got-want) > 1e-3*want {
			t.Errorf("%v: slowest period %v, want %v", v, got, want)
		}
		if s.pitfall == "" {
			continue
		}
		bad, err := mistakes.TimestepFreqOverD(s.ts, s.d, s.layout)
		if err != nil {
			t.Fatal(err)
		}
		diff := 0.0
		for r := 0; r < tsN; r++ {
			for j := 0; j < s.d; j++ {
				if got := s.hbadEmb.vals[j*tsN+r]; got != bad.Data[r*s.d+j] {
					t.Fatalf("%v: pitfall PE(t=%d, %d) shown %v, mistakes %v", v, r*tsStep, j, got, bad.Data[r*s.d+j])
				}
				diff = math.Max(diff, math.Abs(float64(bad.Data[r*s.d+j]-want.Data[r*s.d+j])))
			}
		}
		if diff < 0.5 {
			t.Errorf("%v: the pitfall differs from the right embedding by at most %v; want a visible difference", v, diff)
		}
	}
}

// The pitfall shows on arrival: its slowest clock turns within the 1000
// steps (the right one does not), and far-apart timesteps get codes as
// alike as near ones.
func TestTimestepPitfallShows(t *testing.T) {
	s := newView(t, newTimestepView, scene.Values{"pitfall": 1, "dim": 16})
	// 2π·10000^(14/16) ≈ 19869 steps right; over D, 2π·10000^(7/16) ≈ 353.
	if got := float64(s.periods[7]); math.Abs(got-2*math.Pi*math.Pow(10000, 14.0/16)) > 1 {
		t.Errorf("slowest period %v", got)
	}
	if got := float64(s.badPer[7]); math.Abs(got-2*math.Pi*math.Pow(10000, 7.0/16)) > 0.1 || got > tsTMax {
		t.Errorf("pitfall's slowest period %v, want about 353, under 1000 steps", got)
	}
	// The slow clocks keep codes 100–600 steps apart alike on average;
	// without them the pitfall's similarity there is near zero.
	meanFar := func(sim []float32) float64 {
		var a float64
		n := 0
		for d := 10; d <= 60; d++ {
			for i := 0; i+d < tsN; i++ {
				a += float64(sim[i*tsN+i+d])
				n++
			}
		}
		return a / float64(n)
	}
	if r, b := meanFar(s.sim.Data), meanFar(s.badSim.Data); r < b+0.2 {
		t.Errorf("mean similarity 100–600 steps apart: right %v, pitfall %v; want the right one clearly higher", r, b)
	}
	if s.sim.Data[0] < 0.999 {
		t.Errorf("self-similarity %v, want 1", s.sim.Data[0])
	}
}

func TestTimestepGoldens(t *testing.T) {
	checkGolden(t, "timestep_dials", "009", nil, 1, 1280, 800)
	checkGolden(t, "timestep_pitfall_phone", "009", map[string]string{"pitfall": "freq-over-d"}, 3, 390, 844)
}
