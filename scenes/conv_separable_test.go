package scenes

import (
	"math"
	"strconv"
	"testing"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The separable view's stages are the production op's: the filtered
// channels are a grouped conv.Conv2D with padding k//2, the outputs
// conv.DepthwiseSeparable's, and the colours decode to them.
func TestSeparableViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"kernel": 4}, {"kernel": 5, "out": 6, "seed": 9}, {"kernel": 2, "out": 2}} {
		s := newView(t, newSeparableView, v)
		o := conv.DefaultOptions()
		o.Padding, o.Groups = [2]int{s.k / 2, s.k / 2}, sepC
		depth, err := conv.Conv2D(s.x, s.depthW, nil, o)
		if err != nil {
			t.Fatal(err)
		}
		n := s.ho * s.wo
		for c := 0; c < sepC; c++ {
			if !equalF32(s.hd[c].vals, depth.Data[c*n:(c+1)*n]) {
				t.Fatalf("%v: filtered channel %d differs from a grouped conv.Conv2D", v, c)
			}
		}
		y, err := conv.DepthwiseSeparable(s.x, s.depthW, nil, s.pointW, nil, 1)
		if err != nil {
			t.Fatal(err)
		}
		// The colour map is read back to within one step of its table
		// where it is steep, a few where it is flat (the dark ends).
		for oc := 0; oc < s.o; oc++ {
			if !equalF32(s.hy[oc].vals, y.Data[oc*n:(oc+1)*n]) {
				t.Fatalf("%v: output %d differs from conv.DepthwiseSeparable", v, oc)
			}
			for i := 0; i < n; i++ {
				got := s.hy[oc].bm.Value(i/s.wo, i%s.wo, viz.BlueWhiteRed, -s.yLim, s.yLim)
				if want := float64(y.Data[oc*n+i]); math.Abs(got-want) > 0.05*2*s.yLim {
					t.Fatalf("%v: output %d pixel %d reads %v, op %v", v, oc, i, got, want)
				}
			}
		}
		// Even kernels grow the picture by one (padding k//2), odd ones keep it.
		if want := sepSize + 1 - s.k%2; s.ho != want || s.wo != want {
			t.Errorf("%v: output %dx%d, want %d", v, s.ho, s.wo, want)
		}
		// The depthwise stage mixes no channels: a picture with only red
		// gives zero in the green and blue filtered channels.
		red := core.New(1, sepC, sepSize, sepSize)
		copy(red.Data[:sepSize*sepSize], s.x.Data[:sepSize*sepSize])
		st, err := conv.DepthwiseSeparableTrace(red, s.depthW, nil, s.pointW, nil, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range st.Depth.Data[n:] {
			if d != 0 {
				t.Fatalf("%v: red alone leaks into filtered channel %d", v, 1+i/n)
			}
		}
	}
}

// The counters are core's counts, and their ratio is 1/O + 1/k².
func TestSeparableCounters(t *testing.T) {
	s := newView(t, newSeparableView, scene.Values{"kernel": 4, "out": 6})
	std, sep := conv.SeparableParams(3, 6, 4)
	stdMA, sepMA := conv.SeparableMulAdds(3, 6, 4, 15, 15)
	if s.rows[0].Value != float64(std) || s.rows[1].Value != float64(sep) || s.rows[2].Value != float64(stdMA) || s.rows[3].Value != float64(sepMA) {
		t.Fatalf("counters %+v, core %d %d %d %d", s.rows, std, sep, stdMA, sepMA)
	}
	if got, want := float64(sep)/float64(std), 1.0/6+1.0/16; math.Abs(got-want) > 1e-12 {
		t.Errorf("weights ratio %v, want 1/O + 1/k² = %v", got, want)
	}
	if got, want := float64(sepMA)/float64(stdMA), 1.0/6+1.0/16; math.Abs(got-want) > 1e-12 {
		t.Errorf("multiply-add ratio %v, want %v", got, want)
	}
	kv := map[string]string{}
	for _, e := range s.Readout(&scene.Frame{}) {
		kv[e.Key] = e.Value
	}
	if kv["ratio"] != f3(float64(sep)/float64(std)) || kv["ratio"] != kv["1/O + 1/k²"] {
		t.Errorf("readout %v", kv)
	}
	in, ok := s.Inspect(&scene.Frame{}, scene.Target{Group: gSpCount + 1, Index: 1})
	if !ok || in.Value != strconv.FormatInt(sepMA, 10) {
		t.Errorf("multiply-add bar inspects as %+v", in)
	}
}

func TestSeparableGoldens(t *testing.T) {
	checkGolden(t, "separable_depthwise", "006", nil, 1, 1280, 800)
	checkGolden(t, "separable_cost_phone", "006", map[string]string{"kernel": "4"}, 3, 390, 844)
}
