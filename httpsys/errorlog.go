package httpsys

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
)

// ErrorLogEntry is one line of HTTP.sys's error log, httperr*.log
// (SYS-LOG-1): a connection or request HTTP.sys ended itself.
// Its JSON form (the log endpoint of fixtures/PROTOCOL.md) names the
// fields as the log does.
type ErrorLogEntry struct {
	Time       time.Time `json:"time"`
	ClientAddr string    `json:"client"`     // c-ip:c-port
	ServerAddr string    `json:"server"`     // s-ip:s-port
	Version    string    `json:"cs-version"` // e.g. HTTP/1.1, or "-"
	Method     string    `json:"cs-method"`
	URI        string    `json:"cs-uri"`
	Status     int       `json:"sc-status"` // 0 when no response was sent
	Reason     LogReason `json:"s-reason"`  // e.g. Timer_HeaderWait
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
		dash(e.Version), dash(e.Method), dash(e.URI), status, "1", dash(string(e.Reason)), "DefaultAppPool")
}

// ErrorLogWriter writes entries to httperr*.log's format.
type ErrorLogWriter struct{ *W3CWriter }

// NewErrorLogWriter writes to w.
func NewErrorLogWriter(w io.Writer) *ErrorLogWriter {
	return &ErrorLogWriter{NewW3CWriter(w, "Microsoft HTTP API 2.0", ErrorLogFields)}
}

// Write appends one entry.
func (l *ErrorLogWriter) Write(e ErrorLogEntry) { l.WriteLine(e.Time, e.Line()) }
