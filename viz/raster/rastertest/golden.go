// Package rastertest compares rendered images with golden PNGs, for tests
// of the raster backend and of scenes drawn through it. Run a test binary
// with -regen to (re)write the golden files instead of comparing.
//
// It is imported by tests only and must never import ebiten.
package rastertest

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var regen = flag.Bool("regen", false, "rewrite golden images instead of comparing with them")

// Tolerance of a comparison: a pixel differs when any channel differs by
// more than Channel; the images match while at most Fraction of the pixels
// differ. Small differences come from float rounding in anti-aliasing on
// other CPUs or Go versions; a layout or colour change exceeds them.
type Tolerance struct {
	Channel  int
	Fraction float64
}

// Default is the tolerance Check uses.
var Default = Tolerance{Channel: 8, Fraction: 0.002}

// Check compares img with the golden PNG at path (conventionally
// testdata/NAME_golden.png) using Default. With -regen it writes the file.
// On a mismatch it saves what it got next to a temp dir and says where.
func Check(t testing.TB, img image.Image, path string) {
	t.Helper()
	CheckWith(t, img, path, Default)
}

// CheckWith is Check with an explicit tolerance.
func CheckWith(t testing.TB, img image.Image, path string, tol Tolerance) {
	t.Helper()
	if *regen {
		if err := WritePNG(path, img); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	want, err := ReadPNG(path)
	if err != nil {
		t.Fatalf("%v (run the test with -regen to create it)", err)
	}
	if msg := Compare(img, want, tol); msg != "" {
		got := filepath.Join(os.TempDir(), filepath.Base(path[:len(path)-len(filepath.Ext(path))])+"_got.png")
		_ = WritePNG(got, img)
		t.Errorf("%s: %s; got image saved as %s", path, msg, got)
	}
}

// Compare returns "" when got matches want within tol, else what differs.
func Compare(got, want image.Image, tol Tolerance) string {
	gb, wb := got.Bounds(), want.Bounds()
	if gb.Size() != wb.Size() {
		return fmt.Sprintf("size %v, want %v", gb.Size(), wb.Size())
	}
	bad, worst := 0, 0
	for y := 0; y < gb.Dy(); y++ {
		for x := 0; x < gb.Dx(); x++ {
			r1, g1, b1, a1 := got.At(gb.Min.X+x, gb.Min.Y+y).RGBA()
			r2, g2, b2, a2 := want.At(wb.Min.X+x, wb.Min.Y+y).RGBA()
			d := max(absDiff(r1, r2), absDiff(g1, g2), absDiff(b1, b2), absDiff(a1, a2)) >> 8
			worst = max(worst, d)
			if d > tol.Channel {
				bad++
			}
		}
	}
	n := gb.Dx() * gb.Dy()
	if float64(bad) > tol.Fraction*float64(n) {
		return fmt.Sprintf("%d of %d pixels differ by more than %d (worst %d), allowed %.2f%%", bad, n, tol.Channel, worst, 100*tol.Fraction)
	}
	return ""
}

func absDiff(a, b uint32) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// ReadPNG decodes a PNG file.
func ReadPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// WritePNG encodes img to path, creating its directory.
func WritePNG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
