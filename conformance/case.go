package conformance

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/iisemu/iisemu/fixtures"
	"github.com/iisemu/iisemu/httpsys"
	"github.com/iisemu/iisemu/iis"
)

// Case is what a spec runs: a site and the raw request sent to it.
type Case struct {
	// ID names the case; one agreement spec is made per ID.
	ID       string
	Site     func() (*iis.Site, error)
	Request  []byte
	Requests int
	// Timer, when set, names the HTTP.sys timer (HeaderWait,
	// IdleConnection, EntityBody) that expires once the request is sent:
	// the server gets onlyTimer's settings, and an instance on its own
	// clock moves it on (TimerFirer). A target runs the case when its
	// declared timer is short enough to wait for (see decide).
	Timer string
	// FireAfterResponses lets the timer expire once the responses are in,
	// instead, and then waits for the server to end the connection.
	FireAfterResponses bool
	// Scenario is the data the case was built from, if any; its file form
	// is kept in fixtures/scenarios (see ScenarioFiles).
	Scenario *fixtures.Scenario
	// Sample says the case asks for the sample site's documentation
	// samples (/samples/...), which a target may host too.
	Sample bool
	// Template is Request as written, with {path} standing for the path
	// it asks for; "" when Request names its paths itself. A target run
	// with --wire-only puts its own path there.
	Template string
	// PlainRequest: the case's requests need no scripted module, so a
	// target that runs none (--wire-only) is sent them alone, for its own
	// path (see Needs.PlainRequest).
	PlainRequest bool
}

// ScenarioCase runs a fixtures.Scenario.
func ScenarioCase(sc *fixtures.Scenario) Case {
	return Case{ID: "scenario " + sc.ID, Site: func() (*iis.Site, error) { return fixtures.ScenarioSite(sc) },
		Request: sc.RawRequest(), Requests: sc.RequestCount(), Scenario: sc}
}

// hello is the scenario of the specs about HTTP.sys itself: no module,
// and a handler that answers with a line of text.
var hello = &fixtures.Scenario{ID: "hello", HandlerBody: fixtures.HandlerBody}

// HelloCase sends raw (requests of them), where {path} stands for the
// hello scenario's path, to that scenario.
func HelloCase(id, raw string, requests int) Case { return rawCase(hello, id, raw, requests) }

// rawCase sends raw (requests of them), where {path} stands for sc's
// path, to scenario sc instead of sc's own request.
func rawCase(sc *fixtures.Scenario, id, raw string, requests int) Case {
	c := ScenarioCase(sc)
	c.ID = sc.ID + " " + id
	c.Request = []byte(strings.ReplaceAll(raw, "{path}", sc.Path()))
	c.Template = raw
	c.Requests = requests
	return c
}

// SysCase is HelloCase for a spec about HTTP.sys itself: its requests
// need no scripted module (Needs.PlainRequest), and its checks rest on
// what HTTP.sys decides (status, framing, close kind, error-log reasons),
// never on the handler's body, so that a server that runs no scenarios
// can be sent them at a path of its own.
func SysCase(id, raw string, requests int) Case {
	c := HelloCase(id, raw, requests)
	c.PlainRequest = true
	return c
}

// SampleCase sends raw (requests of them) to the sample site.
func SampleCase(id, raw string, requests int) Case {
	return Case{ID: "sample " + id, Site: func() (*iis.Site, error) { return fixtures.SampleSite(), nil },
		Request: []byte(raw), Requests: requests, Sample: true}
}

// Needs is what running c requires of a backend, for a spec checking ids.
func (c Case) Needs(ids []string) Needs {
	n := Needs{Behaviours: ids, Site: c.Scenario == nil && !c.Sample, Scenario: c.Scenario, Samples: c.Sample, Timer: c.Timer,
		PlainRequest: c.PlainRequest}
	if c.Sample {
		n.SampleName = c.sampleName()
	}
	return n
}

// samplePath finds the sample a request asks for.
var samplePath = regexp.MustCompile(`/samples/([a-z0-9-]+)`)

// sampleName is the name of the sample c's request asks for ("" when
// none): a gap or an expectation names samples so.
func (c Case) sampleName() string {
	if m := samplePath.FindSubmatch(c.Request); m != nil {
		return string(m[1])
	}
	return ""
}

// Run serves the case on b and observes one exchange: a backend that runs
// cases itself (CaseRunner) is handed it, one that hosts sites (SiteHost)
// is given the case's site.
func (c Case) Run(ctx context.Context, b Backend) (*Observation, error) {
	if r, ok := b.(CaseRunner); ok {
		return r.RunCase(ctx, c)
	}
	h, ok := b.(SiteHost)
	if !ok {
		return nil, fmt.Errorf("%s can neither run a case nor host its site", b.Info().Name)
	}
	site, err := c.Site()
	if err != nil {
		return nil, err
	}
	var sys []func(bool) httpsys.Config
	if c.Timer != "" {
		sys = append(sys, onlyTimer(c.Timer))
	}
	in, err := h.Start(site, sys...)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return exchange(ctx, b.Info().Name, in, c)
}

// requests is how many responses the case waits for.
func (c Case) requests() int { return max(c.Requests, 1) }

// leave is how the client leaves early, if it does (fixtures.Scenario).
func (c Case) leave() string {
	if c.Scenario == nil {
		return ""
	}
	return c.Scenario.Leave
}
