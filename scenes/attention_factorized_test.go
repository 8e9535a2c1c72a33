package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// What the factorized view shows at every stage is what the production
// ops compute: the frames' sequences are x's pixels, the spatial output is
// attention.MHSA over them, the weights and y are
// attention.FactorizedAttention's, the pitfall is mistakes.RegroupNoPermute
// (its sequences and weights rebuilt from MHSA), and the costs are
// attention.FactorizedCost's and FactorizedScores'.
func TestFactorizedViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{
		nil,
		{"pitfall": 1},
		{"heads": 2, "head": 3, "channel": 6},
		{"T": 6, "H": 3, "W": 3, "pitfall": 1, "heads": 0},
	} {
		s := newView(t, newFactorizedView, v)
		tt, hw, c, heads := s.tt, s.hh*s.ww, factC, s.heads
		r, err := attention.FactorizedAttention(s.x, s.wts, heads)
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.Y.Data {
			if !closeTo(s.st.Y.Data[i], r.Y.Data[i], 1e-5) {
				t.Fatalf("%v: y[%d] shown %v, FactorizedAttention %v", v, i, s.st.Y.Data[i], r.Y.Data[i])
			}
		}
		for fr := range tt {
			decodes(t, "y", &s.vy, fr, r.Y.Data[(fr*c+s.ch)*hw:(fr*c+s.ch+1)*hw])
			for i := range hw * hw {
				if got, want := s.hsp[fr].vals[i], r.Spatial.Data[(fr*heads+s.head)*hw*hw+i]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: frame %d spatial weight %d shown %v, core %v", v, fr, i, got, want)
				}
			}
		}
		for p := range hw {
			for i := range tt * tt {
				if got, want := s.htm[p].vals[i], r.Temporal.Data[(p*heads+s.head)*tt*tt+i]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: pixel %d temporal weight %d shown %v, core %v", v, p, i, got, want)
				}
				if got := s.htm[p].bm.Value(i/tt, i%tt, viz.Viridis, 0, 1); math.Abs(got-float64(r.Temporal.Data[(p*heads+s.head)*tt*tt+i])) > 1.5/255 {
					t.Fatalf("%v: pixel %d temporal cell %d reads %v", v, p, i, got)
				}
			}
		}
		// The frames' sequences are x's pixels; the spatial output is MHSA
		// over them; the pixel sequences are that output transposed.
		frames := core.New(tt, hw, c)
		for fr := range tt {
			for p := range hw {
				for ch := range c {
					frames.Data[(fr*hw+p)*c+ch] = s.x.Data[(fr*c+ch)*hw+p]
				}
				if got, want := s.hframes.vals[fr*hw+p], s.x.Data[(fr*c+s.ch)*hw+p]; got != want {
					t.Fatalf("%v: frame %d pixel %d shown %v, x %v", v, fr, p, got, want)
				}
			}
		}
		so, _, err := attention.MHSA(frames, s.wts.Spatial, heads, false)
		if err != nil {
			t.Fatal(err)
		}
		for fr := range tt {
			for p := range hw {
				want := so.Data[(fr*hw+p)*c+s.ch]
				if got := s.hspout.vals[fr*hw+p]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: spatial output (%d, %d) shown %v, MHSA %v", v, fr, p, got, want)
				}
				if got := s.hpix.vals[p*tt+fr]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: pixel sequence %d element %d shown %v, MHSA %v", v, p, fr, got, want)
				}
			}
		}
		if cost := attention.FactorizedCost(tt, c, s.hh, s.ww); s.cost != cost || s.costItems[0].V != float64(cost.Full) ||
			s.costItems[1].V != float64(cost.Factorized) {
			t.Errorf("%v: cost %+v / bars %+v, FactorizedCost %+v", v, s.cost, s.costItems, cost)
		}
		full, sp, tm := attention.FactorizedScores(tt, s.hh, s.ww)
		if s.scoreItems[0].V != float64(full) || s.scoreItems[1].V != float64(sp+tm) {
			t.Errorf("%v: score bars %+v, FactorizedScores %d, %d + %d", v, s.scoreItems, full, sp, tm)
		}
		if got := s.plotSeries[0].Y[tt-1]; got != float64(full) {
			t.Errorf("%v: plot at T = %d gives %v, want %d", v, tt, got, full)
		}
		if !s.pitfall {
			if s.bad != nil {
				t.Fatalf("%v: a pitfall without the pitfall", v)
			}
			continue
		}
		bad, err := mistakes.RegroupNoPermute(s.x, s.wts, heads)
		if err != nil {
			t.Fatal(err)
		}
		for i := range bad.Data {
			if s.bad.Y.Data[i] != bad.Data[i] {
				t.Fatalf("%v: pitfall y[%d] shown %v, mistakes %v", v, i, s.bad.Y.Data[i], bad.Data[i])
			}
		}
		// The pitfall's sequences are the spatial output read in stored
		// order, and its weights are MHSA over them.
		wrong := core.New(hw, tt, c)
		for q := range hw {
			for k := range tt {
				fr, p := mistakes.RegroupNoPermuteSource(tt, hw, q, k)
				copy(wrong.Data[(q*tt+k)*c:(q*tt+k+1)*c], so.Data[(fr*hw+p)*c:(fr*hw+p+1)*c])
				if got, want := s.hbadpix.vals[q*tt+k], so.Data[(fr*hw+p)*c+s.ch]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: pitfall sequence %d element %d shown %v, spatial output of (%d, %d) %v", v, q, k, got, fr, p, want)
				}
			}
		}
		_, wattn, err := attention.MHSA(wrong, s.wts.Temporal, heads, false)
		if err != nil {
			t.Fatal(err)
		}
		for q := range hw {
			for i := range tt * tt {
				if got, want := s.hbadtm[q].vals[i], wattn.Data[(q*heads+s.head)*tt*tt+i]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: pitfall weight %d of sequence %d shown %v, MHSA %v", v, i, q, got, want)
				}
			}
		}
	}
}

// The pitfall shows on arrival: at the defaults every right sequence spans
// the T frames and every wrong one sits in a single frame, and the outputs
// differ visibly.
func TestFactorizedPitfallShows(t *testing.T) {
	s := newView(t, newFactorizedView, scene.Values{"pitfall": 1})
	tt, hw := s.tt, s.hh*s.ww
	for q := range hw {
		frames := map[int]bool{}
		for k := range tt {
			fr, _ := mistakes.RegroupNoPermuteSource(tt, hw, q, k)
			frames[fr] = true
		}
		if len(frames) != 1 {
			t.Errorf("sequence %d of the pitfall spans %d frames, want 1 at the defaults", q, len(frames))
		}
	}
	worst := 0.0
	for i := range s.st.Y.Data {
		worst = max(worst, math.Abs(float64(s.st.Y.Data[i]-s.bad.Y.Data[i])))
	}
	if worst < 0.05 {
		t.Errorf("the pitfall's y is within %v of the right one: nothing to see", worst)
	}
}

// Hovering answers with the number under the pointer and where it comes
// from, including where a pitfall token came from.
func TestFactorizedInspection(t *testing.T) {
	s := newView(t, newFactorizedView, scene.Values{"pitfall": 1})
	tt, hw := s.tt, s.hh*s.ww
	in, ok := s.Inspect(&scene.Frame{Step: 2}, scene.Target{Group: fgSpatial, Index: 3*hw + 7})
	if !ok || in.Value != fmtNum(float64(s.spatialW(0)[3*hw+7])) || in.Index != shapeOf(0, s.head, 3, 7) {
		t.Fatalf("spatial weight inspection %+v", in)
	}
	in, ok = s.Inspect(&scene.Frame{}, scene.Target{Group: fgBadPixels, Index: 5*tt + 2})
	fr, p := mistakes.RegroupNoPermuteSource(tt, hw, 5, 2)
	if !ok || in.Detail == "" || in.Value != fmtNum(float64(s.bad.Pixels.Data[(5*tt+2)*factC+s.ch])) {
		t.Fatalf("pitfall element inspection %+v (from frame %d pixel %d)", in, fr, p)
	}
	in, ok = s.Inspect(&scene.Frame{}, scene.Target{Group: fgPlot, Index: 3})
	if !ok || in.Source != "attention.FactorizedScores" {
		t.Fatalf("plot inspection %+v", in)
	}
}

func TestFactorizedGoldens(t *testing.T) {
	checkGolden(t, "factorized_temporal_pitfall", "027", map[string]string{"pitfall": "regroup-no-permute"}, 7, 1280, 800)
	checkGolden(t, "factorized_cost_phone", "027", nil, 12, 390, 844)
}
