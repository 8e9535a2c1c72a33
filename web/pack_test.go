package web

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const testIndex = `<!doctype html>
<link rel="stylesheet" href="style.css">
<link rel="preload" href="dlprep.wasm" as="fetch" crossorigin>
<script id="dlprep-boot" type="application/json">{"wasm":"dlprep.wasm","wasmBytes":0}</script>
<script src="wasm_exec.js" defer></script>
<script src="loader.js" defer></script>
`

// packFixture lays out a repository (index.html, web/static) and a site
// folder holding what the Makefile puts there before packing.
func packFixture(t *testing.T, index string) (src, out string, module []byte) {
	t.Helper()
	src, out = t.TempDir(), t.TempDir()
	module = bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 go module text "), 5000)
	write := func(p string, b []byte) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(src, "index.html"), []byte(index))
	write(filepath.Join(src, "web", "static", "loader.js"), []byte(strings.Repeat("console.log('loading');\n", 50)))
	write(filepath.Join(src, "web", "static", "style.css"), []byte("body{margin:0}"))
	write(filepath.Join(out, WasmName), module)
	write(filepath.Join(out, "wasm_exec.js"), []byte(strings.Repeat("// go runtime glue\n", 100)))
	return src, out, module
}

func TestPack(t *testing.T) {
	src, out, module := packFixture(t, testIndex)
	m, err := Pack(PackOptions{Src: src, Out: out, BrotliQuality: 5})
	if err != nil {
		t.Fatal(err)
	}

	html, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"wasm_exec.js", "loader.js", "style.css", WasmName} {
		want := regexp.MustCompile(`(src|href)="` + regexp.QuoteMeta(name) + `\?v=` + m.Files[name].SHA256[:12] + `"`)
		if !want.Match(html) {
			t.Errorf("index.html does not reference %s?v=%s:\n%s", name, m.Files[name].SHA256[:12], html)
		}
	}
	boot := regexp.MustCompile(`<script id="dlprep-boot" type="application/json">(.*?)</script>`).FindSubmatch(html)
	if boot == nil {
		t.Fatalf("boot block gone from index.html:\n%s", html)
	}
	var cfg bootConfig
	if err := json.Unmarshal(boot[1], &cfg); err != nil {
		t.Fatalf("boot block %q: %v", boot[1], err)
	}
	if want := WasmName + "?v=" + m.Files[WasmName].SHA256[:12]; cfg.Wasm != want || cfg.WasmBytes != int64(len(module)) {
		t.Errorf("boot config %+v, want wasm %q and wasmBytes %d", cfg, want, len(module))
	}

	// Every compressible file has variants that decode to it; the manifest
	// on disk says the same as the returned one.
	for _, name := range []string{WasmName, "wasm_exec.js", "loader.js", "index.html"} {
		raw, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		for coding, ext := range map[string]string{"gzip": ".gz", "br": ".br"} {
			b, err := os.ReadFile(filepath.Join(out, name+ext))
			if err != nil {
				t.Errorf("%s%s: %v", name, ext, err)
				continue
			}
			if got := decode(t, coding, b); !bytes.Equal(got, raw) {
				t.Errorf("%s%s decodes to %d bytes, want the %d-byte file", name, ext, len(got), len(raw))
			}
		}
		fs := m.Files[name]
		if fs.Raw != int64(len(raw)) || fs.Gzip == 0 || fs.Brotli == 0 || fs.Gzip >= fs.Raw {
			t.Errorf("manifest[%s] = %+v, want raw %d and smaller gzip and br sizes", name, fs, len(raw))
		}
	}
	// style.css is too small to gain: no variants.
	if _, err := os.Stat(filepath.Join(out, "style.css.gz")); err == nil {
		t.Errorf("style.css.gz written for a 14-byte file that gzip makes bigger")
	}
	var onDisk Manifest
	b, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err := json.Unmarshal(b, &onDisk); err != nil || onDisk.Files[WasmName] != m.Files[WasmName] {
		t.Errorf("manifest.json %s, want %+v for %s (err %v)", b, m.Files[WasmName], WasmName, err)
	}
}

func TestPackSkipsUnchangedModule(t *testing.T) {
	src, out, _ := packFixture(t, testIndex)
	if _, err := Pack(PackOptions{Src: src, Out: out, BrotliQuality: 5}); err != nil {
		t.Fatal(err)
	}
	brPath := filepath.Join(out, WasmName+".br")
	old := time.Unix(1_000_000, 0)
	if err := os.Chtimes(brPath, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := Pack(PackOptions{Src: src, Out: out, BrotliQuality: 5}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(brPath); !st.ModTime().Equal(old) {
		t.Errorf("unchanged module recompressed (mtime %v, want %v kept)", st.ModTime(), old)
	}
	// A changed module, or another quality, is recompressed.
	if err := os.WriteFile(filepath.Join(out, WasmName), bytes.Repeat([]byte("new module "), 3000), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Pack(PackOptions{Src: src, Out: out, BrotliQuality: 5}); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(brPath); st.ModTime().Equal(old) {
		t.Errorf("changed module not recompressed")
	}
}

func TestPackNoBrotli(t *testing.T) {
	src, out, _ := packFixture(t, testIndex)
	if _, err := Pack(PackOptions{Src: src, Out: out, BrotliQuality: 5}); err != nil {
		t.Fatal(err)
	}
	m, err := Pack(PackOptions{Src: src, Out: out, NoBrotli: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, WasmName+".br")); err == nil || m.Files[WasmName].Brotli != 0 {
		t.Errorf("NoBrotli left %s.br behind (manifest %+v)", WasmName, m.Files[WasmName])
	}
}

func TestPackErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(src, out string)
		opts    PackOptions
		wantErr string
	}{
		{"no module", func(src, out string) { os.Remove(filepath.Join(out, WasmName)) }, PackOptions{}, "dlprep.wasm is missing"},
		{"no wasm_exec", func(src, out string) { os.Remove(filepath.Join(out, "wasm_exec.js")) }, PackOptions{}, "wasm_exec.js is missing"},
		{"no boot block", func(src, out string) {
			os.WriteFile(filepath.Join(src, "index.html"), []byte("<!doctype html>"), 0o644)
		}, PackOptions{}, "no <script id=\"dlprep-boot\""},
		{"bad quality", func(src, out string) {}, PackOptions{BrotliQuality: 12}, "brotli quality 12"},
	}
	for _, tc := range tests {
		src, out, _ := packFixture(t, testIndex)
		tc.setup(src, out)
		tc.opts.Src, tc.opts.Out = src, out
		_, err := Pack(tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: err %v, want one containing %q", tc.name, err, tc.wantErr)
		}
	}
}

// TestPackGzipOnlyThenBrotli is serve -build's order: gzip first, brotli
// later. The gzip pass keeps a .br still made from the current file and
// drops a stale one; the brotli pass then makes only what is missing, and
// records what each variant was made from.
func TestPackGzipOnlyThenBrotli(t *testing.T) {
	src, out, _ := packFixture(t, testIndex)
	if _, err := Pack(PackOptions{Src: src, Out: out, BrotliQuality: 5}); err != nil {
		t.Fatal(err)
	}
	jsBr := filepath.Join(out, "wasm_exec.js.br")
	before, err := os.Stat(jsBr)
	if err != nil {
		t.Fatal(err)
	}
	newModule := bytes.Repeat([]byte("rebuilt module "), 4000)
	if err := os.WriteFile(filepath.Join(out, WasmName), newModule, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Pack(PackOptions{Src: src, Out: out, GzipOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, WasmName+".br")); err == nil || m.Files[WasmName].Gzip == 0 {
		t.Errorf("gzip-only pack of a changed module: stale .br kept or no .gz (manifest %+v)", m.Files[WasmName])
	}
	if after, err := os.Stat(jsBr); err != nil || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("gzip-only pack touched the unchanged wasm_exec.js.br (%v)", err)
	}
	if got := decode(t, "gzip", mustRead(t, filepath.Join(out, WasmName+".gz"))); !bytes.Equal(got, newModule) {
		t.Error("the .gz is not the new module")
	}
	m, err = Pack(PackOptions{Src: src, Out: out, BrotliQuality: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := decode(t, "br", mustRead(t, filepath.Join(out, WasmName+".br"))); !bytes.Equal(got, newModule) || m.Files[WasmName].Brotli == 0 {
		t.Error("the brotli pass did not write the new module's .br")
	}
	var state map[string]string
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, packStateName)), &state); err != nil {
		t.Fatal(err)
	}
	if want := m.Files[WasmName].SHA256 + " q5"; state[WasmName+".br"] != want || state[WasmName+".gz"] != m.Files[WasmName].SHA256 {
		t.Errorf("state %v: want %s.br = %q and .gz = its hash", state, WasmName, want)
	}
	if left, _ := filepath.Glob(filepath.Join(out, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
