package attention

import (
	"runtime"
	"strings"
	"testing"

	"dlprep/core"
)

// parallelCases are ops at sizes where heads or tubes run in parts at two
// threads: sdpa (with and without a causal mask), mhsa, its causal form
// and window attention.
func parallelCases() []struct {
	name string
	run  func(ws *Workspace) (results, error)
} {
	q, k, v := randTensor(1, 2, 6, 97, 32), randTensor(2, 2, 6, 101, 32), randTensor(3, 2, 6, 101, 24)
	x := randTensor(4, 2, 70, 96)
	w := randMHSA(5, 96)
	xw := randTensor(6, 1, 32, 4, 28, 28)
	ww := randWindow(7, 32)
	return []struct {
		name string
		run  func(ws *Workspace) (results, error)
	}{
		{"sdpa", func(ws *Workspace) (results, error) {
			o, a, err := ws.SDPA(q, k, v, nil, false)
			return results{t: [3]*core.Tensor{o, a}, n: 2}, err
		}},
		{"sdpa causal", func(ws *Workspace) (results, error) {
			o, a, err := ws.SDPA(q, k, v, nil, true)
			return results{t: [3]*core.Tensor{o, a}, n: 2}, err
		}},
		{"mhsa", func(ws *Workspace) (results, error) {
			y, a, err := ws.MHSA(x, w, 6, false)
			return results{t: [3]*core.Tensor{y, a}, n: 2}, err
		}},
		{"mhsa causal", func(ws *Workspace) (results, error) {
			y, a, err := ws.MHSA(x, w, 4, true)
			return results{t: [3]*core.Tensor{y, a}, n: 2}, err
		}},
		{"window attention", func(ws *Workspace) (results, error) {
			y, err := ws.WindowAttention(xw, ww, 2, Window{T: 2, H: 7, W: 7})
			return results{t: [3]*core.Tensor{y}, n: 1}, err
		}},
	}
}

// TestAttentionThreadsBitIdentical: heads and tubes computed in parts at 2
// and 3 threads give the one-thread results bit for bit.
func TestAttentionThreadsBitIdentical(t *testing.T) {
	for _, tc := range parallelCases() {
		var want []*core.Tensor
		for _, procs := range []int{1, 2, 3} {
			prev := runtime.GOMAXPROCS(procs)
			var ws Workspace
			got, err := tc.run(&ws)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if want == nil {
				for _, g := range got.list() {
					want = append(want, g.Clone())
				}
				continue
			}
			if !sameBits(got.list(), want) {
				t.Errorf("%s at GOMAXPROCS=%d: results differ from one thread's", tc.name, procs)
			}
		}
	}
}

// TestAttentionParallelAllocatesNothing: a warm workspace allocates
// nothing at two threads either.
func TestAttentionParallelAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, tc := range parallelCases() {
		var ws Workspace
		if _, err := tc.run(&ws); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(5, func() { _, _ = tc.run(&ws) }); a != 0 {
			t.Errorf("%s at two threads: %g allocations per call, want 0", tc.name, a)
		}
	}
}

// TestAttentionParallelErrorIsTheFirst: when several heads' scores
// overflow, the error names the same query at every thread count: the
// first failing head's, as the serial loop reports it.
func TestAttentionParallelErrorIsTheFirst(t *testing.T) {
	q, k, v := randTensor(1, 1, 8, 50, 16), randTensor(2, 1, 8, 50, 16), randTensor(3, 1, 8, 50, 16)
	for _, h := range []int{3, 6} {
		for i := 0; i < 16; i++ {
			q.Data[(h*50+10+h)*16+i] = 1e30
			k.Data[(h*50+5)*16+i] = 1e30
		}
	}
	var want string
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		_, _, err := SDPA(q, k, v, nil, false)
		runtime.GOMAXPROCS(prev)
		if err == nil || !strings.Contains(err.Error(), "not finite") {
			t.Fatalf("GOMAXPROCS=%d: got %v, want a non-finite scores error", procs, err)
		}
		if want == "" {
			want = err.Error()
		} else if err.Error() != want {
			t.Errorf("GOMAXPROCS=%d: error %q, one thread %q", procs, err, want)
		}
	}
	if !strings.Contains(want, "query 13") {
		t.Errorf("error %q should name head 3's query 13, the first failing one", want)
	}
}
