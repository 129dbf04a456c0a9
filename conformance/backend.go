package conformance

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
	"github.com/iisemu/iisemu/internal/fault"
)

// hostBackend runs an iis.Host in this process on a transport: the model
// (in memory, on its own clock) or real sockets.
type hostBackend struct {
	info      BackendInfo
	transport func() httpsys.Transport
	faults    fault.Set
}

// ModelBackend is the in-memory model.
func ModelBackend() Backend { return modelBackend(fault.Set{}) }

// FaultyModelBackend is the model with deliberate errors switched on:
// for the suite's self-check and the explorer's planted divergence.
func FaultyModelBackend(faults fault.Set) Backend { return modelBackend(faults) }

// modelBackend is the model with faults, for the suite's self-check.
func modelBackend(faults fault.Set) *hostBackend {
	return &hostBackend{info: BackendInfo{Name: "model", Description: "the emulator on in-memory connections, with its own clock",
		Capabilities: capabilities(HostsSite, OwnSettings, OwnClock, RunsScenarios, RunsSamples, ServesTraces, ServesLogs)},
		transport: func() httpsys.Transport { return httpsys.NewMemTransport() }, faults: faults}
}

// SocketsBackend is the same emulator on real TCP sockets on 127.0.0.1.
func SocketsBackend() Backend {
	return &hostBackend{info: BackendInfo{Name: "sockets", Description: "the emulator on real TCP sockets on 127.0.0.1",
		Capabilities: capabilities(HostsSite, OwnSettings, RunsScenarios, RunsSamples, ServesTraces, ServesLogs)},
		transport: func() httpsys.Transport { return httpsys.TCPTransport{} }}
}

func (b *hostBackend) Info() BackendInfo { return b.info }

// Start serves site; on the model, the instance fires its timers on the
// transport's manual clock (TimerFirer).
func (b *hostBackend) Start(site *iis.Site, sys ...func(model bool) httpsys.Config) (Instance, error) {
	return b.StartDecided(site, nil, sys...)
}

// StartDecided is Start with other answers to what the documentation leaves
// open (nil: iis.DefaultDecisions), for the specs of a decision's other
// reading.
func (b *hostBackend) StartDecided(site *iis.Site, d *iis.Decisions, sys ...func(model bool) httpsys.Config) (Instance, error) {
	tr := b.transport()
	in := &hostInstance{traces: map[string][]*iis.Trace{}, changed: make(chan struct{})}
	var cfg httpsys.Config
	for _, f := range sys {
		cfg = f(b.info.Has(OwnClock))
	}
	cfg.Track = true
	cfg.ErrorLog = in.logError
	h, err := iis.StartHost(tr, "127.0.0.1:0", site, cfg, fault.With(iis.Options{Decisions: d, OnTrace: in.add, RequestLog: in.logRequest}, b.faults))
	if err != nil {
		return nil, err
	}
	in.host = h
	in.client = &wire.Client{
		Dial:   func(ctx context.Context) (net.Conn, error) { return tr.Dial(ctx, h.Addr) },
		Clock:  tr.Clock(),
		Settle: wire.ServerSettler(h.Sys),
	}
	if m, ok := tr.(*httpsys.MemTransport); ok {
		return &clockedInstance{hostInstance: in, clock: m.ManualClock()}, nil
	}
	return in, nil
}

type hostInstance struct {
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

// clockedInstance is a host on the model's manual clock.
type clockedInstance struct {
	*hostInstance
	clock *httpsys.ManualClock
}

// Fire advances the clock by d once a timer is armed for then.
func (in *clockedInstance) Fire(ctx context.Context, d time.Duration) error {
	if !in.clock.WaitArmed(in.clock.Now().Add(d), ctx.Done()) {
		return fmt.Errorf("no timer armed for %v: %w", d, ctx.Err())
	}
	in.clock.Advance(d)
	return nil
}

// Pass moves the clock by d, once a timer is armed for armed from now
// when armed is not zero.
func (in *clockedInstance) Pass(ctx context.Context, armed, d time.Duration) error {
	if armed != 0 && !in.clock.WaitArmed(in.clock.Now().Add(armed), ctx.Done()) {
		return fmt.Errorf("no timer armed for %v: %w", armed, ctx.Err())
	}
	in.clock.Advance(d)
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

var (
	_ SiteHost   = (*hostBackend)(nil)
	_ Instance   = (*hostInstance)(nil)
	_ TimerFirer = (*clockedInstance)(nil)
)
