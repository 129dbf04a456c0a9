package iis

import (
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/iisemu/iisemu/httpsys"
)

// RequestLogEntry is one line of IIS's W3C extended request log,
// u_ex*.log (SYS-LOG-2): every field IIS can write, whichever of them
// LogExtFileFlags selects.
type RequestLogEntry struct {
	Time         time.Time     `json:"time"`
	ServerAddr   string        `json:"server"` // s-ip:s-port
	ClientAddr   string        `json:"client"` // c-ip:c-port
	Method       string        `json:"cs-method"`
	URIStem      string        `json:"cs-uri-stem"`
	URIQuery     string        `json:"cs-uri-query"` // without "?"
	UserAgent    string        `json:"cs(User-Agent)"`
	Status       uint16        `json:"sc-status"` // the status set, sent or not
	SubStatus    uint16        `json:"sc-substatus"`
	Win32Status  httpsys.Errno `json:"sc-win32-status"`
	BytesSent    int64         `json:"sc-bytes"` // what reached the socket
	BytesRecv    int64         `json:"cs-bytes"`
	TimeTakenMs  int64         `json:"time-taken"`
	UserName     string        `json:"cs-username"` // "" for an anonymous request
	Referer      string        `json:"cs(Referer)"`
	Cookie       string        `json:"cs(Cookie)"`
	Host         string        `json:"cs-host"`
	Version      string        `json:"cs-version"` // "HTTP/1.1"
	SiteName     string        `json:"s-sitename"`
	ComputerName string        `json:"s-computername"`
}

// RequestLogFields is the #Fields line of a log with IIS 10's default
// fields, DefaultLogExtFileFlags.
const RequestLogFields = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"

// Line renders the entry with IIS's default fields (RequestLogFields).
func (e RequestLogEntry) Line() string { return e.LineFor(DefaultLogExtFileFlags) }

// LineFor renders the fields flags selects (the default when zero), in
// IIS's order, space-separated, as IIS writes them: "-" for an empty text
// field, its spaces as "+".
func (e RequestLogEntry) LineFor(flags LogExtFileFlags) string {
	flags = flags.orDefault()
	var b strings.Builder
	for _, c := range logColumns {
		if flags&c.flag == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.value(&e))
	}
	return b.String()
}

// RequestLogWriter writes entries to u_ex*.log's format, with the fields
// of its LogExtFileFlags.
type RequestLogWriter struct {
	*httpsys.W3CWriter
	flags LogExtFileFlags
}

// NewRequestLogWriter writes to w the fields flags selects; zero selects
// IIS's default, DefaultLogExtFileFlags.
func NewRequestLogWriter(w io.Writer, flags LogExtFileFlags) *RequestLogWriter {
	flags = flags.orDefault()
	return &RequestLogWriter{httpsys.NewW3CWriter(w, "Microsoft Internet Information Services 10.0", flags.Fields()), flags}
}

// Write appends one entry.
func (l *RequestLogWriter) Write(e RequestLogEntry) { l.WriteLine(e.Time, e.LineFor(l.flags)) }

// logSiteName is s-sitename: with logSiteId at its default, true, IIS
// writes the site's ID after the service name (the logFile page); the
// emulator serves one site and numbers it 1, as IIS numbers its first site
// (INFER).
const logSiteName = "W3SVC1"

// computerName is s-computername, the machine's name; "" (logged "-")
// when the system does not say.
var computerName = sync.OnceValue(func() string {
	name, _ := os.Hostname()
	return name
})

// logEntry is the request's W3C log line. The Win32 status tells how the
// connection was lost (INFER, LOG-W32-1): 1236 ERROR_CONNECTION_ABORTED when
// the server reset it (ResetConnection, CloseConnection), 64
// ERROR_NETNAME_DELETED when the client was gone, 0 otherwise.
//
// time-taken runs, as the logFile page says of TimeTaken, from when
// HTTP.sys had the request's first byte, before parsing it, to when the
// last send completed (LOG-TT-1); start and end, the pipeline's own ends,
// stand in only for a request HTTP.sys never saw to its end.
func (c *httpContext) logEntry(start, end time.Time, in, out int64) RequestLogEntry {
	taken := end.Sub(start)
	if !c.firstByte.IsZero() && !c.lastSend.IsZero() {
		taken = c.lastSend.Sub(c.firstByte)
	}
	raw := &c.request.raw
	st := c.response.status
	e := RequestLogEntry{Time: end, ServerAddr: raw.LocalAddr, ClientAddr: raw.RemoteAddr, Method: c.request.verb,
		URIStem: c.request.path, URIQuery: strings.TrimPrefix(c.request.query, "?"), UserAgent: c.request.GetHeader("User-Agent"),
		Referer: c.request.GetHeader("Referer"), Cookie: c.request.GetHeader("Cookie"), Host: c.request.GetHeader("Host"),
		Version: raw.Version, SiteName: logSiteName, ComputerName: computerName(),
		Status: st.Code, SubStatus: st.SubStatus, BytesSent: out, BytesRecv: in, TimeTakenMs: taken.Milliseconds()}
	switch {
	case c.connection.reset.Load():
		e.Win32Status = httpsys.ErrorConnectionAborted
	case c.connection.state.gone.Load() || c.sys.SendState() == httpsys.SendFailed:
		e.Win32Status = httpsys.ErrorNetnameDeleted
	}
	if c.logData != nil {
		c.logData.applyTo(&e) // LOG-DATA-1: SetLogData
	}
	return e
}
