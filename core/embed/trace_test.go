package embed

import (
	"math"
	"testing"

	"dlprep/core"
)

// The traced angles are t·f_i, their sines and cosines are the embedding's
// columns in the layout's order, and Emb is TimestepEmbedding's.
func TestTimestepTraceMatchesEmbedding(t *testing.T) {
	ts := []float32{0, 1, 7, 250, 999}
	for _, lay := range []Layout{Interleaved, Concat} {
		for _, d := range []int{4, 16, 64} {
			st, err := TimestepTrace(ts, d, lay)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := TimestepEmbedding(ts, d, lay)
			for i := range want.Data {
				if st.Emb.Data[i] != want.Data[i] {
					t.Fatalf("%v D=%d: Emb[%d] differs", lay, d, i)
				}
			}
			half := d / 2
			for n, tv := range ts {
				for i := 0; i < half; i++ {
					a := float64(st.Angles.Data[n*half+i])
					if math.Abs(a-float64(tv)*st.Freqs[i]) > 1e-6*max(1, a) {
						t.Fatalf("%v D=%d: angle %v for t=%v f=%v", lay, d, a, tv, st.Freqs[i])
					}
					si, ci := 2*i, 2*i+1
					if lay == Concat {
						si, ci = i, half+i
					}
					s, c := math.Sincos(a)
					if st.Emb.Data[n*d+si] != float32(s) || st.Emb.Data[n*d+ci] != float32(c) {
						t.Fatalf("%v D=%d t=%v i=%d: embedding is not sin, cos of the angle", lay, d, tv, i)
					}
				}
			}
		}
	}
	if _, err := TimestepTrace(ts, 5, Interleaved); err == nil {
		t.Error("odd D was traced")
	}
}

func TestPositionalEncoding3DTrace(t *testing.T) {
	coords := core.New(1, 4, 3)
	for i := range coords.Data {
		coords.Data[i] = float32(i)/6 - 1
	}
	for _, l := range []int{0, 1, 4} {
		st, err := PositionalEncoding3DTrace(coords, l)
		if err != nil {
			t.Fatal(err)
		}
		y, _ := PositionalEncoding3D(coords, l)
		for i := range y.Data {
			if st.Y.Data[i] != y.Data[i] {
				t.Fatalf("L=%d: Y differs", l)
			}
		}
		for p := 0; p < 4; p++ {
			for ax := 0; ax < 3; ax++ {
				for b := 0; b < l; b++ {
					want := float64(coords.Data[p*3+ax]) * math.Ldexp(1, b) * math.Pi
					if got := float64(st.Angles.Data[(p*3+ax)*l+b]); math.Abs(got-want) > 1e-5*max(1, math.Abs(want)) {
						t.Fatalf("L=%d: angle (%d,%d,%d) = %v, want %v", l, p, ax, b, got, want)
					}
				}
			}
		}
	}
}
