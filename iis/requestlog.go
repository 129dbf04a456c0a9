package iis

import (
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// RequestLogEntry is one line of IIS's W3C extended request log,
// u_ex*.log (SYS-LOG-2).
type RequestLogEntry struct {
	Time        time.Time     `json:"time"`
	ServerAddr  string        `json:"server"` // s-ip:s-port
	ClientAddr  string        `json:"client"` // c-ip:c-port
	Method      string        `json:"cs-method"`
	URIStem     string        `json:"cs-uri-stem"`
	URIQuery    string        `json:"cs-uri-query"` // without "?"
	UserAgent   string        `json:"cs(User-Agent)"`
	Status      uint16        `json:"sc-status"` // the status set, sent or not
	SubStatus   uint16        `json:"sc-substatus"`
	Win32Status httpsys.Errno `json:"sc-win32-status"`
	BytesSent   int64         `json:"sc-bytes"` // what reached the socket
	BytesRecv   int64         `json:"cs-bytes"`
	TimeTakenMs int64         `json:"time-taken"`
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

// RequestLogWriter writes entries to u_ex*.log's format.
type RequestLogWriter struct{ *httpsys.W3CWriter }

// NewRequestLogWriter writes to w.
func NewRequestLogWriter(w io.Writer) *RequestLogWriter {
	return &RequestLogWriter{httpsys.NewW3CWriter(w, "Microsoft Internet Information Services 10.0", RequestLogFields)}
}

// Write appends one entry.
func (l *RequestLogWriter) Write(e RequestLogEntry) { l.WriteLine(e.Time, e.Line()) }

// logEntry is the request's W3C log line. The Win32 status tells how the
// connection was lost (INFER, LOG-W32-1): 1236 ERROR_CONNECTION_ABORTED when
// the server reset it (ResetConnection, CloseConnection), 64
// ERROR_NETNAME_DELETED when the client was gone, 0 otherwise.
func (c *httpContext) logEntry(start, end time.Time, in, out int64) RequestLogEntry {
	raw := &c.request.raw
	st := c.response.status
	e := RequestLogEntry{Time: end, ServerAddr: raw.LocalAddr, ClientAddr: raw.RemoteAddr, Method: raw.Verb,
		URIStem: raw.AbsPath, URIQuery: strings.TrimPrefix(raw.QueryString, "?"), UserAgent: c.request.GetHeader("User-Agent"),
		Status: st.Code, SubStatus: st.SubStatus, BytesSent: out, BytesRecv: in, TimeTakenMs: end.Sub(start).Milliseconds()}
	switch {
	case c.connection.reset.Load():
		e.Win32Status = httpsys.ErrorConnectionAborted
	case c.connection.state.gone.Load() || c.sys.SendState() == httpsys.SendFailed:
		e.Win32Status = httpsys.ErrorNetnameDeleted
	}
	return e
}
