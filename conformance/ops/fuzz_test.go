package ops

import (
	"math"
	"sort"
	"testing"

	"dlprep/conformance"
	"dlprep/core"
)

// goldenCases loads every golden case, in a stable order, as fuzz seeds.
func goldenCases(t testing.TB) []conformance.Case {
	files, bad := conformance.CollectFiles([]string{goldenDir(t)})
	if len(bad) > 0 {
		t.Fatal(bad[0])
	}
	var all []conformance.Case
	for _, f := range files {
		cs, err := conformance.ParseFileAt(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.ParseErr == nil && c.DecodeErr == nil {
				all = append(all, c)
			}
		}
	}
	return all
}

// mutate derives a new case from c, steered by the fuzzer's bytes: it swaps
// values for NaN, ±Inf, zero or huge numbers, resizes a dimension (refilling
// the data), changes a numeric param, drops a dimension, or sets one
// dimension to 0 or to 2^31-1. The data stays small: a dimension of 2^31-1
// next to a zero holds nothing, and one that would hold more keeps the old
// data, so the op sees a tensor whose data disagrees with its shape (which
// hand-built tensors can) and must refuse it.
func mutate(c conformance.Case, b []byte) conformance.Case {
	out := conformance.Case{Name: c.Name, Op: c.Op, Params: conformance.Params{}, Inputs: conformance.Inputs{}}
	for k, v := range c.Params {
		out.Params[k] = v
	}
	names := make([]string, 0, len(c.Inputs))
	for k, v := range c.Inputs {
		out.Inputs[k] = v.Clone()
		names = append(names, k)
	}
	sort.Strings(names)
	pnames := make([]string, 0, len(c.Params))
	for k := range c.Params {
		pnames = append(pnames, k)
	}
	sort.Strings(pnames)
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, 1e30, -1e30, 1e-30}
	for len(b) >= 4 {
		kind, sel, arg, arg2 := b[0]%5, int(b[1]), int(b[2]), b[3]
		b = b[4:]
		switch {
		case kind == 0 && len(names) > 0: // special value
			t := out.Inputs[names[sel%len(names)]]
			if len(t.Data) > 0 {
				t.Data[arg%len(t.Data)] = specials[int(arg2)%len(specials)]
			}
		case kind == 1 && len(names) > 0: // resize one dimension (0..6)
			t := out.Inputs[names[sel%len(names)]]
			if len(t.Shape) == 0 {
				continue
			}
			shape := append([]int(nil), t.Shape...)
			shape[arg%len(shape)] = int(arg2 % 7)
			n, err := core.NumelOf(shape)
			if err != nil || n > 1<<16 {
				continue
			}
			data := make([]float32, n)
			for i := range data {
				data[i] = float32(i%5) - 2
			}
			out.Inputs[names[sel%len(names)]] = &core.Tensor{Shape: shape, Data: data}
		case kind == 2 && len(pnames) > 0: // numeric param
			k := pnames[sel%len(pnames)]
			vals := []float64{0, -1, 1, 2, 3, 0.5, 1e9, -1e9, 7, math.MaxInt32}
			out.Params[k] = vals[arg%len(vals)]
		case kind == 3 && len(names) > 0: // drop a dimension
			t := out.Inputs[names[sel%len(names)]]
			if len(t.Shape) > 0 {
				out.Inputs[names[sel%len(names)]] = &core.Tensor{Shape: t.Shape[1:], Data: t.Data[:len(t.Data)/max(t.Shape[0], 1)]}
			}
		case kind == 4 && len(names) > 0: // one dimension to 0 or 2^31-1
			t := out.Inputs[names[sel%len(names)]]
			if len(t.Shape) == 0 {
				continue
			}
			shape := append([]int(nil), t.Shape...)
			shape[arg%len(shape)] = []int{0, math.MaxInt32}[arg2%2]
			data := t.Data
			if n, ok := core.CheckedProduct(shape...); ok && n <= 1<<16 {
				data = make([]float32, n)
				for i := range data {
					data[i] = float32(i%5) - 2
				}
			}
			out.Inputs[names[sel%len(names)]] = &core.Tensor{Shape: shape, Data: data}
		}
	}
	return out
}

// FuzzOps runs mutated golden cases through every op: an op may return a
// result or an error, never panic. With no fuzzing flags it runs the seeds,
// one per golden case, plus a fixed set of mutations.
func FuzzOps(f *testing.F) {
	cases := goldenCases(f)
	if len(cases) == 0 {
		f.Skip("no golden cases")
	}
	// Mutations may ask for anything; ops must refuse what passes the
	// budget, and a small one keeps each worker's memory small.
	defer core.SetBudget(core.SetBudget(16 << 20))
	for i := range cases {
		f.Add(uint16(i), []byte{0, 0, 0, 0})
		f.Add(uint16(i), []byte{1, 0, 1, 3, 0, 1, 0, 0})
		f.Add(uint16(i), []byte{2, 0, 1, 0, 2, 1, 6, 0})
		f.Add(uint16(i), []byte{3, 0, 0, 0})
		// Every input dimension to 0, then to 2^31-1, then one to 0 and
		// the next to 2^31-1.
		for in := range len(cases[i].Inputs) {
			for d := range 5 {
				f.Add(uint16(i), []byte{4, byte(in), byte(d), 0})
				f.Add(uint16(i), []byte{4, byte(in), byte(d), 1})
				f.Add(uint16(i), []byte{4, byte(in), byte(d), 0, 4, byte(in), byte(d + 1), 1})
			}
		}
		f.Add(uint16(i), []byte{2, 0, 9, 0})
	}
	f.Fuzz(func(t *testing.T, idx uint16, muts []byte) {
		if len(muts) > 64 {
			muts = muts[:64]
		}
		c := mutate(cases[int(idx)%len(cases)], muts)
		op, ok := conformance.Lookup(c.Op)
		if !ok {
			t.Fatalf("golden case uses unknown op %q", c.Op)
		}
		if _, err := conformance.Call(op, c.Inputs, c.Params); err != nil {
			if pe, ok := err.(*conformance.PanicError); ok {
				t.Fatalf("%s (%s) panicked on mutation %v: %v", c.Op, c.Name, muts, pe.Value)
			}
		}
	})
}
