package attention

import (
	"math"
	"testing"

	"dlprep/core"
)

// wsCase runs one op on input set i, through ws when it is non-nil and
// through the package-level function otherwise.
type wsCase struct {
	name   string
	inputs int
	run    func(ws *Workspace, i int) (results, error)
}

// results are an op's output tensors, held in an array so that collecting
// them does not allocate in TestWorkspaceAllocs.
type results struct {
	t [3]*core.Tensor
	n int
}

func (r results) list() []*core.Tensor { return r.t[:r.n] }

// wsCases covers every Workspace method with input sets of different
// shapes, so that a reused workspace grows, shrinks and grows again.
func wsCases() []wsCase {
	type sdpaIn struct {
		q, k, v, mask *core.Tensor
		causal        bool
	}
	causalMask := core.New(5, 6)
	for i := range causalMask.Data {
		if i%3 != 1 {
			causalMask.Data[i] = 1
		}
	}
	sdpa := []sdpaIn{
		{randTensor(1, 2, 3, 5, 4), randTensor(2, 2, 3, 6, 4), randTensor(3, 2, 3, 6, 3), causalMask, true},
		{randTensor(4, 1, 2, 3, 8), randTensor(5, 1, 2, 3, 8), randTensor(6, 1, 2, 3, 8), nil, false},
		{randTensor(7, 2, 4, 9, 4), randTensor(8, 2, 4, 11, 4), randTensor(9, 2, 4, 11, 5), nil, true},
	}
	type mhsaIn struct {
		x            *core.Tensor
		w            MHSAWeights
		heads        int
		causal       bool
		win          Window
		cam          *core.Tensor
		camW         CameraWeights
		mode         CameraMode
		factW        FactorizedWeights
		windowWeight WindowWeights
	}
	mhsa := []mhsaIn{
		{x: randTensor(10, 2, 7, 12), w: randMHSA(11, 12), heads: 3, causal: true},
		{x: randTensor(12, 1, 5, 8), w: randMHSA(13, 8), heads: 2},
		{x: randTensor(14, 3, 9, 16), w: randMHSA(15, 16), heads: 4},
	}
	window := []mhsaIn{
		{x: randTensor(20, 1, 6, 4, 4, 6), windowWeight: randWindow(21, 6), heads: 2, win: Window{2, 2, 3}},
		{x: randTensor(22, 2, 4, 2, 4, 4), windowWeight: randWindow(23, 4), heads: 4, win: Window{1, 2, 2}},
		{x: randTensor(24, 2, 8, 4, 6, 6), windowWeight: randWindow(25, 8), heads: 2, win: Window{2, 3, 2}},
	}
	fact := []mhsaIn{
		{x: randTensor(30, 1, 4, 8, 3, 5), factW: FactorizedWeights{randMHSA(31, 8), randMHSA(32, 8)}, heads: 2},
		{x: randTensor(33, 2, 3, 6, 2, 2), factW: FactorizedWeights{randMHSA(34, 6), randMHSA(35, 6)}, heads: 3},
		{x: randTensor(36, 2, 5, 8, 3, 4), factW: FactorizedWeights{randMHSA(37, 8), randMHSA(38, 8)}, heads: 4},
	}
	camera := []mhsaIn{
		{x: randTensor(40, 2, 3, 6, 2, 3), cam: randTensor(41, 2, 3, 5), camW: randCamera(42, 6, 5), heads: 2, mode: AllFrames},
		{x: randTensor(43, 1, 2, 4, 2, 2), cam: randTensor(44, 1, 2, 3), camW: randCamera(45, 4, 3), heads: 1, mode: PerFrame},
		{x: randTensor(46, 2, 4, 8, 3, 3), cam: randTensor(47, 2, 4, 5), camW: randCamera(48, 8, 5), heads: 4, mode: AllFrames},
	}
	return []wsCase{
		{"SDPA", len(sdpa), func(ws *Workspace, i int) (results, error) {
			in := sdpa[i]
			f := SDPA
			if ws != nil {
				f = ws.SDPA
			}
			out, attn, err := f(in.q, in.k, in.v, in.mask, in.causal)
			return results{[3]*core.Tensor{out, attn}, 2}, err
		}},
		{"MHSA", len(mhsa), func(ws *Workspace, i int) (results, error) {
			in := mhsa[i]
			f := MHSA
			if ws != nil {
				f = ws.MHSA
			}
			y, attn, err := f(in.x, in.w, in.heads, in.causal)
			return results{[3]*core.Tensor{y, attn}, 2}, err
		}},
		{"WindowAttention", len(window), func(ws *Workspace, i int) (results, error) {
			in := window[i]
			f := WindowAttention
			if ws != nil {
				f = ws.WindowAttention
			}
			y, err := f(in.x, in.windowWeight, in.heads, in.win)
			return results{[3]*core.Tensor{y}, 1}, err
		}},
		{"FactorizedAttention", len(fact), func(ws *Workspace, i int) (results, error) {
			in := fact[i]
			f := FactorizedAttention
			if ws != nil {
				f = ws.FactorizedAttention
			}
			r, err := f(in.x, in.factW, in.heads)
			if err != nil {
				return results{}, err
			}
			return results{[3]*core.Tensor{r.Y, r.Spatial, r.Temporal}, 3}, nil
		}},
		{"CameraCrossAttention", len(camera), func(ws *Workspace, i int) (results, error) {
			in := camera[i]
			f := CameraCrossAttention
			if ws != nil {
				f = ws.CameraCrossAttention
			}
			y, attn, err := f(in.x, in.cam, in.camW, in.heads, in.mode)
			return results{[3]*core.Tensor{y, attn}, 2}, err
		}},
	}
}

// sameBits reports whether got and want have the same shapes and the same
// float32 bit patterns.
func sameBits(got, want []*core.Tensor) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !core.SameShape(got[i].Shape, want[i].Shape) || len(got[i].Data) != len(want[i].Data) {
			return false
		}
		for j := range got[i].Data {
			if math.Float32bits(got[i].Data[j]) != math.Float32bits(want[i].Data[j]) {
				return false
			}
		}
	}
	return true
}

// One workspace reused across input sets of growing, shrinking and growing
// shapes gives, bit for bit, the results of the package-level functions.
func TestWorkspaceMatchesPackageFuncs(t *testing.T) {
	for _, tc := range wsCases() {
		var ws Workspace
		for _, i := range []int{0, 1, 2, 1, 0, 2, 2} {
			want, err := tc.run(nil, i)
			if err != nil {
				t.Fatalf("%s input %d: %v", tc.name, i, err)
			}
			got, err := tc.run(&ws, i)
			if err != nil {
				t.Fatalf("%s input %d on a workspace: %v", tc.name, i, err)
			}
			if !sameBits(got.list(), want.list()) {
				t.Errorf("%s input %d: workspace results differ from the package function's", tc.name, i)
			}
		}
	}
}

// The package-level functions hand out tensors of their own: two calls never
// share data, and a workspace call does not touch an earlier result.
func TestPackageResultsDoNotAlias(t *testing.T) {
	for _, tc := range wsCases() {
		a, err := tc.run(nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		keep := make([]*core.Tensor, a.n)
		for i, x := range a.list() {
			keep[i] = x.Clone()
		}
		b, err := tc.run(nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range a.list() {
			if len(x.Data) > 0 && &x.Data[0] == &b.t[i].Data[0] {
				t.Errorf("%s: result %d of two calls shares its data", tc.name, i)
			}
		}
		var ws Workspace
		for _, i := range []int{2, 0} {
			if _, err := tc.run(&ws, i); err != nil {
				t.Fatal(err)
			}
		}
		if !sameBits(a.list(), keep) {
			t.Errorf("%s: a package-level result changed after later calls", tc.name)
		}
	}
}

// A warm workspace allocates nothing, whether the shapes repeat or alternate
// between sizes it has already seen.
func TestWorkspaceAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	for _, tc := range wsCases() {
		var ws Workspace
		for i := 0; i < tc.inputs; i++ {
			if _, err := tc.run(&ws, i); err != nil {
				t.Fatal(err)
			}
		}
		for _, seq := range [][]int{{0}, {1, 0}, {2, 1, 0}} {
			k := 0
			got := testing.AllocsPerRun(20, func() {
				if _, err := tc.run(&ws, seq[k%len(seq)]); err != nil {
					t.Fatal(err)
				}
				k++
			})
			if got != 0 {
				t.Errorf("%s over inputs %v: %v allocations per call, want 0", tc.name, seq, got)
			}
		}
	}
}

// A workspace that failed keeps working: an error leaves it usable for the
// next call with good inputs.
func TestWorkspaceAfterError(t *testing.T) {
	var ws Workspace
	q := randTensor(1, 1, 2, 3, 4)
	if _, _, err := ws.SDPA(q, randTensor(2, 1, 2, 3, 5), q, nil, false); err == nil {
		t.Fatal("SDPA with mismatched dk: got no error")
	}
	got, _, err := ws.SDPA(q, q, q, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := SDPA(q, q, q, nil, false)
	if !sameBits([]*core.Tensor{got}, []*core.Tensor{want}) {
		t.Errorf("SDPA after an error: results differ from the package function's")
	}
}
