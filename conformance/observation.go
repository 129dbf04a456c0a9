package conformance

import (
	"bytes"

	. "github.com/onsi/ginkgo/v2"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// Observation is everything seen of one exchange.
type Observation struct {
	Backend    string
	Client     *wire.Result
	Traces     []*iis.Trace
	ErrorLog   []httpsys.ErrorLogEntry // what HTTP.sys logged about this client
	RequestLog []iis.RequestLogEntry   // IIS's W3C log lines of its requests
	// Plain: the requests went, with no scenario, to a path of the
	// target's own (--wire-only); what answered is that server's handler,
	// not the scenario's, so a spec checks no handler body.
	Plain bool
	// lacks are the capabilities the backend found at run time that it
	// lacks, with why (Discoverer); a spec that checks what they would
	// have shown is skipped as NOT SUPPORTED.
	lacks map[Capability]string
}

// Seen names a server-side record a spec may check.
type Seen string

// The server-side records a backend may be unable to offer.
const (
	SeenTrace      Seen = "server trace"
	SeenErrorLog   Seen = "HTTP.sys error log"
	SeenRequestLog Seen = "W3C request log"
)

// capability is what a backend needs to offer the record.
func (s Seen) capability() Capability {
	if s == SeenTrace {
		return ServesTraces
	}
	return ServesLogs
}

// need skips the running spec as NOT SUPPORTED when the backend cannot
// show kind (see decide): the checks the spec made before this point, on
// what the client saw, passed; the rest need what the backend cannot show.
func (o *Observation) need(kind Seen) {
	if d := decide(BackendInfo{}, Needs{Observes: kind}, nil, o.lacks); !d.Runs() {
		Skip(d.Message())
	}
}

// ServerTraces is Traces for a spec's checks: the spec is skipped when the
// backend offers no traces.
func (o *Observation) ServerTraces() []*iis.Trace {
	o.need(SeenTrace)
	return o.Traces
}

// W3CLog is RequestLog for a spec's checks (see ServerTraces).
func (o *Observation) W3CLog() []iis.RequestLogEntry {
	o.need(SeenRequestLog)
	return o.RequestLog
}

// ErrorReasons lists the error log's reasons, in order, for a spec's
// checks (see ServerTraces).
func (o *Observation) ErrorReasons() []httpsys.LogReason {
	o.need(SeenErrorLog)
	var out []httpsys.LogReason
	for _, e := range o.ErrorLog {
		out = append(out, e.Reason)
	}
	return out
}

// LogReasons lists the error log's reasons, in order, as text for reports.
func (o *Observation) LogReasons() []string {
	var out []string
	for _, e := range o.ErrorLog {
		out = append(out, string(e.Reason))
	}
	return out
}

// SentHost is the Host header of the first request the client sent, as
// sent: a target is sent the Host a real client would write (HOST:PORT),
// not the one the spec's request was written with.
func (o *Observation) SentHost() string {
	head, _, _ := bytes.Cut(o.Client.Sent, []byte("\r\n\r\n"))
	for _, line := range bytes.Split(head, []byte("\r\n"))[1:] {
		if name, value, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(name, []byte("Host")) {
			return string(bytes.TrimSpace(value))
		}
	}
	return ""
}

// Events returns the events of the first trace (nil without one); the
// spec is skipped when the backend offers no traces.
func (o *Observation) Events() []iis.Event {
	o.need(SeenTrace)
	if len(o.Traces) == 0 {
		return nil
	}
	return o.Traces[0].Events
}
