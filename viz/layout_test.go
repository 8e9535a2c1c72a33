package viz

import (
	"strings"
	"testing"
)

type halfEm struct{}

func (halfEm) TextWidth(s string, size float64) float64 { return float64(len([]rune(s))) * size * 0.5 }

func TestWrapText(t *testing.T) {
	m := halfEm{}
	tests := []struct {
		s     string
		width float64 // at size 10: 5 px a rune
		want  []string
	}{
		{"the cat sat", 40, []string{"the cat", "sat"}},
		{"a\nb", 100, []string{"a", "b"}},
		{"", 100, []string{""}},
		{"abcdefghij", 20, []string{"abcd", "efgh", "ij"}},            // a long word breaks
		{"x abcdefghij y", 20, []string{"x", "abcd", "efgh", "ij y"}}, // and goes on after
		{"abc", -5, []string{"abc"}},                                  // no room: no loop
		{"abc", 2, []string{"a", "b", "c"}},                           // one rune a line at least
	}
	for _, tt := range tests {
		if got := WrapText(m, tt.s, 10, tt.width); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("WrapText(%q, %v) = %q, want %q", tt.s, tt.width, got, tt.want)
		}
	}
	long := strings.Repeat("9", 2000)
	for _, ln := range WrapText(m, long, 10, 300) {
		if m.TextWidth(ln, 10) > 300 {
			t.Fatalf("a line of %v px", m.TextWidth(ln, 10))
		}
	}
}
