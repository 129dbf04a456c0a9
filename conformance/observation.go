package conformance

import (
	"bytes"
	"fmt"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// Observation is everything seen of one exchange: what the client saw,
// and the server's records of it. A spec's checks read it in two phases
// (see judge): the wire checks read Client alone; the server checks read
// the records through ServerTraces, Events, ErrorReasons and W3CLog, which
// refuse to be read in the wire phase.
type Observation struct {
	Backend string
	Client  *wire.Result
	// Traces, ErrorLog and RequestLog are the server's records. A spec's
	// checks read them through the accessors below, never directly.
	Traces     []*iis.Trace
	ErrorLog   []httpsys.ErrorLogEntry // what HTTP.sys logged about this client
	RequestLog []iis.RequestLogEntry   // IIS's W3C log lines of its requests
	// Plain: the requests went, with no scenario, to a path of the
	// target's own (--wire-only); what answered is that server's handler,
	// not the scenario's, so a spec checks no handler body.
	Plain bool
	// lacks are the capabilities the backend found at run time that it
	// lacks, with why (Discoverer); a server check that reads what they
	// would have shown ends the server phase (see judge).
	lacks map[Capability]string
	// phase is the phase of the checks reading the observation.
	phase checkPhase
	// dropped are the getters whose calls the server checks leave out
	// (see judge), with why.
	dropped map[string]string
}

// checkPhase is which of a spec's checks are reading an observation.
type checkPhase int

const (
	// anyPhase: the observation is read outside a spec's checks (reports,
	// agreement, a spec that drives its backend itself).
	anyPhase checkPhase = iota
	// wirePhase: the checks of what the client saw run; the server's
	// records may not be read.
	wirePhase
	// serverPhase: the checks of the server's records run.
	serverPhase
)

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

// misplacedRead is the panic of a wire check that reads a server record:
// a mistake in the spec, not in the backend.
type misplacedRead struct{ kind Seen }

func (m misplacedRead) Error() string {
	return fmt.Sprintf("a wire check read the %s: move it to the spec's server checks", m.kind)
}

// lacking is the panic that ends the server phase when the backend cannot
// show a record (see judge).
type lacking struct {
	kind Seen
	why  string
}

// need lets the running checks read kind: a wire check may not (a
// programming error); a server check on a backend that cannot show it
// ends the server phase.
func (o *Observation) need(kind Seen) {
	switch o.phase {
	case wirePhase:
		panic(misplacedRead{kind})
	case serverPhase:
		if d := decide(BackendInfo{}, Needs{Observes: kind}, nil, o.lacks); !d.Runs() {
			panic(lacking{kind: kind, why: d.Why})
		}
	}
}

// ServerTraces is Traces for a spec's server checks.
func (o *Observation) ServerTraces() []*iis.Trace {
	o.need(SeenTrace)
	return o.Traces
}

// W3CLog is RequestLog for a spec's server checks.
func (o *Observation) W3CLog() []iis.RequestLogEntry {
	o.need(SeenRequestLog)
	return o.RequestLog
}

// ErrorReasons lists the error log's reasons, in order, for a spec's
// server checks.
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

// Events returns the events of the first trace (nil without one), for a
// spec's server checks, without the calls of dropped getters.
func (o *Observation) Events() []iis.Event {
	o.need(SeenTrace)
	if len(o.Traces) == 0 {
		return nil
	}
	var out []iis.Event
	for _, e := range o.Traces[0].Events {
		if _, drop := o.dropped[e.Method]; !drop || e.Kind != iis.EventCall {
			out = append(out, e)
		}
	}
	return out
}

// keeps says whether a server check keeps pattern p: not when it is on a
// call of a dropped getter.
func (o *Observation) keeps(p EventPattern) bool {
	rest, ok := strings.CutPrefix(string(p), "call ")
	if !ok {
		return true
	}
	if i := strings.IndexAny(rest, " (="); i >= 0 {
		rest = rest[:i]
	}
	_, drop := o.dropped[rest]
	return !drop
}

// Response is the i-th final response (from 0), for a spec's wire checks:
// the checks end with a failure in words when the client received fewer.
func (o *Observation) Response(i int) *wire.Response {
	final := o.Client.Final()
	if i >= len(final) {
		ExpectWithOffset(1, o).To(haveResponse(i))
	}
	return &final[i]
}
