package main

import (
	"fmt"
	"strconv"
	"strings"
)

// blasInfo is torch_bench.py's report of the BLAS torch multiplies with.
type blasInfo struct {
	// Name is the BLAS the library's path names (OpenBLAS, MKL, BLIS,
	// ATLAS, "reference BLAS (Netlib)") or "" when it names none.
	Name string `json:"name"`
	// Library is the file holding the sgemm_ torch binds to.
	Library string `json:"library"`
	// Config is torch's BLAS_INFO build setting ("generic" for Debian's,
	// which takes whatever provides libblas.so.3).
	Config string `json:"config"`
	// GFLOPS is the best 1024³ torch.mm rate per thread count ("1", "2").
	GFLOPS map[string]float64 `json:"gflops"`
}

// optimised are the BLAS implementations worth comparing against. The
// reference BLAS, or a library the probe cannot name, is not.
var optimised = map[string]bool{"OpenBLAS": true, "MKL": true, "BLIS": true, "ATLAS": true}

// fair says whether ratios against this torch mean anything: it must
// multiply with a known optimised BLAS that reaches minGFLOPS on a 1024³
// product at one thread. Debian's reference BLAS reaches 5–7 GFLOP/s, and
// OpenBLAS on the 2-core development machine 140–250 even while busy, so
// the default threshold (25) separates them with room on both sides. why
// explains a refusal and says how to fix it.
func (b *blasInfo) fair(minGFLOPS float64) (ok bool, why string) {
	const fix = "install an optimised BLAS (sudo apt-get install libopenblas0-pthread; `make bench` does it when run as root or with sudo) and run again"
	if b == nil {
		return false, "the PyTorch side did not report its BLAS (old torch_bench.py output?); " + fix
	}
	gf1, measured := b.GFLOPS["1"]
	lib := b.Library
	if lib == "" {
		lib = "an unknown library"
	}
	switch {
	case !optimised[b.Name]:
		name := b.Name
		if name == "" {
			name = "an unrecognised BLAS"
		}
		return false, fmt.Sprintf("PyTorch multiplies with %s (%s, %.1f GFLOP/s on 1024³ at one thread); %s", name, lib, gf1, fix)
	case !measured:
		return false, "the PyTorch side did not time its 1024³ product at one thread; run it with -cpu including 1"
	case gf1 < minGFLOPS:
		return false, fmt.Sprintf("PyTorch's %s (%s) reached only %.1f GFLOP/s on 1024³ at one thread, below %.0f: it is not an optimised build, or the machine is overloaded; %s",
			b.Name, lib, gf1, minGFLOPS, fix)
	}
	return true, ""
}

// describe is the line printed before the table, e.g. "PyTorch BLAS:
// OpenBLAS (/usr/lib/…/libblas.so.3, BLAS_INFO=generic); 1024³ torch.mm:
// 146.6 GFLOP/s at 1 thread, 316.4 GFLOP/s at 2 threads".
func (b *blasInfo) describe(threads []int) string {
	if b == nil {
		return "PyTorch BLAS: not reported"
	}
	name := b.Name
	if name == "" {
		name = "unrecognised"
	}
	var rates []string
	for _, th := range threads {
		unit := "threads"
		if th == 1 {
			unit = "thread"
		}
		if gf, ok := b.GFLOPS[strconv.Itoa(th)]; ok {
			rates = append(rates, fmt.Sprintf("%.1f GFLOP/s at %d %s", gf, th, unit))
		} else {
			rates = append(rates, fmt.Sprintf("n/a at %d %s", th, unit))
		}
	}
	where := b.Library
	if b.Config != "" {
		where += ", " + b.Config
	}
	return fmt.Sprintf("PyTorch BLAS: %s (%s); 1024³ torch.mm: %s", name, where, strings.Join(rates, ", "))
}

// keepFastest merges o's rates into b, keeping the higher per thread count.
func (b *blasInfo) keepFastest(o *blasInfo) {
	if o == nil {
		return
	}
	if b.GFLOPS == nil {
		b.GFLOPS = map[string]float64{}
	}
	for th, gf := range o.GFLOPS {
		if gf > b.GFLOPS[th] {
			b.GFLOPS[th] = gf
		}
	}
}
