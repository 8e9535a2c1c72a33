package shell

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"dlprep/viz/scene"
)

// parseParam reads a URL or command-line value for p: numbers for Float and
// Int (range-checked, Int must be whole), true/false/1/0/on/off for Bool,
// and a choice's name for Choice. Errors name the parameter and the value.
func parseParam(p scene.Param, s string) (float64, error) {
	s = strings.TrimSpace(s)
	switch p.Kind {
	case scene.Bool:
		switch strings.ToLower(s) {
		case "1", "true", "on", "yes":
			return 1, nil
		case "0", "false", "off", "no":
			return 0, nil
		}
		return 0, fmt.Errorf("parameter %s=%s is not a boolean (want true or false)", p.Name, quote(s))
	case scene.Choice:
		for i, c := range p.Choices {
			if strings.EqualFold(c, s) {
				return float64(i), nil
			}
		}
		return 0, fmt.Errorf("parameter %s=%s is not one of %s", p.Name, quote(s), strings.Join(p.Choices, ", "))
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("parameter %s=%s is not a number", p.Name, quote(s))
	}
	if p.Kind == scene.Int && v != math.Trunc(v) {
		return 0, fmt.Errorf("parameter %s=%s is not a whole number", p.Name, quote(s))
	}
	if eps := 1e-9 * max(1, math.Abs(p.Max-p.Min)); v < p.Min-eps || v > p.Max+eps {
		return 0, fmt.Errorf("parameter %s=%s is outside [%s, %s]", p.Name, quote(s), formatNumber(p, p.Min), formatNumber(p, p.Max))
	}
	if p.Step > 0 {
		if k := (v - p.Min) / p.Step; math.Abs(k-math.Round(k)) > 1e-6 {
			return 0, fmt.Errorf("parameter %s=%s is not on its grid %s, %s, %s, … (step %s)", p.Name, quote(s),
				formatNumber(p, p.Min), formatNumber(p, p.Min+p.Step), formatNumber(p, p.Min+2*p.Step), formatNumber(p, p.Step))
		}
	}
	return min(max(v, p.Min), p.Max), nil
}

// formatParam is parseParam's inverse: the text the URL carries.
func formatParam(p scene.Param, v float64) string {
	switch p.Kind {
	case scene.Bool:
		if v != 0 {
			return "true"
		}
		return "false"
	case scene.Choice:
		if i := int(v); i >= 0 && i < len(p.Choices) {
			return p.Choices[i]
		}
		return strconv.Itoa(int(v))
	}
	return formatNumber(p, v)
}

// displayParam is the value as the panel shows it.
func displayParam(p scene.Param, v float64) string {
	if p.Kind == scene.Bool {
		if v != 0 {
			return "on"
		}
		return "off"
	}
	return formatParam(p, v)
}

// formatNumber prints v with as many decimals as the step needs, so a
// slider at 0.30000000000000004 reads 0.3 and round-trips through a URL.
func formatNumber(p scene.Param, v float64) string {
	if p.Kind == scene.Int {
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
func snap(p scene.Param, v float64) float64 {
	step := p.Step
	if p.Kind == scene.Int && step < 1 {
		step = 1
	}
	if p.Kind == scene.Bool || p.Kind == scene.Choice {
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
func paramMax(p scene.Param) float64 {
	switch p.Kind {
	case scene.Bool:
		return 1
	case scene.Choice:
		return float64(len(p.Choices) - 1)
	}
	return p.Max
}

// paramMin is the smallest value a widget can take.
func paramMin(p scene.Param) float64 {
	if p.Kind == scene.Bool || p.Kind == scene.Choice {
		return 0
	}
	return p.Min
}

// stepOf is one keyboard increment of p.
func stepOf(p scene.Param) float64 {
	switch p.Kind {
	case scene.Bool, scene.Choice:
		return 1
	case scene.Int:
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
func resolveParams(id string, ps []scene.Param, raw map[string]string) (scene.Values, error) {
	v := scene.Defaults(ps)
	var errs []string
	byName := map[string]scene.Param{}
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
			errs = append(errs, fmt.Sprintf("scene %s has no parameter %s (it has: %s)", id, quote(name), strings.Join(names, ", ")))
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
		return v, fmt.Errorf("%s", joinLimited(errs, 3))
	}
	return v, nil
}

// parseStep reads the URL's step (0-based).
func parseStep(s string) (int, error) {
	k, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || k < 0 {
		return 0, fmt.Errorf("step=%s is not a step number (0, 1, 2, …)", quote(s))
	}
	return k, nil
}

// sliderPosition is where value v sits along p's track, in [0, 1]
// (logarithmically for a Log slider).
func sliderPosition(p scene.Param, v float64) float64 {
	if p.Max <= p.Min {
		return 0
	}
	if p.Log && p.Min > 0 {
		return min(max(math.Log(v/p.Min)/math.Log(p.Max/p.Min), 0), 1)
	}
	return min(max((v-p.Min)/(p.Max-p.Min), 0), 1)
}

// sliderValue is sliderPosition's inverse (before snapping to the grid).
func sliderValue(p scene.Param, t float64) float64 {
	t = min(max(t, 0), 1)
	if p.Log && p.Min > 0 && p.Max > p.Min {
		return p.Min * math.Exp(t*math.Log(p.Max/p.Min))
	}
	return p.Min + t*(p.Max-p.Min)
}
