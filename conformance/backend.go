package conformance

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
	"github.com/iisemu/iisemu/internal/fault"
)

// Backend is where specs run: something that can serve a site and let a
// wire client talk to it.
type Backend interface {
	// Name is the backend's label: "model" or "sockets".
	Name() string
	// Start serves site and returns a running instance. sys, if set, gives
	// the HTTP.sys settings for this backend (model tells which it is).
	Start(site *iis.Site, sys ...func(model bool) httpsys.Config) (Instance, error)
}

// Instance is a running backend.
type Instance interface {
	Client() *wire.Client
	// Traces returns the server-side traces of the requests the server
	// took on the connection from clientAddr, once they are complete.
	Traces(ctx context.Context, clientAddr string) ([]*iis.Trace, error)
	// ErrorLog returns the HTTP.sys error-log entries about clientAddr.
	ErrorLog(clientAddr string) []httpsys.ErrorLogEntry
	// RequestLog returns IIS's W3C log entries of clientAddr's requests.
	RequestLog(clientAddr string) []iis.RequestLogEntry
	// Fire lets the timer the server arms for d from now expire: the
	// model advances its clock once the timer is armed; on sockets, whose
	// timers run on the wall clock, it returns at once.
	Fire(ctx context.Context, d time.Duration) error
	Close()
}

// Observation is everything seen of one exchange.
type Observation struct {
	Backend    string
	Client     *wire.Result
	Traces     []*iis.Trace
	ErrorLog   []httpsys.ErrorLogEntry // what HTTP.sys logged about this client
	RequestLog []iis.RequestLogEntry   // IIS's W3C log lines of its requests
	// Unobserved names what this backend could not see (one of the Seen
	// kinds), with why; a spec that checks it is skipped as NOT SUPPORTED.
	Unobserved map[string]string
}

// The server-side observations a backend may be unable to offer.
const (
	SeenTrace      = "server trace"
	SeenErrorLog   = "HTTP.sys error log"
	SeenRequestLog = "W3C request log"
)

// need skips the running spec as NOT SUPPORTED when kind was not observed:
// the checks the spec made before this point, on what the client saw,
// passed; the rest need what the backend cannot show.
func (o *Observation) need(kind string) {
	if why, ok := o.Unobserved[kind]; ok {
		Skip(fmt.Sprintf("%s: its checks so far passed, but it goes on to check the %s: %s", VerdictNotSupported, kind, why))
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

// Events returns the events of the first trace (nil without one); the
// spec is skipped when the backend offers no traces.
func (o *Observation) Events() []iis.Event {
	o.need(SeenTrace)
	if len(o.Traces) == 0 {
		return nil
	}
	return o.Traces[0].Events
}

// hostBackend runs an iis.Host in this process on a transport.
type hostBackend struct {
	name      string
	transport func() httpsys.Transport
	faults    fault.Set
}

// ModelBackend is the in-memory model.
func ModelBackend() Backend {
	return &hostBackend{name: "model", transport: func() httpsys.Transport { return httpsys.NewMemTransport() }}
}

// SocketsBackend is the same emulator on real TCP sockets on 127.0.0.1.
func SocketsBackend() Backend {
	return &hostBackend{name: "sockets", transport: func() httpsys.Transport { return httpsys.TCPTransport{} }}
}

func (b *hostBackend) Name() string { return b.name }

func (b *hostBackend) Start(site *iis.Site, sys ...func(model bool) httpsys.Config) (Instance, error) {
	tr := b.transport()
	in := &hostInstance{tr: tr, traces: map[string][]*iis.Trace{}, changed: make(chan struct{})}
	var cfg httpsys.Config
	for _, f := range sys {
		cfg = f(b.name == "model")
	}
	cfg.Track = true
	cfg.ErrorLog = in.logError
	h, err := iis.StartHost(tr, "127.0.0.1:0", site, cfg, fault.With(iis.Options{OnTrace: in.add, RequestLog: in.logRequest}, b.faults))
	if err != nil {
		return nil, err
	}
	in.host = h
	in.client = &wire.Client{
		Dial:  func(ctx context.Context) (net.Conn, error) { return tr.Dial(ctx, h.Addr) },
		Clock: tr.Clock(),
		Settle: func(ctx context.Context, addr string, n int) (bool, error) {
			ev, err := h.Sys.WaitSettled(ctx, addr, n)
			return ev.State != httpsys.StateIdle, err
		},
	}
	return in, nil
}

type hostInstance struct {
	tr     httpsys.Transport
	host   *iis.Host
	client *wire.Client

	mu       sync.Mutex
	traces   map[string][]*iis.Trace // by client address
	errors   []httpsys.ErrorLogEntry
	requests []iis.RequestLogEntry
	changed  chan struct{}
}

// logRequest runs before the request's trace is handed over, so a caller
// that has the traces has the log entries too.
func (in *hostInstance) logRequest(e iis.RequestLogEntry) {
	in.mu.Lock()
	in.requests = append(in.requests, e)
	in.mu.Unlock()
}

func (in *hostInstance) RequestLog(addr string) []iis.RequestLogEntry {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []iis.RequestLogEntry
	for _, e := range in.requests {
		if e.ClientAddr == addr {
			out = append(out, e)
		}
	}
	return out
}

func (in *hostInstance) logError(e httpsys.ErrorLogEntry) {
	in.mu.Lock()
	in.errors = append(in.errors, e)
	in.mu.Unlock()
}

func (in *hostInstance) ErrorLog(addr string) []httpsys.ErrorLogEntry {
	in.mu.Lock()
	defer in.mu.Unlock()
	var out []httpsys.ErrorLogEntry
	for _, e := range in.errors {
		if e.ClientAddr == addr {
			out = append(out, e)
		}
	}
	return out
}

func (in *hostInstance) Fire(ctx context.Context, d time.Duration) error {
	m, ok := in.tr.(*httpsys.MemTransport)
	if !ok {
		return nil
	}
	clock := m.ManualClock()
	if !clock.WaitArmed(clock.Now().Add(d), ctx.Done()) {
		return fmt.Errorf("no timer armed for %v: %w", d, ctx.Err())
	}
	clock.Advance(d)
	return nil
}

func (in *hostInstance) Client() *wire.Client { return in.client }

func (in *hostInstance) add(t *iis.Trace) {
	in.mu.Lock()
	in.traces[t.Remote] = append(in.traces[t.Remote], t)
	close(in.changed)
	in.changed = make(chan struct{})
	in.mu.Unlock()
}

// Traces waits until the connection has settled, then for one trace per
// request HTTP.sys handed to the pipeline on it.
func (in *hostInstance) Traces(ctx context.Context, addr string) ([]*iis.Trace, error) {
	ev, err := in.host.Sys.WaitSettled(ctx, addr, 0)
	if err != nil {
		return nil, fmt.Errorf("connection %s did not settle: %w", addr, err)
	}
	for {
		in.mu.Lock()
		got := in.traces[addr]
		ch := in.changed
		in.mu.Unlock()
		if len(got) >= ev.Received {
			return got, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return got, fmt.Errorf("%d of %d traces after %v", len(got), ev.Received, ctx.Err())
		}
	}
}

func (in *hostInstance) Close() { in.host.Close() }

// exchangeTimeout bounds one exchange; the model never needs it, it only
// turns a hang into a failure.
const exchangeTimeout = 10 * time.Second

// Exchange sends raw on a new connection to in and observes the result:
// what the client saw, the server-side traces and the error log.
func Exchange(ctx context.Context, backend string, in Instance, raw []byte, requests int) (*Observation, error) {
	return exchange(ctx, backend, in, Case{Request: raw, Requests: requests})
}

// exchange is Exchange for c's request, which also lets c's timer expire
// (Timer, FireAfterResponses) and leaves as c's scenario says.
func exchange(ctx context.Context, backend string, in Instance, c Case) (*Observation, error) {
	ctx, cancel := context.WithTimeout(ctx, exchangeTimeout)
	defer cancel()
	conn, err := in.Client().Open(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.Send(c.Request)
	fired := make(chan error, 1)
	if c.Timer != "" && !c.FireAfterResponses {
		go func() { fired <- in.Fire(ctx, httpsys.DefaultTimer) }()
	} else {
		fired <- nil
	}
	res, err := finishOrLeave(ctx, conn, c.requests(), c.leave())
	if err != nil {
		return nil, err
	}
	if err := <-fired; err != nil {
		return nil, err
	}
	if c.FireAfterResponses {
		if err := in.Fire(ctx, httpsys.DefaultTimer); err != nil {
			return nil, err
		}
		res = awaitEnd(ctx, conn, c.requests())
	}
	traces, err := in.Traces(ctx, conn.LocalAddr())
	if err != nil {
		return nil, err
	}
	return &Observation{Backend: backend, Client: res, Traces: traces, ErrorLog: in.ErrorLog(conn.LocalAddr()),
		RequestLog: in.RequestLog(conn.LocalAddr())}, nil
}

// awaitEnd waits for the server to end a connection it has answered (or
// for ctx), and returns all that was observed.
func awaitEnd(ctx context.Context, conn *wire.Conn, requests int) *wire.Result {
	conn.ReadSome(ctx) // its error is the end being waited for
	return conn.Finish(ctx, requests)
}

// finishOrLeave reads the responses to the end, or, with leave set, waits
// for the first bytes and then leaves: "reset" or "close".
func finishOrLeave(ctx context.Context, conn *wire.Conn, requests int, leave string) (*wire.Result, error) {
	if leave == "" {
		return conn.Finish(ctx, requests), nil
	}
	if err := conn.ReadSome(ctx); err != nil {
		return nil, err
	}
	return conn.Leave(leave == "reset"), nil
}
