package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The loop view's total is geometry.IsPathClosed's, its running products
// end there and its heats show them; the pitfall's are mistakes.PathReversed's.
func TestLoopViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"drift": 5}, {"pitfall": 1}, {"cameras": 8, "drift": 2, "pitfall": 1}} {
		s := newView(t, newLoopView, v)
		want, err := geometry.IsPathClosed(s.rt, s.tol)
		if err != nil {
			t.Fatal(err)
		}
		if s.closure != want {
			t.Fatalf("%v: closure %+v, IsPathClosed %+v", v, s.closure, want)
		}
		last := s.partial[s.n]
		for i := range last {
			if math.Abs(last[i]-want.Total[i]) > 1e-12 {
				t.Fatalf("%v: last running product %v, IsPathClosed %v", v, last, want.Total)
			}
		}
		// The heat at the closure step shows R_total, colours included.
		s.setHeats(s.partialAt(len(s.tl) - 1))
		for i := range 9 {
			if got := s.hp.vals[i]; got != float32(want.Total[i]) {
				t.Fatalf("%v: P cell %d shows %v, R_total %v", v, i, got, want.Total[i])
			}
			if got := s.hp.bm.Value(i/3, i%3, viz.BlueWhiteRed, -1, 1); math.Abs(got-want.Total[i]) > 2.0/255+1e-6 {
				t.Fatalf("%v: P cell %d reads %v", v, i, got)
			}
		}
		if wantClosed := v["drift"] == 0; want.Closed != wantClosed {
			t.Fatalf("%v: closed = %v (error %v)", v, want.Closed, want.Error)
		}
		if !s.pitfall {
			continue
		}
		bad, err := mistakes.PathReversed(s.rt, s.tol)
		if err != nil {
			t.Fatal(err)
		}
		if s.bad != bad {
			t.Fatalf("pitfall %+v, mistakes %+v", s.bad, bad)
		}
		if bad.Closed {
			t.Fatalf("%v: the reversed loop closes (error %v): the pitfall does not show", v, bad.Error)
		}
	}
}

// A drift of d degrees on one edge brings the chain back turned by d.
func TestLoopDriftAngle(t *testing.T) {
	s := newView(t, newLoopView, scene.Values{"drift": 5})
	if math.Abs(s.closure.AngleDeg-5) > 0.05 {
		t.Fatalf("drift 5°: closure angle %v°", s.closure.AngleDeg)
	}
	in, ok := s.Inspect(&scene.Frame{Step: 2}, scene.Target{Group: grpLoopP, Index: 4})
	if !ok || in.Value != fmtNum(s.partial[2][4]) {
		t.Fatalf("P_2 inspection %+v", in)
	}
}

// The 6-D view's vectors are geometry.RotationFrom6D's columns, its R is
// Rotation6DToMatrix's, and the pitfall's matrix is mistakes.Rotation6DRows'.
func TestSixdViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"pitfall": 1}, {"angle": 10}, {"len1": 0.4, "len2": 2, "angle": 120, "pitfall": 1}} {
		s := newView(t, newSixdView, v)
		d6 := core.New(1, 6)
		for i := range 3 {
			d6.Data[i], d6.Data[3+i] = float32(s.tr.A1[i]), float32(s.tr.A2[i])
		}
		r, err := geometry.Rotation6DToMatrix(d6)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 9 {
			if s.r.Data[i] != r.Data[i] || s.hr.vals[i] != r.Data[i] {
				t.Fatalf("%v: R[%d] = %v (heat %v), Rotation6DToMatrix %v", v, i, s.r.Data[i], s.hr.vals[i], r.Data[i])
			}
		}
		m, err := geometry.RotationFrom6D(s.tr.A1, s.tr.A2)
		if err != nil {
			t.Fatal(err)
		}
		for j, b := range []geometry.Vec3{s.tr.B1, s.tr.B2, s.tr.B3} {
			if b.Sub(matColumn(m, j)).Norm() > 1e-12 {
				t.Fatalf("%v: b%d = %v, column %d of RotationFrom6D %v", v, j+1, b, j, matColumn(m, j))
			}
		}
		// The table's last rows are b2 and b3, once filled.
		s.setTable(len(s.tl) - 1)
		for j := range 3 {
			if got := s.table.vals[3*6+j]; got != float32(s.tr.B3[j]) {
				t.Fatalf("%v: table b3[%d] = %v", v, j, got)
			}
			if got := s.tableT.vals[j*7+6]; got != float32(s.tr.B3[j]) {
				t.Fatalf("%v: side table b3[%d] = %v", v, j, got)
			}
		}
		if !s.pitfall {
			continue
		}
		bad, err := mistakes.Rotation6DRows(d6)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 9 {
			if s.bad.Data[i] != bad.Data[i] {
				t.Fatalf("pitfall[%d] = %v, mistakes %v", i, s.bad.Data[i], bad.Data[i])
			}
		}
		// The pitfall's first column does not follow a1.
		if d := float64(bad.Data[0])*s.tr.B1[0] + float64(bad.Data[3])*s.tr.B1[1] + float64(bad.Data[6])*s.tr.B1[2]; d > 0.99 {
			t.Fatalf("pitfall's first column · b1 = %v: the pitfall does not show", d)
		}
	}
}

// The table fills in a row per stage.
func TestSixdTableFillsIn(t *testing.T) {
	s := newView(t, newSixdView, nil)
	s.setTable(0)
	if s.mask[3*1] || !s.mask[3*2] {
		t.Fatalf("inputs stage: a2 hidden %v, b1 hidden %v", s.mask[3], s.mask[6])
	}
	s.setTable(3)
	if s.mask[3*4] || !s.mask[3*5] {
		t.Fatalf("remove stage: a2 − proj hidden %v, b2 hidden %v", s.mask[12], s.mask[15])
	}
}

func TestRotationGoldens(t *testing.T) {
	checkGolden(t, "loop_closure_drift", "032", map[string]string{"drift": "5"}, 6, 1280, 800)
	checkGolden(t, "loop_reversed_phone", "032", map[string]string{"pitfall": "order-reversed"}, 3, 390, 844)
	checkGolden(t, "sixd_remove", "034", nil, 3, 1280, 800)
	checkGolden(t, "sixd_rows_phone", "034", map[string]string{"pitfall": "rows-not-columns"}, 6, 390, 844)
}
