// Command bench prints dlprep's speed table: every Go benchmark named
// BenchmarkOp_<op> under ./core/... next to the same op timed in PyTorch
// (torch_bench.py), at one and two threads, plus the matrix product compiled
// to WebAssembly and run under Node against gonum's.
//
// Usage (from the module root; `make bench` does this):
//
//	go run ./tools/bench [-benchtime 1s] [-cpu 1,2] [-wasm=true]
//
// Before timing anything it asks torch_bench.py which BLAS torch multiplies
// with (the library its sgemm_ binds to) and how fast a 1024³ torch.mm runs
// at each thread count, and prints that line. Against the reference BLAS
// (Debian's torch without libopenblas0-pthread, 5–7 GFLOP/s), or any BLAS
// below -min-blas-gflops at one thread, it prints no ratios and exits 1;
// `make bench` first installs python3-torch, python3-torchvision and
// libopenblas0-pthread when missing and root or sudo can (deps.sh).
//
// A Go benchmark may report its FLOP count with
// b.ReportMetric(flops, "flop/op"); otherwise the count comes from the
// torch side, and ops without one show no GFLOP/s. Ops that exist on only
// one side show "n/a" on the other. It must never import the library: it
// only runs `go test` and python as subprocesses.
//
// Tests: go test ./tools/bench/ (parsing, table layout and the BLAS
// refusal; nothing is timed).
package main
