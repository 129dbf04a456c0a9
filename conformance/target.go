package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/fixtures/protocol"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// targetQuiet is how long a target's connection must stay silent, after
// the expected responses, to count as left open: an external server gives
// no settle signal.
const targetQuiet = 200 * time.Millisecond

// targetBackend is an external server that speaks the scripted-module
// protocol (fixtures/PROTOCOL.md). It runs the scenario and sample cases
// that need no HTTP.sys settings of their own, and timers only when it can
// wait for them; the rest are not generated for it (see notForTarget).
type targetBackend struct {
	url   string
	addr  string
	runID string // this run's prefix for request IDs
	seq   atomic.Int64

	probe    sync.Once
	noTraces string // why the target serves no traces; "" when it does
	noLogs   string // the same for the logs
}

// TargetBackend parses a target URL (http://host:port) into a backend.
func TargetBackend(raw string) (Backend, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("target %q: %v", raw, err)
	}
	if u.Scheme != "http" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return nil, fmt.Errorf("target %q: want http://HOST:PORT", raw)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "80")
	}
	return &targetBackend{url: raw, addr: host, runID: fmt.Sprintf("r%d", time.Now().UnixNano())}, nil
}

func (t *targetBackend) Name() string { return "target" }

// Start refuses: a target is already running, and serves scenarios only.
func (t *targetBackend) Start(*iis.Site, ...func(bool) httpsys.Config) (Instance, error) {
	return nil, errors.New("an external target cannot be given a site; it runs scenario cases only")
}

// maxScenarioHeader bounds the encoded scenario: HTTP.sys's default
// MaxFieldLength is 16,384 bytes for the whole header line.
const maxScenarioHeader = 12 << 10

// notForTarget says why c cannot run on an external target, or "" when it
// can: a scenario small enough to carry, or a request for the
// documentation samples, that needs no HTTP.sys settings of its own and
// lets no timer expire that the target's declared settings do not make
// short.
func notForTarget(c Case) string {
	switch {
	case c.Scenario == nil && !c.Sample:
		return whyOwnSite
	case c.Timer != "" && timerOnTarget(c.Timer) != "":
		return timerOnTarget(c.Timer)
	case c.Scenario != nil:
		enc, err := protocol.EncodeScenarioHeader(c.Scenario)
		if err != nil || len(enc) > maxScenarioHeader {
			return "their scenario is too large to carry in a request header"
		}
	}
	return ""
}

// Reasons shared by notForTarget and the specs that build their own sites.
const (
	whyOwnSite  = "they serve a site of their own, built in Go, and watch it from inside the server process"
	whySettings = "they need HTTP.sys settings other than the defaults"
)

// maxTargetTimer bounds the timers a target run waits out.
const maxTargetTimer = 5 * time.Second

// targetSettings are the HTTP.sys settings the target declares it runs
// with (nil: undeclared).
var targetSettings *httpsys.Config

// SetTargetSettings declares the target's HTTP.sys settings, from the
// configuration file it was started with; call it before RunSpecs. Its
// timers decide whether the timer specs can wait for the target.
func SetTargetSettings(cfg httpsys.Config) { targetSettings = &cfg }

// timerOnTarget says why a case that lets timer which expire cannot run
// on the target, or "" when the declared timer is short enough to wait.
func timerOnTarget(which string) string {
	if targetSettings == nil {
		return "they let an HTTP.sys timer expire: give --target-config with the target's timers (5 s or less) to run them"
	}
	d := *targetSettings.Timeouts.Timer(which)
	if d == 0 {
		d = httpsys.DefaultTimer // not given: the default
	}
	if d > maxTargetTimer {
		return fmt.Sprintf("they let an HTTP.sys timer expire, and the target's %s is %v, over the %v a run waits", which, d, maxTargetTimer)
	}
	return ""
}

// notOnTarget counts, by reason, the specs not generated for a target.
var notOnTarget = map[string]int{}

// skipTarget notes one spec not generated for a target, and why.
func skipTarget(why string) { notOnTarget[why]++ }

// NotOnTarget is how many specs an external target could not be given,
// by reason.
func NotOnTarget() map[string]int { return notOnTarget }

// skipTargetSpecs notes the n specs a block declares only for the
// in-process backends, when a target is active.
func skipTargetSpecs(n int, why string) {
	for _, b := range Backends() {
		if isTarget(b) {
			notOnTarget[why] += n
		}
	}
}

// RerunFlags are the flags, besides --label-filter, that a rerun command
// must repeat: the target and the files that shape its run. The command
// sets them.
var RerunFlags string

// rerunTarget is what a rerun command repeats of this run's flags.
func rerunTarget() string { return RerunFlags }

// isTarget says whether b is an external target.
func isTarget(b Backend) bool { _, ok := b.(*targetBackend); return ok }

// hostBackends are the active backends that run in this process; specs
// that build their own sites use them.
func hostBackends() []Backend {
	var out []Backend
	for _, b := range Backends() {
		if !isTarget(b) {
			out = append(out, b)
		}
	}
	return out
}

func (t *targetBackend) client() *wire.Client {
	return &wire.Client{Quiet: targetQuiet, Dial: func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", t.addr)
	}}
}

// run sends c's request to the target, each request for its scenario or
// sample tagged with a request ID (and the scenario), then fetches the
// traces when the target serves them.
func (t *targetBackend) run(ctx context.Context, c Case) (*Observation, error) {
	ctx, cancel := context.WithTimeout(ctx, exchangeTimeout)
	defer cancel()
	var raw []byte
	var ids []string
	if c.Scenario != nil {
		var err error
		if raw, ids, err = t.tagged(c.Scenario, c.Request); err != nil {
			return nil, err
		}
	} else {
		raw, ids = tagRequests(c.Request, "/samples/", "", t.nextBase())
	}
	t.endpoints(ctx)
	conn, err := t.client().Open(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.Send(raw)
	res, err := finishOrLeave(ctx, conn, c.requests(), c.leave())
	if err != nil {
		return nil, err
	}
	if c.FireAfterResponses { // the target's own timer: wait for it
		res = awaitEnd(ctx, conn, c.requests())
	}
	client := conn.LocalAddr()
	conn.Close() // the logs are complete once the server has ended the connection
	o := &Observation{Backend: t.Name(), Client: res, Unobserved: map[string]string{}}
	if t.noTraces != "" {
		o.Unobserved[SeenTrace] = t.noTraces
	} else if o.Traces, err = t.traces(ctx, ids); err != nil {
		return nil, err
	}
	if t.noLogs != "" {
		o.Unobserved[SeenErrorLog], o.Unobserved[SeenRequestLog] = t.noLogs, t.noLogs
	} else if o.ErrorLog, o.RequestLog, err = t.logs(ctx, client); err != nil {
		return nil, err
	}
	return o, nil
}

// nextBase is a fresh prefix for the request IDs of one case.
func (t *targetBackend) nextBase() string { return fmt.Sprintf("%s-%d", t.runID, t.seq.Add(1)) }

// tagged is raw with sc and a request ID added to each request for sc's
// path, and the IDs.
func (t *targetBackend) tagged(sc *fixtures.Scenario, raw []byte) ([]byte, []string, error) {
	enc, err := protocol.EncodeScenarioHeader(sc)
	if err != nil {
		return nil, nil, err
	}
	raw, ids := tagRequests(raw, sc.Path(), enc, t.nextBase())
	return raw, ids, nil
}

// endpoints asks, once per run, which endpoints the target serves.
func (t *targetBackend) endpoints(ctx context.Context) {
	t.probe.Do(func() {
		t.noTraces = t.probeIndex(ctx, protocol.TracePath)
		t.noLogs = t.probeIndex(ctx, protocol.LogPath)
	})
}

// traces fetches the traces of the requests tagged ids. Requests run in
// order, so the first without a trace ends the list.
func (t *targetBackend) traces(ctx context.Context, ids []string) ([]*iis.Trace, error) {
	var out []*iis.Trace
	for _, id := range ids {
		tr, err := t.trace(ctx, id)
		if err != nil {
			return nil, err
		}
		if tr == nil {
			break
		}
		out = append(out, tr)
	}
	return out, nil
}

// probeIndex asks for an endpoint's index, which answers 200 with a JSON
// object naming the protocol version (PROTOCOL.md). It returns "" when the
// endpoint is there, else why it is taken to be missing.
func (t *targetBackend) probeIndex(ctx context.Context, path string) string {
	var index struct {
		Protocol int `json:"protocol"`
	}
	found, err := t.get(ctx, path, &index)
	switch {
	case err != nil:
		return fmt.Sprintf("the target does not serve %s (%v)", path, err)
	case !found:
		return "the target does not serve " + path + " (its index answered 404)"
	case index.Protocol != protocol.Version:
		return fmt.Sprintf("the target's %s speaks protocol %d, not %d", path, index.Protocol, protocol.Version)
	}
	return ""
}

// busyRetries bounds the retries of an endpoint request HTTP.sys refused
// with 503 (a target at its MaxConnections that has not yet seen the
// client's last connections close), busyPause apart.
const (
	busyRetries = 40
	busyPause   = 50 * time.Millisecond
)

// pause waits d on the wall clock (a target's), or until ctx ends.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// get fetches one endpoint document into v; found is false on 404.
func (t *targetBackend) get(ctx context.Context, path string, v any) (found bool, err error) {
	var final []wire.Response
	for try := 0; ; try++ {
		res, err := t.client().Do(ctx, []byte("GET "+path+" HTTP/1.1\r\nHost: iisemu\r\nConnection: close\r\n\r\n"), 1)
		if err != nil {
			return false, fmt.Errorf("GET %s: %w", path, err)
		}
		final = res.Final()
		if len(final) != 1 || !final[0].Complete() {
			return false, fmt.Errorf("GET %s: no complete answer", path)
		}
		if final[0].StatusCode != 503 || try == busyRetries {
			break
		}
		if err := pause(ctx, busyPause); err != nil {
			return false, fmt.Errorf("GET %s: %w", path, err)
		}
	}
	switch final[0].StatusCode {
	case 404:
		return false, nil
	case 200:
	default:
		return false, fmt.Errorf("GET %s: status %d", path, final[0].StatusCode)
	}
	if err := json.Unmarshal(final[0].Body, v); err != nil {
		return false, fmt.Errorf("GET %s: %v", path, err)
	}
	return true, nil
}

// logs fetches what the target's logs say about the connection from
// client.
func (t *targetBackend) logs(ctx context.Context, client string) ([]httpsys.ErrorLogEntry, []iis.RequestLogEntry, error) {
	ip, port, err := net.SplitHostPort(client)
	if err != nil {
		return nil, nil, err
	}
	var doc protocol.ClientLogs
	found, err := t.get(ctx, protocol.LogPath+ip+"/"+port, &doc)
	if err == nil && !found {
		err = fmt.Errorf("GET %s%s/%s: status 404", protocol.LogPath, ip, port)
	}
	return doc.Errors, doc.Requests, err
}

// tagRequests adds the scenario (unless "") and request-ID headers after
// each request line of raw that asks for path or below it; it returns the
// bytes and the IDs used.
func tagRequests(raw []byte, path, scenario, base string) ([]byte, []string) {
	line := regexp.MustCompile(`(?m)^[A-Z]+ ` + regexp.QuoteMeta(path) + `\S* HTTP/1\.[01]\r\n`)
	var ids []string
	out := line.ReplaceAllFunc(raw, func(m []byte) []byte {
		id := fmt.Sprintf("%s-%d", base, len(ids)+1)
		ids = append(ids, id)
		out := append([]byte(nil), m...)
		if scenario != "" {
			out = fmt.Appendf(out, "%s: %s\r\n", protocol.ScenarioHeader, scenario)
		}
		return fmt.Appendf(out, "%s: %s\r\n", protocol.RequestIDHeader, id)
	})
	return out, ids
}

// trace fetches one request's trace; nil when the target has none for it.
func (t *targetBackend) trace(ctx context.Context, id string) (*iis.Trace, error) {
	var doc protocol.TraceDocument
	found, err := t.get(ctx, protocol.TracePath+id, &doc)
	if err != nil || !found {
		return nil, err
	}
	return &iis.Trace{RequestID: doc.RequestID, Method: doc.Method, URL: doc.URL, App: doc.App, Tag: doc.Tag,
		Events: doc.Events}, nil
}
