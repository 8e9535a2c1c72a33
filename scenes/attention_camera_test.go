package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/viz/scene"
)

// What the camera view shows is what the production op computes in each
// mode: the queries, keys and values are the Linear layers', a score is
// q·k/√d, the weights are attention.CameraCrossAttention's (exactly 1 per
// frame, rows summing to 1 over all frames), and so are the outputs, flat
// per frame and varying over all frames.
func TestCameraViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{
		nil,
		{"heads": 2, "head": 3, "channel": 5},
		{"T": 6, "H": 3, "W": 3, "heads": 0},
	} {
		s := newView(t, newCameraView, v)
		tt, hw, c, heads := s.tt, s.hh*s.ww, camC, s.heads
		d := c / heads
		ypf, apf, err := attention.CameraCrossAttention(s.x, s.cam, s.wts, heads, attention.PerFrame)
		if err != nil {
			t.Fatal(err)
		}
		yaf, aaf, err := attention.CameraCrossAttention(s.x, s.cam, s.wts, heads, attention.AllFrames)
		if err != nil {
			t.Fatal(err)
		}
		// Queries, keys and values from the Linear layers.
		pix := core.New(tt, hw, c)
		for fr := range tt {
			for p := range hw {
				for ch := range c {
					pix.Data[(fr*hw+p)*c+ch] = s.x.Data[(fr*c+ch)*hw+p]
				}
			}
		}
		q, err := core.Linear("test", pix, s.wts.Q.W, s.wts.Q.B)
		if err != nil {
			t.Fatal(err)
		}
		k, err := core.Linear("test", s.cam, s.wts.K.W, s.wts.K.B)
		if err != nil {
			t.Fatal(err)
		}
		for fr := range tt {
			for i := range hw * c {
				if !closeTo(s.hq[fr].vals[i], q.Data[fr*hw*c+i], 1e-5) {
					t.Fatalf("%v: q of frame %d [%d] shown %v, Linear %v", v, fr, i, s.hq[fr].vals[i], q.Data[fr*hw*c+i])
				}
			}
		}
		for i := range tt * c {
			if !closeTo(s.hk.vals[i], k.Data[i], 1e-5) {
				t.Fatalf("%v: k[%d] shown %v, Linear %v", v, i, s.hk.vals[i], k.Data[i])
			}
		}
		scale := 1 / math.Sqrt(float64(d))
		for fr := range tt {
			for p := range hw {
				dot := 0.0
				for j := range d {
					dot += float64(q.Data[(fr*hw+p)*c+s.head*d+j]) * float64(k.Data[fr*c+s.head*d+j])
				}
				if got := s.hpfS.vals[fr*hw+p]; math.Abs(float64(got)-dot*scale) > 1e-4 {
					t.Fatalf("%v: per-frame score (%d, %d) shown %v, q·k/√d %v", v, fr, p, got, dot*scale)
				}
				if got, want := s.hpfW.vals[fr*hw+p], apf.Data[(fr*heads+s.head)*hw+p]; got != want || got != 1 {
					t.Fatalf("%v: per-frame weight (%d, %d) shown %v, core %v; want exactly 1", v, fr, p, got, want)
				}
			}
			for i := range hw * tt {
				want := aaf.Data[(s.head*tt*hw+fr*hw)*tt+i]
				if !closeTo(s.hafW[fr].vals[i], want, 1e-6) {
					t.Fatalf("%v: all-frames weight of frame %d [%d] shown %v, core %v", v, fr, i, s.hafW[fr].vals[i], want)
				}
			}
			for p := range hw {
				if sum := sum32(s.hafW[fr].vals[p*tt : (p+1)*tt]); math.Abs(sum-1) > 1e-5 {
					t.Fatalf("%v: frame %d pixel %d weights sum to %v", v, fr, p, sum)
				}
			}
			decodes(t, "per-frame y", &s.vpf, fr, ypf.Data[(fr*c+s.ch)*hw:(fr*c+s.ch+1)*hw])
			decodes(t, "all-frames y", &s.vaf, fr, yaf.Data[(fr*c+s.ch)*hw:(fr*c+s.ch+1)*hw])
		}
		for i := range ypf.Data {
			if !closeTo(s.pf.Y.Data[i], ypf.Data[i], 1e-5) || !closeTo(s.af.Y.Data[i], yaf.Data[i], 1e-5) {
				t.Fatalf("%v: y[%d] shown %v / %v, core %v / %v", v, i, s.pf.Y.Data[i], s.af.Y.Data[i], ypf.Data[i], yaf.Data[i])
			}
		}
		// Per frame the output ignores the pixels; over all frames it does not.
		for fr := range tt {
			for ch := range c {
				plane := ypf.Data[(fr*c+ch)*hw : (fr*c+ch+1)*hw]
				for _, y := range plane {
					if math.Abs(float64(y-plane[0])) > 1e-5 {
						t.Fatalf("%v: per-frame output of frame %d channel %d varies over the pixels", v, fr, ch)
					}
				}
			}
			plane := yaf.Data[(fr*c+s.ch)*hw : (fr*c+s.ch+1)*hw]
			lo, hi := plane[0], plane[0]
			for _, y := range plane {
				lo, hi = min(lo, y), max(hi, y)
			}
			if hi-lo < 1e-3 {
				t.Errorf("%v: all-frames output of frame %d spans only %v", v, fr, hi-lo)
			}
		}
	}
}

// Hovering answers with the number under the pointer and where it comes
// from.
func TestCameraInspection(t *testing.T) {
	s := newView(t, newCameraView, nil)
	hw := s.hh * s.ww
	in, ok := s.Inspect(&scene.Frame{}, scene.Target{Group: cgPFWeights, Index: 2*hw + 3})
	if !ok || in.Value != fmtNum(1) || in.Index != shapeOf(2, s.head, 3, 0) || in.Shape != s.shapePF {
		t.Fatalf("per-frame weight inspection %+v", in)
	}
	in, ok = s.Inspect(&scene.Frame{}, scene.Target{Group: cgFramePF + 1, Index: 5})
	if !ok || in.Value != fmtNum(float64(s.pf.Y.Data[(1*camC+s.ch)*hw+5])) {
		t.Fatalf("per-frame output inspection %+v", in)
	}
}

func TestCameraGoldens(t *testing.T) {
	checkGolden(t, "camera_per_frame", "025", nil, 2, 1280, 800)
	checkGolden(t, "camera_all_frames_phone", "025", nil, 5, 390, 844)
}
