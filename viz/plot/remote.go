package plot

import (
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
	// it returns (the slices belong to the scene), and must call done
	// exactly once, from any goroutine, possibly before Request returns.
	Request(s Spec, w, h int, scale float64, done func(RemoteResult))
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
	slot    *replySlot // shared with the done callback
	spec    Spec       // the fitted spec of the current key, until sent
	want    bool       // the current key has not been requested yet
	applied int        // remote renderings shown by this Figure
}

// replySlot hands a reply from whatever goroutine the remote answers on
// (the JS event loop in the browser) to the next Render, which runs on the
// game goroutine and is the only one that touches the Figure.
type replySlot struct {
	mu       sync.Mutex
	inFlight bool
	reply    *keyedReply
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
		rs.slot = &replySlot{}
	}
	sl := rs.slot
	sl.mu.Lock()
	busy := sl.inFlight
	sl.inFlight = true
	sl.mu.Unlock()
	if busy {
		return
	}
	k, s := f.key, rs.spec
	rs.want, rs.spec = false, Spec{}
	nRequests.Add(1)
	r.Request(s, k.w, k.h, k.scale, func(res RemoteResult) {
		sl.mu.Lock()
		sl.inFlight = false
		sl.reply = &keyedReply{key: k, res: res}
		sl.mu.Unlock()
	})
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
	case rep.res.Err != nil || rep.res.Img == nil:
		nFailed.Add(1)
	case !f.valid || rep.key != f.key:
		nStale.Add(1)
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
