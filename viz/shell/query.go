package shell

import (
	"net/url"
	"sort"
	"strings"

	"dlprep/scenes"
)

// ParseQuery reads URL state such as "?scene=nms&iou_threshold=0.3" (the
// leading "?" is optional): the scene id and every other key as a raw
// parameter value, to be validated by App.Show. A malformed query yields
// what could be read.
func ParseQuery(rawQuery string) (id string, params map[string]string) {
	q, _ := url.ParseQuery(strings.TrimPrefix(rawQuery, "?"))
	params = map[string]string{}
	for k, vs := range q {
		if len(vs) == 0 {
			continue
		}
		if k == "scene" {
			id = vs[0]
			continue
		}
		params[k] = vs[0]
	}
	return id, params
}

// Query is the URL state of the current view, without the leading "?":
// the scene id and the parameters that differ from their defaults, in the
// order the scene declares them (so URLs are stable and short).
func (a *App) Query() string {
	var b strings.Builder
	b.WriteString("scene=")
	b.WriteString(url.QueryEscape(a.id))
	for _, p := range a.params {
		if v := a.values[p.Name]; v != p.Default {
			b.WriteByte('&')
			b.WriteString(url.QueryEscape(p.Name))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(formatParam(p, v)))
		}
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// paramStrings renders values as the text a URL would carry, for State.
func paramStrings(ps []scenes.Param, v scenes.Values) map[string]string {
	out := make(map[string]string, len(ps))
	for _, p := range ps {
		out[p.Name] = formatParam(p, v[p.Name])
	}
	return out
}
