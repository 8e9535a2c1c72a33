//go:build xvfb

package ebitenview

import (
	"errors"
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// testRunner runs the whole test binary inside ebiten's game loop: outside
// it, ReadPixels panics (see /work/shared/platform.md). Tests render into
// offscreen images synchronously from Update.
type testRunner struct {
	m    *testing.M
	code int
}

func (r *testRunner) Update() error {
	r.code = r.m.Run()
	return ebiten.Termination
}
func (r *testRunner) Draw(*ebiten.Image)         {}
func (r *testRunner) Layout(w, h int) (int, int) { return w, h }

func TestMain(m *testing.M) {
	ebiten.SetWindowSize(320, 200)
	r := &testRunner{m: m}
	if err := ebiten.RunGame(r); err != nil && !errors.Is(err, ebiten.Termination) {
		panic(err)
	}
	os.Exit(r.code)
}
