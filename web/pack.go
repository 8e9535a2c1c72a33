package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/andybalholm/brotli"
)

// WasmName is the module's file name in the site folder.
const WasmName = "dlprep.wasm"

// PackOptions say where the sources are and how hard to compress.
type PackOptions struct {
	// Src is the repository root: index.html and web/static/ are read from
	// there.
	Src string
	// Out is the site folder. It must already hold dlprep.wasm and
	// wasm_exec.js (the Makefile builds and copies them).
	Out string
	// BrotliQuality is 0-11; 0 means 11. Quality 11 is about 20 s for the
	// module but a quarter smaller than gzip; tests pack with 5.
	BrotliQuality int
	// NoBrotli skips the .br variants and removes any left over.
	NoBrotli bool
	// GzipOnly writes the .gz variants and leaves the slow .br ones for a
	// later Pack: a .br still made from the current file is kept, a stale
	// one removed. `serve -build` packs this way to serve at once, then
	// packs again with brotli in the background.
	GzipOnly bool
}

// FileSizes are one file's sizes in bytes; Gzip or Brotli is 0 when that
// variant was not written.
type FileSizes struct {
	Raw    int64  `json:"raw"`
	Gzip   int64  `json:"gzip,omitempty"`
	Brotli int64  `json:"br,omitempty"`
	SHA256 string `json:"sha256"`
}

// Manifest lists the site's files; Pack writes it as manifest.json.
type Manifest struct {
	Files map[string]FileSizes `json:"files"`
}

// bootConfig is written into index.html's <script id="dlprep-boot"> block:
// the loader reads the module URL and its uncompressed size from it, so the
// progress bar counts against the real total even when the response is
// compressed (Content-Length is then the compressed size, while the stream
// yields decoded bytes).
type bootConfig struct {
	Wasm      string `json:"wasm"`
	WasmBytes int64  `json:"wasmBytes"`
}

// compressible are the extensions worth precompressing.
var compressible = map[string]bool{".wasm": true, ".js": true, ".css": true, ".html": true, ".json": true, ".svg": true}

// packStateName is a dot-file the server never serves. It maps each variant
// ("dlprep.wasm.br") to the SHA-256 of the file it was made from and, for
// brotli, the quality ("<sum> q11"), with " none" appended when the variant
// was not worth writing. Packing an unchanged file again skips the slow
// brotli pass, and the server serves a variant only while the sum it was
// made from is the file's (see Handler.fresh).
const packStateName = ".pack-state.json"

var bootBlock = regexp.MustCompile(`(?s)(<script id="dlprep-boot" type="application/json">).*?(</script>)`)

// Pack fills opts.Out from the sources and precompresses it.
func Pack(opts PackOptions) (Manifest, error) {
	q := opts.BrotliQuality
	if q == 0 {
		q = 11
	}
	if q < 0 || q > 11 {
		return Manifest{}, fmt.Errorf("pack: brotli quality %d is outside 0..11", q)
	}
	// Temporary files of a pack that was interrupted (see writeAtomic).
	if left, err := filepath.Glob(filepath.Join(opts.Out, ".*.tmp")); err == nil {
		for _, p := range left {
			os.Remove(p)
		}
	}
	for _, need := range []string{WasmName, "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(opts.Out, need)); err != nil {
			return Manifest{}, fmt.Errorf("pack: %s is missing from %s (build it first: make wasm)", need, opts.Out)
		}
	}

	// Static assets first, so their hashes can be stamped into index.html.
	statics, err := filepath.Glob(filepath.Join(opts.Src, "web", "static", "*"))
	if err != nil {
		return Manifest{}, err
	}
	for _, s := range statics {
		if err := copyFile(s, filepath.Join(opts.Out, filepath.Base(s))); err != nil {
			return Manifest{}, fmt.Errorf("pack: %w", err)
		}
	}
	html, err := os.ReadFile(filepath.Join(opts.Src, "index.html"))
	if err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}
	assets := []string{"wasm_exec.js", WasmName}
	for _, s := range statics {
		assets = append(assets, filepath.Base(s))
	}
	for _, a := range assets {
		sum, _, err := hashFile(filepath.Join(opts.Out, a))
		if err != nil {
			return Manifest{}, fmt.Errorf("pack: %w", err)
		}
		html = stampAsset(html, a, sum[:12])
	}
	wsum, wsize, err := hashFile(filepath.Join(opts.Out, WasmName))
	if err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}
	boot, _ := json.Marshal(bootConfig{Wasm: WasmName + "?v=" + wsum[:12], WasmBytes: wsize})
	if !bootBlock.Match(html) {
		return Manifest{}, fmt.Errorf(`pack: index.html has no <script id="dlprep-boot" type="application/json"> block`)
	}
	html = bootBlock.ReplaceAll(html, append(append([]byte("${1}"), boot...), "${2}"...))
	if err := writeAtomic(filepath.Join(opts.Out, "index.html"), html); err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}

	state := map[string]string{}
	if b, err := os.ReadFile(filepath.Join(opts.Out, packStateName)); err == nil {
		_ = json.Unmarshal(b, &state) // a bad state file only costs a recompression
	}
	m := Manifest{Files: map[string]FileSizes{}}
	names, err := siteFiles(opts.Out)
	if err != nil {
		return Manifest{}, err
	}
	for _, name := range names {
		p := filepath.Join(opts.Out, name)
		sum, size, err := hashFile(p)
		if err != nil {
			return Manifest{}, fmt.Errorf("pack: %w", err)
		}
		fs := FileSizes{Raw: size, SHA256: sum}
		delete(state, name) // the one-entry-per-file format of earlier versions
		if compressible[filepath.Ext(name)] {
			if err := packVariants(p, name, sum, q, opts, state); err != nil {
				return Manifest{}, fmt.Errorf("pack: %s: %w", name, err)
			}
			fs.Gzip, fs.Brotli = sizeOf(p+".gz"), sizeOf(p+".br")
		}
		m.Files[name] = fs
	}
	if b, err := json.MarshalIndent(state, "", "  "); err == nil {
		_ = writeAtomic(filepath.Join(opts.Out, packStateName), b)
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, err
	}
	if err := writeAtomic(filepath.Join(opts.Out, "manifest.json"), mb); err != nil {
		return Manifest{}, fmt.Errorf("pack: %w", err)
	}
	return m, nil
}

// stampAsset rewrites src="name" and href="name" to carry ?v=sum, which the
// server answers with a year-long immutable Cache-Control.
func stampAsset(html []byte, name, sum string) []byte {
	for _, attr := range []string{"src", "href"} {
		old := []byte(attr + `="` + name + `"`)
		html = bytes.ReplaceAll(html, old, []byte(attr+`="`+name+"?v="+sum+`"`))
	}
	return html
}

// packVariants brings p.gz and p.br up to date with p (of hash sum),
// recording in state what each was made from. A variant whose state entry
// matches is not made again.
func packVariants(p, name, sum string, brotliQuality int, opts PackOptions, state map[string]string) error {
	var data []byte
	read := func() error {
		var err error
		if data == nil {
			data, err = os.ReadFile(p)
		}
		return err
	}
	if key := sum; !variantFresh(p+".gz", state[name+".gz"], key) {
		if err := read(); err != nil {
			return err
		}
		var gz bytes.Buffer
		gw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		gw.Write(data)
		if err := gw.Close(); err != nil {
			return err
		}
		if err := writeVariant(p+".gz", name+".gz", key, gz.Bytes(), len(data), state); err != nil {
			return err
		}
	}
	brKey := fmt.Sprintf("%s q%d", sum, brotliQuality)
	switch {
	case opts.NoBrotli:
		delete(state, name+".br")
		return removeIfExists(p + ".br")
	case opts.GzipOnly:
		// Keep a .br made from this very file (at any quality), for now.
		if e := state[name+".br"]; strings.HasPrefix(e, sum+" ") && (exists(p+".br") || strings.HasSuffix(e, " none")) {
			return nil
		}
		delete(state, name+".br")
		return removeIfExists(p + ".br")
	case variantFresh(p+".br", state[name+".br"], brKey):
		return nil
	}
	if err := read(); err != nil {
		return err
	}
	var br bytes.Buffer
	bw := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: brotliQuality, LGWin: 24})
	bw.Write(data)
	if err := bw.Close(); err != nil {
		return err
	}
	return writeVariant(p+".br", name+".br", brKey, br.Bytes(), len(data), state)
}

// variantFresh reports whether the state entry says the variant at p was
// made with key (and is there, unless it was not worth writing).
func variantFresh(p, entry, key string) bool {
	switch entry {
	case key:
		return exists(p)
	case key + " none":
		return !exists(p)
	}
	return false
}

// writeVariant writes a compressed variant, or removes it when it would not
// save at least 5% (serving it would only cost the client decode time),
// and records which.
func writeVariant(p, stateKey, key string, b []byte, rawLen int, state map[string]string) error {
	if float64(len(b)) > 0.95*float64(rawLen) {
		state[stateKey] = key + " none"
		return removeIfExists(p)
	}
	if err := writeAtomic(p, b); err != nil {
		return err
	}
	state[stateKey] = key
	return nil
}

// writeAtomic replaces p by a file holding b through a temporary file and
// a rename: the server, which may be serving the folder while it is packed,
// never sees a half-written file.
func writeAtomic(p string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// siteFiles lists the servable files of the folder, without variants,
// dot-files or the manifest itself.
func siteFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		if !e.Type().IsRegular() || strings.HasPrefix(n, ".") || n == "manifest.json" ||
			strings.HasSuffix(n, ".gz") || strings.HasSuffix(n, ".br") {
			continue
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	d := sha256.New()
	n, err := io.Copy(d, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(d.Sum(nil)), n, nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeAtomic(dst, b)
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func sizeOf(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

func removeIfExists(p string) error {
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
