package iis

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// RequestLogEntry is one line of IIS's W3C extended request log,
// u_ex*.log (SYS-LOG-2).
type RequestLogEntry struct {
	Time        time.Time
	ServerAddr  string // s-ip:s-port
	ClientAddr  string // c-ip:c-port
	Method      string // cs-method
	URIStem     string // cs-uri-stem
	URIQuery    string // cs-uri-query, without "?"
	UserAgent   string // cs(User-Agent)
	Status      uint16 // sc-status: the status set, sent or not
	SubStatus   uint16 // sc-substatus
	Win32Status httpsys.Errno
	BytesSent   int64 // sc-bytes: what reached the socket
	BytesRecv   int64 // cs-bytes
	TimeTakenMs int64 // time-taken
}

// RequestLogFields is the log's #Fields line.
const RequestLogFields = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"

// Line renders the entry: space-separated, "-" for empty, spaces in the
// user agent as "+", as IIS writes them.
func (e RequestLogEntry) Line() string {
	dash := func(s string) string {
		if s == "" {
			return "-"
		}
		return strings.ReplaceAll(s, " ", "+")
	}
	sip, sport, _ := net.SplitHostPort(e.ServerAddr)
	cip, _, _ := net.SplitHostPort(e.ClientAddr)
	t := e.Time.UTC()
	return fmt.Sprintf("%s %s %s %s %s %s %s %s %s %d %d %d %d %d %d",
		t.Format("2006-01-02"), t.Format("15:04:05"), dash(sip), dash(e.Method), dash(e.URIStem), dash(e.URIQuery),
		dash(sport), dash(cip), dash(e.UserAgent), e.Status, e.SubStatus, uint32(e.Win32Status),
		e.BytesSent, e.BytesRecv, e.TimeTakenMs)
}

// RequestLogWriter writes entries in the log's file format; it is safe for
// concurrent use.
type RequestLogWriter struct {
	mu     sync.Mutex
	w      io.Writer
	header bool
	err    error
}

// NewRequestLogWriter writes to w.
func NewRequestLogWriter(w io.Writer) *RequestLogWriter { return &RequestLogWriter{w: w} }

// Write appends one entry; the first write puts the header first.
func (l *RequestLogWriter) Write(e RequestLogEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return
	}
	if !l.header {
		l.header = true
		_, l.err = fmt.Fprintf(l.w, "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: %s\r\n%s\r\n",
			e.Time.UTC().Format("2006-01-02 15:04:05"), RequestLogFields)
	}
	if l.err == nil {
		_, l.err = fmt.Fprintf(l.w, "%s\r\n", e.Line())
	}
}

// Err is the first write error, if any.
func (l *RequestLogWriter) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}
