package httpsys

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrorLogEntry is one line of HTTP.sys's error log, httperr*.log
// (SYS-LOG-1): a connection or request HTTP.sys ended itself.
type ErrorLogEntry struct {
	Time       time.Time
	ClientAddr string // c-ip:c-port
	ServerAddr string // s-ip:s-port
	Version    string // cs-version, e.g. HTTP/1.1, or "-"
	Method     string // cs-method
	URI        string // cs-uri
	Status     int    // sc-status, 0 when no response was sent
	Reason     string // s-reason, e.g. Timer_HeaderWait
}

// ErrorLogFields is the log's #Fields line.
const ErrorLogFields = "#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename"

// Line renders the entry in the log's format: space-separated fields, "-"
// for an empty one, the site ID and queue name of the sample site.
func (e ErrorLogEntry) Line() string {
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return strings.ReplaceAll(s, " ", "+")
	}
	split := func(addr string) (string, string) {
		h, p, err := net.SplitHostPort(addr)
		if err != nil {
			return dash(addr), "-"
		}
		return h, p
	}
	cip, cport := split(e.ClientAddr)
	sip, sport := split(e.ServerAddr)
	status := "-"
	if e.Status != 0 {
		status = strconv.Itoa(e.Status)
	}
	t := e.Time.UTC()
	return fmt.Sprintf("%s %s %s %s %s %s %s %s %s %s %s %s %s",
		t.Format("2006-01-02"), t.Format("15:04:05"), cip, cport, sip, sport,
		dash(e.Version), dash(e.Method), dash(e.URI), status, "1", dash(e.Reason), "DefaultAppPool")
}

// ErrorLogWriter writes entries to w in the log's file format: the header
// lines once, then a line per entry. It is safe for concurrent use.
type ErrorLogWriter struct {
	mu     sync.Mutex
	w      io.Writer
	header bool
	err    error
}

// NewErrorLogWriter writes to w.
func NewErrorLogWriter(w io.Writer) *ErrorLogWriter { return &ErrorLogWriter{w: w} }

// Write appends one entry; the first write puts the header first.
func (l *ErrorLogWriter) Write(e ErrorLogEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return
	}
	if !l.header {
		l.header = true
		_, l.err = fmt.Fprintf(l.w, "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Date: %s\r\n%s\r\n",
			e.Time.UTC().Format("2006-01-02 15:04:05"), ErrorLogFields)
	}
	if l.err == nil {
		_, l.err = fmt.Fprintf(l.w, "%s\r\n", e.Line())
	}
}

// Err is the first write error, if any.
func (l *ErrorLogWriter) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
