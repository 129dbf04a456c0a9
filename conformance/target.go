package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
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
// wait for them (see decide). A wire-only one runs no scenario: it is sent
// the plain requests alone.
type targetBackend struct {
	url      string
	addr     string // HOST:PORT, to dial
	opts     TargetOptions
	runID    string // this run's prefix for request IDs
	seq      atomic.Int64
	health   health
	probe    sync.Once
	noTraces string // why the target serves no traces; "" when it does
	noLogs   string // the same for the logs
}

// TargetOptions are how a target is run against.
type TargetOptions struct {
	// Settings, if not nil, are the HTTP.sys settings the target declares
	// it runs with (the configuration file it was started with): its
	// timers and MaxConnections decide whether the specs that need them
	// run.
	Settings *httpsys.Config
	// Host is the Host header every request carries (HOST:PORT as a
	// client writes it); "" is the target URL's HOST:PORT.
	Host string
	// WireOnly: the target runs no scenario and serves no endpoint; only
	// the specs whose requests need no scripted module run
	// (Needs.PlainRequest), each request asking for Path.
	WireOnly bool
	// Path is the path a wire-only target's requests ask for; "" is "/".
	Path string
	// Timeout bounds one exchange with the target, from the first byte sent
	// to the last record fetched; a target that has not answered by then
	// is judged on what it sent. 0 is the suite's 10 seconds.
	Timeout time.Duration
}

// TargetBackend parses a target URL (http://HOST:PORT, the port required)
// into a backend run with opts.
func TargetBackend(raw string, opts TargetOptions) (Backend, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("target %q is not a URL: want http://HOST:PORT", raw)
	}
	switch {
	case u.Scheme != "http":
		return nil, fmt.Errorf("target %q: want http://HOST:PORT (only http)", raw)
	case u.Hostname() == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("target %q: want http://HOST:PORT", raw)
	case u.Port() == "":
		return nil, fmt.Errorf("target %q has no port: want http://HOST:PORT", raw)
	}
	if p, err := strconv.Atoi(u.Port()); err != nil || p < 1 || p > 65535 {
		return nil, fmt.Errorf("target %q: port %s is not in 1-65535", raw, u.Port())
	}
	if opts.Host == "" {
		opts.Host = u.Host
	}
	if opts.Path == "" {
		opts.Path = "/"
	}
	if !strings.HasPrefix(opts.Path, "/") || strings.ContainsAny(opts.Path, " \t\r\n") {
		return nil, fmt.Errorf("path %q: want an absolute path, such as /, with no space", opts.Path)
	}
	if strings.ContainsAny(opts.Host, " \t\r\n") || opts.Host == "" {
		return nil, fmt.Errorf("host %q: want a host name, with a port or without, and no space", opts.Host)
	}
	return &targetBackend{url: raw, addr: u.Host, opts: opts, runID: fmt.Sprintf("r%d", time.Now().UnixNano())}, nil
}

// Info: a target runs scenarios and samples and is taken to serve traces
// and logs until Discover finds otherwise; a wire-only one does none of
// these.
func (t *targetBackend) Info() BackendInfo {
	if t.opts.WireOnly {
		return BackendInfo{Name: "target", Description: "an external server at " + t.url + ", sent plain requests for " + t.opts.Path,
			Capabilities: capabilities(), Settings: t.opts.Settings, PlainOnly: true}
	}
	return BackendInfo{Name: "target", Description: "an external server at " + t.url + " speaking the scripted-module protocol",
		Capabilities: capabilities(RunsScenarios, RunsSamples, ServesTraces, ServesLogs), Settings: t.opts.Settings}
}

// Client dials the target, watching its health (see health.dial); a
// connection silent for targetQuiet after the expected responses counts
// as left open.
func (t *targetBackend) Client() *wire.Client {
	return &wire.Client{Quiet: targetQuiet, Dial: func(ctx context.Context) (net.Conn, error) {
		return t.health.dial(ctx, t.addr)
	}}
}

// RunCase sends c's request to the target, each request for its scenario
// or sample tagged with a request ID (and the scenario), then fetches the
// traces and logs when the target serves them.
func (t *targetBackend) RunCase(ctx context.Context, c Case) (*Observation, error) {
	timeout := t.opts.Timeout
	if timeout <= 0 {
		timeout = exchangeTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if t.opts.WireOnly {
		return t.runPlain(ctx, c)
	}
	var raw []byte
	var ids []string
	if c.Scenario != nil {
		var err error
		if raw, ids, err = t.tag(c.Scenario, c.Request); err != nil {
			return nil, err
		}
	} else {
		raw, ids = tagRequests(c.Request, "/samples/", "", t.nextBase())
		raw = withHost(raw, t.opts.Host)
	}
	lacks := t.Discover(ctx)
	conn, err := t.Client().Open(ctx)
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
	// What the client saw is judged whatever the records: a record that
	// cannot be had is one the server checks lack.
	o := &Observation{Backend: "target", Client: res, lacks: maps.Clone(lacks)}
	if _, ok := lacks[ServesTraces]; !ok {
		if o.Traces, err = t.traces(ctx, ids); err != nil {
			o.lacks[ServesTraces] = "fetching the trace failed: " + err.Error()
		}
	}
	if _, ok := lacks[ServesLogs]; !ok {
		if o.ErrorLog, o.RequestLog, err = t.logs(ctx, client); err != nil {
			o.lacks[ServesLogs] = "fetching the logs failed: " + err.Error()
		}
	}
	return o, nil
}

// ClientLogs observes what the target logged about the connection from
// clientAddr.
func (t *targetBackend) ClientLogs(ctx context.Context, clientAddr string) (*Observation, error) {
	o := &Observation{Backend: "target", lacks: t.Discover(ctx)}
	if _, ok := o.lacks[ServesLogs]; ok {
		return o, nil
	}
	var err error
	o.ErrorLog, o.RequestLog, err = t.logs(ctx, clientAddr)
	return o, err
}

// AnswersWithin checks that a target still answers as the protocol says:
// it runs the hello scenario within the target's exchange timeout, but
// waits at least atLeast (a short --timeout is meant for exchanges a
// target leaves unfinished, and a loaded machine can make a live target
// slower than that to answer), and returns nil when it is answered as
// Preflight requires (its trace is not fetched), else what was wrong. A
// scenario can leave a server answering nothing more; after one, every
// other exchange would fail for that alone. A backend that is not a
// target answers.
func AnswersWithin(ctx context.Context, b Backend, atLeast time.Duration) error {
	t, ok := b.(*targetBackend)
	if !ok || t.opts.WireOnly {
		return nil
	}
	timeout := t.opts.Timeout
	if timeout <= 0 {
		timeout = exchangeTimeout
	}
	timeout = max(timeout, atLeast)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	raw, _, err := t.tag(hello, []byte("GET "+hello.Path()+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
	if err != nil {
		return err
	}
	res, err := t.Client().Do(ctx, raw, 1)
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("no answer to the hello scenario within %v", timeout)
	case err != nil:
		return fmt.Errorf("the hello scenario: %s", dialCause(err))
	}
	final := res.Final()
	switch {
	case len(final) == 0 || !final[0].Complete():
		return fmt.Errorf("no complete answer to the hello scenario within %v (%d bytes, then the connection ended %v)", timeout, len(res.Received), res.Close)
	case final[0].StatusCode != 200 || string(final[0].Body) != fixtures.HandlerBody:
		return fmt.Errorf("the hello scenario answered with %s", describeAnswer(final[0]))
	}
	return nil
}

// nextBase is a fresh prefix for the request IDs of one case.
func (t *targetBackend) nextBase() string { return fmt.Sprintf("%s-%d", t.runID, t.seq.Add(1)) }

// Tag is raw with sc and a request ID added to each request for sc's path.
func (t *targetBackend) Tag(sc *fixtures.Scenario, raw []byte) ([]byte, error) {
	raw, _, err := t.tag(sc, raw)
	return raw, err
}

// tag is Tag that also returns the request IDs.
func (t *targetBackend) tag(sc *fixtures.Scenario, raw []byte) ([]byte, []string, error) {
	enc, err := protocol.EncodeScenarioHeader(sc)
	if err != nil {
		return nil, nil, err
	}
	raw, ids := tagRequests(raw, sc.Path(), enc, t.nextBase())
	return withHost(raw, t.opts.Host), ids, nil
}

// Discover asks, once per run, which endpoints the target serves: one it
// lacks withdraws ServesTraces or ServesLogs, with why.
func (t *targetBackend) Discover(ctx context.Context) map[Capability]string {
	if t.opts.WireOnly {
		return map[Capability]string{ServesTraces: "--wire-only: the target is taken to serve no traces",
			ServesLogs: "--wire-only: the target is taken to serve no logs"}
	}
	t.probe.Do(func() {
		t.noTraces = t.probeIndex(ctx, protocol.TracePath)
		t.noLogs = t.probeIndex(ctx, protocol.LogPath)
	})
	lacks := map[Capability]string{}
	if t.noTraces != "" {
		lacks[ServesTraces] = t.noTraces
	}
	if t.noLogs != "" {
		lacks[ServesLogs] = t.noLogs
	}
	return lacks
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
		res, err := t.Client().Do(ctx, []byte("GET "+path+" HTTP/1.1\r\nHost: "+t.opts.Host+"\r\nConnection: close\r\n\r\n"), 1)
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
// each request line of raw that asks for path or below it, in origin or
// absolute form (http://host/path); it returns the bytes and the IDs used.
// It walks the requests as a server frames them (cutHead, bodyLength), so
// a request that follows a body without a line end is tagged, and a body
// that looks like a request is not; after the first body whose framing it
// cannot tell (see withHost), it finds requests by their line.
func tagRequests(raw []byte, path, scenario, base string) ([]byte, []string) {
	const target = `[A-Z]+ (?:[hH][tT][tT][pP][sS]?://[^/\s]*)?`
	line := regexp.MustCompile(`^(?:\r?\n)*` + target + regexp.QuoteMeta(path) + `\S* HTTP/1\.[01]\r\n`)
	var ids []string
	tag := func(m []byte) []byte {
		id := fmt.Sprintf("%s-%d", base, len(ids)+1)
		ids = append(ids, id)
		out := append([]byte(nil), m...)
		if scenario != "" {
			out = fmt.Appendf(out, "%s: %s\r\n", protocol.ScenarioHeader, scenario)
		}
		return fmt.Appendf(out, "%s: %s\r\n", protocol.RequestIDHeader, id)
	}
	out, rest := eachHead(raw, func(head []byte) []byte {
		if m := line.Find(head); m != nil {
			return append(tag(m), head[len(m):]...)
		}
		return head
	})
	lines := regexp.MustCompile(`(?m)^` + target + regexp.QuoteMeta(path) + `\S* HTTP/1\.[01]\r\n`)
	return append(out, lines.ReplaceAllFunc(rest, tag)...), ids
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

var (
	_ CaseRunner     = (*targetBackend)(nil)
	_ ScenarioServer = (*targetBackend)(nil)
	_ Discoverer     = (*targetBackend)(nil)
)
