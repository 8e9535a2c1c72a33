package web

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Range limits. A browser asks for one range, a download manager a few;
// more is not worth a multipart reply whose part headers can outweigh the
// bytes (RFC 9110 14.2 lets a server coalesce ranges or ignore the header).
const (
	maxRanges = 8
	// maxRangeSpecs bounds the work of reading the header at all.
	maxRangeSpecs = 1024
	// rangeGap merges ranges closer than a part header's size.
	rangeGap = 80
)

type byteRange struct{ start, end int64 } // inclusive

// limitRanges vets a Range header for a file of size bytes. It returns the
// header to pass on, unchanged when it is modest; with overlapping or
// too many ranges, the satisfiable ones sorted and merged. ok is false when
// even merged they are too many: the whole file should be sent. A header
// it cannot read is passed on unchanged for ServeContent to refuse.
func limitRanges(header string, size int64) (string, bool) {
	unit, specs, found := strings.Cut(header, "=")
	if !found || !strings.EqualFold(strings.TrimSpace(unit), "bytes") {
		return header, true
	}
	if strings.Count(specs, ",") >= maxRangeSpecs {
		return "", false
	}
	var rs []byteRange
	n := 0
	for _, spec := range strings.Split(specs, ",") {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			continue
		}
		n++
		r, ok, valid := parseRange(spec, size)
		if !valid {
			return header, true
		}
		if ok {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return header, true // nothing satisfiable: ServeContent answers 416
	}
	sorted := sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
	sort.Slice(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
	merged := rs[:1]
	overlap := false
	for _, r := range rs[1:] {
		last := &merged[len(merged)-1]
		if r.start <= last.end+1+rangeGap {
			if r.start <= last.end {
				overlap = true
			}
			last.end = max(last.end, r.end)
			continue
		}
		merged = append(merged, r)
	}
	if n <= maxRanges && !overlap && sorted {
		return header, true
	}
	if len(merged) > maxRanges {
		return "", false
	}
	parts := make([]string, len(merged))
	for i, r := range merged {
		parts[i] = fmt.Sprintf("%d-%d", r.start, r.end)
	}
	return "bytes=" + strings.Join(parts, ","), true
}

// parseRange reads one range-spec ("a-b", "a-", "-n") against the size.
// valid is false for bad syntax; ok is false for a valid range that lies
// past the end of the file.
func parseRange(spec string, size int64) (r byteRange, ok, valid bool) {
	first, last, found := strings.Cut(spec, "-")
	if !found {
		return r, false, false
	}
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	num := func(s string) (int64, bool) {
		v, err := strconv.ParseInt(s, 10, 64)
		return v, err == nil && v >= 0 && s[0] != '+'
	}
	if first == "" { // the last n bytes
		n, good := num(last)
		if !good {
			return r, false, false
		}
		if n == 0 || size == 0 {
			return r, false, true
		}
		return byteRange{max(size-n, 0), size - 1}, true, true
	}
	a, good := num(first)
	if !good {
		return r, false, false
	}
	b := size - 1
	if last != "" {
		if b, good = num(last); !good || b < a {
			return r, false, false
		}
	}
	if a >= size {
		return r, false, true
	}
	return byteRange{a, min(b, size-1)}, true, true
}
