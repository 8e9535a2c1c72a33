package scenes

import (
	"fmt"
	"sort"
)

// legacyFactories lists the first-contract scenes by id, for the tests
// written against that contract (they go as each scene is rewritten).
func legacyFactories() map[string]func() Scene {
	m := map[string]func() Scene{}
	for _, f := range All().Views {
		if l, ok := f().(*legacy); ok {
			id := l.s.Info().ID
			if _, dup := m[id]; !dup {
				m[id] = func() Scene { return f().(*legacy).s }
			}
		}
	}
	return m
}

// New returns a fresh first-contract scene by id.
func New(id string) (Scene, error) {
	f, ok := legacyFactories()[id]
	if !ok {
		return nil, fmt.Errorf("unknown scene %q", id)
	}
	return f(), nil
}

// IDs lists the first-contract scene ids, sorted.
func IDs() []string {
	var ids []string
	for id := range legacyFactories() {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
