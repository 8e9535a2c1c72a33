package web

import (
	"strconv"
	"strings"
)

// encoding is a content coding we may have precompressed a file with.
type encoding struct {
	name string // Content-Encoding token
	ext  string // suffix of the precompressed sibling file
}

// encodings in order of preference: brotli is about a fifth smaller than gzip
// on the Go module, so it wins when the client takes both.
var encodings = []encoding{{"br", ".br"}, {"gzip", ".gz"}}

// acceptedEncodings parses an Accept-Encoding header (RFC 9110 12.5.3) into
// the codings the client takes with a non-zero weight. A wildcard counts for
// every coding the header does not name explicitly.
func acceptedEncodings(header string) map[string]bool {
	named := map[string]bool{}
	ok := map[string]bool{}
	star := false
	for _, part := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(part, ";")
		token = strings.ToLower(strings.TrimSpace(token))
		if token == "x-gzip" { // RFC 9110 8.4.1.3: an alias of gzip
			token = "gzip"
		}
		if token == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, found := strings.Cut(strings.TrimSpace(p), "=")
			if found && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if token == "*" {
			star = q > 0
			continue
		}
		named[token] = true
		ok[token] = q > 0
	}
	if star {
		for _, e := range encodings {
			if !named[e.name] {
				ok[e.name] = true
			}
		}
	}
	return ok
}
