package shell

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"dlprep/scenes"
)

// parseParam reads a URL or command-line value for p: numbers for Float and
// Int (range-checked, Int must be whole), true/false/1/0/on/off for Bool,
// and a choice's name for Choice. Errors name the parameter and the value.
func parseParam(p scenes.Param, s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch p.Kind {
	case scenes.Bool:
		switch strings.ToLower(s) {
		case "1", "true", "on", "yes":
			return 1, nil
		case "0", "false", "off", "no":
			return 0, nil
		}
		return 0, fmt.Errorf("parameter %s=%q is not a boolean (want true or false)", p.Name, s)
	case scenes.Choice:
		for i, c := range p.Choices {
			if strings.EqualFold(c, s) {
				return float64(i), nil
			}
		}
		return 0, fmt.Errorf("parameter %s=%q is not one of %s", p.Name, s, strings.Join(p.Choices, ", "))
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("parameter %s=%q is not a number", p.Name, s)
	}
	if p.Kind == scenes.Int && v != math.Trunc(v) {
		return 0, fmt.Errorf("parameter %s=%s is not a whole number", p.Name, s)
	}
	if eps := 1e-9 * max(1, math.Abs(p.Max-p.Min)); v < p.Min-eps || v > p.Max+eps {
		return 0, fmt.Errorf("parameter %s=%s is outside [%s, %s]", p.Name, s, formatNumber(p, p.Min), formatNumber(p, p.Max))
	}
	if p.Step > 0 {
		if k := (v - p.Min) / p.Step; math.Abs(k-math.Round(k)) > 1e-6 {
			return 0, fmt.Errorf("parameter %s=%s is not on its grid %s, %s, %s, … (step %s)", p.Name, s,
				formatNumber(p, p.Min), formatNumber(p, p.Min+p.Step), formatNumber(p, p.Min+2*p.Step), formatNumber(p, p.Step))
		}
	}
	return min(max(v, p.Min), p.Max), nil
}

// formatParam is parseParam's inverse: the text the URL carries.
func formatParam(p scenes.Param, v float64) string {
	switch p.Kind {
	case scenes.Bool:
		if v != 0 {
			return "true"
		}
		return "false"
	case scenes.Choice:
		if i := int(v); i >= 0 && i < len(p.Choices) {
			return p.Choices[i]
		}
		return strconv.Itoa(int(v))
	}
	return formatNumber(p, v)
}

// displayParam is the value as the panel shows it.
func displayParam(p scenes.Param, v float64) string {
	if p.Kind == scenes.Bool {
		if v != 0 {
			return "on"
		}
		return "off"
	}
	return formatParam(p, v)
}

// formatNumber prints v with as many decimals as the step needs, so a
// slider at 0.30000000000000004 reads 0.3 and round-trips through a URL.
func formatNumber(p scenes.Param, v float64) string {
	if p.Kind == scenes.Int {
		return strconv.FormatInt(int64(math.Round(v)), 10)
	}
	dec := 6
	if p.Step > 0 {
		dec = 0
		for s := p.Step; dec < 10 && math.Abs(s-math.Round(s)) > 1e-9*max(1, s); s *= 10 {
			dec++
		}
	}
	out := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	if out == "-0" {
		out = "0"
	}
	return out
}

// snap rounds v to the parameter's step grid from Min and clamps it to
// [Min, Max]; it is what sliders and arrow keys produce.
func snap(p scenes.Param, v float64) float64 {
	step := p.Step
	if p.Kind == scenes.Int && step < 1 {
		step = 1
	}
	if p.Kind == scenes.Bool || p.Kind == scenes.Choice {
		step = 1
	}
	lo, hi := paramMin(p), paramMax(p)
	if step > 0 {
		v = lo + math.Round((v-lo)/step)*step
		// Re-parse the printed value to drop accumulated float noise.
		if f, err := strconv.ParseFloat(formatNumber(p, v), 64); err == nil {
			v = f
		}
	}
	return min(max(v, lo), hi)
}

// paramMax is the largest value a widget can take.
func paramMax(p scenes.Param) float64 {
	switch p.Kind {
	case scenes.Bool:
		return 1
	case scenes.Choice:
		return float64(len(p.Choices) - 1)
	}
	return p.Max
}

// paramMin is the smallest value a widget can take.
func paramMin(p scenes.Param) float64 {
	if p.Kind == scenes.Bool || p.Kind == scenes.Choice {
		return 0
	}
	return p.Min
}

// stepOf is one keyboard increment of p.
func stepOf(p scenes.Param) float64 {
	switch p.Kind {
	case scenes.Bool, scenes.Choice:
		return 1
	case scenes.Int:
		return max(1, p.Step)
	}
	if p.Step > 0 {
		return p.Step
	}
	return (p.Max - p.Min) / 100
}

// resolveParams turns textual params into values for ps: unknown names,
// malformed and out-of-range values are reported (all of them, joined) and
// replaced by the default.
func resolveParams(id string, ps []scenes.Param, raw map[string]string) (scenes.Values, error) {
	v := scenes.Defaults(ps)
	var errs []string
	byName := map[string]scenes.Param{}
	for _, p := range ps {
		byName[p.Name] = p
	}
	for _, name := range sortedKeys(raw) {
		p, ok := byName[name]
		if !ok {
			names := make([]string, len(ps))
			for i, q := range ps {
				names[i] = q.Name
			}
			errs = append(errs, fmt.Sprintf("scene %s has no parameter %q (it has: %s)", id, name, strings.Join(names, ", ")))
			continue
		}
		x, err := parseParam(p, raw[name])
		if err != nil {
			errs = append(errs, fmt.Sprintf("%v; using the default %s", err, formatParam(p, p.Default)))
			continue
		}
		v[name] = x
	}
	if len(errs) > 0 {
		return v, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return v, nil
}
