package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func main() {
	pkgs := flag.String("pkgs", "./core/...", "packages whose BenchmarkOp_ benchmarks are run")
	cpu := flag.String("cpu", "1,2", "GOMAXPROCS values for go test -cpu and torch thread counts")
	benchtime := flag.String("benchtime", "1s", "go test -benchtime")
	py := flag.String("py", "/usr/bin/python3", "python with torch and torchvision")
	torchJSON := flag.String("torch-json", "", "read torch timings from this file instead of running torch_bench.py")
	wasm := flag.Bool("wasm", true, "also time the matrix product under GOOS=js GOARCH=wasm against gonum")
	rounds := flag.Int("rounds", 2, "alternate Go and torch runs this many times and keep each side's fastest")
	minBLAS := flag.Float64("min-blas-gflops", 25, "refuse to print ratios when torch's 1024³ matmul at one thread is slower than this (GFLOP/s)")
	flag.Parse()
	threads := parseThreads(*cpu)

	// A ratio against the reference BLAS (what Debian's torch uses without
	// libopenblas0-pthread: 5–7 GFLOP/s) says nothing about dlprep. Check
	// which BLAS torch multiplies with before timing anything.
	var probe torchResults
	var err error
	if *torchJSON != "" {
		probe, err = readTorchFile(*torchJSON)
	} else {
		probe, err = runTorchBLAS(*py, *cpu)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: cannot tell which BLAS PyTorch uses: %v\n", err)
		os.Exit(1)
	}
	if ok, why := probe.BLAS.fair(*minBLAS); !ok {
		fmt.Printf("## %s\n", probe.BLAS.describe(threads))
		refuse(why)
	}
	// The final line, before the table, has the best rate of every round.
	fmt.Fprintf(os.Stderr, "bench: %s\n", probe.BLAS.describe(threads))

	// The machine is shared, so one run of either side can be slowed by
	// someone else's job. Alternating the two sides and keeping the best of
	// each makes the ratio compare quiet runs with quiet runs.
	goRes := goResults{}
	var torch torchResults
	torch.keepFastest(probe)
	for r := 0; r < *rounds; r++ {
		goOut, err := runGo(nil, "test", "-run", "^$", "-bench", "^BenchmarkOp_", "-cpu", *cpu, "-benchtime", *benchtime, *pkgs)
		if err != nil {
			// A package that fails to build leaves its ops as n/a; the
			// rest of the table is still worth printing.
			fmt.Fprintf(os.Stderr, "bench: go test: %v (continuing with what ran)\n", err)
		}
		goRes.keepFastest(parseGoBench(goOut))
		var t torchResults
		if *torchJSON != "" {
			t, err = readTorchFile(*torchJSON)
		} else {
			t, err = runTorch(*py, *cpu)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: torch: %v (PyTorch columns will be n/a)\n", err)
			continue
		}
		torch.keepFastest(t)
	}
	if ok, why := torch.BLAS.fair(*minBLAS); !ok {
		refuse(why)
	}
	fmt.Printf("## %s\n", torch.BLAS.describe(threads))
	fmt.Printf("## Ops: Go vs PyTorch %s (best of %d alternating rounds; median time per call on both sides; ratio = Go/PyTorch, below 1 is faster;\n", torch.Version, *rounds)
	fmt.Printf("## CPU-time ratio: one thread, calling thread's CPU time, where the Go benchmark reports cpu-ns/op)\n\n")
	writeTable(os.Stdout, goRes, torch, threads)

	if *wasm {
		out, err := runGo([]string{"GOOS=js", "GOARCH=wasm", "PATH=" + os.Getenv("PATH") + string(os.PathListSeparator) + wasmExecDir()},
			"test", "-run", "^$", "-bench", "^(BenchmarkOp_matmul|BenchmarkGonum)", "-benchtime", "2x", "-count", "2", "./core/gemm/")
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: wasm: %v\n", err)
		}
		fmt.Printf("\n## Matrix product under WebAssembly (Node, one thread): dlprep vs gonum\n\n")
		writeWasmTable(os.Stdout, parseGoBench(out))
	}
}

// result is one benchmark line: time per op and the FLOPs per op if the
// benchmark reported them.
type result struct {
	nsPerOp, flopPerOp float64
	cpuNsPerOp         float64 // thread CPU time, reported by single-threaded benchmarks that measure it
}

// goResults maps benchmark name (without "Benchmark" and the -N suffix) and
// GOMAXPROCS to its result.
type goResults map[string]map[int]result

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-(\d+))?\s+\d+\s+(.*)$`)

// parseGoBench reads `go test -bench` output.
func parseGoBench(out []byte) goResults {
	res := goResults{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		procs := 1
		if m[2] != "" {
			procs, _ = strconv.Atoi(m[2])
		}
		var r result
		median := 0.0
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				r.nsPerOp = v
			case "flop/op":
				r.flopPerOp = v
			case "cpu-ns/op":
				r.cpuNsPerOp = v
			case "median-ns/op":
				median = v
			}
		}
		if median > 0 {
			// The median call, the statistic torch_bench.py reports: the
			// mean would count every stall the shared machine caused.
			r.nsPerOp = median
		}
		if r.nsPerOp == 0 {
			continue
		}
		// Repeated runs (-count) keep the fastest, as keepFastest does.
		res.keepFastest(goResults{m[1]: {procs: r}})
	}
	return res
}

// keepFastest merges o into g, keeping the lower time per benchmark.
func (g goResults) keepFastest(o goResults) {
	for name, byProcs := range o {
		if g[name] == nil {
			g[name] = map[int]result{}
		}
		for p, r := range byProcs {
			old, ok := g[name][p]
			if !ok {
				g[name][p] = r
				continue
			}
			if r.nsPerOp < old.nsPerOp {
				old.nsPerOp = r.nsPerOp
			}
			if r.cpuNsPerOp > 0 && (old.cpuNsPerOp == 0 || r.cpuNsPerOp < old.cpuNsPerOp) {
				old.cpuNsPerOp = r.cpuNsPerOp
			}
			g[name][p] = old
		}
	}
}

// keepFastest merges o into t, keeping the lower time per op and thread
// count and t's op order (o's new ops go last).
func (t *torchResults) keepFastest(o torchResults) {
	if t.Version == "" {
		t.Version = o.Version
	}
	if t.BLAS == nil {
		t.BLAS = o.BLAS
	} else {
		t.BLAS.keepFastest(o.BLAS)
	}
	index := map[string]int{}
	for i, op := range t.Ops {
		index[op.Op] = i
	}
	for _, op := range o.Ops {
		i, ok := index[op.Op]
		if !ok {
			op.Seconds = maps.Clone(op.Seconds)
			t.Ops = append(t.Ops, op)
			continue
		}
		for th, sec := range op.Seconds {
			if old, ok := t.Ops[i].Seconds[th]; !ok || sec < old {
				t.Ops[i].Seconds[th] = sec
			}
		}
		if c := op.CPUSeconds; c > 0 && (t.Ops[i].CPUSeconds == 0 || c < t.Ops[i].CPUSeconds) {
			t.Ops[i].CPUSeconds = c
		}
	}
}

// torchResults is what torch_bench.py prints.
type torchResults struct {
	Version string    `json:"torch"`
	BLAS    *blasInfo `json:"blas"`
	Ops     []torchOp `json:"ops"`
}

type torchOp struct {
	Op      string             `json:"op"`
	Shape   string             `json:"shape"`
	Flops   *float64           `json:"flops"`
	Seconds map[string]float64 `json:"seconds"`
	// CPUSeconds is the one-thread run's CPU time per call of the timing
	// thread: unlike wall time, not inflated by other jobs on the machine.
	CPUSeconds float64 `json:"cpu_seconds"`
}

func runTorch(py, cpu string) (torchResults, error) {
	script := filepath.Join("tools", "bench", "torch_bench.py")
	cmd := exec.Command(py, script, "--threads", cpu)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return torchResults{}, err
	}
	return decodeTorch(out)
}

// runTorchBLAS runs only torch_bench.py's BLAS probe (a few seconds).
func runTorchBLAS(py, cpu string) (torchResults, error) {
	script := filepath.Join("tools", "bench", "torch_bench.py")
	cmd := exec.Command(py, script, "--blas", "--threads", cpu)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return torchResults{}, err
	}
	return decodeTorch(out)
}

func readTorchFile(path string) (torchResults, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return torchResults{}, err
	}
	return decodeTorch(b)
}

func decodeTorch(b []byte) (torchResults, error) {
	var t torchResults
	if err := json.Unmarshal(b, &t); err != nil {
		return torchResults{}, fmt.Errorf("decoding torch_bench.py output: %v", err)
	}
	return t, nil
}

// writeTable prints one markdown row per op and thread count: torch's ops in
// its order, then Go-only ops sorted by name.
func writeTable(w io.Writer, goRes goResults, torch torchResults, threads []int) {
	fmt.Fprintln(w, "| op | shape | threads | Go | PyTorch | Go/PyTorch | Go GFLOP/s | PyTorch GFLOP/s | Go/PyTorch CPU time |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	seen := map[string]bool{}
	var rows []torchOp
	for _, t := range torch.Ops {
		rows = append(rows, t)
		seen[t.Op] = true
	}
	var extra []string
	for name := range goRes {
		if op, ok := strings.CutPrefix(name, "Op_"); ok && !seen[op] {
			extra = append(extra, op)
		}
	}
	sort.Strings(extra)
	for _, op := range extra {
		rows = append(rows, torchOp{Op: op})
	}
	for _, t := range rows {
		for _, th := range threads {
			g, haveGo := goRes["Op_"+t.Op][th]
			ts, haveTorch := t.Seconds[strconv.Itoa(th)]
			flops := g.flopPerOp
			if t.Flops != nil {
				flops = *t.Flops
			}
			goTime, torchTime, ratio, goGF, torchGF := "n/a", "n/a", "n/a", "", ""
			if haveGo {
				goTime = fmtDuration(g.nsPerOp * 1e-9)
				if flops > 0 {
					goGF = fmt.Sprintf("%.1f", flops/g.nsPerOp)
				}
			}
			if haveTorch {
				torchTime = fmtDuration(ts)
				if flops > 0 {
					torchGF = fmt.Sprintf("%.1f", flops/ts/1e9)
				}
			}
			if haveGo && haveTorch {
				ratio = fmt.Sprintf("%.2f", g.nsPerOp*1e-9/ts)
			}
			cpuRatio := ""
			if th == 1 && g.cpuNsPerOp > 0 && t.CPUSeconds > 0 {
				cpuRatio = fmt.Sprintf("%.2f", g.cpuNsPerOp*1e-9/t.CPUSeconds)
			}
			shape := t.Shape
			if shape == "" {
				shape = "—"
			}
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s | %s |\n", t.Op, shape, th, goTime, torchTime, ratio, goGF, torchGF, cpuRatio)
		}
	}
}

// writeWasmTable pairs BenchmarkOp_matmul_<shape> with BenchmarkGonum/<shape>.
func writeWasmTable(w io.Writer, res goResults) {
	fmt.Fprintln(w, "| shape m×n×k | dlprep | gonum | speed-up | dlprep GFLOP/s | gonum GFLOP/s | speed-up in CPU time |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	var shapes []string
	for name := range res {
		if s, ok := strings.CutPrefix(name, "Op_matmul_"); ok {
			shapes = append(shapes, s)
		}
	}
	sort.Strings(shapes)
	if len(shapes) == 0 {
		fmt.Fprintln(w, "| n/a | n/a | n/a | n/a | | |")
	}
	for _, s := range shapes {
		ours := res["Op_matmul_"+s][1]
		gn, ok := res["Gonum/"+s][1]
		gnTime, speedup, gnGF, cpuSpeedup := "n/a", "n/a", "", ""
		if ok {
			gnTime = fmtDuration(gn.nsPerOp * 1e-9)
			speedup = fmt.Sprintf("%.1f×", gn.nsPerOp/ours.nsPerOp)
			gnGF = fmt.Sprintf("%.2f", gn.flopPerOp/gn.nsPerOp)
			if gn.cpuNsPerOp > 0 && ours.cpuNsPerOp > 0 {
				cpuSpeedup = fmt.Sprintf("%.1f×", gn.cpuNsPerOp/ours.cpuNsPerOp)
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.2f | %s | %s |\n", s, fmtDuration(ours.nsPerOp*1e-9), gnTime, speedup, ours.flopPerOp/ours.nsPerOp, gnGF, cpuSpeedup)
	}
}

// refuse stops the run without a table: every ratio would be measured
// against a BLAS that no one uses for real work.
func refuse(why string) {
	fmt.Printf("\n## No ratios: %s\n", why)
	fmt.Fprintf(os.Stderr, "bench: refusing to print ratios: %s\n", why)
	os.Exit(1)
}

func fmtDuration(sec float64) string {
	switch {
	case sec >= 1:
		return fmt.Sprintf("%.2f s", sec)
	case sec >= 1e-3:
		return fmt.Sprintf("%.3f ms", sec*1e3)
	default:
		return fmt.Sprintf("%.1f µs", sec*1e6)
	}
}

func parseThreads(cpu string) []int {
	var ts []int
	for _, s := range strings.Split(cpu, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			ts = append(ts, n)
		}
	}
	return ts
}

// runGo runs the go command with extra environment, echoing its stderr and
// returning its stdout (benchmark lines) even when it fails.
func runGo(env []string, args ...string) ([]byte, error) {
	cmd := exec.Command(goCmd(), args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	err := cmd.Run()
	return out.Bytes(), err
}

func goCmd() string {
	if g := os.Getenv("GO"); g != "" {
		return g
	}
	return "go"
}

// wasmExecDir holds go_js_wasm_exec, which `go test` needs on PATH for js.
func wasmExecDir() string {
	out, err := exec.Command(goCmd(), "env", "GOROOT").Output()
	if err != nil {
		return ""
	}
	return filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm")
}
