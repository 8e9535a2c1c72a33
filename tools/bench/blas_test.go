package main

import (
	"strings"
	"testing"
)

// Real torch_bench.py --blas output on the development machine: with
// libopenblas0-pthread, and with Debian's reference libblas.so.3 put first
// on LD_LIBRARY_PATH (OpenBLAS is still mapped, through liblapack, but
// torch's sgemm_ binds to the reference library).
const (
	openblasJSON = `{"blas": {"name": "OpenBLAS", "library": "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
		"libraries": ["/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"], "config": "BLAS_INFO=generic",
		"gflops": {"1": 146.62, "2": 316.43}}, "ops": [], "torch": "1.13.0a0"}`
	referenceJSON = `{"blas": {"name": "", "library": "/tmp/refblas/lib/libblas.so.3",
		"libraries": ["/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so", "/tmp/refblas/lib/libblas.so.3"],
		"config": "BLAS_INFO=generic", "gflops": {"1": 5.50, "2": 3.56}}, "ops": [], "torch": "1.13.0a0"}`
	debianReferenceJSON = `{"blas": {"name": "reference BLAS (Netlib)", "library": "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3",
		"config": "BLAS_INFO=generic", "gflops": {"1": 7.4}}, "ops": [], "torch": "1.13.0a0"}`
)

func TestBLASFairness(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		min        float64
		fair       bool
		why        string // a fragment the refusal must contain
	}{
		{"openblas", openblasJSON, 25, true, ""},
		{"openblas below a raised threshold", openblasJSON, 200, false, "reached only 146.6 GFLOP/s"},
		{"reference BLAS on LD_LIBRARY_PATH", referenceJSON, 25, false, "an unrecognised BLAS (/tmp/refblas/lib/libblas.so.3, 5.5 GFLOP/s"},
		{"Debian's reference BLAS", debianReferenceJSON, 25, false, "reference BLAS (Netlib)"},
		{"reference BLAS even if fast enough", debianReferenceJSON, 1, false, "libopenblas0-pthread"},
		{"no blas report", `{"ops": [], "torch": "1.13.0a0"}`, 25, false, "did not report its BLAS"},
		{"openblas not timed at one thread", `{"blas": {"name": "OpenBLAS", "library": "x", "gflops": {"2": 300}}, "ops": []}`, 25, false, "one thread"},
	} {
		tr, err := decodeTorch([]byte(tc.json))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		ok, why := tr.BLAS.fair(tc.min)
		if ok != tc.fair {
			t.Errorf("%s: fair = %v (%q), want %v", tc.name, ok, why, tc.fair)
		}
		if !strings.Contains(why, tc.why) {
			t.Errorf("%s: refusal %q lacks %q", tc.name, why, tc.why)
		}
		if !ok && !strings.Contains(why, "libopenblas0-pthread") && !strings.Contains(why, "one thread") {
			t.Errorf("%s: refusal %q does not say how to fix it", tc.name, why)
		}
	}
}

func TestBLASDescribe(t *testing.T) {
	tr, err := decodeTorch([]byte(openblasJSON))
	if err != nil {
		t.Fatal(err)
	}
	got := tr.BLAS.describe([]int{1, 2})
	want := "PyTorch BLAS: OpenBLAS (/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3, BLAS_INFO=generic); 1024³ torch.mm: 146.6 GFLOP/s at 1 thread, 316.4 GFLOP/s at 2 threads"
	if got != want {
		t.Errorf("describe:\n got %s\nwant %s", got, want)
	}
	tr, _ = decodeTorch([]byte(referenceJSON))
	if got := tr.BLAS.describe([]int{1, 4}); !strings.Contains(got, "unrecognised") || !strings.Contains(got, "n/a at 4 threads") {
		t.Errorf("describe of an unnamed BLAS without a 4-thread rate: %s", got)
	}
}

// TestBLASKeepsFastestRate: the rounds' probes merge like the op timings,
// so one slow round on a busy machine does not make the run refuse.
func TestBLASKeepsFastestRate(t *testing.T) {
	var tr torchResults
	slow, _ := decodeTorch([]byte(strings.ReplaceAll(openblasJSON, "146.62", "12.0")))
	fast, _ := decodeTorch([]byte(openblasJSON))
	tr.keepFastest(slow)
	if ok, _ := tr.BLAS.fair(25); ok {
		t.Fatalf("12 GFLOP/s alone passed a 25 GFLOP/s threshold")
	}
	tr.keepFastest(fast)
	if ok, why := tr.BLAS.fair(25); !ok || tr.BLAS.GFLOPS["1"] != 146.62 {
		t.Errorf("after a fast round: fair=%v (%s), rate %v, want the faster 146.62", ok, why, tr.BLAS.GFLOPS["1"])
	}
}
