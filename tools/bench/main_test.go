package main

import (
	"bytes"
	"strings"
	"testing"
)

const sampleGo = `goos: linux
pkg: dlprep/core/gemm
BenchmarkOp_matmul_197x768x768          	     100	   1000000 ns/op	       232.4 GFLOP/s	   900000 cpu-ns/op	 232390656 flop/op
BenchmarkOp_matmul_197x768x768-2        	     200	    500000 ns/op	       464.8 GFLOP/s	 232390656 flop/op
BenchmarkOp_layernorm-2   	    1000	    200000 ns/op	  15.73 MB/s	       0 B/op	       0 allocs/op
BenchmarkOp_conv2d-2   	    1000	    300000 ns/op	  250000 median-ns/op	       0 B/op	       0 allocs/op
BenchmarkGonum/197x768x768     	       3	 4000000 ns/op	 58.10 GFLOP/s	 3600000 cpu-ns/op	 232390656 flop/op
BenchmarkGonum/197x768x768     	       3	 5000000 ns/op	 48.10 GFLOP/s	 4600000 cpu-ns/op	 232390656 flop/op
PASS
`

func TestParseGoBench(t *testing.T) {
	res := parseGoBench([]byte(sampleGo))
	cases := []struct {
		name        string
		procs       int
		ns, flopsOp float64
	}{
		{"Op_matmul_197x768x768", 1, 1e6, 232390656}, // also cpu-ns/op, checked below
		{"Op_matmul_197x768x768", 2, 5e5, 232390656},
		{"Op_layernorm", 2, 2e5, 0},
		{"Op_conv2d", 2, 2.5e5, 0}, // the median call, not the mean
		{"Gonum/197x768x768", 1, 4e6, 232390656},
	}
	for _, c := range cases {
		got, ok := res[c.name][c.procs]
		if !ok || got.nsPerOp != c.ns || got.flopPerOp != c.flopsOp {
			t.Errorf("%s procs %d: got %+v (present %v), want ns/op %g flop/op %g", c.name, c.procs, got, ok, c.ns, c.flopsOp)
		}
	}
	if got := res["Op_matmul_197x768x768"][1].cpuNsPerOp; got != 9e5 {
		t.Errorf("matmul cpu-ns/op = %g, want 9e5", got)
	}
	if len(res) != 4 {
		t.Errorf("parsed %d benchmarks, want 4: %v", len(res), res)
	}
}

func TestWriteTableMarksMissingSides(t *testing.T) {
	torch, err := decodeTorch([]byte(`{"torch": "1.13", "ops": [
		{"op": "matmul_197x768x768", "shape": "[197,768]x[768,768]", "flops": 232390656, "seconds": {"1": 0.002, "2": 0.001}, "cpu_seconds": 0.0018},
		{"op": "nms", "shape": "5000 boxes", "flops": null, "seconds": {"1": 0.1}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	writeTable(&buf, parseGoBench([]byte(sampleGo)), torch, []int{1, 2})
	want := []string{
		"| matmul_197x768x768 | [197,768]x[768,768] | 1 | 1.000 ms | 2.000 ms | 0.50 | 232.4 | 116.2 | 0.50 |",
		"| matmul_197x768x768 | [197,768]x[768,768] | 2 | 500.0 µs | 1.000 ms | 0.50 | 464.8 | 232.4 |  |",
		"| nms | 5000 boxes | 1 | n/a | 100.000 ms | n/a |  |  |  |",
		"| nms | 5000 boxes | 2 | n/a | n/a | n/a |  |  |  |",
		"| layernorm | — | 1 | n/a | n/a | n/a |  |  |  |",
		"| layernorm | — | 2 | 200.0 µs | n/a | n/a |  |  |  |",
	}
	got := buf.String()
	for _, line := range want {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("table lacks row\n%s\ngot:\n%s", line, got)
		}
	}
}

func TestWriteWasmTable(t *testing.T) {
	var buf bytes.Buffer
	writeWasmTable(&buf, parseGoBench([]byte(sampleGo)))
	want := "| 197x768x768 | 1.000 ms | 4.000 ms | 4.0× | 232.39 | 58.10 | 4.0× |"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("wasm table lacks %q, got:\n%s", want, buf.String())
	}
}

func TestKeepFastest(t *testing.T) {
	g := parseGoBench([]byte(sampleGo))
	g.keepFastest(goResults{"Op_layernorm": {2: {nsPerOp: 1e5}, 1: {nsPerOp: 3e5}}, "Op_matmul_197x768x768": {1: {nsPerOp: 2e6}}})
	if got := g["Op_layernorm"][2].nsPerOp; got != 1e5 {
		t.Errorf("layernorm procs 2 after merge: %g ns/op, want the faster 1e5", got)
	}
	if got := g["Op_layernorm"][1].nsPerOp; got != 3e5 {
		t.Errorf("layernorm procs 1 after merge: %g ns/op, want the only run 3e5", got)
	}
	if got := g["Op_matmul_197x768x768"][1].nsPerOp; got != 1e6 {
		t.Errorf("matmul procs 1 after merge: %g ns/op, want the faster 1e6", got)
	}
	var tr torchResults
	a, _ := decodeTorch([]byte(`{"torch": "1.13", "ops": [{"op": "nms", "seconds": {"1": 0.2, "2": 0.1}}]}`))
	b, _ := decodeTorch([]byte(`{"torch": "1.13", "ops": [{"op": "nms", "seconds": {"1": 0.1, "2": 0.3}}, {"op": "mhsa", "seconds": {"1": 1}}]}`))
	tr.keepFastest(a)
	tr.keepFastest(b)
	if len(tr.Ops) != 2 || tr.Ops[0].Op != "nms" || tr.Ops[0].Seconds["1"] != 0.1 || tr.Ops[0].Seconds["2"] != 0.1 || tr.Ops[1].Op != "mhsa" {
		t.Errorf("merged torch results %+v, want nms {1:0.1 2:0.1} then mhsa", tr.Ops)
	}
}
