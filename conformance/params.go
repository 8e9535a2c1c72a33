package conformance

import (
	"fmt"
	"math"
	"strings"
)

// Params are a case's decoded params: float64, bool, string or []any values.
type Params map[string]any

func (p Params) num(name string) (float64, bool, error) {
	v, ok := p[name]
	if !ok {
		return 0, false, nil
	}
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, true, fmt.Errorf("param %q must be finite, got %v", name, x)
		}
		return x, true, nil
	case bool:
		return 0, true, fmt.Errorf("param %q must be a number, got boolean %v", name, x)
	default:
		return 0, true, fmt.Errorf("param %q must be a number, got %v", name, describe(v))
	}
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("string %q", x)
	case []any:
		return fmt.Sprintf("array of %d", len(x))
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", v)
}

func asInt(name string, x float64) (int, error) {
	if x != math.Trunc(x) || math.Abs(x) > 1<<40 {
		return 0, fmt.Errorf("param %q must be an integer, got %v", name, x)
	}
	return int(x), nil
}

// Has reports whether the param is present.
func (p Params) Has(name string) bool { _, ok := p[name]; return ok }

// Float returns a required finite number.
func (p Params) Float(name string) (float64, error) {
	x, ok, err := p.num(name)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("missing param %q", name)
	}
	return x, nil
}

// FloatOr returns the number or def when absent.
func (p Params) FloatOr(name string, def float64) (float64, error) {
	x, ok, err := p.num(name)
	if err != nil || !ok {
		return def, err
	}
	return x, nil
}

// Int returns a required integer.
func (p Params) Int(name string) (int, error) {
	x, err := p.Float(name)
	if err != nil {
		return 0, err
	}
	return asInt(name, x)
}

// IntOr returns the integer or def when absent.
func (p Params) IntOr(name string, def int) (int, error) {
	x, ok, err := p.num(name)
	if err != nil {
		return 0, err
	}
	if !ok {
		return def, nil
	}
	return asInt(name, x)
}

// BoolOr returns a boolean (true/false, or the numbers 0/1) or def when absent.
func (p Params) BoolOr(name string, def bool) (bool, error) {
	v, ok := p[name]
	if !ok {
		return def, nil
	}
	switch x := v.(type) {
	case bool:
		return x, nil
	case float64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	}
	return false, fmt.Errorf("param %q must be a boolean, got %v", name, describe(v))
}

// StringOr returns a string param or def when absent.
func (p Params) StringOr(name, def string) (string, error) {
	v, ok := p[name]
	if !ok {
		return def, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", fmt.Errorf("param %q must be a string, got %v", name, describe(v))
	}
	return s, nil
}

// Ints returns an array param of integers (a lone integer is an array of one).
func (p Params) Ints(name string) ([]int, error) {
	v, ok := p[name]
	if !ok {
		return nil, fmt.Errorf("missing param %q", name)
	}
	var raw []any
	switch x := v.(type) {
	case []any:
		raw = x
	case float64:
		raw = []any{x}
	default:
		return nil, fmt.Errorf("param %q must be an array of integers, got %v", name, describe(v))
	}
	out := make([]int, len(raw))
	for i, e := range raw {
		f, isNum := e.(float64)
		if !isNum || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("param %q[%d] must be an integer, got %v", name, i, describe(e))
		}
		n, err := asInt(name, f)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// Pair returns an int-or-[h,w] param (stride, padding, dilation) as two ints,
// or [def, def] when absent.
func (p Params) Pair(name string, def int) ([2]int, error) {
	if !p.Has(name) {
		return [2]int{def, def}, nil
	}
	xs, err := p.Ints(name)
	if err != nil {
		return [2]int{}, err
	}
	switch len(xs) {
	case 1:
		return [2]int{xs[0], xs[0]}, nil
	case 2:
		return [2]int{xs[0], xs[1]}, nil
	}
	return [2]int{}, fmt.Errorf("param %q must be an integer or [h, w], got %d values", name, len(xs))
}

// OneOf returns a string param that must be one of the allowed values.
func (p Params) OneOf(name, def string, allowed ...string) (string, error) {
	s, err := p.StringOr(name, def)
	if err != nil {
		return "", err
	}
	for _, a := range allowed {
		if s == a {
			return s, nil
		}
	}
	return "", fmt.Errorf("param %q: unknown value %q (want one of %s)", name, s, strings.Join(allowed, ", "))
}
