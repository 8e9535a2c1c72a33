package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"sort"
	"strconv"
)

// JSONWriter writes case results as JSON a value at a time, so that an
// output of hundreds of megabytes streams to w instead of being built in
// memory first. Strings go through encoding/json (control characters come
// out as \u00XX escapes, invalid UTF-8 as U+FFFD); numbers are written
// exactly: integers as integers, whatever their size, float32 values with
// the shortest digits that read back to the same float32.
type JSONWriter struct {
	w   *bufio.Writer
	num []byte
	str bytes.Buffer
	enc *json.Encoder
	err error
}

// NewJSONWriter writes to w.
func NewJSONWriter(w io.Writer) *JSONWriter {
	jw := &JSONWriter{w: bufio.NewWriterSize(w, 64<<10)}
	jw.enc = json.NewEncoder(&jw.str)
	jw.enc.SetEscapeHTML(false)
	return jw
}

// Raw writes s as it is (punctuation, white space).
func (jw *JSONWriter) Raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// String writes s as a JSON string.
func (jw *JSONWriter) String(s string) {
	if jw.err != nil {
		return
	}
	jw.str.Reset()
	if jw.err = jw.enc.Encode(s); jw.err != nil {
		return
	}
	_, jw.err = jw.w.Write(bytes.TrimSuffix(jw.str.Bytes(), []byte("\n")))
}

// Outputs writes {"name": {"shape": [...], "data": [...]}, ...}, names
// sorted. NaN and ±Inf are written as the strings "NaN", "Infinity" and
// "-Infinity", which the case reader reads back.
func (jw *JSONWriter) Outputs(out Outputs) {
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	jw.Raw("{")
	for i, n := range names {
		if i > 0 {
			jw.Raw(", ")
		}
		jw.String(n)
		jw.Raw(`: {"shape": [`)
		v := out[n]
		for j, d := range v.Shape {
			if j > 0 {
				jw.Raw(", ")
			}
			jw.Raw(strconv.Itoa(d))
		}
		jw.Raw(`], "data": [`)
		for j := range v.Len() {
			if j > 0 {
				jw.Raw(", ")
			}
			jw.element(v, j)
		}
		jw.Raw("]}")
	}
	jw.Raw("}")
}

func (jw *JSONWriter) element(v Value, i int) {
	if jw.err != nil {
		return
	}
	b := jw.num[:0]
	switch {
	case v.I64 != nil:
		b = strconv.AppendInt(b, v.I64[i], 10)
	default:
		f := v.At(i)
		switch {
		case math.IsNaN(f):
			b = append(b, `"NaN"`...)
		case math.IsInf(f, 1):
			b = append(b, `"Infinity"`...)
		case math.IsInf(f, -1):
			b = append(b, `"-Infinity"`...)
		case v.Int:
			b = strconv.AppendFloat(b, f, 'f', -1, 64)
		default:
			// Every float output is float32 precision (OPS.md).
			b = strconv.AppendFloat(b, f, 'g', -1, 32)
		}
	}
	jw.num = b
	_, jw.err = jw.w.Write(b)
}

// Flush writes what is buffered and returns the first error met.
func (jw *JSONWriter) Flush() error {
	if jw.err == nil {
		jw.err = jw.w.Flush()
	}
	return jw.err
}

// AppendJSON writes outputs to buf as JSONWriter.Outputs does.
func AppendJSON(buf *bytes.Buffer, out Outputs) {
	jw := NewJSONWriter(buf)
	jw.Outputs(out)
	jw.Flush()
}
