package httpsys

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// W3CWriter writes a log in the W3C extended format that both HTTP.sys's
// error log and IIS's request log use: #Software, #Version, #Date and
// #Fields once, then one line per entry, CRLF-terminated. It is safe for
// concurrent use and keeps the first write error; after it, lines are
// dropped.
type W3CWriter struct {
	w        io.Writer
	software string
	fields   string
	onError  func(error) // hears the first write error, once

	mu     sync.Mutex
	header bool
	err    error
}

// NewW3CWriter writes to w with the given #Software name and #Fields line.
func NewW3CWriter(w io.Writer, software, fields string) *W3CWriter {
	return &W3CWriter{w: w, software: software, fields: fields}
}

// OnError makes f hear the first write error, when it happens, from the
// goroutine that wrote; f must not write to l. Set it before the first
// line.
func (l *W3CWriter) OnError(f func(error)) { l.onError = f }

// WriteLine appends one line; the first puts the header first, dated t.
func (l *W3CWriter) WriteLine(t time.Time, line string) {
	if err := l.writeLine(t, line); err != nil && l.onError != nil {
		l.onError(err)
	}
}

// writeLine writes and returns the error if this call met the first one.
func (l *W3CWriter) writeLine(t time.Time, line string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return nil
	}
	if !l.header {
		l.header = true
		_, l.err = fmt.Fprintf(l.w, "#Software: %s\r\n#Version: 1.0\r\n#Date: %s\r\n%s\r\n",
			l.software, t.UTC().Format("2006-01-02 15:04:05"), l.fields)
	}
	if l.err == nil {
		_, l.err = fmt.Fprintf(l.w, "%s\r\n", line)
	}
	return l.err
}

// Err is the first write error, if any.
func (l *W3CWriter) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
