//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"time"

	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// page keeps the HTML around the canvas in step with the app: the URL, the
// document title, the screen-reader mirror and the alert. It writes to the
// DOM only when the text changed, so screen readers hear each change once.
type page struct {
	app  *shell.App
	doc  js.Value
	hist js.Value
	loc  js.Value
	boot js.Value

	last map[string]string // element id -> text last written
}

func newPage(app *shell.App) *page {
	g := js.Global()
	return &page{app: app, doc: g.Get("document"), hist: g.Get("history"), loc: g.Get("location"),
		boot: g.Get("dlprepBoot"), last: map[string]string{}}
}

// sync updates the URL and the mirror; it runs on every app change.
func (p *page) sync() {
	// replaceState, not pushState: every slider tick would otherwise be a
	// Back-button stop. The URL is always a link to what is on screen.
	if q := "?" + p.app.Query(); q != p.loc.Get("search").String() {
		p.hist.Call("replaceState", p.hist.Get("state"), "", q+p.loc.Get("hash").String())
	}
	m := p.app.Mirror()
	if t := m.Title + " · dlprep"; t != p.doc.Get("title").String() {
		p.doc.Set("title", t)
	}
	p.text("mirror-title", m.Title)
	p.text("mirror-problems", problemText(m.Problem))
	p.text("mirror-statement", m.Statement)
	p.text("mirror-formula", m.Formula)
	p.text("mirror-lookfor", lookForText(m.LookFor))
	p.list("mirror-params", m.Params)
	p.refresh(m)
}

// refresh updates what changes while a scene plays: the step, the readout
// and the banner.
func (p *page) refresh(m shell.Mirror) {
	p.text("mirror-progress", stepText(m))
	p.text("mirror-focus", m.Focus)
	p.list("mirror-readout", m.Readout)
	if p.boot.Truthy() && p.last["alert"] != m.Error {
		p.last["alert"] = m.Error
		p.boot.Call("alert", m.Error)
	}
}

// watch tells the page when the first frame is drawn, then refreshes the
// playing values a few times a second (more would make screen readers
// chatter and cost frames).
func (p *page) watch() {
	for p.app.Stats().Frames == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if p.boot.Truthy() {
		p.boot.Call("firstFrame", p.app.Stats().FirstFrameMs)
	}
	for {
		time.Sleep(500 * time.Millisecond)
		p.refresh(p.app.Mirror())
	}
}

func (p *page) text(id, s string) {
	if old, ok := p.last[id]; ok && old == s {
		return
	}
	p.last[id] = s
	if el := p.doc.Call("getElementById", id); el.Truthy() {
		el.Set("textContent", s)
	}
}

// list fills a <dl> with key/value rows, rebuilding it only if the text
// changed.
func (p *page) list(id string, kvs []scene.KV) {
	var key strings.Builder
	for _, kv := range kvs {
		key.WriteString(kv.Key + "\x00" + kv.Value + "\x00")
	}
	if old, ok := p.last[id]; ok && old == key.String() {
		return
	}
	p.last[id] = key.String()
	el := p.doc.Call("getElementById", id)
	if !el.Truthy() {
		return
	}
	el.Set("textContent", "")
	for _, kv := range kvs {
		dt := p.doc.Call("createElement", "dt")
		dt.Set("textContent", kv.Key)
		dd := p.doc.Call("createElement", "dd")
		dd.Set("textContent", kv.Value)
		el.Call("append", dt, dd)
	}
}

func (p *page) fatal(msg string) {
	if el := p.doc.Call("getElementById", "fatal-message"); el.Truthy() {
		el.Set("textContent", msg)
		p.doc.Call("getElementById", "fatal").Set("hidden", false)
	}
}

func problemText(p string) string {
	if p == "" {
		return ""
	}
	return "Interview problem " + p
}

// stepText is the step on screen as a sentence: its stage, what to look
// at and the shapes in view.
func stepText(m shell.Mirror) string {
	s := m.Progress
	if m.Caption != "" {
		s += ". " + m.Caption
	}
	if m.Shapes != "" {
		s += " Shapes: " + m.Shapes + "."
	}
	return s
}

func lookForText(s string) string {
	if s == "" {
		return ""
	}
	return "Look for: " + s
}
