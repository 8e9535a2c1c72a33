package plot

import (
	"errors"
	"image"
	"sync"
	"sync/atomic"

	"dlprep/viz"
)

// Remote renders plots somewhere else and answers later. The browser build
// installs one that runs gonum/plot in a Web Worker (wasm/plotworker): the
// main module keeps the light renderer, which draws at once, and swaps in
// the worker's pixels when they arrive.
type Remote interface {
	// Request asks for s (axis ranges already fitted) drawn at w x h
	// logical pixels times scale. It must not block, must not keep s after
	// it returns (the slices belong to the scene), and must call
	// r.Deliver exactly once, from any goroutine, possibly before Request
	// returns.
	Request(s Spec, w, h int, scale float64, r *Reply)
}

// ErrStale is what a Remote delivers instead of pixels nobody wants any
// more (Reply.Wanted turned false): decoding a large image only to drop it
// costs the main thread time and garbage while a slider is dragged.
var ErrStale = errors.New("plot: the figure changed before the rendering arrived")

// Reply is where a Remote's answer to one Request goes.
type Reply struct {
	slot *replySlot
	key  figKey
}

// Wanted reports whether the Figure still shows the version, size and
// scale this reply is for. Any goroutine may call it.
func (r *Reply) Wanted() bool {
	r.slot.mu.Lock()
	defer r.slot.mu.Unlock()
	return r.slot.shown == r.key
}

// Deliver hands the answer to the Figure, which shows it in its next
// Render if it is still wanted then. Any goroutine may call it; calls
// after the first are ignored.
func (r *Reply) Deliver(res RemoteResult) {
	sl := r.slot
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if sl.inFlight != r {
		return
	}
	sl.inFlight = nil
	sl.reply = &keyedReply{key: r.key, res: res}
}

// RemoteResult is a Remote's answer: a rendering, or why there is none.
type RemoteResult struct {
	Img  *image.RGBA // origin at (0, 0), about w*scale x h*scale pixels
	Area viz.Rect    // the data area in Img's pixels
	Err  error
}

// RemoteCounts count what became of remote replies, over all Figures.
type RemoteCounts struct {
	Requests int64 // specs handed to the remote
	Applied  int64 // replies whose pixels replaced the local rendering
	Stale    int64 // replies dropped: the data, size or scale changed meanwhile
	Failed   int64 // replies with an error (the local rendering stays)
}

var (
	remoteMu sync.Mutex
	remote   Remote

	nRequests, nApplied, nStale, nFailed atomic.Int64
)

// SetRemote installs r for every Figure (nil removes it). The browser's
// main() calls it once, before the first frame.
func SetRemote(r Remote) {
	remoteMu.Lock()
	remote = r
	remoteMu.Unlock()
}

func currentRemote() Remote {
	remoteMu.Lock()
	defer remoteMu.Unlock()
	return remote
}

// RemoteStats returns the counts since the program started.
func RemoteStats() RemoteCounts {
	return RemoteCounts{Requests: nRequests.Load(), Applied: nApplied.Load(), Stale: nStale.Load(), Failed: nFailed.Load()}
}

// remoteState is a Figure's side of the exchange. At most one request per
// Figure is in flight: while a slider is dragged only the latest spec is
// sent once the previous reply is back, so the remote never builds a queue
// of renderings nobody will see.
type remoteState struct {
	slot    *replySlot // shared with the Remote's Reply
	spec    Spec       // the fitted spec of the current key, until sent
	want    bool       // the current key has not been requested yet
	applied int        // remote renderings shown by this Figure
}

// replySlot hands a reply from whatever goroutine the remote answers on
// (the JS event loop in the browser) to the next Render, which runs on the
// game goroutine and is the only one that touches the Figure.
type replySlot struct {
	mu       sync.Mutex
	inFlight *Reply
	reply    *keyedReply
	shown    figKey // what the Figure shows now; zero if nothing valid
}

type keyedReply struct {
	key figKey
	res RemoteResult
}

// requestRemote sends the current spec if it has not gone yet and no other
// request of this Figure is in flight.
func (f *Figure) requestRemote() {
	rs := &f.remote
	if !rs.want {
		return
	}
	r := currentRemote()
	if r == nil {
		rs.want, rs.spec = false, Spec{}
		return
	}
	if rs.slot == nil {
		rs.slot = &replySlot{shown: f.key}
	}
	sl := rs.slot
	rep := &Reply{slot: sl, key: f.key}
	sl.mu.Lock()
	busy := sl.inFlight != nil
	if !busy {
		sl.inFlight = rep
	}
	sl.mu.Unlock()
	if busy {
		return
	}
	s := rs.spec
	rs.want, rs.spec = false, Spec{}
	nRequests.Add(1)
	r.Request(s, rep.key.w, rep.key.h, rep.key.scale, rep)
}

// showing tells the slot what the Figure shows now, for Reply.Wanted.
func (f *Figure) showing() {
	if sl := f.remote.slot; sl != nil {
		k := figKey{}
		if f.valid {
			k = f.key
		}
		sl.mu.Lock()
		sl.shown = k
		sl.mu.Unlock()
	}
}

// applyRemote takes the reply waiting in the slot, if any, and shows it
// when it is for what the Figure shows now.
func (f *Figure) applyRemote() {
	sl := f.remote.slot
	if sl == nil {
		return
	}
	sl.mu.Lock()
	rep := sl.reply
	sl.reply = nil
	sl.mu.Unlock()
	switch {
	case rep == nil:
	case errors.Is(rep.res.Err, ErrStale) || (rep.res.Err == nil && (!f.valid || rep.key != f.key)):
		nStale.Add(1)
	case rep.res.Err != nil || rep.res.Img == nil:
		nFailed.Add(1)
	default:
		// The Figure adopts the reply's image (a fresh one per reply), and
		// the next local rendering at this size reuses it.
		f.bmp.Img = rep.res.Img
		f.area = rep.res.Area
		f.bmp.Touch()
		f.remote.applied++
		nApplied.Add(1)
	}
}

// RemoteRenders counts the remote renderings this Figure has shown.
func (f *Figure) RemoteRenders() int { return f.remote.applied }
