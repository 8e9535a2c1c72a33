package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"dlprep/core"
)

// Case is one conformance case as written in a file.
type Case struct {
	Name          string
	Op            string
	Params        Params
	Inputs        Inputs
	Expected      map[string]Value
	Atol, Rtol    float64
	ExpectError   bool
	ErrorContains string
	// DecodeErr is set when the case's inputs or params could not be decoded
	// (bad shape, data length, NaN literal where not allowed, over the
	// memory budget...). Such a case still passes if it expects an error, as
	// the op would have refused it.
	DecodeErr error
	// ParseErr is set when the case itself is malformed (no op, bad
	// expected tensor, duplicate key...): it always fails.
	ParseErr error
}

// CaseReader reads the cases of one file, in order, one at a time: a file
// holds one case object or a JSON array of them. Only the case being read
// is held in memory.
type CaseReader struct {
	lx      *lexer
	size    int64 // the stream's length, or -1 when unknown
	started bool
	done    bool
	array   bool
	index   int
}

// NewCaseReader reads cases from r. When r has a Size method (a
// bytes.Reader, a file from OpenCaseFile), a tensor's data is never
// preallocated beyond what the rest of the stream could hold.
func NewCaseReader(r io.Reader) *CaseReader {
	cr := &CaseReader{lx: newLexer(r), size: -1}
	if s, ok := r.(interface{ Size() int64 }); ok {
		cr.size = s.Size()
	}
	return cr
}

// IsArray reports whether the file is an array of cases (rather than one
// case object); it is known once Next has been called.
func (cr *CaseReader) IsArray() bool { return cr.array }

// Next returns the next case, or io.EOF after the last. A case that is
// valid JSON but not a valid case comes back with ParseErr or DecodeErr set,
// and the cases after it still come. Malformed JSON (a *SyntaxError) or a
// read error ends the file: Next returns it, then io.EOF.
func (cr *CaseReader) Next() (Case, error) {
	if cr.done {
		return Case{}, io.EOF
	}
	c, err := cr.next()
	if err != nil && err != io.EOF {
		cr.done = true
	}
	return c, err
}

func (cr *CaseReader) next() (Case, error) {
	lx := cr.lx
	if !cr.started {
		cr.started = true
		k, err := lx.next()
		if err != nil {
			return Case{}, err
		}
		switch k {
		case tokBeginObject:
			cr.done = true
			c, err := cr.element(k)
			if err != nil {
				return Case{}, err
			}
			return c, cr.end()
		case tokBeginArray:
			cr.array = true
			if k, err = lx.next(); err != nil {
				return Case{}, err
			}
			if k == tokEndArray {
				cr.done = true
				if err := cr.end(); err != nil {
					return Case{}, err
				}
				return Case{}, io.EOF
			}
			return cr.element(k)
		}
		return Case{}, lx.syntax("a case file holds one case object or an array of them, found %v", k)
	}
	k, err := lx.next()
	if err != nil {
		return Case{}, err
	}
	switch k {
	case tokEndArray:
		cr.done = true
		if err := cr.end(); err != nil {
			return Case{}, err
		}
		return Case{}, io.EOF
	case tokComma:
		if k, err = lx.next(); err != nil {
			return Case{}, err
		}
		return cr.element(k)
	}
	return Case{}, lx.syntax("expected ',' or ']' after a case, found %v", k)
}

// end requires nothing but white space after the file's value.
func (cr *CaseReader) end() error {
	k, err := cr.lx.next()
	if err != nil {
		return err
	}
	if k != tokEOF {
		return cr.lx.syntax("unexpected %v after the end of the cases", k)
	}
	return nil
}

// element decodes one case whose first token k was read.
func (cr *CaseReader) element(k tokKind) (Case, error) {
	i := cr.index
	cr.index++
	if k != tokBeginObject {
		if err := cr.lx.skipValue(k); err != nil {
			return Case{}, err
		}
		return Case{Name: fmt.Sprintf("case #%d", i), ParseErr: fmt.Errorf("a case must be an object, found %v", k)}, nil
	}
	d := caseDecoder{lx: cr.lx, left: core.Budget(), size: cr.size}
	c, err := d.caseObject()
	if err != nil {
		return Case{}, err
	}
	if c.Name == "" {
		c.Name = fmt.Sprintf("case #%d", i)
		if c.Op != "" {
			c.Name = "(unnamed " + c.Op + ")"
		}
	}
	return c, nil
}

// readCases reads every case of a case file's text.
func readCases(r io.Reader) ([]Case, error) {
	cr := NewCaseReader(r)
	var cases []Case
	for {
		c, err := cr.Next()
		if err == io.EOF {
			return cases, nil
		}
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
}

// ParseFile decodes a whole file held in memory (see CaseReader). Malformed
// JSON is an error; a malformed case comes back with ParseErr or DecodeErr.
func ParseFile(data []byte) ([]Case, error) {
	return readCases(bytes.NewReader(data))
}

// valueError is a value that is valid JSON but not what the case format
// wants there. It is returned only once the whole value has been consumed,
// so the reader can go on with the rest of the case.
type valueError struct{ err error }

func (e *valueError) Error() string { return e.err.Error() }
func (e *valueError) Unwrap() error { return e.err }

// duplicateKey is a key repeated in one object: JSON leaves its meaning
// undefined, so the case is malformed rather than taking either value.
type duplicateKey struct{ key string }

func (e *duplicateKey) Error() string { return fmt.Sprintf("duplicate key %q", e.key) }

// fatal reports whether err ends the file (malformed JSON, a read error)
// rather than only the value being decoded.
func fatal(err error) bool {
	var ve *valueError
	return err != nil && !errors.As(err, &ve)
}

// caseDecoder decodes the members of one case.
type caseDecoder struct {
	lx *lexer
	// left is how many bytes of tensor data the case may still decode: the
	// inputs and expected outputs of one case share the core's memory
	// budget, so a small file cannot ask for gigabytes.
	left int64
	size int64 // see CaseReader.size
}

// bad skips the value starting with k and returns a valueError.
func (d *caseDecoder) bad(k tokKind, format string, args ...any) error {
	if err := d.lx.skipValue(k); err != nil {
		return err
	}
	return &valueError{fmt.Errorf(format, args...)}
}

// object reads the members of an object whose '{' was read: member gets
// each key and the first token of its value, and must consume the value. A
// repeated key is a valueError once the object is consumed (JSON leaves
// duplicates undefined; a case must not silently take the last one).
func (d *caseDecoder) object(member func(key string, k tokKind) error) error {
	lx := d.lx
	var dup error
	seen := map[string]bool{}
	k, err := lx.next()
	if err != nil {
		return err
	}
	if k == tokEndObject {
		return nil
	}
	for {
		if k != tokString {
			return lx.syntax("expected a key, found %v", k)
		}
		key := string(lx.tok)
		if seen[key] && dup == nil {
			dup = &valueError{&duplicateKey{key}}
		}
		seen[key] = true
		if err := lx.expect(tokColon); err != nil {
			return err
		}
		if k, err = lx.next(); err != nil {
			return err
		}
		if err := member(key, k); err != nil {
			return err
		}
		if k, err = lx.next(); err != nil {
			return err
		}
		if k == tokEndObject {
			return dup
		}
		if k != tokComma {
			return lx.syntax("expected ',' or '}' in an object, found %v", k)
		}
		if k, err = lx.next(); err != nil {
			return err
		}
	}
}

// caseObject decodes a case whose '{' was read.
func (d *caseDecoder) caseObject() (Case, error) {
	c := Case{Atol: 1e-4, Rtol: 1e-4, Params: Params{}, Inputs: Inputs{}, Expected: map[string]Value{}}
	// The first problem of each kind is kept; later ones would only repeat
	// the consequences.
	parseErr := func(err error) {
		if c.ParseErr == nil {
			c.ParseErr = err
		}
	}
	decodeErr := func(err error) {
		if c.DecodeErr == nil {
			c.DecodeErr = err
		}
	}
	// keep returns a non-fatal error to be recorded, or the fatal one.
	keep := func(err error, record func(error), prefix string) error {
		if fatal(err) {
			return err
		}
		var dk *duplicateKey
		if errors.As(err, &dk) {
			record = parseErr // a malformed case, whatever it expects
		}
		if err != nil {
			if prefix != "" {
				err = fmt.Errorf("%s: %w", prefix, err)
			}
			record(err)
		}
		return nil
	}
	var hasOp bool
	err := d.object(func(key string, k tokKind) error {
		switch key {
		case "name", "op", "error_contains":
			s, err := d.str(k, key)
			if err != nil {
				return keep(err, parseErr, "")
			}
			switch key {
			case "name":
				c.Name = s
			case "op":
				c.Op, hasOp = s, s != ""
			default:
				c.ErrorContains = s
			}
		case "expect_error":
			if k != tokTrue && k != tokFalse {
				return keep(d.bad(k, "expect_error must be true or false, found %v", k), parseErr, "")
			}
			c.ExpectError = k == tokTrue
		case "atol", "rtol":
			f, err := d.tolerance(k, key)
			if err != nil {
				return keep(err, parseErr, "")
			}
			if key == "atol" {
				c.Atol = f
			} else {
				c.Rtol = f
			}
		case "params":
			return d.members(k, key, func(name string, k tokKind) error {
				if c.DecodeErr != nil || c.ParseErr != nil {
					return d.lx.skipValue(k)
				}
				v, err := d.param(k)
				if err != nil {
					return keep(err, decodeErr, fmt.Sprintf("param %q", name))
				}
				c.Params[name] = v
				return nil
			}, parseErr)
		case "inputs":
			return d.members(k, key, func(name string, k tokKind) error {
				if c.DecodeErr != nil || c.ParseErr != nil {
					return d.lx.skipValue(k) // decoding more would only cost memory
				}
				v, err := d.tensor(k, false)
				if err != nil {
					return keep(err, decodeErr, fmt.Sprintf("input %q", name))
				}
				t, err := core.FromData(v.F32, v.Shape...)
				if err != nil {
					decodeErr(fmt.Errorf("input %q: %v", name, err))
					return nil
				}
				c.Inputs[name] = t
				return nil
			}, parseErr)
		case "expected":
			return d.members(k, key, func(name string, k tokKind) error {
				if c.ParseErr != nil {
					return d.lx.skipValue(k)
				}
				v, err := d.tensor(k, true)
				if err != nil {
					return keep(err, parseErr, fmt.Sprintf("expected %q", name))
				}
				c.Expected[name] = v
				return nil
			}, parseErr)
		default:
			// Other keys (a comment, a source note) are not the runner's.
			return d.lx.skipValue(k)
		}
		return nil
	})
	if err := keep(err, parseErr, ""); err != nil {
		return Case{}, err
	}
	if !hasOp {
		parseErr(fmt.Errorf(`case has no "op"`))
	}
	if !c.ExpectError && len(c.Expected) == 0 {
		parseErr(fmt.Errorf(`case %q has neither "expected" nor "expect_error"`, c.Name))
	}
	return c, nil
}

// members decodes an object of named values (params, inputs, expected); a
// non-object or a repeated name is recorded through record.
func (d *caseDecoder) members(k tokKind, what string, member func(name string, k tokKind) error, record func(error)) error {
	if k != tokBeginObject {
		err := d.bad(k, "%q must be an object, found %v", what, k)
		if fatal(err) {
			return err
		}
		record(err)
		return nil
	}
	err := d.object(member)
	if fatal(err) {
		return err
	}
	if err != nil {
		record(fmt.Errorf("%q: %w", what, err))
	}
	return nil
}

func (d *caseDecoder) str(k tokKind, what string) (string, error) {
	if k != tokString {
		return "", d.bad(k, "%s must be a string, found %v", what, k)
	}
	return string(d.lx.tok), nil
}

// tolerance reads atol or rtol: a finite, non-negative number. Infinity
// would pass any output and NaN none.
func (d *caseDecoder) tolerance(k tokKind, what string) (float64, error) {
	f, ok := d.number(k, false)
	if !ok {
		return 0, d.bad(k, "%s must be a number, found %v", what, k)
	}
	if !(f >= 0) || math.IsInf(f, 0) {
		return 0, &valueError{fmt.Errorf("%s must be a finite non-negative number, got %v", what, f)}
	}
	return f, nil
}

// number converts the token k (already read) to a float64: a number
// literal, a bare NaN/Infinity/-Infinity, or, when quoted is set, one of
// the quoted spellings of those. ok is false for anything else, which is
// left unconsumed for the caller to skip.
func (d *caseDecoder) number(k tokKind, quoted bool) (f float64, ok bool) {
	switch k {
	case tokNumber:
		return parseFloat(d.lx.tok), true
	case tokNaN:
		return math.NaN(), true
	case tokInf:
		return math.Inf(1), true
	case tokNegInf:
		return math.Inf(-1), true
	case tokString:
		if quoted {
			return nonFinite(d.lx.tok)
		}
	}
	return 0, false
}

// parseFloat reads a number literal the lexer has validated. Literals out
// of float64's range become ±Inf (or 0), as Python reads them.
func parseFloat(tok []byte) float64 {
	f, _ := strconv.ParseFloat(string(tok), 64)
	return f
}

// nonFinite reads the quoted spellings of NaN and ±Infinity (Python writes
// them bare; other tools quote them).
func nonFinite(s []byte) (float64, bool) {
	switch string(s) {
	case "NaN", "nan":
		return math.NaN(), true
	case "Infinity", "inf", "Inf":
		return math.Inf(1), true
	case "-Infinity", "-inf", "-Inf":
		return math.Inf(-1), true
	}
	return 0, false
}

// maxParamArray bounds an array param (a window size, a stride pair).
const maxParamArray = 1 << 12

// param decodes one params value: a number, a boolean, a string or an
// array of numbers.
func (d *caseDecoder) param(k tokKind) (any, error) {
	if f, ok := d.number(k, false); ok {
		return f, nil
	}
	switch k {
	case tokTrue, tokFalse:
		return k == tokTrue, nil
	case tokString:
		return string(d.lx.tok), nil
	case tokNull:
		return nil, &valueError{fmt.Errorf("null is not a valid param value")}
	case tokBeginObject:
		return nil, d.bad(k, "objects are not valid param values")
	case tokBeginArray:
		var out []any
		var bad error
		err := d.array(func(i int, k tokKind) error {
			f, ok := d.number(k, true)
			switch {
			case bad != nil:
				return d.lx.skipValue(k)
			case !ok:
				bad = d.bad(k, "element %d: %v is not a number", i, k)
				return keepFatal(bad)
			case len(out) == maxParamArray:
				bad = &valueError{fmt.Errorf("an array param holds at most %d numbers", maxParamArray)}
				return nil
			}
			out = append(out, f)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if bad != nil {
			return nil, bad
		}
		if out == nil {
			out = []any{}
		}
		return out, nil
	}
	return nil, d.lx.syntax("expected a value, found %v", k)
}

// keepFatal passes a fatal error on and drops a valueError (already
// recorded by the caller).
func keepFatal(err error) error {
	if fatal(err) {
		return err
	}
	return nil
}

// array reads the elements of an array whose '[' was read; elem gets each
// element's index and first token and must consume the element.
func (d *caseDecoder) array(elem func(i int, k tokKind) error) error {
	lx := d.lx
	k, err := lx.next()
	if err != nil {
		return err
	}
	if k == tokEndArray {
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i, k); err != nil {
			return err
		}
		if k, err = lx.next(); err != nil {
			return err
		}
		if k == tokEndArray {
			return nil
		}
		if k != tokComma {
			return lx.syntax("expected ',' or ']' in an array, found %v", k)
		}
		if k, err = lx.next(); err != nil {
			return err
		}
	}
}

// maxShapeDims bounds a shape's length; no op takes more than five.
const maxShapeDims = 64

// shape decodes a tensor's shape: non-negative integers up to 2^31-1.
func (d *caseDecoder) shape(k tokKind) ([]int, error) {
	if k != tokBeginArray {
		return nil, d.bad(k, "shape must be an array of integers, found %v", k)
	}
	shape := []int{}
	var bad error
	err := d.array(func(i int, k tokKind) error {
		if bad != nil {
			return d.lx.skipValue(k)
		}
		f, ok := d.number(k, false)
		switch {
		case !ok:
			bad = d.bad(k, "shape[%d] must be a non-negative integer, found %v", i, k)
			return keepFatal(bad)
		case f != math.Trunc(f) || !(f >= 0 && f <= math.MaxInt32):
			bad = &valueError{fmt.Errorf("shape[%d] must be a non-negative integer up to 2^31-1, got %v", i, f)}
		case len(shape) == maxShapeDims:
			bad = &valueError{fmt.Errorf("a shape has at most %d dimensions", maxShapeDims)}
		default:
			shape = append(shape, int(f))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return shape, bad
}

// tensor decodes {"shape": [...], "data": [...]}. Inputs (exact false) are
// read straight into float32, the precision the ops compute in; expected
// values keep integer literals as int64 (exact beyond 2^53) and others as
// float64.
func (d *caseDecoder) tensor(k tokKind, exact bool) (Value, error) {
	if k != tokBeginObject {
		return Value{}, d.bad(k, `a tensor must be {"shape": [...], "data": [...]}, found %v`, k)
	}
	var (
		shape              []int
		haveShape, hasData bool
		el                 elements
		bad                error
	)
	el.exact = exact
	err := d.object(func(key string, k tokKind) error {
		if bad != nil {
			return d.lx.skipValue(k)
		}
		switch key {
		case "shape":
			s, err := d.shape(k)
			if err != nil {
				bad = err
				return keepFatal(err)
			}
			shape, haveShape = s, true
		case "data":
			hasData = true
			want := -1
			if haveShape {
				n, err := core.NumelOf(shape)
				if err != nil {
					bad = d.bad(k, "%v", err)
					return keepFatal(bad)
				}
				want = n
			}
			if err := d.data(k, &el, want); err != nil {
				bad = err
				return keepFatal(err)
			}
		default:
			bad = d.bad(k, `unknown field %q in a tensor (want {"shape": [...], "data": [...]})`, key)
			return keepFatal(bad)
		}
		return nil
	})
	if err != nil {
		return Value{}, err
	}
	switch {
	case bad != nil:
		return Value{}, bad
	case !haveShape:
		return Value{}, &valueError{fmt.Errorf(`tensor has no "shape"`)}
	case !hasData:
		return Value{}, &valueError{fmt.Errorf(`tensor has no "data"`)}
	}
	n, err := core.NumelOf(shape)
	if err != nil {
		return Value{}, &valueError{err}
	}
	if el.n != n {
		return Value{}, &valueError{fmt.Errorf("data length %d does not match shape %v (%d elements)", el.n, shape, n)}
	}
	v := Value{Shape: shape}
	switch {
	case !exact:
		v.F32 = el.f32
		if v.F32 == nil {
			v.F32 = []float32{}
		}
	case el.float:
		v.Data = el.f64
	default:
		v.I64 = el.i64
		if v.I64 == nil {
			v.I64 = []int64{}
		}
	}
	return v, nil
}

// elements accumulates a tensor's data.
type elements struct {
	exact bool
	f32   []float32 // inputs
	i64   []int64   // exact data while every literal is an integer
	f64   []float64 // exact data once one is not
	float bool      // f64 is in use
	n     int       // elements seen (also past a length mismatch)
}

// data reads a tensor's data (an array, or one bare scalar) into el. want
// is the element count the shape gives, or -1 when the shape comes later.
func (d *caseDecoder) data(k tokKind, el *elements, want int) error {
	size := int64(4)
	if el.exact {
		size = 8
	}
	limit := d.left / size // elements the budget still allows
	if want >= 0 {
		if int64(want) > limit {
			return d.bad(k, "data of %d elements needs %s, over the %s budget for a case's tensors",
				want, core.FormatBytes(int64(want)*size), core.FormatBytes(core.Budget()))
		}
		// Allocated once, at the size the shape promises, unless the rest
		// of the stream is too short to hold that many numbers (each takes
		// a digit and a comma): a 60-byte file claiming a shape of 2^26
		// must not get 256 MiB. A longer array is counted, not stored, so
		// the message can give its length.
		prealloc := want
		if d.size >= 0 {
			prealloc = int(max(0, min(int64(want), (d.size-d.lx.off)/2+1)))
		}
		if el.exact {
			el.i64 = make([]int64, 0, prealloc)
		} else {
			el.f32 = make([]float32, 0, prealloc)
		}
		limit = int64(want)
	}
	var bad error
	add := func(i int, k tokKind) error {
		if bad != nil {
			return d.lx.skipValue(k)
		}
		el.n++
		if int64(el.n) > limit {
			if want >= 0 {
				return d.lx.skipValue(k) // too long for its shape: counted only
			}
			bad = d.bad(k, "data of more than %d elements is over the %s budget for a case's tensors", limit, core.FormatBytes(core.Budget()))
			return keepFatal(bad)
		}
		if err := d.element(k, el); err != nil {
			bad = err
			if fatal(err) {
				return err
			}
			bad = &valueError{fmt.Errorf("data[%d]: %v", i, err)}
		}
		return nil
	}
	var err error
	if k == tokBeginArray {
		err = d.array(add)
	} else {
		err = add(0, k) // a scalar may be written bare
	}
	if err != nil {
		return err
	}
	if bad != nil {
		return bad
	}
	d.left -= int64(el.n) * size
	return nil
}

// element decodes one datum: a number, a boolean (0 or 1) or a spelling of
// NaN or ±Infinity.
func (d *caseDecoder) element(k tokKind, el *elements) error {
	if !el.exact {
		f, ok := d.number(k, true)
		switch {
		case ok:
		case k == tokTrue:
			f = 1
		case k == tokFalse:
			f = 0
		default:
			return d.bad(k, "%v is not a number", k)
		}
		el.f32 = append(el.f32, float32(f))
		return nil
	}
	if !el.float {
		var i int64
		ok := true
		switch k {
		case tokTrue:
			i = 1
		case tokFalse:
		case tokNumber:
			i, ok = parseInt(d.lx.tok)
		default:
			ok = false
		}
		if ok {
			el.i64 = append(el.i64, i)
			return nil
		}
		// The first datum that is not an integer literal: the rest is
		// float64 (the integers so far convert exactly enough for a
		// tolerance comparison; an all-integer array stays int64).
		el.f64 = make([]float64, len(el.i64), max(cap(el.i64), 1))
		for j, v := range el.i64 {
			el.f64[j] = float64(v)
		}
		el.i64, el.float = nil, true
	}
	f, ok := d.number(k, true)
	switch {
	case ok:
	case k == tokTrue:
		f = 1
	case k == tokFalse:
		f = 0
	default:
		return d.bad(k, "%v is not a number", k)
	}
	el.f64 = append(el.f64, f)
	return nil
}

// parseInt reads an integer literal (no fraction, no exponent) that fits an
// int64.
func parseInt(tok []byte) (int64, bool) {
	if bytes.ContainsAny(tok, ".eE") {
		return 0, false
	}
	i, err := strconv.ParseInt(string(tok), 10, 64)
	return i, err == nil
}

// ParseTensor decodes one {"shape": [...], "data": [...]} object, accepting
// the NaN and Infinity spellings ParseFile accepts (bare, as Python's json
// module writes them, or quoted), under the same memory budget as a case's
// tensors. Integer literals come back as I64, other data as float64 (see
// Value.Float64s). The practice judge reads answers with it.
func ParseTensor(raw []byte) (Value, error) {
	r := bytes.NewReader(raw)
	d := caseDecoder{lx: newLexer(r), left: core.Budget(), size: r.Size()}
	k, err := d.lx.next()
	if err != nil {
		return Value{}, err
	}
	v, err := d.tensor(k, true)
	if err != nil {
		return Value{}, err
	}
	if k, err := d.lx.next(); err != nil || k != tokEOF {
		if err == nil {
			err = d.lx.syntax("unexpected %v after the tensor", k)
		}
		return Value{}, err
	}
	return v, nil
}

// QuoteNonFinite rewrites the bare NaN, Infinity and -Infinity tokens that
// Python's json module writes (outside strings) as quoted strings, so that
// encoding/json accepts the text; the rest is copied as it is.
func QuoteNonFinite(data []byte) []byte {
	if !bytes.Contains(data, []byte("NaN")) && !bytes.Contains(data, []byte("Infinity")) {
		return data
	}
	out := make([]byte, 0, len(data)+32)
	inString, escaped := false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			out = append(out, c)
			continue
		}
		word := ""
		for _, w := range []string{"NaN", "-Infinity", "Infinity"} {
			if bytes.HasPrefix(data[i:], []byte(w)) {
				word = w
				break
			}
		}
		switch {
		case word != "":
			out = append(append(append(out, '"'), word...), '"')
			i += len(word) - 1
		case c == '"':
			inString = true
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return out
}
