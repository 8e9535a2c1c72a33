package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"dlprep/web"
)

// builder builds the site while the server already answers, so that a
// first `make serve` (an empty Go build cache: a minute or more of
// compiling) shows a page that says what is happening instead of nothing.
// The steps: the main module, the plot worker, wasm_exec.js and a gzip
// pack; the site is then served; brotli at full quality, slow and only a
// fifth smaller, follows in the background.
type builder struct {
	goCmd, src, dir string
	brotli          int
	log             io.Writer

	mu      sync.Mutex
	step    string    // what is being done now
	stepAt  time.Time // since when
	start   time.Time
	isReady bool
	err     error
}

// buildSteps is the number of steps before the site is served.
const buildSteps = 3

func (b *builder) setStep(n int, what string) {
	b.mu.Lock()
	b.step, b.stepAt = fmt.Sprintf("step %d of %d: %s", n, buildSteps, what), time.Now()
	b.mu.Unlock()
	fmt.Fprintf(b.log, "serve: %s…\n", what)
}

func (b *builder) ready() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.isReady
}

// run builds the site, marks it ready and then packs brotli. It returns
// the first error; the caller stops the server on one.
func (b *builder) run(ctx context.Context) error {
	b.start = time.Now()
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return err
	}
	b.setStep(1, "compiling dlprep.wasm (GOOS=js GOARCH=wasm go build ./wasm)")
	if err := b.goBuild(ctx, web.WasmName, "./wasm"); err != nil {
		return err
	}
	b.setStep(2, "compiling plotworker.wasm (gonum/plot, loaded after the first frame)")
	if err := b.goBuild(ctx, "plotworker.wasm", "./wasm/plotworker", "-tags", "gonumplot"); err != nil {
		return err
	}
	b.setStep(3, "copying wasm_exec.js and compressing with gzip")
	if err := b.copyWasmExec(ctx); err != nil {
		return err
	}
	m, err := web.Pack(web.PackOptions{Src: b.src, Out: b.dir, GzipOnly: true})
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.isReady, b.step = true, "ready"
	b.mu.Unlock()
	w := m.Files[web.WasmName]
	fmt.Fprintf(b.log, "serve: the site is ready, %.0f s after start (%s %.2f MB, %.2f MB gzip)\n",
		time.Since(b.start).Seconds(), web.WasmName, mb(w.Raw), mb(w.Gzip))

	// Brotli in the background: until each .br is written (atomically)
	// browsers get the .gz; a .br from an earlier run of the same file is
	// kept, so this is quick once done.
	t := time.Now()
	fmt.Fprintf(b.log, "serve: compressing with brotli %d in the background (gzip is served meanwhile)…\n", b.brotli)
	m, err = web.Pack(web.PackOptions{Src: b.src, Out: b.dir, BrotliQuality: b.brotli})
	if err != nil {
		return err
	}
	w = m.Files[web.WasmName]
	fmt.Fprintf(b.log, "serve: brotli done in %.0f s (%s %.2f MB brotli)\n", time.Since(t).Seconds(), web.WasmName, mb(w.Brotli))
	return nil
}

// goBuild compiles a WebAssembly module into the site, under a dot-name
// first (the server never serves those) so a half-written module is never
// served. While it runs, a line every 15 s says it is still going.
func (b *builder) goBuild(ctx context.Context, out, pkg string, extra ...string) error {
	tmp := filepath.Join(b.dir, "."+out+".build")
	args := append([]string{"build", "-trimpath", "-ldflags=-s -w", "-o", tmp}, extra...)
	cmd := exec.CommandContext(ctx, b.goCmd, append(args, pkg)...)
	cmd.Dir = b.src
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	t := time.Now()
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(15 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				fmt.Fprintf(b.log, "serve:   still compiling %s (%.0f s)…\n", out, time.Since(t).Seconds())
			}
		}
	}()
	err := cmd.Run()
	close(done)
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, strings.TrimSpace(stderr.String()))
	}
	fmt.Fprintf(b.log, "serve:   %s compiled in %.0f s\n", out, time.Since(t).Seconds())
	return os.Rename(tmp, filepath.Join(b.dir, out))
}

// copyWasmExec copies the Go release's wasm_exec.js, which must match the
// compiler that built the modules.
func (b *builder) copyWasmExec(ctx context.Context) error {
	out, err := exec.CommandContext(ctx, b.goCmd, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %v", err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "lib", "wasm", "wasm_exec.js")
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	tmp := filepath.Join(b.dir, ".wasm_exec.js.copy")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(b.dir, "wasm_exec.js"))
}

// statusPage answers every request while the site is being built: 503 with
// Retry-After, and for a page a short HTML that reloads itself every two
// seconds until the site is there.
func (b *builder) statusPage(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	step, since, total := b.step, time.Since(b.stepAt), time.Since(b.start)
	b.mu.Unlock()
	if step == "" {
		step, since = "starting", 0
	}
	h := w.Header()
	h.Set("Retry-After", "2")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "dlprep is being built (%s, %.0f s); retry shortly\n", step, since.Seconds())
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintf(w, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>dlprep: building…</title></head>
<body><h1>dlprep is being built</h1>
<p>%s — %.0f s so far (%.0f s in all).</p>
<p>The first build from an empty Go build cache takes a minute or two. This page reloads itself and shows the visualizer as soon as it is ready.</p>
</body></html>
`, html.EscapeString(step), since.Seconds(), total.Seconds())
}
