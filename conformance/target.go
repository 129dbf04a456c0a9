package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/httpsys/wire"
	"github.com/iisemu/iisemu/iis"
)

// targetQuiet is how long a target's connection must stay silent, after
// the expected responses, to count as left open: an external server gives
// no settle signal.
const targetQuiet = 200 * time.Millisecond

// targetBackend is an external server that speaks the scripted-module
// protocol (fixtures/PROTOCOL.md). It runs only scenario cases that need
// no HTTP.sys settings or timers; the rest are not generated for it.
type targetBackend struct {
	url  string
	addr string
	run  string // this run's prefix for request IDs
	seq  atomic.Int64
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
	return &targetBackend{url: raw, addr: host, run: fmt.Sprintf("r%d", time.Now().UnixNano())}, nil
}

func (t *targetBackend) Name() string { return "target" }

// Start refuses: a target is already running, and serves scenarios only.
func (t *targetBackend) Start(*iis.Site, ...func(bool) httpsys.Config) (Instance, error) {
	return nil, errors.New("an external target cannot be given a site; it runs scenario cases only")
}

// maxScenarioHeader bounds the encoded scenario: HTTP.sys's default
// MaxFieldLength is 16,384 bytes for the whole header line.
const maxScenarioHeader = 12 << 10

// onTarget says whether c can run on an external target: a scenario that
// needs no HTTP.sys settings or timers and is small enough to carry.
func onTarget(c Case) bool {
	if c.Scenario == nil || c.Sys != nil || c.Fire != 0 {
		return false
	}
	enc, err := fixtures.EncodeScenarioHeader(c.Scenario)
	return err == nil && len(enc) <= maxScenarioHeader
}

// rerunTarget is the --target argument of a rerun command, if any.
func rerunTarget() string {
	for _, b := range Backends() {
		if t, ok := b.(*targetBackend); ok {
			return " --target " + t.url
		}
	}
	return ""
}

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

// exchange sends the scenario's request with the scenario and a request
// ID per request added after each request line, then fetches the traces.
func (t *targetBackend) exchange(ctx context.Context, sc *fixtures.Scenario) (*Observation, error) {
	ctx, cancel := context.WithTimeout(ctx, exchangeTimeout)
	defer cancel()
	enc, err := fixtures.EncodeScenarioHeader(sc)
	if err != nil {
		return nil, err
	}
	base := fmt.Sprintf("%s-%d", t.run, t.seq.Add(1))
	raw, ids := tagRequests(sc.RawRequest(), sc.Path(), enc, base)
	res, err := t.client().Do(ctx, raw, sc.RequestCount())
	if err != nil {
		return nil, err
	}
	o := &Observation{Backend: t.Name(), Client: res}
	// Requests run in order, so the first without a trace ends the list.
	for _, id := range ids {
		tr, err := t.trace(ctx, id)
		if err != nil {
			return nil, err
		}
		if tr == nil {
			break
		}
		o.Traces = append(o.Traces, tr)
	}
	return o, nil
}

// tagRequests adds the scenario and request-ID headers after each request
// line of raw that asks for path; it returns the bytes and the IDs used.
func tagRequests(raw []byte, path, scenario, base string) ([]byte, []string) {
	line := regexp.MustCompile(`(?m)^[A-Z]+ ` + regexp.QuoteMeta(path) + `\S* HTTP/1\.[01]\r\n`)
	var ids []string
	out := line.ReplaceAllFunc(raw, func(m []byte) []byte {
		id := fmt.Sprintf("%s-%d", base, len(ids)+1)
		ids = append(ids, id)
		return append(append([]byte(nil), m...), fmt.Sprintf("%s: %s\r\n%s: %s\r\n", fixtures.ScenarioHeader, scenario, fixtures.RequestIDHeader, id)...)
	})
	return out, ids
}

// trace fetches one request's trace; nil when the target has none for it.
func (t *targetBackend) trace(ctx context.Context, id string) (*iis.Trace, error) {
	res, err := t.client().Do(ctx, []byte("GET "+fixtures.TracePath+id+" HTTP/1.1\r\nHost: iisemu\r\nConnection: close\r\n\r\n"), 1)
	if err != nil {
		return nil, fmt.Errorf("trace %s: %w", id, err)
	}
	final := res.Final()
	if len(final) != 1 || !final[0].Complete() {
		return nil, fmt.Errorf("trace %s: no complete answer from %s%s", id, fixtures.TracePath, id)
	}
	switch final[0].StatusCode {
	case 404:
		return nil, nil
	case 200:
	default:
		return nil, fmt.Errorf("trace %s: status %d", id, final[0].StatusCode)
	}
	var doc struct {
		RequestID uint64      `json:"requestId"`
		Method    string      `json:"method"`
		URL       string      `json:"url"`
		App       string      `json:"app"`
		Tag       string      `json:"tag"`
		Events    []iis.Event `json:"events"`
	}
	if err := json.Unmarshal(final[0].Body, &doc); err != nil {
		return nil, fmt.Errorf("trace %s: %v", id, err)
	}
	return &iis.Trace{RequestID: doc.RequestID, Method: doc.Method, URL: doc.URL, App: doc.App, Tag: doc.Tag,
		Events: doc.Events}, nil
}
