package conformance

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SafeText makes s safe to print on a terminal: control characters (C0,
// DEL, C1, which include ESC and the newline a forged "N passed, M failed"
// line would need), invisible direction overrides and invalid UTF-8 bytes
// become visible escapes such as \x1b or \u202e, and the text is cut to at
// most max characters (max ≤ 0: no cut), ending in "…".
func SafeText(s string, max int) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if !clean {
			break
		}
		clean = !unsafeRune(r)
	}
	if clean && (max <= 0 || utf8.RuneCountInString(s) <= max) {
		return s
	}
	var b strings.Builder
	n := 0
	for i, r := range s {
		if max > 0 && n == max {
			b.WriteString("…")
			break
		}
		n++
		switch _, size := utf8.DecodeRuneInString(s[i:]); {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i]) // an invalid byte
		case r < 0x80 && unsafeRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune is a character that changes what a terminal shows rather
// than showing itself.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional overrides and marks
	}
	return false
}
