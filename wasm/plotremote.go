//go:build js && wasm

package main

import (
	"errors"
	"image"
	"sync"
	"syscall/js"
	"time"

	"dlprep/viz"
	"dlprep/viz/plot"
)

// plotWorkerScript is the worker that runs gonum/plot (wasm/plotworker);
// it sits next to index.html, as web.Pack copies web/static.
const plotWorkerScript = "plotworker.js"

// errNoWorker answers requests once the worker has failed.
var errNoWorker = errors.New("plot worker unavailable")

// plotRemote is viz/plot's Remote in the browser: it posts each spec to
// the plot worker and hands the pixels back. The worker, and with it the
// 12 MB gonum module, is started only when a plot is first asked for and
// the first frame is on screen, so it never delays start-up; scenes
// without plots never load it. If it cannot start, plots keep the light
// renderer and the console says why, once.
type plotRemote struct {
	firstFrameDone func() bool

	mu        sync.Mutex
	state     string // idle, waiting (for the first frame), loading, ready, failed
	worker    js.Value
	next      int
	pending   map[int]*plot.Reply
	queued    []js.Value // messages posted before the worker exists
	startedAt float64    // performance.now() when the worker was created
	readyAt   float64    // ... when gonum was loaded in it
	// bytes the worker downloaded (script, wasm_exec.js, module), as sent
	workerBytes float64
	delivered   int     // renderings received (applied or not)
	lastMs      float64 // round trip of the last rendering
	sentAt      map[int]float64
	buf         []byte
	onMessage   js.Func
	onError     js.Func
}

func newPlotRemote(firstFrameDone func() bool) *plotRemote {
	return &plotRemote{firstFrameDone: firstFrameDone, state: "idle",
		pending: map[int]*plot.Reply{}, sentAt: map[int]float64{}}
}

func now() float64 { return js.Global().Get("performance").Call("now").Float() }

// Request implements plot.Remote. It runs on the game goroutine, inside
// Figure.Render: it only encodes and posts.
func (r *plotRemote) Request(s plot.Spec, w, h int, scale float64, rep *plot.Reply) {
	r.mu.Lock()
	if r.state == "failed" {
		r.mu.Unlock()
		rep.Deliver(plot.RemoteResult{Err: errNoWorker})
		return
	}
	var err error
	r.buf, err = plot.AppendSpecJSON(r.buf[:0], s)
	if err != nil {
		r.mu.Unlock()
		rep.Deliver(plot.RemoteResult{Err: err})
		return
	}
	r.next++
	id := r.next
	r.pending[id] = rep
	r.sentAt[id] = now()
	msg := js.ValueOf(map[string]any{"id": id, "spec": string(r.buf), "w": w, "h": h, "scale": scale})
	switch r.state {
	case "loading", "ready":
		r.worker.Call("postMessage", msg)
	case "idle":
		r.state = "waiting"
		go r.startAfterFirstFrame()
		fallthrough
	default:
		r.queued = append(r.queued, msg)
	}
	r.mu.Unlock()
}

// startAfterFirstFrame waits until the first frame is drawn, then starts
// the worker. A Worker fetches and compiles on its own thread, but on a
// small machine that still competes with the main thread's first frame.
func (r *plotRemote) startAfterFirstFrame() {
	for !r.firstFrameDone() {
		time.Sleep(20 * time.Millisecond)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.state != "waiting" {
		return
	}
	if err := r.startLocked(); err != nil {
		r.failLocked(err.Error())
	}
}

func (r *plotRemote) startLocked() (err error) {
	defer func() {
		if p := recover(); p != nil { // new Worker throws, e.g. under a strict CSP
			err = errors.New("cannot create the worker: " + errorText(p))
		}
	}()
	r.onMessage = js.FuncOf(func(_ js.Value, args []js.Value) any {
		r.message(args[0].Get("data"))
		return nil
	})
	r.onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := args[0]
		msg := "the worker script failed"
		if m := e.Get("message"); m.Type() == js.TypeString && m.String() != "" {
			msg = m.String()
		}
		e.Call("preventDefault")
		r.mu.Lock()
		r.failLocked(msg)
		r.mu.Unlock()
		return nil
	})
	r.worker = js.Global().Get("Worker").New(plotWorkerScript)
	r.worker.Call("addEventListener", "message", r.onMessage)
	r.worker.Call("addEventListener", "error", r.onError)
	r.startedAt = now()
	r.state = "loading"
	for _, m := range r.queued {
		r.worker.Call("postMessage", m)
	}
	r.queued = nil
	return nil
}

// message handles one of the worker's posts, on the JS event loop.
func (r *plotRemote) message(d js.Value) {
	r.mu.Lock()
	if r.state == "failed" {
		r.mu.Unlock()
		return
	}
	if d.Get("ready").Truthy() {
		r.state, r.readyAt = "ready", now()
		if b := d.Get("bytes"); b.Type() == js.TypeNumber {
			r.workerBytes = b.Float()
		}
		r.mu.Unlock()
		return
	}
	if f := d.Get("fatal"); f.Truthy() {
		r.failLocked(f.String())
		r.mu.Unlock()
		return
	}
	id := d.Get("id").Int()
	rep := r.pending[id]
	delete(r.pending, id)
	sent := r.sentAt[id]
	delete(r.sentAt, id)
	if rep == nil {
		r.mu.Unlock()
		return
	}
	if e := d.Get("error"); e.Truthy() {
		r.mu.Unlock()
		rep.Deliver(plot.RemoteResult{Err: errors.New(e.String())})
		return
	}
	r.delivered++
	r.lastMs = now() - sent
	r.mu.Unlock()
	if !rep.Wanted() { // the data or size changed meanwhile: skip the copy
		rep.Deliver(plot.RemoteResult{Err: plot.ErrStale})
		return
	}
	rep.Deliver(decodeRendering(d))
}

// decodeRendering copies the worker's pixels into a new image.
func decodeRendering(d js.Value) plot.RemoteResult {
	w, h := d.Get("width").Int(), d.Get("height").Int()
	px := js.Global().Get("Uint8Array").New(d.Get("pixels"))
	if w <= 0 || h <= 0 || px.Length() != 4*w*h {
		return plot.RemoteResult{Err: errors.New("plot worker: pixels do not match the size")}
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	js.CopyBytesToGo(img.Pix, px)
	a := d.Get("area")
	return plot.RemoteResult{Img: img, Area: viz.Rect{X: a.Get("x").Float(), Y: a.Get("y").Float(), W: a.Get("w").Float(), H: a.Get("h").Float()}}
}

// failLocked gives up on the worker for this page: the pending plots keep
// their light rendering, and so does every later one.
func (r *plotRemote) failLocked(why string) {
	if r.state == "failed" {
		return
	}
	r.state = "failed"
	js.Global().Get("console").Call("warn", "dlprep: plots use the built-in renderer: "+why)
	if r.worker.Truthy() {
		r.worker.Call("terminate")
	}
	pending := r.pending
	r.pending, r.queued = map[int]*plot.Reply{}, nil
	// Deliver only fills a slot, but call it without the lock anyway.
	r.mu.Unlock()
	for _, rep := range pending {
		rep.Deliver(plot.RemoteResult{Err: errNoWorker})
	}
	r.mu.Lock()
}

// stats is the remote's part of dlviz.stats().
func (r *plotRemote) stats() map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := plot.RemoteStats()
	opt := func(v float64) any {
		if v == 0 {
			return nil
		}
		return v
	}
	return map[string]any{"plotWorker": r.state, "plotWorkerStartedAt": opt(r.startedAt),
		"plotWorkerReadyAt": opt(r.readyAt), "plotWorkerBytes": r.workerBytes, "plotRemoteDelivered": r.delivered,
		"plotRemoteRenders": int(c.Applied), "plotRemoteStale": int(c.Stale), "plotRemoteFailed": int(c.Failed),
		"plotRemoteLastMs": r.lastMs}
}

func errorText(p any) string {
	if e, ok := p.(error); ok {
		return e.Error()
	}
	if s, ok := p.(string); ok {
		return s
	}
	return "unknown error"
}

// plotWorker is the installed remote, for dlviz.stats().
var plotWorker *plotRemote
