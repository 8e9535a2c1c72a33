package e2e

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dlprep/web"
)

// goTool finds the go command that is running this test.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

func goEnv(t *testing.T, key string) string {
	t.Helper()
	out, err := exec.Command(goTool(), "env", key).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", key, err)
	}
	return strings.TrimSpace(string(out))
}

// buildSite builds the site the way `make wasm` does, with a faster brotli
// level, into a temporary folder; DLPREP_SITE skips the build.
func buildSite(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("DLPREP_SITE"); dir != "" {
		if !filepath.IsAbs(dir) { // relative to the repository, not to e2e/
			dir = filepath.Join(filepath.Dir(goEnv(t, "GOMOD")), dir)
		}
		if _, err := os.Stat(filepath.Join(dir, web.WasmName)); err != nil {
			t.Fatalf("DLPREP_SITE=%s has no %s: run make wasm", dir, web.WasmName)
		}
		return dir
	}
	// One build serves every test of the run (TestMain removes it).
	built.Lock()
	defer built.Unlock()
	if built.dir != "" {
		return built.dir
	}
	root := filepath.Dir(goEnv(t, "GOMOD"))
	out, err := os.MkdirTemp("", "dlprep-e2e-site-")
	if err != nil {
		t.Fatal(err)
	}
	built.made = append(built.made, out)
	start := time.Now()
	cmd := exec.Command(goTool(), "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(out, web.WasmName), "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the WASM module: %v\n%s", err, b)
	}
	// The plot worker (gonum/plot), fetched after the first frame.
	cmd = exec.Command(goTool(), "build", "-trimpath", "-ldflags=-s -w", "-tags", "gonumplot", "-o", filepath.Join(out, plotWorkerWasm), "./wasm/plotworker")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the plot worker: %v\n%s", err, b)
	}
	execJS, err := os.ReadFile(filepath.Join(goEnv(t, "GOROOT"), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "wasm_exec.js"), execJS, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := web.Pack(web.PackOptions{Src: root, Out: out, BrotliQuality: 5})
	if err != nil {
		t.Fatal(err)
	}
	w := m.Files[web.WasmName]
	t.Logf("site built in %v: %s %.2f MB raw, %.2f MB gzip, %.2f MB brotli (quality 5; make wasm uses 11)",
		time.Since(start).Round(time.Millisecond), web.WasmName, mb(w.Raw), mb(w.Gzip), mb(w.Brotli))
	pw := m.Files[plotWorkerWasm]
	t.Logf("plot worker %s (after the first frame): %.2f MB raw, %.2f MB gzip, %.2f MB brotli", plotWorkerWasm, mb(pw.Raw), mb(pw.Gzip), mb(pw.Brotli))
	built.dir = out
	return out
}

// built is the site buildSite made, shared by the tests of one run.
var built struct {
	sync.Mutex
	dir  string
	made []string // temporary folders to remove at the end
}

// TestMain removes the built site after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range built.made {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// serveSite serves dir on a free loopback port for the test's lifetime.
func serveSite(t *testing.T, dir string) string {
	t.Helper()
	h, err := web.NewHandler(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h) // listens on 127.0.0.1:0
	t.Cleanup(func() { srv.Close(); h.Close() })
	return srv.URL
}

func mb(n int64) float64 { return float64(n) / 1e6 }
