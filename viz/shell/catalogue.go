package shell

import (
	"fmt"
	"sort"
	"strings"

	"dlprep/viz/scene"
)

// view is one entry of the menu: a scene factory and what it describes.
type view struct {
	make scene.Factory
	info scene.Info
}

// menuOrder sorts views by the catalogue's family order (unknown families
// last, alphabetically), then by problem number, then by title.
func menuOrder(cat scene.Catalogue) []view {
	views := make([]view, 0, len(cat.Views))
	for _, f := range cat.Views {
		if f == nil {
			continue
		}
		views = append(views, view{make: f, info: f().Info()})
	}
	rank := func(f string) int {
		for i, g := range cat.Families {
			if g == f {
				return i
			}
		}
		return len(cat.Families)
	}
	sort.SliceStable(views, func(i, j int) bool {
		a, b := views[i].info, views[j].info
		if ra, rb := rank(a.Family), rank(b.Family); ra != rb {
			return ra < rb
		}
		if a.Family != b.Family {
			return a.Family < b.Family
		}
		if a.Problem != b.Problem {
			return a.Problem < b.Problem
		}
		return a.Title < b.Title
	})
	return views
}

// find returns the index of the view for a problem number and/or scene
// id: with both, the view must match both; with only a scene id, its
// first view in menu order.
func findView(views []view, problem, id string) (int, error) {
	for i, v := range views {
		if (problem == "" || v.info.Problem == problem) && (id == "" || v.info.ID == id) {
			return i, nil
		}
	}
	switch {
	case problem != "" && id != "":
		return -1, fmt.Errorf("scene %s does not tell problem %s", quote(id), quote(problem))
	case problem != "":
		return -1, fmt.Errorf("unknown problem %s", quote(problem))
	}
	return -1, fmt.Errorf("unknown scene %s", quote(id))
}

// menuLabel is a view's entry in the menu: "004 Causal masking".
func menuLabel(in scene.Info) string {
	if in.Problem == "" {
		return in.Title
	}
	return in.Problem + " " + in.Title
}

// maxQuoted bounds a user's value quoted back in a message: a 2,000-
// character URL value must not become a 2,000-character banner.
const maxQuoted = 40

// quote quotes s for a message, shortened to maxQuoted characters with
// its length said.
func quote(s string) string {
	r := []rune(s)
	if len(r) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q (%d characters)", string(r[:maxQuoted-1])+"…", len(r))
}

// joinLimited joins messages, keeping at most n and saying how many more.
func joinLimited(msgs []string, n int) string {
	if len(msgs) <= n {
		return strings.Join(msgs, "; ")
	}
	return strings.Join(msgs[:n], "; ") + fmt.Sprintf("; and %d more", len(msgs)-n)
}
