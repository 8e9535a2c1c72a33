package shell

import (
	"net/url"
	"sort"
	"strings"

	"dlprep/viz/scene"
)

// Link is what a URL asks for: a problem and/or a scene id, and every
// other key as a raw parameter value (including "step"), to be validated
// by App.Show.
type Link struct {
	Problem, Scene string
	Params         map[string]string
}

// maxQueryKeys bounds how many keys of a link are read: a link with 2,000
// made-up parameters gets a short message, not a 240 KB one.
const maxQueryKeys = 64

// ParseQuery reads URL state such as "?problem=007&iou_threshold=0.3" or
// "?scene=nms&step=3" (the leading "?" is optional). A malformed query
// yields what could be read.
func ParseQuery(rawQuery string) Link {
	q, _ := url.ParseQuery(strings.TrimPrefix(rawQuery, "?"))
	l := Link{Params: map[string]string{}}
	for _, k := range sortedKeys(firstValues(q)) {
		v := q[k][0]
		switch k {
		case "scene":
			l.Scene = v
		case "problem":
			l.Problem = v
		default:
			if len(l.Params) < maxQueryKeys {
				l.Params[k] = v
			}
		}
	}
	return l
}

func firstValues(q url.Values) map[string]string {
	m := make(map[string]string, len(q))
	for k, vs := range q {
		if len(vs) > 0 {
			m[k] = vs[0]
		}
	}
	return m
}

// ShowLink shows what a parsed link asks for (see Show).
func (a *App) ShowLink(l Link) error { return a.Show(l.Problem, l.Scene, l.Params) }

// Query is the URL state of the current view, without the leading "?":
// the problem (or, for a view without one, the scene id), the parameters
// that differ from their defaults in the order the scene declares them,
// and the step when the playhead is paused past the first one (so URLs are
// stable and short).
func (a *App) Query() string {
	var b strings.Builder
	if a.quiz != nil {
		// The quiz's link gives its seed, never its answer.
		b.WriteString("problem=")
		b.WriteString(url.QueryEscape(a.info.Problem))
		b.WriteString("&quiz=")
		b.WriteString(itoa(a.quiz.seed))
		return b.String()
	}
	if a.info.Problem != "" {
		b.WriteString("problem=")
		b.WriteString(url.QueryEscape(a.info.Problem))
	} else {
		b.WriteString("scene=")
		b.WriteString(url.QueryEscape(a.info.ID))
	}
	for _, p := range a.params {
		if v := a.values[p.Name]; v != p.Default {
			b.WriteByte('&')
			b.WriteString(url.QueryEscape(p.Name))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(formatParam(p, v)))
		}
	}
	if k, _ := a.play.at(); k > 0 && !a.play.playing {
		b.WriteString("&step=")
		b.WriteString(itoa(k))
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
func paramStrings(ps []scene.Param, v scene.Values) map[string]string {
	out := make(map[string]string, len(ps))
	for _, p := range ps {
		out[p.Name] = formatParam(p, v[p.Name])
	}
	return out
}
