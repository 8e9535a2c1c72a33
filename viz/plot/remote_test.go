package plot

import (
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"dlprep/viz"
)

// fakeRemote records requests and answers when the test says so (or at
// once, inside Request, when sync is set).
type fakeRemote struct {
	sync bool
	reqs []fakeReq
}

type fakeReq struct {
	spec     Spec
	w, h     int
	scale    float64
	reply    *Reply
	answered bool
}

var remoteColour = color.RGBA{200, 0, 200, 255}

// remoteArea is where the fake says the data went, in bitmap pixels: far
// from where either local renderer puts it.
func remoteArea(scale float64) viz.Rect {
	return viz.Rect{X: 7 * scale, Y: 5 * scale, W: 100 * scale, H: 50 * scale}
}

func (r *fakeRemote) Request(s Spec, w, h int, scale float64, rep *Reply) {
	// Request must not keep s: keep a deep copy, as a real remote keeps
	// only the bytes it encoded.
	b, err := AppendSpecJSON(nil, s)
	var c Spec
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		rep.Deliver(RemoteResult{Err: err})
		return
	}
	r.reqs = append(r.reqs, fakeReq{spec: c, w: w, h: h, scale: scale, reply: rep})
	if r.sync {
		r.answer(len(r.reqs)-1, nil)
	}
}

func (r *fakeRemote) answer(i int, err error) {
	q := &r.reqs[i]
	q.answered = true
	if err != nil {
		q.reply.Deliver(RemoteResult{Err: err})
		return
	}
	pw, ph := int(math.Ceil(float64(q.w)*q.scale)), int(math.Ceil(float64(q.h)*q.scale))
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = remoteColour.R, remoteColour.G, remoteColour.B, remoteColour.A
	}
	q.reply.Deliver(RemoteResult{Img: img, Area: remoteArea(q.scale)})
}

func withRemote(t *testing.T, r Remote) {
	t.Helper()
	SetRemote(r)
	t.Cleanup(func() { SetRemote(nil) })
}

// step is one thing that happens to a Figure: a Render call, or the fake
// answering request #reply (0-based; err non-nil for a failure).
type step struct {
	render  *figKey
	reply   int
	err     error
	want    stepWant
	comment string
}

// stepWant is the state after the step.
type stepWant struct {
	requests int  // requests the remote has seen
	local    int  // local renderings (Figure.Renders)
	remote   int  // remote renderings shown (Figure.RemoteRenders)
	pixels   bool // the bitmap holds the remote's pixels
}

func at(v uint64, w, h int, scale float64) *figKey { return &figKey{v, w, h, scale} }

func TestFigureRemote(t *testing.T) {
	boom := errors.New("worker failed")
	cases := []struct {
		name  string
		sync  bool
		steps []step
	}{
		{"local first, swap on reply", false, []step{
			{render: at(1, 300, 200, 1), want: stepWant{requests: 1, local: 1}, comment: "local drawn, spec sent"},
			{render: at(1, 300, 200, 1), want: stepWant{requests: 1, local: 1}, comment: "no reply yet: cached local, nothing resent"},
			{reply: 0, want: stepWant{requests: 1, local: 1}, comment: "reply waits for the next Render"},
			{render: at(1, 300, 200, 1), want: stepWant{requests: 1, local: 1, remote: 1, pixels: true}, comment: "swapped in"},
			{render: at(1, 300, 200, 1), want: stepWant{requests: 1, local: 1, remote: 1, pixels: true}, comment: "stays"},
			{render: at(2, 300, 200, 1), want: stepWant{requests: 2, local: 2, remote: 1}, comment: "new data: local again, new request"},
			{reply: 1, want: stepWant{requests: 2, local: 2, remote: 1}},
			{render: at(2, 300, 200, 1), want: stepWant{requests: 2, local: 2, remote: 2, pixels: true}},
		}},
		{"stale replies dropped, latest sent after", false, []step{
			{render: at(1, 300, 200, 1), want: stepWant{requests: 1, local: 1}},
			{render: at(2, 300, 200, 1), want: stepWant{requests: 1, local: 2}, comment: "one in flight: v2 waits"},
			{render: at(3, 300, 200, 1), want: stepWant{requests: 1, local: 3}},
			{reply: 0, want: stepWant{requests: 1, local: 3}},
			{render: at(3, 300, 200, 1), want: stepWant{requests: 2, local: 3}, comment: "v1 reply dropped, v3 sent"},
			{reply: 1, want: stepWant{requests: 2, local: 3}},
			{render: at(3, 320, 200, 1), want: stepWant{requests: 3, local: 4}, comment: "resized before applying: v3@300 dropped"},
			{reply: 2, want: stepWant{requests: 3, local: 4}},
			{render: at(3, 320, 200, 2), want: stepWant{requests: 4, local: 5}, comment: "scale changed: dropped"},
			{reply: 3, want: stepWant{requests: 4, local: 5}},
			{render: at(3, 320, 200, 2), want: stepWant{requests: 4, local: 5, remote: 1, pixels: true}},
		}},
		{"failed reply keeps local, next change retries", false, []step{
			{render: at(1, 300, 200, 1), want: stepWant{requests: 1, local: 1}},
			{reply: 0, err: boom, want: stepWant{requests: 1, local: 1}},
			{render: at(1, 300, 200, 1), want: stepWant{requests: 1, local: 1}, comment: "no resend of a failed key"},
			{render: at(2, 300, 200, 1), want: stepWant{requests: 2, local: 2}},
			{reply: 1, want: stepWant{requests: 2, local: 2}},
			{render: at(2, 300, 200, 1), want: stepWant{requests: 2, local: 2, remote: 1, pixels: true}},
		}},
		{"answer inside Request", true, []step{
			{render: at(1, 300, 200, 1.5), want: stepWant{requests: 1, local: 1}, comment: "applied on the next Render, not this one"},
			{render: at(1, 300, 200, 1.5), want: stepWant{requests: 1, local: 1, remote: 1, pixels: true}},
			{render: at(2, 300, 200, 1.5), want: stepWant{requests: 2, local: 2, remote: 1}},
			{render: at(2, 300, 200, 1.5), want: stepWant{requests: 2, local: 2, remote: 2, pixels: true}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fr := &fakeRemote{sync: tc.sync}
			withRemote(t, fr)
			var f Figure
			var b *viz.Bitmap
			var cur figKey
			before := RemoteStats()
			for i, st := range tc.steps {
				what := fmt.Sprintf("reply %d", st.reply)
				if st.render != nil {
					cur = *st.render
					what = fmt.Sprintf("Render(v=%d, %dx%d@%v)", cur.version, cur.w, cur.h, cur.scale)
					var err error
					oldVersion := f.bmp.Version
					b, err = f.Render(cur.version, sine, cur.w, cur.h, cur.scale)
					if err != nil {
						t.Fatalf("step %d %s: %v", i, what, err)
					}
					if st.want.remote > 0 && st.want.remote != f.RemoteRenders() && b.Version == oldVersion {
						t.Errorf("step %d %s: bitmap not touched", i, what)
					}
				} else {
					fr.answer(st.reply, st.err)
				}
				got := stepWant{requests: len(fr.reqs), local: f.Renders(), remote: f.RemoteRenders(), pixels: isRemote(b)}
				if got != st.want {
					t.Fatalf("step %d %s (%s): got %+v, want %+v", i, what, st.comment, got, st.want)
				}
				// Where markers go must follow the pixels on screen.
				a := f.DataArea()
				ra := remoteArea(cur.scale)
				onRemote := a == viz.Rect{X: ra.X / cur.scale, Y: ra.Y / cur.scale, W: ra.W / cur.scale, H: ra.H / cur.scale}
				if onRemote != got.pixels {
					t.Fatalf("step %d %s: data area %+v with remote pixels %v", i, what, a, got.pixels)
				}
				if got.pixels {
					px, py := f.DataToLogical(0, -1) // sine's lower-left corner
					if px != 7 || py != 55 {
						t.Fatalf("step %d %s: DataToLogical(0,-1) = (%v,%v), want (7,55) on the remote's area", i, what, px, py)
					}
				}
			}
			// Every request carried the fitted spec and the size of its Render.
			for i, q := range fr.reqs {
				if q.spec.XMin != 0 || q.spec.XMax != 10 || len(q.spec.Series) != 1 || len(q.spec.Series[0].X) != 101 {
					t.Errorf("request %d: spec %q ranges [%v,%v], %d series: not sine's", i, q.spec.Title, q.spec.XMin, q.spec.XMax, len(q.spec.Series))
				}
			}
			after := RemoteStats()
			if got := after.Requests - before.Requests; got != int64(len(fr.reqs)) {
				t.Errorf("RemoteStats requests grew by %d, want %d", got, len(fr.reqs))
			}
			if got := after.Applied - before.Applied; got != int64(f.RemoteRenders()) {
				t.Errorf("RemoteStats applied grew by %d, want %d", got, f.RemoteRenders())
			}
		})
	}
}

// A remote's reply after the Figure moved on must be counted stale.
func TestFigureRemoteCountsStale(t *testing.T) {
	fr := &fakeRemote{}
	withRemote(t, fr)
	var f Figure
	before := RemoteStats()
	f.Render(1, sine, 300, 200, 1)
	f.Render(2, sine, 300, 200, 1)
	fr.answer(0, nil)
	f.Render(2, sine, 300, 200, 1)
	fr.answer(1, errors.New("x"))
	f.Render(2, sine, 300, 200, 1)
	after := RemoteStats()
	if got := [2]int64{after.Stale - before.Stale, after.Failed - before.Failed}; got != [2]int64{1, 1} {
		t.Errorf("stale, failed grew by %v, want [1 1]", got)
	}
}

// Reply.Wanted follows what the Figure shows, so a remote can skip
// decoding pixels that would be dropped; ErrStale counts as stale.
func TestReplyWanted(t *testing.T) {
	fr := &fakeRemote{}
	withRemote(t, fr)
	var f Figure
	f.Render(1, sine, 300, 200, 1)
	rep := fr.reqs[0].reply
	steps := []struct {
		what string
		do   func()
		want bool
	}{
		{"just sent", func() {}, true},
		{"same key again", func() { f.Render(1, sine, 300, 200, 1) }, true},
		{"new version", func() { f.Render(2, sine, 300, 200, 1) }, false},
		{"back to the old version", func() { f.Render(1, sine, 300, 200, 1) }, true},
		{"bad spec", func() {
			f.Render(3, func() Spec { s := sine(); s.Series[0].X = s.Series[0].X[:3]; return s }, 300, 200, 1)
		}, false},
	}
	for _, st := range steps {
		st.do()
		if got := rep.Wanted(); got != st.want {
			t.Errorf("after %s: Wanted() = %v, want %v", st.what, got, st.want)
		}
	}
	before := RemoteStats()
	rep.Deliver(RemoteResult{Err: ErrStale})
	rep.Deliver(RemoteResult{Err: errors.New("second call")}) // ignored
	f.Render(1, sine, 300, 200, 1)
	after := RemoteStats()
	if got := [2]int64{after.Stale - before.Stale, after.Failed - before.Failed}; got != [2]int64{1, 0} {
		t.Errorf("stale, failed grew by %v, want [1 0]", got)
	}
}

func TestFigureWithoutRemoteSendsNothing(t *testing.T) {
	SetRemote(nil)
	var f Figure
	before := RemoteStats()
	for v := uint64(1); v <= 3; v++ {
		if _, err := f.Render(v, sine, 300, 200, 1); err != nil {
			t.Fatal(err)
		}
	}
	if got := RemoteStats().Requests - before.Requests; got != 0 {
		t.Errorf("%d requests without a remote, want 0", got)
	}
}

func isRemote(b *viz.Bitmap) bool {
	if b == nil || b.Img == nil {
		return false
	}
	// The local renderers draw a white background with lines: a corner
	// pixel in the remote's colour can only come from the fake.
	return b.Img.RGBAAt(1, 1) == remoteColour && b.Img.RGBAAt(b.Img.Rect.Dx()-2, b.Img.Rect.Dy()-2) == remoteColour
}

func TestSpecJSONRoundTrip(t *testing.T) {
	s := sine()
	s.Title = "quote \" backslash \\ tab\t newline\n ünï ✓ \x01"
	s.Series = append(s.Series, Series{Label: "", X: []float64{-1e-300, 0, 1e300, -0.5}, Y: []float64{1, 2, 3, math.MaxFloat64},
		Color: color.RGBA{1, 2, 3, 4}, Width: 2.25, Dashed: true})
	s.Series = append(s.Series, Series{Label: "empty"})
	b, err := AppendSpecJSON([]byte("prefix"), s)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "prefix{") {
		t.Fatalf("AppendSpecJSON did not append: %.20q", b)
	}
	var got Spec
	if err := json.Unmarshal(b[len("prefix"):], &got); err != nil {
		t.Fatalf("encoding/json cannot read it: %v\n%s", err, b)
	}
	// encoding/json decodes an empty array as an empty slice, not nil.
	s.Series[2].X, s.Series[2].Y = []float64{}, []float64{}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, s)
	}
}

func TestSpecJSONRejectsNonFinite(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Spec)
		want string
	}{
		{"NaN y", func(s *Spec) { s.Series[0].Y[3] = math.NaN() }, `series "sin x" Y[3] is NaN`},
		{"Inf x", func(s *Spec) { s.Series[0].X[0] = math.Inf(-1) }, `series "sin x" X[0] is -Inf`},
		{"Inf range", func(s *Spec) { s.YMax = math.Inf(1) }, `axis range YMax is +Inf`},
		{"NaN width", func(s *Spec) { s.Series[0].Width = math.NaN() }, `series "sin x" width is NaN`},
	} {
		s := sine()
		tc.edit(&s)
		_, err := AppendSpecJSON(nil, s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// goRemote answers every request from another goroutine, as the browser's
// event loop does, so `go test -race` sees the hand-over.
type goRemote struct{ wg sync.WaitGroup }

func (r *goRemote) Request(s Spec, w, h int, scale float64, rep *Reply) {
	pw, ph := int(math.Ceil(float64(w)*scale)), int(math.Ceil(float64(h)*scale))
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		img := image.NewRGBA(image.Rect(0, 0, pw, ph))
		for i := range img.Pix {
			img.Pix[i] = 255
		}
		if !rep.Wanted() {
			rep.Deliver(RemoteResult{Err: ErrStale})
			return
		}
		rep.Deliver(RemoteResult{Img: img, Area: remoteArea(scale)})
	}()
}

// While the data keep changing, replies arrive concurrently and are
// dropped; once they stop, the latest reply is shown.
func TestFigureRemoteConcurrentReplies(t *testing.T) {
	gr := &goRemote{}
	withRemote(t, gr)
	var f Figure
	for v := uint64(1); v <= 50; v++ {
		if _, err := f.Render(v, sine, 200, 100, 1); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3; i++ { // the request for v=50 may still be queued behind an older one
		gr.wg.Wait()
		f.Render(50, sine, 200, 100, 1)
	}
	gr.wg.Wait()
	f.Render(50, sine, 200, 100, 1)
	if f.RemoteRenders() != 1 {
		t.Fatalf("after the data settled: %d remote renderings shown, want 1", f.RemoteRenders())
	}
	if got, want := f.DataArea(), (viz.Rect{X: 7, Y: 5, W: 100, H: 50}); got != want {
		t.Errorf("data area %+v, want the remote's %+v", got, want)
	}
}
