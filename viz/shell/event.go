package shell

// EventKind says what an Event is.
type EventKind int

// Event kinds. A tap is PointerDown then PointerUp at the same place.
const (
	PointerMove EventKind = iota
	PointerDown
	PointerUp
	KeyPress
	Wheel
)

// Event is one user input, in logical canvas pixels.
type Event struct {
	Kind EventKind
	// X, Y is the pointer position (pointer events; also set for Wheel).
	X, Y float64
	// Key names the key for KeyPress: one of the Key* constants, or the
	// typed character itself ("r", "?", "[").
	Key string
	// DX, DY is the wheel movement, positive DY scrolling the content up
	// (the wheel turned towards the user).
	DX, DY float64
}

// Key names of the non-character keys the shell understands.
const (
	KeySpace    = "Space"
	KeyLeft     = "ArrowLeft"
	KeyRight    = "ArrowRight"
	KeyUp       = "ArrowUp"
	KeyDown     = "ArrowDown"
	KeyPageUp   = "PageUp"
	KeyPageDown = "PageDown"
	KeyEscape   = "Escape"
	KeyTab      = "Tab"
	KeyEnter    = "Enter"
	KeyHome     = "Home"
	KeyEnd      = "End"
)

// Shortcuts lists the keyboard shortcuts as (keys, what they do), for the
// help overlay and the page's own help text.
var Shortcuts = [][2]string{
	{"Space", "play / pause (at the end: play from the start)"},
	{"→ or N,  ←", "step forward, step back (when no parameter is focused)"},
	{"Home, End", "first step, last step"},
	{"−  +", "slower, faster playback"},
	{"L", "loop on / off"},
	{"I", "inspect: a cursor on the figure; arrows move it, its values go to the tooltip and the text mirror"},
	{"↑ ↓", "focus the previous / next parameter"},
	{"← →", "decrease / increase the focused parameter"},
	{"Q", "quiz: spot which version made the picture (views with pitfalls)"},
	{"R", "reset the view"},
	{"D", "parameters back to their defaults"},
	{"[ ]  or  PgUp PgDn", "previous / next problem"},
	{"?", "show / hide this help"},
	{"Esc", "close help, leave inspect mode, drop focus"},
}
