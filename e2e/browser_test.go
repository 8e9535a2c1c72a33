package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// chromiumPath finds the browser. Debian's /usr/bin/chromium is a shell
// wrapper that prints a harmless error; the binary behind it is quieter.
func chromiumPath() (string, error) {
	if p := os.Getenv("DLPREP_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, p := range []string{"/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if full, err := exec.LookPath(p); err == nil {
			return full, nil
		}
	}
	return "", fmt.Errorf("no Chromium found (tried DLPREP_CHROMIUM, /usr/lib/chromium/chromium, chromium, chromium-browser, google-chrome): apt-get install chromium, or run make deps")
}

// requireE2E skips unless DLPREP_E2E=1, and then insists on a browser.
func requireE2E(t *testing.T) string {
	t.Helper()
	if os.Getenv("DLPREP_E2E") != "1" {
		t.Skip("browser end-to-end tests are off: set DLPREP_E2E=1 (make test-e2e) with Chromium installed")
	}
	path, err := chromiumPath()
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// browser is one headless Chromium with one tab.
type browser struct {
	ctx    context.Context
	cancel func()
	log    *syncBuffer
}

// syncBuffer collects the browser's output for failure messages.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startBrowser launches Chromium with the flags that render ebiten's WebGL2
// through SwiftShader as root, with a fresh profile (so every start is a
// cold load), and a w x h viewport.
func startBrowser(t *testing.T, path string, w, h int) *browser {
	t.Helper()
	log := &syncBuffer{}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox, // Chromium exits at once as root without it
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Keep requestAnimationFrame running at full rate in a headless tab.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(w, h),
		chromedp.CombinedOutput(log),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &browser{ctx: ctx, cancel: func() { cancel(); acancel() }, log: log}
	t.Cleanup(b.cancel)
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatalf("starting %s: %v\n%s", path, err, log.String())
	}
	return b
}

// newTab opens another tab in the same browser that runs script before
// any page script (to take browser features away).
func (b *browser) newTab(t *testing.T, script string) *browser {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	tab := &browser{ctx: ctx, cancel: cancel, log: b.log}
	t.Cleanup(cancel)
	if script == "" {
		return tab
	}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return err
	}))
	if err != nil {
		t.Fatalf("new tab: %v", err)
	}
	return tab
}

// viewport sets the page's size (CSS pixels) and device emulation.
func (b *browser) viewport(t *testing.T, w, h int64, opts ...chromedp.EmulateViewportOption) {
	t.Helper()
	ctx, cancel := b.timeout(30 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, opts...)); err != nil {
		t.Fatalf("viewport %dx%d: %v", w, h, err)
	}
}

// timeout derives a context for one action.
func (b *browser) timeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, d)
}

// eval runs a JS expression and decodes its value.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	ctx, cancel := b.timeout(30 * time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v\npage: %s", expr, err, b.diagnose())
	}
	return v
}

// waitFor polls a JS condition until it is true.
func waitFor(t *testing.T, b *browser, cond string, d time.Duration) {
	t.Helper()
	ctx, cancel := b.timeout(d + 5*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatalf("waiting %v for %s: %v\npage: %s", d, cond, err, b.diagnose())
	}
}

// waitAcrossReload polls cond while the page may be navigating, when
// evaluation fails until the new document exists.
func (b *browser) waitAcrossReload(t *testing.T, cond string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		ctx, cancel := b.timeout(2 * time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waiting %v for %s across a reload\npage: %s", d, cond, b.diagnose())
}

// diagnose is what the page says about itself, for failure messages.
func (b *browser) diagnose() string {
	ctx, cancel := b.timeout(3 * time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({href: location.href,
		boot: window.dlprepBoot && {phase: dlprepBoot.phase, error: dlprepBoot.error, loaded: dlprepBoot.loadedBytes},
		state: window.dlviz ? dlviz.state() : null, stats: window.dlviz ? dlviz.stats() : null,
		banner: window.dlviz ? dlviz.mirror().error : null})`))
	if err != nil {
		return fmt.Sprintf("(cannot read the page: %v) browser output:\n%s", err, b.log.String())
	}
	return s
}

// open navigates and waits for the first frame.
func (b *browser) open(t *testing.T, url string) {
	t.Helper()
	ctx, cancel := b.timeout(60 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigating to %s: %v\n%s", url, err, b.log.String())
	}
	waitFor(t, b, `window.dlprepBoot && dlprepBoot.error === null && window.dlviz !== undefined && dlviz.stats().frames > 0 && dlprepBoot.firstFrameAt !== null`, 60*time.Second)
}

// click presses, holds and releases the left button at (x, y). ebiten
// samples the button once per tick, so an instant click is lost about a
// third of the time: the button stays down for 100 ms and two frames (on a
// loaded machine a frame can take far longer than 100 ms).
func (b *browser) click(t *testing.T, x, y float64) {
	t.Helper()
	ctx, cancel := b.timeout(30 * time.Second)
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.MouseEvent(chromedp.MouseMoved, x, y),
		chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.Sleep(100*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("pressing at (%.0f, %.0f): %v", x, y, err)
	}
	b.waitFrames(t, 2)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1))); err != nil {
		t.Fatalf("releasing at (%.0f, %.0f): %v", x, y, err)
	}
	b.waitFrames(t, 2)
}

// wheel turns the mouse wheel by dy CSS pixels at (x, y), then lets the
// app draw two frames.
func (b *browser) wheel(t *testing.T, x, y, dy float64) {
	t.Helper()
	ctx, cancel := b.timeout(30 * time.Second)
	defer cancel()
	// CDP requires both deltas on a wheel event, and cdproto omits a zero
	// deltaX from the message: a negligible sideways delta keeps it.
	deltaY := func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 1e-6, dy }
	// The app scrolls what is under the cursor, which it knows from moves.
	if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, x, y)); err != nil {
		t.Fatalf("moving to (%.0f, %.0f): %v", x, y, err)
	}
	b.waitFrames(t, 1)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, x, y, deltaY)); err != nil {
		t.Fatalf("wheel at (%.0f, %.0f): %v", x, y, err)
	}
	b.waitFrames(t, 2)
}

// waitFrames waits until the app has drawn n more frames.
func (b *browser) waitFrames(t *testing.T, n int) {
	t.Helper()
	f := eval[int](t, b, `dlviz.stats().frames`)
	waitFor(t, b, fmt.Sprintf(`dlviz.stats().frames >= %d`, f+n), 20*time.Second)
}

// key presses and releases each key of keys (chromedp names: "]",
// kb.ArrowRight, ...) on the focused element, which is ebiten's canvas once
// it has started. Like the mouse button, a key is held for two frames:
// ebiten reads key state once per tick, so a key released before the next
// tick is never seen, and keys seen in the same tick come in no order.
func (b *browser) key(t *testing.T, keys string) {
	t.Helper()
	for _, r := range keys {
		for _, ev := range kb.Encode(r) {
			ctx, cancel := b.timeout(30 * time.Second)
			err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, *ev)
				return err
			}))
			cancel()
			if err != nil {
				t.Fatalf("key %q (%s): %v", r, ev.Type, err)
			}
			if ev.Type == kb.KeyDown {
				b.waitFrames(t, 2)
			}
		}
		b.waitFrames(t, 2)
	}
}

// screenshot captures the viewport, saving it under DLPREP_E2E_OUT (or the
// test's temporary folder).
func (b *browser) screenshot(t *testing.T, name string) image.Image {
	t.Helper()
	ctx, cancel := b.timeout(30 * time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	dir := os.Getenv("DLPREP_E2E_OUT")
	if dir == "" {
		dir = t.TempDir()
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot %s is not a PNG: %v", p, err)
	}
	t.Logf("screenshot %s (%dx%d)", p, img.Bounds().Dx(), img.Bounds().Dy())
	return img
}

// pixelStats are the luminance spread and the number of distinct colours
// (at 5 bits per channel): a blank, black or single-colour frame has
// neither.
func pixelStats(img image.Image) (lumStd float64, colours int) {
	r := img.Bounds()
	seen := map[uint32]bool{}
	var sum, sum2, n float64
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			l := 0.2126*float64(cr>>8) + 0.7152*float64(cg>>8) + 0.0722*float64(cb>>8)
			sum += l
			sum2 += l * l
			n++
			seen[(cr>>11)<<10|(cg>>11)<<5|cb>>11] = true
		}
	}
	mean := sum / n
	return math.Sqrt(max(0, sum2/n-mean*mean)), len(seen)
}

// countNear counts pixels within tol of c on every channel.
func countNear(img image.Image, c [3]uint8, tol int) int {
	r := img.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if abs(int(cr>>8)-int(c[0])) <= tol && abs(int(cg>>8)-int(c[1])) <= tol && abs(int(cb>>8)-int(c[2])) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
