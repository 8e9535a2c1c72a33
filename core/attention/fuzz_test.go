package attention

import (
	"math"
	"testing"

	"dlprep/core"
)

// byteReader hands out fuzz bytes, then zeros.
type byteReader struct{ b []byte }

func (r *byteReader) next() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// value maps two bytes to a float32 in about [-64, 64], with some large
// magnitudes, so scores range from tiny to saturating the softmax.
func (r *byteReader) value() float32 {
	v := float32(int16(uint16(r.next())<<8|uint16(r.next()))) / 512
	if r.next()%16 == 0 {
		v *= 1e3
	}
	return v
}

// FuzzSDPA builds small random shapes (sometimes inconsistent), values,
// masks and causal flags from the bytes. SDPA must never panic; when it
// succeeds on finite input every output is finite, each weight row sums to
// 1 (or is all zeros when no key passes), and no masked key gets weight.
func FuzzSDPA(f *testing.F) {
	f.Add([]byte{1, 1, 3, 3, 2, 2, 0, 0, 10, 20, 30, 40, 50})
	f.Add([]byte{2, 2, 4, 5, 3, 1, 3, 1, 255, 0, 7, 128, 64, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{1, 3, 1, 6, 4, 2, 2, 5, 0xff, 0xff, 0x80, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteReader{b: data}
		dim := func() int { return int(r.next() % 5) }
		b, h, s, s2, dk, dv := dim(), dim(), dim(), dim(), dim(), dim()
		flags := r.next()
		causal := flags&1 != 0
		kdk := dk
		if flags&8 != 0 {
			kdk = dim() // possibly a mismatched key width
		}
		fill := func(shape ...int) *core.Tensor {
			t := core.New(shape...)
			for i := range t.Data {
				t.Data[i] = r.value()
			}
			return t
		}
		q, k, v := fill(b, h, s, dk), fill(b, h, s2, kdk), fill(b, h, s2, dv)
		var mask *core.Tensor
		if flags&2 != 0 {
			ms, ms2 := s, s2
			if flags&4 != 0 {
				ms, ms2 = dim(), dim()
			}
			mask = core.New(ms, ms2)
			for i := range mask.Data {
				mask.Data[i] = float32(r.next() & 1)
			}
		}
		out, attn, err := SDPA(q, k, v, mask, causal)
		if err != nil {
			return
		}
		for i, x := range out.Data {
			if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
				t.Fatalf("output[%d] = %v on finite input (shapes q %v k %v v %v)", i, x, q.Shape, k.Shape, v.Shape)
			}
		}
		for row := 0; row < b*h*s; row++ {
			i := row % s
			var sum float64
			anyKept := false
			for j := 0; j < s2; j++ {
				a := attn.Data[row*s2+j]
				kept := (!causal || j <= i) && (mask == nil || mask.Data[i*s2+j] == 1)
				anyKept = anyKept || kept
				if !kept && a != 0 {
					t.Fatalf("weight [%d][%d,%d] = %v for a masked key", row/s, i, j, a)
				}
				if a < 0 || a > 1 || a != a {
					t.Fatalf("weight [%d][%d,%d] = %v, outside [0,1]", row/s, i, j, a)
				}
				sum += float64(a)
			}
			if anyKept && math.Abs(sum-1) > 1e-5 || !anyKept && sum != 0 {
				t.Fatalf("weight row [%d][%d] sums to %v (kept keys: %v)", row/s, i, sum, anyKept)
			}
		}
	})
}
