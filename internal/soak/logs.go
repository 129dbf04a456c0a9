package soak

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrorEntry is what the soak reads of one httperr1.log line.
type ErrorEntry struct {
	Time   time.Time // date and time, to the second, UTC
	Port   int       // c-port
	Reason string    // s-reason
	Line   string
}

// ParseErrorLog reads HTTP.sys's error log: its #Fields line says where
// c-port and s-reason are.
func ParseErrorLog(text string) ([]ErrorEntry, error) {
	var out []ErrorEntry
	err := eachW3CLine(text, []string{"date", "time", "c-port", "s-reason"}, func(f []string, line string) error {
		t, err := time.Parse(time.DateTime, f[0]+" "+f[1])
		if err != nil {
			return fmt.Errorf("error log: date and time %q in %q", f[0]+" "+f[1], line)
		}
		port, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("error log: c-port %q in %q", f[2], line)
		}
		out = append(out, ErrorEntry{Time: t, Port: port, Reason: f[3], Line: line})
		return nil
	})
	return out, err
}

// ParseRequestQueries reads IIS's W3C request log and returns each line's
// cs-uri-query, in order.
func ParseRequestQueries(text string) ([]string, error) {
	var out []string
	err := eachW3CLine(text, []string{"cs-uri-query"}, func(f []string, _ string) error {
		out = append(out, f[0])
		return nil
	})
	return out, err
}

// eachW3CLine calls fn with the named fields of every entry line.
func eachW3CLine(text string, names []string, fn func(fields []string, line string) error) error {
	var idx []int
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if fields, ok := strings.CutPrefix(line, "#Fields: "); ok {
			idx = idx[:0]
			all := strings.Fields(fields)
			for _, n := range names {
				i := indexOf(all, n)
				if i < 0 {
					return fmt.Errorf("log has no %s field: %q", n, line)
				}
				idx = append(idx, i)
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if idx == nil {
			return fmt.Errorf("log line before any #Fields line: %q", line)
		}
		all := strings.Fields(line)
		f := make([]string, len(idx))
		for j, i := range idx {
			if i >= len(all) {
				return fmt.Errorf("log line has too few fields: %q", line)
			}
			f[j] = all[i]
		}
		if err := fn(f, line); err != nil {
			return err
		}
	}
	return nil
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}
