package main

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.png")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--scene", "nope", "--out", out}, `unknown scene "nope"`},
		{[]string{"--problem", "099", "--out", out}, `unknown problem "099"`},
		{[]string{"--problem", "009", "--step", "-1", "--out", out}, `step="-1" is not a step number`},
		{[]string{"--scene", "timestep_embedding", "--set", "dim=abc", "--out", out}, `dim="abc" is not a number`},
		{[]string{"--scene", "timestep_embedding", "--set", "colour=red", "--out", out}, `no parameter "colour"`},
		{[]string{"--problem", "003", "--set", "pitfall=1", "--out", out}, `pitfall="1" is not one of none, no-scale`},
		{[]string{"--scene", "timestep_embedding", "--set", "dim", "--out", out}, `--set "dim": want name=value`},
		{[]string{"--scene", "timestep_embedding", "--size", "12x", "--out", out}, `--size "12x": want WxH`},
		{[]string{"--scene", "timestep_embedding", "--size", "99999x10", "--out", out}, `each side must be in [16, 8192]`},
		{[]string{"--scene", "timestep_embedding", "--out", filepath.Join(dir, "x.jpg")}, `want a .png or .gif file`},
		{[]string{"--out", out}, "--problem or --scene is required; views: 000 "},
		{[]string{"--scene", "timestep_embedding", "--size", "8192x8192", "--scale", "4", "--out", out}, "is 32768x32768 = 1073741824 device pixels, over the limit of 16777216"},
		{[]string{"--scene", "timestep_embedding", "--size", "4096x4096", "--out", out, "--frames", "200"}, "--frames 200 of 4096x4096 device pixels is 3355443200 pixels in all, over the limit"},
		{[]string{"--scene", "timestep_embedding", "--out", filepath.Join(dir, "no", "such", "dir", "x.gif")}, "cannot create a file there"},
		{[]string{"--scene", "timestep_embedding", "--out", filepath.Join(dir, "adir.png")}, "is a directory"},
	}
	if err := os.Mkdir(filepath.Join(dir, "adir.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"render"}, tc.args...), &stdout, &stderr)
		if code == 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("render %v: exit %d, stderr %q; want a failure mentioning %q", tc.args, code, stderr.String(), tc.want)
		}
		// The list of views comes only with a view that was not found.
		if lists := strings.Contains(stderr.String(), "views: "); lists != strings.Contains(tc.want, "unknown") && !strings.Contains(tc.want, "required") {
			t.Errorf("render %v: stderr %q lists the views: %v", tc.args, stderr.String(), lists)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed render wrote %s", out)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("a failed render left %v behind", left)
	}
}

// TestRenderChecksOutFirst: an --out that cannot be created fails before
// the view is even opened, so before a single frame is drawn. Shown by
// order, not by the clock: with an unknown view as well, the error is
// about --out.
func TestRenderChecksOutFirst(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--scene", "no_such_view", "--frames", "2000", "--size", "200x200", "--out", "/nonexistent-dir/x.gif"}, &stdout, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "cannot create a file there") || strings.Contains(stderr.String(), "no_such_view") {
		t.Errorf("exit %d, stderr %q: want the --out error, before the unknown view is looked up", code, stderr.String())
	}
}

// TestGIFStreamRoundTrip: frames written one by one decode, with
// image/gif, to the same pixels, sizes, delays and palette.
func TestGIFStreamRoundTrip(t *testing.T) {
	for _, ncol := range []int{1, 2, 3, 17, 256} {
		pal := color.Palette{}
		for i := 0; i < ncol; i++ {
			pal = append(pal, color.RGBA{uint8(i), uint8(255 - i), uint8(i * 7), 255})
		}
		var buf bytes.Buffer
		gw := newGIFStream(&buf, 3)
		var want []*image.Paletted
		for f := 0; f < 4; f++ {
			img := image.NewPaletted(image.Rect(0, 0, 301, 97), pal)
			for i := range img.Pix {
				img.Pix[i] = uint8((i*31 + f*7 + i/301) % ncol)
			}
			if err := gw.WriteFrame(img); err != nil {
				t.Fatal(err)
			}
			want = append(want, img)
		}
		if err := gw.Close(); err != nil {
			t.Fatal(err)
		}
		g, err := gif.DecodeAll(&buf)
		if err != nil {
			t.Fatalf("%d colours: %v", ncol, err)
		}
		if len(g.Image) != 4 || g.LoopCount != 0 || g.Config.Width != 301 || g.Config.Height != 97 {
			t.Fatalf("%d colours: %d frames, loop %d, %dx%d", ncol, len(g.Image), g.LoopCount, g.Config.Width, g.Config.Height)
		}
		for f, img := range g.Image {
			if g.Delay[f] != 3 || !bytes.Equal(img.Pix, want[f].Pix) {
				t.Errorf("%d colours, frame %d: delay %d, pixels equal %v", ncol, f, g.Delay[f], bytes.Equal(img.Pix, want[f].Pix))
			}
			for i, c := range pal {
				if img.Palette[i] != color.Color(c) {
					r1, g1, b1, _ := img.Palette[i].RGBA()
					r2, g2, b2, _ := c.RGBA()
					if r1 != r2 || g1 != g2 || b1 != b2 {
						t.Errorf("%d colours: palette[%d] = %v, want %v", ncol, i, img.Palette[i], c)
						break
					}
				}
			}
		}
	}
	if err := newGIFStream(io.Discard, 3).Close(); err == nil {
		t.Error("a GIF with no frame closed without error")
	}
}

func TestRenderPNGAndGIF(t *testing.T) {
	dir := t.TempDir()
	pngOut, gifOut := filepath.Join(dir, "a.png"), filepath.Join(dir, "a.gif")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"render", "--problem", "009", "--set", "pitfall=freq-over-d", "--step", "2", "--size", "800x500", "--scale", "2", "--out", pngOut}, &stdout, &stderr); code != 0 {
		t.Fatalf("png: exit %d: %s", code, stderr.String())
	}
	f, _ := os.Open(pngOut)
	img, err := png.Decode(f)
	f.Close()
	if err != nil || img.Bounds().Dx() != 1600 || img.Bounds().Dy() != 1000 {
		t.Fatalf("png: %v, bounds %v, want 1600x1000", err, img.Bounds())
	}
	if code := run([]string{"render", "--scene", "timestep_embedding", "--bare", "--frames", "3", "--size", "400x300", "--out", gifOut}, &stdout, &stderr); code != 0 {
		t.Fatalf("gif: exit %d: %s", code, stderr.String())
	}
	f, _ = os.Open(gifOut)
	g, err := gif.DecodeAll(f)
	f.Close()
	if err != nil || len(g.Image) != 3 || g.Image[0].Bounds().Dx() != 400 {
		t.Fatalf("gif: %v, %d frames; want 3 frames of 400 px", err, len(g.Image))
	}
}
