package conformance

import (
	"context"
	"time"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// Backend is where specs run. It only says what it is and what it can do;
// what it does is found by type assertion on the optional interfaces
// below (SiteHost, CaseRunner, ScenarioServer, Discoverer), as net/http
// finds a Flusher. Which spec runs on which backend is decided in one
// place, from a case's Needs and the backend's Info (see decide).
type Backend interface {
	Info() BackendInfo
}

// BackendInfo describes a backend.
type BackendInfo struct {
	// Name is the backend's label: "model", "sockets" or "target".
	Name string
	// Description says in a few words what the backend is.
	Description string
	// Capabilities are what the backend can do.
	Capabilities map[Capability]bool
	// Settings are the HTTP.sys settings a backend that cannot take a
	// spec's own (no OwnSettings) declares it runs with; nil when it
	// declares none.
	Settings *httpsys.Config
	// PlainOnly: the backend runs no scripted module and is sent only the
	// specs' plain requests (Needs.PlainRequest): a target run with
	// --wire-only.
	PlainOnly bool
}

// Has says whether the backend has capability c.
func (i BackendInfo) Has(c Capability) bool { return i.Capabilities[c] }

// Capability is one thing a backend can do; its value says it in words.
type Capability string

// The capabilities a spec may need.
const (
	// HostsSite: the backend serves a site built in Go, in this process,
	// and lets the spec watch it from inside (SiteHost).
	HostsSite Capability = "hosts a site in this process"
	// OwnSettings: each spec gets the HTTP.sys settings it needs (short
	// timers, a connection limit); without it a spec relies on the
	// backend's declared Settings.
	OwnSettings Capability = "takes the HTTP.sys settings a spec needs"
	// OwnClock: the backend's timers run on a clock the spec moves on
	// (TimerFirer), rather than on the wall clock.
	OwnClock Capability = "fires timers on its own clock"
	// RunsScenarios: the backend runs a scripted scenario
	// (fixtures.Scenario); without HostsSite the scenario travels in a
	// request header (fixtures/PROTOCOL.md).
	RunsScenarios Capability = "runs scripted scenarios"
	// RunsSamples: the backend serves the documentation's samples under
	// /samples/.
	RunsSamples Capability = "runs the documentation's samples"
	// ServesTraces: the server's pipeline traces can be had.
	ServesTraces Capability = "serves traces"
	// ServesLogs: HTTP.sys's error log and IIS's request log can be had.
	ServesLogs Capability = "serves logs"
)

// capabilities builds a capability set.
func capabilities(cs ...Capability) map[Capability]bool {
	m := make(map[Capability]bool, len(cs))
	for _, c := range cs {
		m[c] = true
	}
	return m
}

// SiteHost is a backend that serves a site built in Go in this process
// (HostsSite).
type SiteHost interface {
	Backend
	// Start serves site and returns a running instance. sys, if set, gives
	// the HTTP.sys settings for this backend (model tells which it is).
	Start(site *iis.Site, sys ...func(model bool) httpsys.Config) (Instance, error)
}

// CaseRunner is a backend that runs a case itself, without being given a
// site: an external target, which already serves the scenarios and the
// samples.
type CaseRunner interface {
	Backend
	RunCase(ctx context.Context, c Case) (*Observation, error)
}

// ScenarioServer is a backend that already serves scenarios, to which a
// spec may hold connections of its own (an external target).
type ScenarioServer interface {
	Backend
	// Client dials the server.
	Client() *wire.Client
	// Tag marks the requests in raw for sc, so that the server runs sc.
	Tag(sc *fixtures.Scenario, raw []byte) ([]byte, error)
	// ClientLogs observes what the server logged about clientAddr; the
	// observation says so when the logs cannot be had.
	ClientLogs(ctx context.Context, clientAddr string) (*Observation, error)
}

// Discoverer is a backend that finds out, once, which capabilities it
// lacks after all, and why (a target that serves no traces). A spec's
// server checks that read what it lacks end there: after wire checks
// that passed the spec is PASS (wire only), and with no wire checks NOT
// SUPPORTED (see settle).
type Discoverer interface {
	Backend
	Discover(ctx context.Context) map[Capability]string
}

// Instance is a running SiteHost.
type Instance interface {
	Client() *wire.Client
	// Traces returns the server-side traces of the requests the server
	// took on the connection from clientAddr, once they are complete.
	Traces(ctx context.Context, clientAddr string) ([]*iis.Trace, error)
	// ErrorLog returns the HTTP.sys error-log entries about clientAddr.
	ErrorLog(clientAddr string) []httpsys.ErrorLogEntry
	// RequestLog returns IIS's W3C log entries of clientAddr's requests.
	RequestLog(clientAddr string) []iis.RequestLogEntry
	Close()
}

// TimerFirer is an Instance whose timers run on its own clock (OwnClock):
// Fire lets the timer the server arms for d from now expire, once it is
// armed. Without it, timers run on the wall clock and a spec waits.
type TimerFirer interface {
	Instance
	Fire(ctx context.Context, d time.Duration) error
	// Pass waits, when armed is not zero, until a timer is armed for armed
	// from now (the server has reached the point that arms it), then moves
	// the clock on by d, firing only what falls due within d.
	Pass(ctx context.Context, armed, d time.Duration) error
}
