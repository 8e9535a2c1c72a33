package plot

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendSpecJSON appends s as JSON that encoding/json decodes into a Spec
// (field names as in the struct). It is written by hand so that the
// browser's main module, which sends specs to the plot worker, does not
// link encoding/json for it. JSON has no NaN or infinities, and gonum/plot
// refuses them too, so a spec holding one is an error (the caller keeps
// its local rendering).
func AppendSpecJSON(b []byte, s Spec) ([]byte, error) {
	b = append(b, `{"Title":`...)
	b = appendJSONString(b, s.Title)
	b = append(b, `,"XLabel":`...)
	b = appendJSONString(b, s.XLabel)
	b = append(b, `,"YLabel":`...)
	b = appendJSONString(b, s.YLabel)
	var err error
	for _, f := range []struct {
		name string
		v    float64
	}{{"XMin", s.XMin}, {"XMax", s.XMax}, {"YMin", s.YMin}, {"YMax", s.YMax}} {
		b = append(b, `,"`+f.name+`":`...)
		if b, err = appendJSONFloat(b, f.v, "axis range "+f.name); err != nil {
			return b, err
		}
	}
	b = append(b, `,"Series":[`...)
	for i, sr := range s.Series {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"Label":`...)
		b = appendJSONString(b, sr.Label)
		for _, xs := range []struct {
			name string
			v    []float64
		}{{"X", sr.X}, {"Y", sr.Y}} {
			b = append(b, `,"`+xs.name+`":[`...)
			for j, v := range xs.v {
				if j > 0 {
					b = append(b, ',')
				}
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return b, fmt.Errorf("plot: series %q %s[%d] is %v, which JSON cannot carry", sr.Label, xs.name, j, v)
				}
				b = strconv.AppendFloat(b, v, 'g', -1, 64)
			}
			b = append(b, ']')
		}
		c := sr.Color
		b = fmt.Appendf(b, `,"Color":{"R":%d,"G":%d,"B":%d,"A":%d},"Width":`, c.R, c.G, c.B, c.A)
		if b, err = appendJSONFloat(b, sr.Width, "series "+strconv.Quote(sr.Label)+" width"); err != nil {
			return b, err
		}
		b = append(b, `,"Dashed":`...)
		b = strconv.AppendBool(b, sr.Dashed)
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

func appendJSONFloat(b []byte, v float64, what string) ([]byte, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return b, fmt.Errorf("plot: %s is %v, which JSON cannot carry", what, v)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64), nil
}

// appendJSONString quotes s for JSON: strconv.Quote's \x escapes are not
// JSON. Invalid UTF-8 becomes U+FFFD, as encoding/json would decode it.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&15])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
