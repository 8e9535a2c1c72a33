package scene

import (
	"math"

	"dlprep/viz"
)

// Target names one inspectable element of a scene: a group the scene
// defines (its own constants, starting at 1) and an index within it. The
// zero Target is "nothing".
type Target struct{ Group, Index int }

// Valid reports whether t names an element.
func (t Target) Valid() bool { return t.Group != 0 }

// Frame is what a scene draws: the playhead, the focused element, and the
// marks the scene leaves for inspection. The app reuses one Frame, so
// marking is allocation-free once warm.
type Frame struct {
	// Step is the index of the timeline step being shown, Frac how far
	// through it (0 at its start, 1 at its end), Time the seconds from the
	// start of the timeline.
	Step int
	Frac float64
	Time float64
	// Focus is the element under the pointer or the keyboard cursor (the
	// zero Target when none): draw what is linked to it highlighted.
	Focus Target

	marks []Mark
}

// MarkKind says what shape a Mark covers.
type MarkKind int

// Mark kinds.
const (
	MarkGrid MarkKind = iota // Rows×Cols cells over R; cell (i, j) is Index i*Cols+j
	MarkBox                  // one element covering R
	MarkDot                  // one element: a disc of radius Radius at (X, Y)
)

// Mark is an inspectable region left by Draw, in the scene's coordinates.
type Mark struct {
	Kind       MarkKind
	Group      int
	Index      int // the element's index (Box, Dot); the first cell's (Grid: 0)
	R          viz.Rect
	Rows, Cols int
	X, Y       float64
	Radius     float64
}

// Reset forgets the marks of the previous frame.
func (f *Frame) Reset() { f.marks = f.marks[:0] }

// Marks are the regions marked in this frame, in drawing order.
func (f *Frame) Marks() []Mark { return f.marks }

// Grid marks a rows×cols grid of elements over r: cell (i, j) is element
// i*cols+j of group.
func (f *Frame) Grid(group int, r viz.Rect, rows, cols int) {
	if rows <= 0 || cols <= 0 || r.W <= 0 || r.H <= 0 {
		return
	}
	f.marks = append(f.marks, Mark{Kind: MarkGrid, Group: group, R: r, Rows: rows, Cols: cols})
}

// Box marks one element covering r.
func (f *Frame) Box(group, index int, r viz.Rect) {
	if r.W <= 0 || r.H <= 0 {
		return
	}
	f.marks = append(f.marks, Mark{Kind: MarkBox, Group: group, Index: index, R: r})
}

// Dot marks one element drawn as a disc (a particle, a point, a pixel).
func (f *Frame) Dot(group, index int, x, y, radius float64) {
	f.marks = append(f.marks, Mark{Kind: MarkDot, Group: group, Index: index, X: x, Y: y, Radius: radius,
		R: viz.Rect{X: x - radius, Y: y - radius, W: 2 * radius, H: 2 * radius}})
}

// Focused returns the focused element's index when it belongs to group.
func (f *Frame) Focused(group int) (int, bool) {
	if f.Focus.Group == group && group != 0 {
		return f.Focus.Index, true
	}
	return 0, false
}

// minDotRadius keeps small dots hoverable by a mouse and a finger.
const minDotRadius = 8

// Hit finds the element at (x, y): the last mark drawn wins, as the last
// thing drawn is on top.
func (f *Frame) Hit(x, y float64) (Target, viz.Rect, bool) {
	for i := len(f.marks) - 1; i >= 0; i-- {
		m := &f.marks[i]
		switch m.Kind {
		case MarkGrid:
			if m.R.Contains(x, y) {
				ci := min(int((y-m.R.Y)/m.R.H*float64(m.Rows)), m.Rows-1)
				cj := min(int((x-m.R.X)/m.R.W*float64(m.Cols)), m.Cols-1)
				return Target{m.Group, ci*m.Cols + cj}, m.Cell(ci, cj), true
			}
		case MarkBox:
			if m.R.Contains(x, y) {
				return Target{m.Group, m.Index}, m.R, true
			}
		case MarkDot:
			r := max(m.Radius, minDotRadius)
			if dx, dy := x-m.X, y-m.Y; dx*dx+dy*dy <= r*r {
				return Target{m.Group, m.Index}, m.R, true
			}
		}
	}
	return Target{}, viz.Rect{}, false
}

// Cell is the rectangle of cell (i, j) of a grid mark.
func (m *Mark) Cell(i, j int) viz.Rect {
	cw, ch := m.R.W/float64(m.Cols), m.R.H/float64(m.Rows)
	return viz.Rect{X: m.R.X + float64(j)*cw, Y: m.R.Y + float64(i)*ch, W: cw, H: ch}
}

// Locate returns where element t was drawn this frame.
func (f *Frame) Locate(t Target) (viz.Rect, bool) {
	for i := len(f.marks) - 1; i >= 0; i-- {
		m := &f.marks[i]
		if m.Group != t.Group {
			continue
		}
		switch m.Kind {
		case MarkGrid:
			if t.Index >= 0 && t.Index < m.Rows*m.Cols {
				return m.Cell(t.Index/m.Cols, t.Index%m.Cols), true
			}
		default:
			if m.Index == t.Index {
				return m.R, true
			}
		}
	}
	return viz.Rect{}, false
}

// Direction is a keyboard move of the inspection cursor.
type Direction int

// Cursor directions.
const (
	Left Direction = iota
	Right
	Up
	Down
)

// maxNavElements bounds how many elements Move looks at; grids larger
// than that are still reachable cell by cell through their neighbours.
const maxNavElements = 1 << 16

// Move returns the element nearest to from in direction d: the candidate
// ahead of it that minimises the distance along d plus twice the sideways
// offset, so the cursor keeps to a row or column when it can. With no
// valid from, it returns the first element marked.
func (f *Frame) Move(from Target, d Direction) (Target, bool) {
	r, ok := f.Locate(from)
	if !ok {
		for _, m := range f.marks {
			if m.Kind == MarkGrid {
				return Target{m.Group, 0}, true
			}
			return Target{m.Group, m.Index}, true
		}
		return Target{}, false
	}
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	best, bestScore := Target{}, math.Inf(1)
	seen := 0
	consider := func(t Target, x, y float64) {
		if t == from {
			return
		}
		dx, dy := x-cx, y-cy
		var along, side float64
		switch d {
		case Left:
			along, side = -dx, dy
		case Right:
			along, side = dx, dy
		case Up:
			along, side = -dy, dx
		case Down:
			along, side = dy, dx
		}
		if along <= 0.5 {
			return
		}
		if s := along + 2*math.Abs(side); s < bestScore {
			best, bestScore = t, s
		}
	}
	for i := range f.marks {
		m := &f.marks[i]
		if m.Kind != MarkGrid {
			seen++
			consider(Target{m.Group, m.Index}, m.R.X+m.R.W/2, m.R.Y+m.R.H/2)
			continue
		}
		for ci := 0; ci < m.Rows && seen < maxNavElements; ci++ {
			for cj := 0; cj < m.Cols; cj++ {
				seen++
				c := m.Cell(ci, cj)
				consider(Target{m.Group, ci*m.Cols + cj}, c.X+c.W/2, c.Y+c.H/2)
			}
		}
	}
	return best, bestScore < math.Inf(1)
}
