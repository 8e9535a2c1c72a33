package attention

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"dlprep/core"
)

// randTensor is a reproducible N(0,1) tensor.
func randTensor(seed int64, shape ...int) *core.Tensor {
	r := rand.New(rand.NewSource(seed))
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(r.NormFloat64())
	}
	return t
}

// grid formats a [rows, cols] block as text rows, so a failing weight map
// reads like the literal it is compared with.
func grid(data []float32, rows, cols int) string {
	var b strings.Builder
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			fmt.Fprintf(&b, " %6.4f", data[i*cols+j])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func near(got, want []float32, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Abs(float64(got[i]-want[i])) > tol {
			return false
		}
	}
	return true
}

// With q = k = 0 every score is equal, so the weights are uniform over the
// kept keys: the weight grids below are the masks themselves, normalised.
func TestSDPAMaskGrids(t *testing.T) {
	const third, quarter = 1.0 / 3, 0.25
	tests := []struct {
		name   string
		s, s2  int
		mask   []float32 // nil: no mask
		causal bool
		want   []float32
	}{
		{"causal 4x4 (the token sees itself)", 4, 4, nil, true, []float32{
			1, 0, 0, 0,
			0.5, 0.5, 0, 0,
			third, third, third, 0,
			quarter, quarter, quarter, quarter,
		}},
		{"causal 4x4 as a literal mask", 4, 4, []float32{
			1, 0, 0, 0,
			1, 1, 0, 0,
			1, 1, 1, 0,
			1, 1, 1, 1,
		}, false, []float32{
			1, 0, 0, 0,
			0.5, 0.5, 0, 0,
			third, third, third, 0,
			quarter, quarter, quarter, quarter,
		}},
		{"causal 3x5 is top-left aligned", 3, 5, nil, true, []float32{
			1, 0, 0, 0, 0,
			0.5, 0.5, 0, 0, 0,
			third, third, third, 0, 0,
		}},
		{"fully masked row gives zeros", 3, 3, []float32{
			1, 0, 1,
			0, 0, 0,
			0, 1, 0,
		}, false, []float32{
			0.5, 0, 0.5,
			0, 0, 0,
			0, 1, 0,
		}},
		{"mask and causal must both pass", 3, 3, []float32{
			0, 1, 1,
			0, 1, 1,
			1, 0, 1,
		}, true, []float32{
			0, 0, 0,
			0, 1, 0,
			0.5, 0, 0.5,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, k := core.New(1, 1, tc.s, 2), core.New(1, 1, tc.s2, 2)
			v := randTensor(1, 1, 1, tc.s2, 3)
			var mask *core.Tensor
			if tc.mask != nil {
				mask, _ = core.FromData(tc.mask, tc.s, tc.s2)
			}
			out, attn, err := SDPA(q, k, v, mask, tc.causal)
			if err != nil {
				t.Fatal(err)
			}
			if !near(attn.Data, tc.want, 1e-6) {
				t.Errorf("weights:\n%swant\n%s", grid(attn.Data, tc.s, tc.s2), grid(tc.want, tc.s, tc.s2))
			}
			// out = w v, row by row; an all-masked row is exactly zero.
			for i := 0; i < tc.s; i++ {
				for c := 0; c < 3; c++ {
					var want float64
					for j := 0; j < tc.s2; j++ {
						want += float64(tc.want[i*tc.s2+j]) * float64(v.Data[j*3+c])
					}
					if got := out.Data[i*3+c]; math.Abs(float64(got)-want) > 1e-5 {
						t.Errorf("out[%d,%d] = %v, want %v", i, c, got, want)
					}
				}
			}
		})
	}
}

func TestSDPAErrors(t *testing.T) {
	q, k, v := randTensor(1, 2, 2, 3, 4), randTensor(2, 2, 2, 5, 4), randTensor(3, 2, 2, 5, 6)
	ones := func(shape ...int) *core.Tensor {
		t := core.New(shape...)
		for i := range t.Data {
			t.Data[i] = 1
		}
		return t
	}
	half := ones(3, 5)
	half.Data[4] = 0.5
	nan := q.Clone()
	nan.Data[3] = float32(math.NaN())
	tests := []struct {
		name       string
		q, k, v, m *core.Tensor
		want       string
	}{
		{"key dk", q, randTensor(4, 2, 2, 5, 3), v, nil, "key"},
		{"value S2", q, k, randTensor(5, 2, 2, 4, 6), nil, "value"},
		{"batch", q, randTensor(6, 1, 2, 5, 4), v, nil, "key"},
		{"query 3-d", randTensor(7, 2, 3, 4), k, v, nil, "query"},
		{"mask shape", q, k, v, ones(5, 3), "mask"},
		{"mask 0.5", q, k, v, half, "0.5"},
		{"dk 0", core.New(1, 1, 2, 0), core.New(1, 1, 2, 0), core.New(1, 1, 2, 6), nil, "dk"},
		{"nan query", nan, k, v, nil, "query"},
		{"nil key", q, nil, v, nil, "key"},
	}
	for _, tc := range tests {
		_, _, err := SDPA(tc.q, tc.k, tc.v, tc.m, false)
		if err == nil || !strings.Contains(err.Error(), "sdpa:") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one naming sdpa and %q", tc.name, err, tc.want)
		}
	}
}

// Overflowing scores are reported, not turned into NaN weights.
func TestSDPAOverflowIsAnError(t *testing.T) {
	q := core.New(1, 1, 1, 2)
	q.Data[0], q.Data[1] = 1e30, 1e30
	k := core.New(1, 1, 2, 2)
	k.Data[0], k.Data[1] = 1e30, -1e30 // inf + -inf = NaN in the product
	_, _, err := SDPA(q, k, core.New(1, 1, 2, 1), nil, false)
	if err == nil || !strings.Contains(err.Error(), "overflow") {
		t.Errorf("got error %v, want an overflow error", err)
	}
}

// A causal query never depends on later keys or values: changing the last
// key/value leaves every earlier output row bit-for-bit unchanged.
func TestSDPACausalIgnoresFuture(t *testing.T) {
	const s = 6
	q, k, v := randTensor(1, 2, 3, s, 4), randTensor(2, 2, 3, s, 4), randTensor(3, 2, 3, s, 5)
	out, _, err := SDPA(q, k, v, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	k2, v2 := k.Clone(), v.Clone()
	for bh := 0; bh < 6; bh++ {
		for c := 0; c < 4; c++ {
			k2.Data[(bh*s+s-1)*4+c] += 3
		}
		for c := 0; c < 5; c++ {
			v2.Data[(bh*s+s-1)*5+c] -= 7
		}
	}
	out2, _, err := SDPA(q, k2, v2, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	for bh := 0; bh < 6; bh++ {
		for i := 0; i < s; i++ {
			for c := 0; c < 5; c++ {
				at := (bh*s+i)*5 + c
				same := out.Data[at] == out2.Data[at]
				if i < s-1 && !same {
					t.Errorf("slice %d query %d ch %d changed from %v to %v after editing key %d", bh, i, c, out.Data[at], out2.Data[at], s-1)
				}
				if i == s-1 && same {
					t.Errorf("slice %d: the last query did not see its own edited key/value", bh)
				}
			}
		}
	}
}
