package conformance

import (
	"bytes"
	"math"
	"sort"
	"strconv"
)

// AppendJSON writes outputs as {"name": {"shape": [...], "data": [...]}},
// names sorted; NaN and ±Inf are written as the strings "NaN", "Infinity"
// and "-Infinity", which ParseFile reads back.
func AppendJSON(buf *bytes.Buffer, out Outputs) {
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	buf.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			buf.WriteString(", ")
		}
		buf.WriteString(strconv.Quote(n))
		buf.WriteString(`: {"shape": [`)
		v := out[n]
		for j, d := range v.Shape {
			if j > 0 {
				buf.WriteString(", ")
			}
			buf.WriteString(strconv.Itoa(d))
		}
		buf.WriteString(`], "data": [`)
		for j, f := range v.Data {
			if j > 0 {
				buf.WriteString(", ")
			}
			switch {
			case math.IsNaN(f):
				buf.WriteString(`"NaN"`)
			case math.IsInf(f, 1):
				buf.WriteString(`"Infinity"`)
			case math.IsInf(f, -1):
				buf.WriteString(`"-Infinity"`)
			case v.Int:
				buf.WriteString(strconv.FormatFloat(f, 'f', -1, 64))
			default:
				buf.WriteString(strconv.FormatFloat(f, 'g', -1, 32))
			}
		}
		buf.WriteString("]}")
	}
	buf.WriteByte('}')
}
