package main

import (
	"bytes"
	"image/gif"
	"image/png"
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
		{[]string{"--scene", "timestep_embedding", "--set", "dim", "--out", out}, `--set "dim": want name=value`},
		{[]string{"--scene", "timestep_embedding", "--size", "12x", "--out", out}, `--size "12x": want WxH`},
		{[]string{"--scene", "timestep_embedding", "--size", "99999x10", "--out", out}, `each side must be in [16, 8192]`},
		{[]string{"--scene", "timestep_embedding", "--out", filepath.Join(dir, "x.jpg")}, `want a .png or .gif file`},
		{[]string{"--out", out}, "--problem or --scene is required; views: 000 "},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"render"}, tc.args...), &stdout, &stderr)
		if code == 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("render %v: exit %d, stderr %q; want a failure mentioning %q", tc.args, code, stderr.String(), tc.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed render wrote %s", out)
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
